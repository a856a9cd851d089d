using AksesSpse.Core.Data;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Engine;

/// <summary>
/// Requests opened before their SOP moved onto the engine stand on a per-SOP status ("Menunggu validasi") with their open
/// step in the step log (and, when opened after the engine's migration, its number in <see cref="AccessRequest.CurrentStepNumber"/>). Once, at start-up, each open one of a SOP the engine now runs is placed on that step
/// (<see cref="AccessRequest.CurrentStepNumber"/>, <see cref="RequestStatus.InProgress"/>), so the engine carries it on
/// where it stood; a file waiting with its applicant gets its clock paused from the time it was returned.
/// </summary>
public static class LegacyRequests
{
    /// <returns>How many requests were placed on the engine.</returns>
    public static async Task<int> AdoptAsync(AppDbContext db, IReadOnlyCollection<SopKind> kinds, CancellationToken ct)
    {
        var legacy = await db.AccessRequests.Include(r => r.Steps)
            .Include(r => r.Sop!).ThenInclude(s => s.Steps)
            .AsSplitQuery()
            .Where(r => kinds.Contains(r.Kind) && r.ClosedAt == null && r.Status != RequestStatus.InProgress && r.Status != RequestStatus.Archived)
            .ToListAsync(ct);
        foreach (var request in legacy)
        {
            var open = request.OpenStep;
            if (open is null && StepOf(request.Sop!, request.Status) is { } step)
            {
                // A row whose step log has no open step: its status says where it stood; that step opens from when it did.
                var tz = await db.Offices.AsNoTracking().Where(o => o.Id == request.OfficeId).Select(o => o.TimeZoneId).SingleAsync(ct);
                open = new StepRecorder(new WallClockStepClock()).Open(request, step, request.CurrentStepSince ?? request.SubmittedAt, Offices.WorkCalendar.Standard(tz));
            }

            if (open is null)
            {
                continue;
            }

            request.CurrentStepNumber = open.StepNumber;
            request.Status = RequestStatus.InProgress;
            RenameTicks(request);
            if (open.Kind == StepKind.ApplicantCompletion)
            {
                request.PausedSince ??= open.ActionableAt;
            }
        }

        legacy.RemoveAll(r => r.Status != RequestStatus.InProgress);
        if (legacy.Count == 0)
        {
            return 0;
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return legacy.Count;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear(); // another node starting at the same moment did it first
            return 0;
        }
    }

    /// <summary>
    /// Open requests saved before <see cref="AccessRequest.CurrentStepKind"/> existed get the kind of their open step, in one
    /// statement at start-up (repeating it finds nothing to do; two nodes starting at once write the same values).
    /// </summary>
    /// <returns>How many requests were filled.</returns>
    public static Task<int> FillCurrentStepKindAsync(AppDbContext db, CancellationToken ct) =>
        db.AccessRequests
            .Where(r => r.ClosedAt == null && r.CurrentStepKind == null && r.Steps.Any(s => s.CompletedAt == null))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.CurrentStepKind,
                r => r.Steps.Where(s => s.CompletedAt == null).OrderBy(s => s.Id).Select(s => (StepKind?)s.Kind).FirstOrDefault()), ct);

    /// <summary>
    /// The checklist items the old per-SOP services ticked, by the names they stored, and the seeded codes the engine's
    /// checklist has for them: a request adopted mid-flight shows its earlier ticks at its next completeness check.
    /// </summary>
    public static readonly IReadOnlyDictionary<SopKind, IReadOnlyDictionary<string, string>> OldTickNames =
        new Dictionary<SopKind, IReadOnlyDictionary<string, string>>
        {
            [SopKind.AccessActivation] = Procedures.AccessActivationModule.OldChecklistNames,
        };

    /// <summary>Rewrites the ticks its completed completeness checks stored under old names to the engine's codes (once, here).</summary>
    private static void RenameTicks(AccessRequest request)
    {
        if (!OldTickNames.TryGetValue(request.Kind, out var names))
        {
            return;
        }

        foreach (var step in request.Steps.Where(s => s.Kind == StepKind.CompletenessCheck && s.Checklist is not null))
        {
            if (CompletenessTicks.Parse(step.Checklist, default) is not { } ticks)
            {
                continue;
            }

            var renamed = ticks with { Passed = ticks.Passed.Select(p => names.GetValueOrDefault(p, p)).ToList() };
            step.Checklist = renamed.Format();
        }
    }

    /// <summary>
    /// The step a request stood on under its SOP's old per-SOP status (SOP 2: "Menunggu diterima" → Receive, "Diajukan" →
    /// the completeness check, … "Menunggu pengarsipan" → Archive; SOP 4 likewise with its validity check): the step of the
    /// kind the status names (<see cref="SopEngine.KindOf"/>) in the request's own SOP version.
    /// </summary>
    public static SopStep? StepOf(SopDefinition sop, RequestStatus status) =>
        SopEngine.KindOf(status) is { } kind ? sop.Steps.Where(s => s.Kind == kind).OrderBy(s => s.Number).FirstOrDefault() : null;
}
