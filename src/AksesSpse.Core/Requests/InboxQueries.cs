using System.Linq.Expressions;
using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Sop;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace AksesSpse.Core.Requests;

/// <summary>
/// What the inbox shows. Without <see cref="Kind"/> ("Semua"): the actor's tasks across SOPs. With a kind: the actor's
/// tasks in that SOP, or, for staff who may read the office's requests, that SOP's requests in one <see cref="Status"/>
/// or every open one (<see cref="AllOpen"/>, the overview).
/// </summary>
public sealed record InboxFilter(SopKind? Kind = null, RequestStatus? Status = null, bool AllOpen = false, string? Search = null,
    bool OverdueOnly = false, int Page = 1, int PageSize = 20);

/// <summary>The actor's tasks per SOP.</summary>
public sealed record InboxCounts(IReadOnlyDictionary<SopKind, int> PerSop)
{
    public static readonly InboxCounts None = new(new Dictionary<SopKind, int>());

    public int Total => PerSop.Values.Sum();

    public int For(SopKind kind) => PerSop.GetValueOrDefault(kind);
}

/// <summary>A page of the inbox. <see cref="Tasks"/> is false when it shows an office-wide view (a status, or everything open).</summary>
public sealed record InboxResult(PagedResult<QueueRow> Rows, InboxCounts Counts, bool Tasks);

/// <summary>
/// The inbox "Tugas saya": across SOPs, the open requests of the actor's office whose current step one of the actor's
/// roles acts on (<see cref="AccessRequest.CurrentActorRole"/>, set when a step opens), and for a step of the applicant
/// (Pemohon) the actor's own requests; the most overdue first, then the nearest deadline. A page is one scan of the
/// (OfficeId, CurrentActorRole, CurrentStepDueAt, Kind) index; the counts per SOP are one grouped query on the same
/// index, reused for <see cref="RequestQueries.CountLifetime"/> like the queue's total (docs/adr/0010) and recounted ahead by one
/// request while the others keep the previous counts (docs/adr/0020).
/// </summary>
public sealed class InboxQueries(AppDbContext db, TimeProvider time, IMemoryCache cache)
{
    /// <summary>Office-wide views (one status, or every open request of an SOP) are for staff who may read the office's requests.</summary>
    public static bool MaySeeOffice(Actor actor) => Roles.RequestViewers.Any(actor.IsIn);

    /// <summary>The actor's tasks per SOP (the tabs and the menu's badge), reused for a few seconds.</summary>
    public async Task<InboxCounts> CountsAsync(Actor actor, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var key = (nameof(InboxQueries), actor.OfficeId, RoleKey(actor), actor.IsIn(Roles.Pemohon) ? actor.UserId : null);
        return await SharedAsync(key, async () =>
        {
            // Grouped by "Kind + 0", not by the column: SQLite would otherwise walk the office's rows through the
            // (OfficeId, Kind, …) index for its order and read every row; this way both databases count from the inbox
            // index alone (the range of the actor's roles) and group the few kinds in memory.
            var rows = await Tasks(actor).GroupBy(r => (int)r.Kind + 0).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(CancellationToken.None);
            return new InboxCounts(rows.ToDictionary(x => (SopKind)x.Key, x => x.Count));
        });
    }

    public async Task<InboxResult> ListAsync(Actor actor, InboxFilter filter, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var counts = await CountsAsync(actor, ct);
        var office = filter.Kind is not null && MaySeeOffice(actor) && (filter.Status is not null || filter.AllOpen);
        var closed = office && filter.Status == RequestStatus.Archived;
        IQueryable<AccessRequest> query;
        if (office)
        {
            var kind = filter.Kind!.Value;
            query = db.AccessRequests.AsNoTracking().Where(r => r.OfficeId == actor.OfficeId && r.Kind == kind);
            if (filter.Status is { } status && status != RequestStatus.Archived && Engine.SopEngine.EngineKinds.Contains(kind))
            {
                // The engine keeps its requests InProgress: the status words name the kind of the open step.
                var open = Engine.SopEngine.KindOf(status);
                query = query.Where(r => r.CurrentStepKind == open);
            }
            else if (filter.Status is { } status2)
            {
                query = query.Where(r => r.Status == status2);
            }

            if (!closed)
            {
                query = query.Where(r => r.CurrentStepDueAt != null);
            }
        }
        else
        {
            query = Tasks(actor);
            if (filter.Kind is { } kind)
            {
                query = query.Where(r => r.Kind == kind);
            }
        }

        if (filter.OverdueOnly)
        {
            query = query.Where(r => r.CurrentStepDueAt != null && r.CurrentStepDueAt < now);
        }

        var search = string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim();
        if (search is not null)
        {
            // Lower-cased on both sides: LIKE ignores case on SQLite but not on PostgreSQL.
            var pattern = $"%{search.Replace("%", "").Replace("_", "")}%".ToLowerInvariant();
            var nip = search.Replace(" ", "");
            query = query.Where(r => EF.Functions.Like(r.Number.ToLower(), pattern) || EF.Functions.Like(r.ApplicantName.ToLower(), pattern) ||
                                     EF.Functions.Like(r.SpseUserId.ToLower(), pattern) || r.ApplicantNip == nip);
        }

        int total;
        if (!office && search is null && !filter.OverdueOnly)
        {
            total = filter.Kind is { } k ? counts.For(k) : counts.Total; // the same rows the counts are of
        }
        else
        {
            var countKey = (nameof(InboxQueries) + ".Total", actor.OfficeId, RoleKey(actor), actor.IsIn(Roles.Pemohon) ? actor.UserId : null,
                filter.Kind, office ? filter.Status : null, office && filter.AllOpen, filter.OverdueOnly ? now.Ticks / RequestQueries.CountLifetime.Ticks : 0, search);
            total = await SharedAsync(countKey, () => query.CountAsync(CancellationToken.None));
        }

        var page = Math.Max(1, filter.Page);
        var size = Math.Clamp(filter.PageSize, 5, 100);
        var ordered = closed
            ? query.OrderByDescending(r => r.ClosedAt).ThenByDescending(r => r.Id)
            // Kind before Id only breaks ties, as the index (…, CurrentStepDueAt, Kind) then the row id has them: no sort of the ties.
            : query.OrderBy(r => r.CurrentStepDueAt).ThenBy(r => r.Kind).ThenBy(r => r.Id);
        var rows = await ordered
            .Skip((page - 1) * size)
            .Take(size)
            .Select(r => new QueueRow(r.Id, r.Number, r.Type, r.Status, r.ApplicantName, r.ApplicantNip, r.SpseUserId,
                r.SubmittedAt, r.CurrentStepSince, r.CurrentStepDueAt, r.CurrentActorRole, r.Channel, r.SkValidUntil,
                db.Users.Where(u => u.Id == r.ApplicantUserId && u.Nip == r.ApplicantNip).Select(u => u.NipStatus).FirstOrDefault(),
                r.Kind, r.Outcome, r.CurrentStepKind))
            .ToListAsync(ct);
        return new InboxResult(new PagedResult<QueueRow>(rows, page, size, total), counts, !office);
    }

    /// <summary>
    /// The open requests whose current step the actor may act on: of the actor's office, whose step's actor is one of the
    /// actor's staff roles, or Pemohon on the actor's own requests. A closed request has no actor role.
    /// </summary>
    private IQueryable<AccessRequest> Tasks(Actor actor)
    {
        var office = actor.OfficeId;
        var me = actor.UserId;
        var staff = StaffRoles(actor);
        var applicant = actor.IsIn(Roles.Pemohon);
        var requests = db.AccessRequests.AsNoTracking().Where(r => r.OfficeId == office);
        return (staff.Length > 0, applicant) switch
        {
            (true, true) => requests.Where(ActorRoleIs(staff, r => r.CurrentActorRole == Roles.Pemohon && r.ApplicantUserId == me)),
            (true, false) => requests.Where(ActorRoleIs(staff)),
            (false, true) => requests.Where(r => r.CurrentActorRole == Roles.Pemohon && r.ApplicantUserId == me),
            _ => requests.Where(r => false),
        };
    }

    /// <summary>
    /// CurrentActorRole = @role1 OR … (OR <paramref name="orElse"/>): one equality per role, each an index range, with the roles
    /// as parameters. Not a JSON parameter the planner cannot see into (what Contains over a list becomes), and not constants
    /// either: with constants EF writes the SQL again on every request, which the profile of the inbox showed (bench/README.md).
    /// </summary>
    private static Expression<Func<AccessRequest, bool>> ActorRoleIs(IReadOnlyList<string> roles, Expression<Func<AccessRequest, bool>>? orElse = null)
    {
        var r = orElse?.Parameters[0] ?? Expression.Parameter(typeof(AccessRequest), "r");
        var column = Expression.Property(r, nameof(AccessRequest.CurrentActorRole));
        var body = orElse?.Body;
        foreach (var role in roles.Reverse())
        {
            // A member of a captured object, as a closure would be: EF makes it a parameter, so the SQL is cached per number of roles.
            var equal = Expression.Equal(column, Expression.Property(Expression.Constant(new Captured(role)), nameof(Captured.Value)));
            body = body is null ? equal : Expression.OrElse(equal, body);
        }

        return Expression.Lambda<Func<AccessRequest, bool>>(body!, r);
    }

    private sealed record Captured(string Value);

    /// <summary>How long a count nobody asks for stays in the cache (a count in use is refreshed every <see cref="RequestQueries.CountLifetime"/>).</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A count shared by everyone who asks for the same key, recounted when older than <see cref="RequestQueries.CountLifetime"/>
    /// by ONE request while the others keep getting the previous count (<see cref="RefreshAhead"/>, docs/adr/0020). At
    /// 200,000 requests a count of the office's tasks takes 50–250 ms on a busy 2-core machine; before, every page in flight
    /// (the layout's badge needs it too) waited for it every 5 s — the p95 tail of bench/queue.sh on PostgreSQL.
    /// </summary>
    private Task<T> SharedAsync<T>(object key, Func<Task<T>> count) =>
        RefreshAhead.GetAsync(cache, key, time.GetUtcNow().UtcDateTime, RequestQueries.CountLifetime, IdleLifetime, count);

    private static string[] StaffRoles(Actor actor) =>
        [.. actor.Roles.Where(r => r != Roles.Pemohon).Order(StringComparer.Ordinal)];

    private static string RoleKey(Actor actor) => string.Join(',', actor.Roles.Order(StringComparer.Ordinal));
}
