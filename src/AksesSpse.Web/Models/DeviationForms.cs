using AksesSpse.Core.Accountability;
using AksesSpse.Web.Infrastructure;
using FluentValidation;

namespace AksesSpse.Web.Models;

/// <summary>The ledger's list (issue #10 §3, docs/adr/0025).</summary>
public sealed class DeviationsPage
{
    public required DeviationList List { get; init; }

    public static string ScopeLabel(DeviationScope scope) => scope switch
    {
        DeviationScope.Mine => "Penyimpangan saya",
        DeviationScope.ToReview => "Perlu ditelaah",
        _ => "Seluruh kantor",
    };

    /// <summary>The query string words of a scope ("saya", "telaah", "kantor").</summary>
    public static string ScopeWord(DeviationScope scope) => scope switch
    {
        DeviationScope.Mine => "saya",
        DeviationScope.ToReview => "telaah",
        _ => "kantor",
    };

    public static DeviationScope? ScopeOf(string? word) => word switch
    {
        "saya" => DeviationScope.Mine,
        "telaah" => DeviationScope.ToReview,
        "kantor" => DeviationScope.Office,
        _ => null,
    };

    public static DeviationKind? KindOf(string? word) => word switch
    {
        "waktu" => DeviationKind.Time,
        "kelengkapan" => DeviationKind.Completeness,
        "output" => DeviationKind.Output,
        _ => null,
    };

    public static string KindWord(DeviationKind kind) => kind.Label().ToLowerInvariant();

    public static DeviationReview? ReviewOf(string? word) => word switch
    {
        "menunggu" => DeviationReview.Pending,
        "diterima" => DeviationReview.Accepted,
        "ditolak" => DeviationReview.NotAccepted,
        _ => null,
    };

    public static string ReviewWord(DeviationReview review) => review switch
    {
        DeviationReview.Pending => "menunggu",
        DeviationReview.Accepted => "diterima",
        _ => "ditolak",
    };

    public string Link(DeviationScope? scope = null, DeviationKind? kind = null, DeviationReview? review = null, int page = 1, bool clearKind = false,
        bool clearReview = false)
    {
        var q = List.Query;
        var parts = new List<string> { "lingkup=" + ScopeWord(scope ?? q.Scope) };
        if (!clearKind && (kind ?? q.Kind) is { } k)
        {
            parts.Add("jenis=" + KindWord(k));
        }

        if (!clearReview && (review ?? q.Review) is { } r)
        {
            parts.Add("telaah=" + ReviewWord(r));
        }

        if (page > 1)
        {
            parts.Add("halaman=" + page);
        }

        return "/Penyimpangan?" + string.Join("&", parts);
    }
}

/// <summary>One record, with the performer's and the reviewer's forms when they may use them.</summary>
public sealed class DeviationDetailPage
{
    public required DeviationDetail Detail { get; init; }
    public DeviationExplainForm Explain { get; init; } = new();
    public DeviationReviewForm Review { get; init; } = new();
}

public sealed class DeviationExplainForm
{
    public int Version { get; set; }
    public string? Explanation { get; set; }
}

public sealed class DeviationExplainFormValidator : AbstractValidator<DeviationExplainForm>
{
    public DeviationExplainFormValidator()
    {
        RuleFor(f => f.Explanation).NotEmpty().WithMessage("Tuliskan penjelasan Anda atas penyimpangan ini.");
        RuleFor(f => f.Explanation).MultiLine("Penjelasan", DeviationLedger.MaxExplanation);
    }
}

public sealed class DeviationReviewForm
{
    public int Version { get; set; }

    /// <summary>"terima" or "tolak".</summary>
    public string? Decision { get; set; }
    public string? Note { get; set; }
}

public sealed class DeviationReviewFormValidator : AbstractValidator<DeviationReviewForm>
{
    public DeviationReviewFormValidator()
    {
        RuleFor(f => f.Decision).Must(d => d is "terima" or "tolak").WithMessage("Pilih: penjelasan diterima atau tidak diterima.");
        RuleFor(f => f.Note).NotEmpty().When(f => f.Decision == "tolak").WithMessage("Tuliskan catatan mengapa penjelasan tidak diterima.");
        RuleFor(f => f.Note).MultiLine("Catatan telaah", DeviationLedger.MaxReviewNote);
    }
}
