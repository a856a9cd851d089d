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

    /// <summary>Who gets a copy (tembusan) of what this step sends: a comma list of <see cref="SopCopy"/> codes; null for none.</summary>
    public string? CopyTo { get; set; }

    /// <summary>
    /// Where the request goes when this step is done, or answered "Ya" at a decision ("Ya → langkah 5"): a step number
    /// of the same SOP version, or null for the next step in order. A step with no next step closes the request.
    /// </summary>
    public int? NextStepNumber { get; set; }

    /// <summary>Where a decision step's "Tidak" answer goes ("Tidak → langkah 3"); null when the step is not a decision.</summary>
    public int? AlternateStepNumber { get; set; }

    /// <summary>The step's kelengkapan as data: documents that must be on file and items the actor must tick.</summary>
    public List<SopStepRequirement> Requirements { get; set; } = [];

    public TimeStandard Standard => new(StandardKind, StandardValue);

    public bool IsDecision => AlternateStepNumber is not null;
}

public enum RequirementKind
{
    /// <summary>A document that must be on the request's file (by its code) before the step can be completed.</summary>
    Document = 1,

    /// <summary>An item the actor must tick as checked to complete the step.</summary>
    Check = 2,
}

/// <summary>One item of a step's kelengkapan (mutu baku): checked every time that step is completed.</summary>
public sealed class SopStepRequirement
{
    public int Id { get; set; }
    public int SopStepId { get; set; }
    public int Order { get; set; }
    public RequirementKind Kind { get; set; }

    /// <summary>For a document: the <see cref="SopRequiredDocument.Code"/>; for a check: a stable code of the item.</summary>
    public string Code { get; set; } = "";
    public string Label { get; set; } = "";
}
