using AksesSpse.Core.Sop;

namespace AksesSpse.Core.Requests;

/// <summary>What the applicant asks for.</summary>
public enum RequestType
{
    ResetPassword = 1,
    ChangeUserInformation = 2,
}

/// <summary>Where a request stands. Each status names whose move it is.</summary>
public enum RequestStatus
{
    /// <summary>Submitted; Admin Agency checks completeness.</summary>
    Submitted = 1,

    /// <summary>Back with the applicant to complete the file.</summary>
    ReturnedForCompletion = 2,

    /// <summary>Complete; Admin Agency checks validity against the register.</summary>
    AwaitingValidation = 3,

    /// <summary>Valid; Admin Agency resets the password or changes the information in SPSE.</summary>
    AwaitingExecution = 4,

    /// <summary>Done in SPSE; Admin Agency tells the holder.</summary>
    AwaitingNotification = 5,

    /// <summary>Finished (done or rejected); waiting to be archived.</summary>
    AwaitingArchive = 6,

    /// <summary>Closed as an archive record.</summary>
    Archived = 7,
}

public enum RequestOutcome
{
    Pending = 0,
    Completed = 1,
    Rejected = 2,
}

/// <summary>
/// A request that runs through the steps of the SOP version it started under. State changes happen
/// only through the services, which check the move against the workflow and record the step.
/// </summary>
public sealed class AccessRequest : Common.IVersioned
{
    public int Id { get; set; }
    public string Number { get; set; } = "";
    public int OfficeId { get; set; }
    public int SopDefinitionId { get; set; }
    public SopDefinition? Sop { get; set; }
    public SopKind Kind { get; set; }
    public RequestType Type { get; set; }

    public string ApplicantUserId { get; set; } = "";
    public string ApplicantName { get; set; } = "";
    public string? ApplicantNip { get; set; }
    public string ApplicantEmail { get; set; } = "";

    /// <summary>The SPSE user ID the applicant names, and the register entry it matched (if any).</summary>
    public string SpseUserId { get; set; } = "";
    public int? SpseAccountId { get; set; }

    public string Reason { get; set; } = "";

    /// <summary>Requested new values for a change of user-ID information (null = unchanged).</summary>
    public string? NewHolderName { get; set; }
    public string? NewHolderEmail { get; set; }
    public string? NewAgency { get; set; }
    public string? NewHolderPhone { get; set; }

    public RequestStatus Status { get; set; }
    public RequestOutcome Outcome { get; set; }
    public string? MissingItems { get; set; }
    public string? RejectionReason { get; set; }

    /// <summary>Key of the form that created the request, so a double submission creates nothing twice.</summary>
    public Guid SubmissionKey { get; set; }

    public DateTime SubmittedAt { get; set; }
    public DateTime? ClosedAt { get; set; }

    /// <summary>
    /// Denormalised from the open step, so a queue is one index scan in deadline order (overdue first).
    /// <see cref="CurrentStepDueAt"/> is the open step's deadline, <see cref="NoDeadline"/> when its standard
    /// has no bound, and null once the request is closed.
    /// </summary>
    public DateTime? CurrentStepSince { get; set; }
    public DateTime? CurrentStepDueAt { get; set; }

    /// <summary>The queue deadline of an open step without a time standard: it sorts after every real deadline.</summary>
    public static readonly DateTime NoDeadline = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);
    public string? CurrentActorRole { get; set; }

    /// <summary>Optimistic concurrency token, incremented on every change.</summary>
    public int Version { get; set; }

    public List<RequestStep> Steps { get; set; } = [];
    public List<RequestDocument> Documents { get; set; } = [];

    public RequestStep? OpenStep => Steps.Where(s => s.CompletedAt == null).OrderBy(s => s.ActionableAt).FirstOrDefault();

    public bool HasChanges =>
        NewHolderName != null || NewHolderEmail != null || NewAgency != null || NewHolderPhone != null;

    public IEnumerable<RequestDocument> CurrentDocuments =>
        Documents.GroupBy(d => d.DocumentCode).Select(g => g.OrderByDescending(d => d.UploadedAt).ThenByDescending(d => d.Id).First());
}
