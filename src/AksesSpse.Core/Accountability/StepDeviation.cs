using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;

namespace AksesSpse.Core.Accountability;

/// <summary>What kind of deviation from the SOP's mutu baku a record is (docs/adr/0025).</summary>
public enum DeviationKind
{
    /// <summary>The step was completed after its time standard.</summary>
    Time = 1,

    /// <summary>The step passed although its kelengkapan was not met (an item left unticked, "valid" against a failed register check).</summary>
    Completeness = 2,

    /// <summary>The step's output did not come about (its receipt, result or credential mail could not be delivered).</summary>
    Output = 3,
}

/// <summary>Where the supervisor's review of a deviation stands.</summary>
public enum DeviationReview
{
    Pending = 0,
    Accepted = 1,
    NotAccepted = 2,
}

/// <summary>
/// One deviation from the mutu baku, with the performer who answers for it: the explanation they gave (with the step, or
/// afterwards), and the supervisor's review. At most one record per step and kind.
/// </summary>
public sealed class StepDeviation : Common.IVersioned
{
    public long Id { get; set; }
    public int OfficeId { get; set; }
    public int AccessRequestId { get; set; }
    public AccessRequest? Request { get; set; }
    public long RequestStepId { get; set; }
    public RequestStep? Step { get; set; }
    public SopKind SopKind { get; set; }
    public int StepNumber { get; set; }
    public DeviationKind Kind { get; set; }

    /// <summary>The role the SOP gives the step (who answers for it when nobody signed in performed it, e.g. a member's link).</summary>
    public string ActorRole { get; set; } = "";
    public string? PerformerUserId { get; set; }
    public string PerformerName { get; set; } = "";

    /// <summary>When the deviation happened: the step's completion, or when its output was found undelivered.</summary>
    public DateTime OccurredAt { get; set; }

    /// <summary>What happened, in words ("Selesai 2 jam 10 menit; standar 15 menit").</summary>
    public string Fact { get; set; } = "";

    /// <summary>The performer's account of it: written with the step, or afterwards on the ledger.</summary>
    public string? Explanation { get; set; }
    public DateTime? ExplainedAt { get; set; }

    public DeviationReview Review { get; set; }
    public string? ReviewerUserId { get; set; }
    public string? ReviewerName { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public string? ReviewNote { get; set; }

    public int Version { get; set; }
}

public static class DeviationLabels
{
    public static string Label(this DeviationKind kind) => kind switch
    {
        DeviationKind.Time => "Waktu",
        DeviationKind.Completeness => "Kelengkapan",
        DeviationKind.Output => "Output",
        _ => kind.ToString(),
    };

    public static string Label(this DeviationReview review) => review switch
    {
        DeviationReview.Pending => "Menunggu telaah",
        DeviationReview.Accepted => "Penjelasan diterima",
        DeviationReview.NotAccepted => "Penjelasan tidak diterima",
        _ => review.ToString(),
    };
}
