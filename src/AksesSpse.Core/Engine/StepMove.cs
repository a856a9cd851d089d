using AksesSpse.Core.Documents;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;

namespace AksesSpse.Core.Engine;

/// <summary>How the actor closes a step: done, or — at a decision step — "Ya" or "Tidak".</summary>
public enum StepAnswer
{
    Done = 0,
    Yes = 1,
    No = 2,

    /// <summary>Reject the request outright (with the reason): it goes to the rejection notice, if any, and the archive.</summary>
    Reject = 3,
}

/// <summary>What the actor decided for one person of a multi-person request at the step that acts on the accounts.</summary>
/// <param name="UserId">The user ID as made in SPSE (null keeps the one the form proposed).</param>
/// <param name="Note">Why it was not done (required then).</param>
/// <param name="Reuse">Done by keeping the active account the person already holds (SOP 1) instead of making one.</param>
public sealed record PersonDecision(int PersonId, bool Done, string? UserId, string? Note, bool Reuse = false);

/// <summary>
/// One move on a request's open step, as the actor submitted it: which step (so a stale page cannot complete the step
/// after it), the version the actor saw, the answer, the ticked checklist items, files and notes.
/// </summary>
public sealed record StepMove(int StepNumber, int ExpectedVersion)
{
    public StepAnswer Answer { get; init; } = StepAnswer.Done;
    public IReadOnlyCollection<string> CheckedItems { get; init; } = [];

    /// <summary>At a completeness check: the documents the checker marks missing (named to the applicant, kept for the next check).</summary>
    public IReadOnlyCollection<string> MissingDocuments { get; init; } = [];
    public string? Note { get; init; }
    public string? LateExplanation { get; init; }

    /// <summary>Why the actor answers "Ya" although a check failed (a deviation from the mutu baku).</summary>
    public string? DeviationReason { get; init; }

    /// <summary>
    /// Why the actor completes the step although items of its checklist are left unticked: a kelengkapan deviation
    /// (docs/adr/0025), recorded with this reason in the ledger. Missing documents are never passed this way.
    /// </summary>
    public string? ShortfallReason { get; init; }
    public IReadOnlyList<IncomingFile> Files { get; init; } = [];
    public IReadOnlyList<PersonDecision> Persons { get; init; } = [];

    /// <summary>At the applicant's completion: the number of a new SK / letter of appointment brought with it (null keeps the one on file).</summary>
    public string? SkNumber { get; init; }

    /// <summary>At the applicant's completion: until when the new SK holds (null keeps the one on file).</summary>
    public DateOnly? SkValidUntil { get; init; }

    /// <summary>The applicant performs the step through the one-time link the app emailed them, without signing in.</summary>
    public bool ViaEmailLink { get; init; }

    /// <summary>
    /// At a confirm-receipt step: a confirmation the applicant gave outside the app (by phone, at the desk, otherwise), recorded by
    /// staff who may (<see cref="SopEngine.MayRecordConfirmation"/>): who confirmed, how and when. The step is done at that time.
    /// </summary>
    public StaffConfirmation? Confirmation { get; init; }
}

/// <summary>What a move produced that is shown once and never stored in plain text (a temporary password per user ID).</summary>
public sealed record MoveResult(IReadOnlyList<IssuedSecret> Secrets)
{
    public static readonly MoveResult Empty = new([]);
}

public sealed record IssuedSecret(string PersonName, string SpseUserId, string Password)
{
    /// <summary>Never the password: a record prints every property, and this one may end up in a log or a test's output.</summary>
    public override string ToString() => $"IssuedSecret {{ PersonName = {PersonName}, SpseUserId = {SpseUserId}, Password = *** }}";
}

/// <summary>Everything a step kind or a procedure module needs to perform one move.</summary>
public sealed class StepContext
{
    public required AccessRequest Request { get; init; }
    public required SopStep Definition { get; init; }
    public required RequestStep Step { get; init; }
    public required StepMove Move { get; init; }
    public required Common.Actor Actor { get; init; }
    public required DateTime Now { get; init; }
    /// <summary>The office's working calendar (docs/adr/0022): the step's deadlines and elapsed time are counted in it.</summary>
    public required Offices.WorkCalendar Calendar { get; init; }

    /// <summary>The office's time zone (an IANA id).</summary>
    public string TimeZone => Calendar.TimeZoneId;

    /// <summary>The step's output in words, recorded on the step ("Akun dibuat untuk 2 personil").</summary>
    public string? Outcome { get; set; }

    /// <summary>A deviation the actor chose knowingly (e.g. valid despite a failed check), recorded with its reason.</summary>
    public string? Deviation { get; set; }

    /// <summary>The actor's written reason(s) for <see cref="Deviation"/>: the explanation of its kelengkapan record in the ledger.</summary>
    public string? DeviationExplanation { get; set; }

    public List<IssuedSecret> Secrets { get; } = [];

    /// <summary>The answer the step is closed with (after a plain "Tidak" at a step that is no decision became a rejection).</summary>
    public StepAnswer Answer { get; set; }

    /// <summary>When the step was actually done, when that was before the move was recorded (a confirmation staff record afterwards).</summary>
    public DateTime? DoneAt { get; set; }

    /// <summary>Files stored during the move (a generated form): deleted again if the move is not saved.</summary>
    public List<string> Stored { get; init; } = [];
}
