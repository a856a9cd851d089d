using System.Globalization;
using AksesSpse.Core.Campaigns;
using AksesSpse.Web.Infrastructure;
using FluentValidation;

namespace AksesSpse.Web.Models;

/// <summary>"Siapkan kampanye": the fiscal year whose draft is made.</summary>
public sealed class PrepareCampaignForm
{
    public int? FiscalYear { get; set; }
}

/// <summary>Excludes one account from the run, with the reason; the list's search and page come back with it.</summary>
public sealed class ExcludeAccountForm
{
    public int? FiscalYear { get; set; }
    public int? AccountId { get; set; }
    public string? Reason { get; set; }
    public string? Search { get; set; }
    public int Page { get; set; } = 1;
}

/// <summary>Undoes an exclusion.</summary>
public sealed class IncludeAccountForm
{
    public int? FiscalYear { get; set; }
    public int? AccountId { get; set; }
    public string? Search { get; set; }
    public int Page { get; set; } = 1;
}

/// <summary>"Nonaktifkan semua": the campaign's version as the page showed it, the checkbox and the typed fiscal year.</summary>
public sealed class RunCampaignForm
{
    public int? FiscalYear { get; set; }
    public int? Version { get; set; }
    public bool Confirmed { get; set; }
    public string? TypedFiscalYear { get; set; }
}

public sealed class PrepareCampaignFormValidator : AbstractValidator<PrepareCampaignForm>
{
    public PrepareCampaignFormValidator()
    {
        RuleFor(f => f.FiscalYear).NotNull().WithMessage("Tahun anggaran wajib diisi.");
    }
}

public sealed class ExcludeAccountFormValidator : AbstractValidator<ExcludeAccountForm>
{
    public ExcludeAccountFormValidator()
    {
        RuleFor(f => f.FiscalYear).NotNull().WithMessage("Tahun anggaran wajib diisi.");
        RuleFor(f => f.AccountId).NotNull().WithMessage("Pilih akun yang akan dikecualikan.");
        RuleFor(f => f.Search).SingleLine("Kata pencarian", 200);
        RuleFor(f => f.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage("Alasan pengecualian wajib diisi.")
            .MultiLine("Alasan pengecualian", PpkCampaignService.MaxReasonLength);
    }
}

public sealed class IncludeAccountFormValidator : AbstractValidator<IncludeAccountForm>
{
    public IncludeAccountFormValidator()
    {
        RuleFor(f => f.FiscalYear).NotNull().WithMessage("Tahun anggaran wajib diisi.");
        RuleFor(f => f.AccountId).NotNull().WithMessage("Pilih akun yang pengecualiannya dibatalkan.");
        RuleFor(f => f.Search).SingleLine("Kata pencarian", 200);
    }
}

public sealed class RunCampaignFormValidator : AbstractValidator<RunCampaignForm>
{
    public RunCampaignFormValidator()
    {
        RuleFor(f => f.FiscalYear).NotNull().WithMessage("Tahun anggaran wajib diisi.");
        When(f => f.FiscalYear is not null, () =>
        {
            RuleFor(f => f.Confirmed).Equal(true)
                .WithMessage("Centang pernyataan bahwa Anda memahami akibat penonaktifan sebelum menjalankan kampanye.");
            RuleFor(f => f.TypedFiscalYear).Must((f, typed) => typed?.Trim() == f.FiscalYear!.Value.ToString(CultureInfo.InvariantCulture))
                .WithMessage(f => $"Ketik tahun anggaran {f.FiscalYear!.Value.ToString(CultureInfo.InvariantCulture)} pada kolom konfirmasi untuk menjalankan kampanye.");
        });
    }
}
