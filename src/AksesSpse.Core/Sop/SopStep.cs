namespace AksesSpse.Core.Sop;

/// <summary>The fixed kinds of step that code implements; an SOP arranges them and gives each its standard.</summary>
public enum StepKind
{
    Submit = 1,
    Receive = 2,
    CompletenessCheck = 3,
    RequestCompletion = 4,
    ApplicantCompletion = 5,
    ValidityCheck = 6,
    Approval = 7,
    AccountAction = 8,
    RejectionNotice = 9,
    Notify = 10,
    ConfirmReceipt = 11,
    Archive = 12,
    Instruction = 13,
}

/// <summary>One row of the SOP table: actor, activity, required inputs, time standard, output.</summary>
public sealed class SopStep
{
    public int Id { get; set; }
    public int SopDefinitionId { get; set; }
    public int Number { get; set; }
    public StepKind Kind { get; set; }

    /// <summary>The product role that performs the step (see <see cref="Identity.Roles"/>).</summary>
    public string ActorRole { get; set; } = "";

    /// <summary>The actor as the SOP names it (e.g. "Pokja Pemilihan").</summary>
    public string ActorLabel { get; set; } = "";
    public string Activity { get; set; } = "";
    public string RequiredInputs { get; set; } = "";
    public TimeStandardKind StandardKind { get; set; }
    public int? StandardValue { get; set; }
    public string Output { get; set; } = "";
    public string? Note { get; set; }

    public TimeStandard Standard => new(StandardKind, StandardValue);
}
