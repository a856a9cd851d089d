using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Sop;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Requests;

/// <summary>Reads for the pages of the engine's SOPs: the requests of one SOP the person may see, and the office's name.</summary>
public sealed class ProcedureQueries(AppDbContext db)
{
    /// <summary>The latest 200 requests of the SOP that the actor may see (staff of the SOP's roles: the office's; others: their own).</summary>
    public async Task<IReadOnlyList<AccessRequest>> ListAsync(Actor actor, SopKind kind, CancellationToken ct)
    {
        var roles = await db.SopSteps.AsNoTracking()
            .Where(s => s.SopDefinitionId == db.SopDefinitions.Where(d => d.OfficeId == actor.OfficeId && d.Kind == kind && d.IsCurrent).Select(d => d.Id).FirstOrDefault())
            .Select(s => s.ActorRole).Distinct().ToListAsync(ct);
        var office = roles.Any(r => r != Roles.Pemohon && actor.IsIn(r)) || Roles.RequestViewers.Any(actor.IsIn) || actor.IsIn(Roles.AdminPpe);
        var requests = await db.AccessRequests.AsNoTracking()
            .Include(r => r.Sop!).ThenInclude(s => s.Steps)
            .Where(r => r.OfficeId == actor.OfficeId && r.Kind == kind && (office || r.ApplicantUserId == actor.UserId))
            .OrderBy(r => r.ClosedAt != null).ThenByDescending(r => r.SubmittedAt)
            .Take(200)
            .ToListAsync(ct);
        return requests.Where(r => SopEngine.CanView(r, actor)).ToList();
    }

    /// <summary>The persons of the request who opened their temporary password through their link.</summary>
    public async Task<IReadOnlySet<int>> OpenedPersonsAsync(int requestId, CancellationToken ct) =>
        (await db.CredentialDeliveries.AsNoTracking()
            .Where(c => c.AccessRequestId == requestId && c.RequestPersonId != null && c.RevealedAt != null)
            .Select(c => c.RequestPersonId!.Value).ToListAsync(ct)).ToHashSet();

    /// <summary>The request's mail (the outbox), oldest first, for its page.</summary>
    public async Task<IReadOnlyList<Notifications.OutboxMessage>> MessagesAsync(int requestId, CancellationToken ct) =>
        await db.OutboxMessages.AsNoTracking().Where(m => m.AccessRequestId == requestId).OrderBy(m => m.Id).ToListAsync(ct);

    /// <summary>The SOP of a request, or null when there is no such request.</summary>
    public async Task<Sop.SopKind?> KindOfAsync(int requestId, CancellationToken ct) =>
        await db.AccessRequests.AsNoTracking().Where(r => r.Id == requestId).Select(r => (Sop.SopKind?)r.Kind).SingleOrDefaultAsync(ct);

    /// <summary>SOP 1: the copies (tembusan) of the request's mail, oldest first; they carry no link or secret.</summary>
    public async Task<IReadOnlyList<Notifications.OutboxMessage>> CopiesAsync(int requestId, CancellationToken ct) =>
        await db.OutboxMessages.AsNoTracking().Where(m => m.AccessRequestId == requestId && m.Kind == Procedures.PokjaAccountsModule.CopyKind)
            .OrderBy(m => m.Id).ToListAsync(ct);

    /// <summary>Whether a temporary password of the request waits, unopened, behind its one-time link.</summary>
    public Task<bool> CredentialPendingAsync(int requestId, CancellationToken ct) =>
        db.CredentialDeliveries.AnyAsync(c => c.AccessRequestId == requestId && c.RevealedAt == null && c.ProtectedSecret != null, ct);

    /// <summary>Whether the applicant's NIP was verified against the SK (docs/adr/0016), for the request page's badge.</summary>
    public Task<Identity.NipStatus> ApplicantNipStatusAsync(AccessRequest request, CancellationToken ct) =>
        Identity.NipVerificationService.ApplicantNipStatusAsync(db, request.ApplicantUserId, request.ApplicantNip, ct);

    /// <summary>The register entry of the SPSE account the request is about, in the request's office (SOP 2 shows it).</summary>
    public async Task<Accounts.SpseAccount?> AccountAsync(AccessRequest request, CancellationToken ct) =>
        request.SpseAccountId is { } id
            ? await db.SpseAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.OfficeId == request.OfficeId, ct)
            : null;

    public Task<string> OfficeNameAsync(int officeId, CancellationToken ct) =>
        db.Offices.AsNoTracking().Where(o => o.Id == officeId).Select(o => o.Name).SingleAsync(ct);
}
