using AksesSpse.Core.Common;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;

namespace AksesSpse.Core.Engine;

/// <summary>
/// What one procedure adds to the engine (docs/adr/0019): its request number prefix, the facts shown on a request and
/// sealed into its archive, and what its SOP-specific step kinds do — the action on the SPSE accounts and the delivery
/// of the result. Its submission form and validator live beside it; everything else (who may act, the next step, the
/// deadline, the checklist, the step log, the outbox, concurrency) is the engine's.
/// </summary>
public interface IProcedureModule
{
    SopKind Kind { get; }

    /// <summary>The prefix of the request numbers ("RGS" → RGS-2026-000001).</summary>
    string NumberPrefix { get; }

    /// <summary>
    /// The request's own facts, one line each, in words, for its page and its archive record (the engine adds the machine-readable
    /// times and the SK's end date to the record).
    /// </summary>
    IEnumerable<string> Facts(AccessRequest request);

    /// <summary>
    /// The facts as the request page lists them: <see cref="Facts"/> by default. A module whose page shows part of them otherwise
    /// (SOP 1's member table, up to 500 rows) leaves that part out here; the archive record keeps every fact.
    /// </summary>
    IEnumerable<string> PageFacts(AccessRequest request) => Facts(request);

    /// <summary>The step of kind <see cref="StepKind.AccountAction"/>: act on the SPSE account(s) of the request.</summary>
    Task<OperationResult> ActOnAccountsAsync(StepContext context, CancellationToken ct);

    /// <summary>The step of kind <see cref="StepKind.Notify"/>: deliver the result or the credentials.</summary>
    Task<OperationResult> DeliverAsync(StepContext context, CancellationToken ct);

    /// <summary>
    /// The validity check's findings against the register that failed, in words; "valid" despite any of them needs a
    /// written reason, recorded as a deviation. None by default.
    /// </summary>
    Task<IReadOnlyList<string>> FailedChecksAsync(StepContext context, CancellationToken ct) => Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>The validity check's findings, passed (✔) and failed (✘), for the page of the open step. None by default.</summary>
    Task<IReadOnlyList<ValidityCheckItem>> ValidityItemsAsync(AccessRequest request, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ValidityCheckItem>>([]);

    /// <summary>
    /// The procedure's own conditions for completing a step with "Done" / "Ya" (after the step's kelengkapan): a refusal
    /// keeps the step open. It may name the step's output (<see cref="StepContext.Outcome"/>). None by default.
    /// </summary>
    Task<OperationResult> CheckStepAsync(StepContext context, CancellationToken ct) => Task.FromResult(OperationResult.Ok());

    /// <summary>What the procedure does once a new request has its number, in the same transaction (a receipt, a mail). Nothing by default.</summary>
    /// <param name="stored">Files stored for it, deleted again if the request is not saved.</param>
    Task StartedAsync(AccessRequest request, Common.Actor actor, DateTime now, string timeZone, List<string> stored, CancellationToken ct) =>
        Task.CompletedTask;

    /// <summary>
    /// What the procedure does once a move (<see cref="SopEngine.MoveAsync"/>) completed a step and opened the next, in the same transaction — e.g. its own mail
    /// when a file is returned to the applicant or rejected (<see cref="StepContext.Answer"/>). Nothing by default.
    /// </summary>
    Task StepDoneAsync(StepContext context, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Why the database refused a new request when another open request holds what it needs (e.g. the same SPSE account, by a
    /// unique index, when two forms raced); null when that is not the reason. Null by default.
    /// </summary>
    Task<string?> StillRunningAsync(AccessRequest request, CancellationToken ct) => Task.FromResult<string?>(null);

    /// <summary>What to add when an actor repeats a step they already did (a reload of the page that showed a secret).</summary>
    string? RepeatHint(AccessRequest request) => null;
}
