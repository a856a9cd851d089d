using AksesSpse.Core.Sop;

namespace AksesSpse.Core.Requests;

/// <summary>What the applicant asks for.</summary>
public enum RequestType
{
    ResetPassword = 1,
    ChangeUserInformation = 2,

    /// <summary>SOP 2: deactivate the SPSE access of a PPK, Pokja member or Pejabat Pengadaan.</summary>
    Deactivate = 3,

    /// <summary>SOP 2: activate it again (with a valid SK).</summary>
    Activate = 4,

    /// <summary>SOP 3: accounts for LPSE's own Verifikator / Helpdesk / Admin Agency / Auditor staff, under one SK.</summary>
    StaffRegistration = 5,

    /// <summary>SOP 1: SPSE accounts for the members of a Pokja, asked for by the head of the procurement unit in one request.</summary>
    PokjaAccounts = 6,
}

/// <summary>How the request file reached the office (SOP 2 step 1).</summary>
public enum IntakeChannel
{
    /// <summary>Submitted by the applicant in the app.</summary>
    Online = 1,

    /// <summary>Brought on paper to the Helpdesk desk; Helpdesk registered it and attached the scans.</summary>
    WalkIn = 2,

    /// <summary>Sent by email as scans; Helpdesk registered it and attached them.</summary>
    Email = 3,
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

    /// <summary>SOP 2: submitted online; Helpdesk receives the file and issues the handover form.</summary>
    AwaitingReceipt = 8,

    /// <summary>SOP 2: the result was relayed; the applicant confirms receiving it.</summary>
    AwaitingConfirmation = 9,

    /// <summary>
    /// A request run by the SOP engine, open: where it stands is its current step (<see cref="AccessRequest.CurrentStepNumber"/>),
    /// named from the SOP definition, not a status of its own.
    /// </summary>
    InProgress = 10,
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

    /// <summary>SOP 2: how the file came in, and the Helpdesk officer who registered a paper or email request.</summary>
    public IntakeChannel Channel { get; set; } = IntakeChannel.Online;
    public string? RegisteredByUserId { get; set; }

    /// <summary>SOP 2: the personal data the request letter must carry, as given with this request.</summary>
    public string? ApplicantRankGrade { get; set; }
    public string? ApplicantPosition { get; set; }
    public string? ApplicantAgency { get; set; }
    public string? ApplicantAddress { get; set; }
    public string? ApplicantPhone { get; set; }

    /// <summary>SOP 2: the SK / Surat Tugas / Surat Penunjukan attached, and the last day it is valid.</summary>
    public string? SkNumber { get; set; }

    /// <summary>SOP 3: the date of the SK the request carries out.</summary>
    public DateOnly? SkDate { get; set; }
    public DateOnly? SkValidUntil { get; set; }

    /// <summary>SOP 1: the Pokja's name, and the number of the letter assigning it (surat penugasan).</summary>
    public string? PokjaName { get; set; }
    public string? AssignmentLetterNumber { get; set; }

    /// <summary>
    /// The request's clock stops while the file is back with the applicant (SOP 2 step 4): <see cref="PausedSince"/>
    /// is set when it is returned and cleared when it is resubmitted, adding the interval to <see cref="PausedSeconds"/>.
    /// </summary>
    public DateTime? PausedSince { get; set; }
    public long PausedSeconds { get; set; }

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
    /// SOP 2: the register account this request holds open — set when the request is created, cleared when it closes.
    /// Unique with <see cref="Kind"/>, so the database itself refuses a second open request for the same account, even
    /// when two are submitted at the same moment (a plain nullable column, not a filtered index, so it works alike on
    /// every provider).
    /// </summary>
    public int? OpenSpseAccountId { get; set; }

    /// <summary>
    /// SOP 4: the holder's email in the register when the request was submitted (or, if the user ID was not in the register
    /// then, when its validity was checked). A temporary password goes to this address only, never to one changed later.
    /// </summary>
    public string? RegisterEmailAtSubmission { get; set; }

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

    /// <summary>The kind of the open step (null when closed): the status words of a list row without reading its steps.</summary>
    public StepKind? CurrentStepKind { get; set; }

    /// <summary>The SOP engine's place in the definition: the number of the open step (null when closed or not run by the engine).</summary>
    public int? CurrentStepNumber { get; set; }

    /// <summary>Optimistic concurrency token, incremented on every change.</summary>
    public int Version { get; set; }

    public List<RequestStep> Steps { get; set; } = [];
    public List<RequestDocument> Documents { get; set; } = [];

    /// <summary>The persons a request is about when it names several (SOP 3 and SOP 1: one account each, one outcome each).</summary>
    public List<RequestPerson> Persons { get; set; } = [];

    public RequestStep? OpenStep => Steps.Where(s => s.CompletedAt == null).OrderBy(s => s.ActionableAt).FirstOrDefault();

    public bool IsPaused => PausedSince is not null;

    /// <summary>The request's SK has ended before <paramref name="today"/>.</summary>
    public bool IsSkExpired(DateOnly today) => SkValidUntil is { } until && until < today;

    /// <summary>Time the request spent with the office (from submission to close or now), without the paused intervals.</summary>
    public TimeSpan OfficeTime(DateTime nowUtc)
    {
        var end = ClosedAt ?? nowUtc;
        var paused = PausedSeconds + (PausedSince is { } since && end > since ? (long)(end - since).TotalSeconds : 0);
        return TimeSpan.FromSeconds(Math.Max(0, (long)(end - SubmittedAt).TotalSeconds - paused));
    }

    public bool HasChanges =>
        NewHolderName != null || NewHolderEmail != null || NewAgency != null || NewHolderPhone != null;

    /// <summary>When a newer upload of the same document replaced this one (null while it is the current one).</summary>
    public DateTime? ReplacedAt(RequestDocument document) =>
        Documents.Where(d => d.DocumentCode == document.DocumentCode && d != document &&
                             (d.UploadedAt > document.UploadedAt || (d.UploadedAt == document.UploadedAt && d.Id > document.Id)))
            .Select(d => (DateTime?)d.UploadedAt).Min();

    /// <summary>Uploaded after <paramref name="since"/> (e.g. the last completeness check): a document staff have not seen yet.</summary>
    public bool IsNewSince(RequestDocument document, DateTime? since) => since is { } at && document.UploadedAt > at;

    public IEnumerable<RequestDocument> CurrentDocuments =>
        Documents.GroupBy(d => d.DocumentCode).Select(g => g.OrderByDescending(d => d.UploadedAt).ThenByDescending(d => d.Id).First());
}
