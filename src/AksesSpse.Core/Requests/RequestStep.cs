using AksesSpse.Core.Sop;

namespace AksesSpse.Core.Requests;

/// <summary>
/// One performance of an SOP step for one request: when it became actionable, when and by whom it was
/// done, its standard (copied from the SOP version), the time it took, and the explanation when late.
/// </summary>
public sealed class RequestStep
{
    public long Id { get; set; }
    public int AccessRequestId { get; set; }
    public int SopStepId { get; set; }
    public int StepNumber { get; set; }
    public StepKind Kind { get; set; }
    public string ActorRole { get; set; } = "";
    public string Activity { get; set; } = "";
    public TimeStandardKind StandardKind { get; set; }
    public int? StandardValue { get; set; }

    public DateTime ActionableAt { get; set; }
    public DateTime? DueAt { get; set; }

    /// <summary>When the performer is reminded: 80 % of the standard's working time (docs/adr/0023); null without a bound.</summary>
    public DateTime? RemindAt { get; set; }

    /// <summary>When the reminder went out (claimed once, by one node, docs/adr/0023).</summary>
    public DateTime? RemindedAt { get; set; }

    /// <summary>When the overdue step was escalated to the performer's supervisor (claimed once).</summary>
    public DateTime? EscalatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public string? PerformerUserId { get; set; }
    public string? PerformerName { get; set; }

    /// <summary>Time that counted against the standard, in seconds.</summary>
    public long? ElapsedSeconds { get; set; }
    public bool IsLate { get; set; }
    public string? LateExplanation { get; set; }

    /// <summary>What the step produced, in words (e.g. "Berkas lengkap").</summary>
    public string? Outcome { get; set; }
    public string? Note { get; set; }

    /// <summary>
    /// A decision taken against what a check showed (e.g. "valid" although a register check failed), with the performer's
    /// written reason; shown in the step log and sealed in the archive record.
    /// </summary>
    public string? Deviation { get; set; }

    /// <summary>
    /// A completeness check's ticks, kept so the next check after a resubmission starts from them (see
    /// <see cref="CompletenessTicks"/>): the checklist items that passed and the documents marked missing.
    /// </summary>
    public string? Checklist { get; set; }

    public TimeStandard Standard => new(StandardKind, StandardValue);
    public bool IsOpen => CompletedAt == null;
    public bool IsOverdue(DateTime nowUtc) => IsOpen && DueAt is { } due && nowUtc > due;
}
