using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Sop;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Requests;

/// <summary>What the public status page (opened from the receipt's QR code) shows: no documents, no contact data.</summary>
public sealed record PublicStatus(
    string Number,
    RequestType Type,
    RequestStatus Status,
    RequestOutcome Outcome,
    IntakeChannel Channel,
    string ApplicantName,
    string SpseUserId,
    string SopTitle,
    DateTime SubmittedAt,
    string? MissingItems,
    IReadOnlyList<RequestStep> Steps,
    int OfficeId);

public sealed record QueueRow(
    int Id,
    string Number,
    RequestType Type,
    RequestStatus Status,
    string ApplicantName,
    string? ApplicantNip,
    string SpseUserId,
    DateTime SubmittedAt,
    DateTime? CurrentStepSince,
    DateTime? CurrentStepDueAt,
    string? CurrentActorRole,
    IntakeChannel Channel = IntakeChannel.Online,
    DateOnly? SkValidUntil = null,
    NipStatus ApplicantNipStatus = NipStatus.Unverified,
    SopKind Kind = SopKind.PasswordReset,
    RequestOutcome Outcome = RequestOutcome.Pending,
    StepKind? OpenStepKind = null)
{
    /// <summary>The status words: a request the engine runs is where its open step is (docs/adr/0019).</summary>
    public RequestStatus DisplayStatus => Status == RequestStatus.InProgress ? Engine.SopEngine.StatusOf(OpenStepKind, closed: false) : Status;

    /// <summary>The request's SK (SOP 2) has ended before <paramref name="today"/>.</summary>
    public bool IsSkExpired(DateOnly today) => SkValidUntil is { } until && until < today;

    public bool IsOverdue(DateTime nowUtc) => CurrentStepDueAt is { } due && nowUtc > due;

    public DateTime? Deadline => CurrentStepDueAt < AccessRequest.NoDeadline ? CurrentStepDueAt : null;
}

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (int)Math.Ceiling(Total / (double)PageSize));
}

/// <summary>A request with its steps, documents and SOP version's required documents.</summary>
public sealed record RequestView(AccessRequest Request);

/// <summary>Reads requests for pages, always within what the actor may see.</summary>
public sealed class RequestQueries(AppDbContext db, TimeProvider time)
{
    /// <summary>
    /// How long a queue's total is reused. Counting every open request costs more than the page itself (bench/README.md),
    /// and several officers refresh the same queue; the rows are always read fresh, only "N data" may lag by this much.
    /// </summary>
    public static readonly TimeSpan CountLifetime = TimeSpan.FromSeconds(5);

    /// <summary>The applicant's own requests, newest first.</summary>
    public async Task<IReadOnlyList<QueueRow>> MineAsync(Actor actor, CancellationToken ct) =>
        await db.AccessRequests.AsNoTracking()
            .Where(r => r.ApplicantUserId == actor.UserId)
            .OrderByDescending(r => r.SubmittedAt)
            .Take(200)
            .Select(r => new QueueRow(r.Id, r.Number, r.Type, r.Status, r.ApplicantName, r.ApplicantNip, r.SpseUserId,
                r.SubmittedAt, r.CurrentStepSince, r.CurrentStepDueAt, r.CurrentActorRole, r.Channel, r.SkValidUntil,
                db.Users.Where(u => u.Id == r.ApplicantUserId && u.Nip == r.ApplicantNip).Select(u => u.NipStatus).FirstOrDefault(),
                r.Kind, r.Outcome, r.CurrentStepKind))
            .ToListAsync(ct);

    /// <summary>One request, if the actor may see it: its applicant, or staff of its office.</summary>
    public async Task<RequestView?> GetAsync(int id, Actor actor, CancellationToken ct)
    {
        var request = await db.AccessRequests.AsNoTracking()
            .Include(r => r.Steps)
            .Include(r => r.Documents)
            .Include(r => r.Sop!).ThenInclude(s => s.RequiredDocuments)
            .AsSplitQuery()
            .SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null || !CanSee(request, actor))
        {
            return null;
        }

        return new RequestView(request);
    }

    /// <summary>A document of a request, if the actor may see the request.</summary>
    public async Task<RequestDocument?> GetDocumentAsync(int requestId, int documentId, Actor actor, CancellationToken ct)
    {
        var owner = await db.AccessRequests.AsNoTracking().Where(r => r.Id == requestId)
            .Select(r => new { r.ApplicantUserId, r.OfficeId }).SingleOrDefaultAsync(ct);
        if (owner is null || !CanSee(owner.ApplicantUserId, owner.OfficeId, actor))
        {
            return null;
        }

        return await db.RequestDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId && d.AccessRequestId == requestId, ct);
    }

    /// <summary>The handover form of a request taken in at the desk or received in the app (any SOP), or why there is none yet.</summary>
    public Task<OperationResult<RequestDocument>> ReceiptAsync(AccessRequest request, CancellationToken ct) => PaperIntake.ReceiptAsync(db, request, ct);

    /// <summary>The public status of a request, for whoever holds its status link (the receipt's QR code).</summary>
    public async Task<PublicStatus?> PublicStatusAsync(int requestId, CancellationToken ct)
    {
        var r = await db.AccessRequests.AsNoTracking().Include(x => x.Steps).Include(x => x.Sop)
            .AsSplitQuery().SingleOrDefaultAsync(x => x.Id == requestId, ct);
        if (r is null)
        {
            return null;
        }

        // A request the SOP engine runs stands InProgress: its status words come from the kind of its open step.
        var status = r.Status == RequestStatus.InProgress
            ? Engine.SopEngine.StatusOf(r.Steps.Where(s => s.CompletedAt == null).Select(s => (StepKind?)s.Kind).FirstOrDefault(), r.ClosedAt is not null)
            : r.Status;
        return new PublicStatus(r.Number, r.Type, status, r.Outcome, r.Channel, r.ApplicantName, r.SpseUserId, r.Sop?.Title ?? "",
                r.SubmittedAt, status == RequestStatus.ReturnedForCompletion ? r.MissingItems : null,
                r.Steps.OrderBy(s => s.ActionableAt).ThenBy(s => s.Id).ToList(), r.OfficeId);
    }

    public async Task<IReadOnlyList<UserNotification>> NotificationsAsync(string userId, CancellationToken ct) =>
        await db.UserNotifications.AsNoTracking().Where(n => n.UserId == userId).OrderByDescending(n => n.Id).Take(50).ToListAsync(ct);

    public Task<int> UnreadCountAsync(string userId, CancellationToken ct) =>
        db.UserNotifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);

    public Task MarkAllReadAsync(string userId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.UserNotifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    public static bool CanSee(AccessRequest request, Actor actor) => CanSee(request.ApplicantUserId, request.OfficeId, actor);

    private static bool CanSee(string applicantUserId, int officeId, Actor actor) =>
        applicantUserId == actor.UserId || (officeId == actor.OfficeId && Roles.RequestViewers.Any(actor.IsIn));
}
