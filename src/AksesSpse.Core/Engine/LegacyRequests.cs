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
            .Where(r => kinds.Contains(r.Kind) && r.ClosedAt == null && r.Status != RequestStatus.InProgress && r.Status != RequestStatus.Archived)
            .ToListAsync(ct);
        foreach (var request in legacy)
        {
            var open = request.OpenStep;
            if (open is null)
            {
                continue;
            }

            request.CurrentStepNumber = open.StepNumber;
            request.Status = RequestStatus.InProgress;
            if (open.Kind == StepKind.ApplicantCompletion)
            {
                request.PausedSince ??= open.ActionableAt;
            }
        }

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
}
