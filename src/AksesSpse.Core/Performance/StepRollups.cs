using System.Linq.Expressions;
using AksesSpse.Core.Accountability;
using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace AksesSpse.Core.Performance;

/// <summary>
/// The completed steps and ledger records of one office over a span, summed per SOP step, standard, role, staff performer
/// and channel, tagged with the month at the office (<see cref="MonthKey"/>, yyyymm).
/// </summary>
public sealed record StepFigureRow(
    int MonthKey, SopKind Sop, IntakeChannel Channel, int StepNumber, TimeStandardKind StandardKind, int? StandardValue, string ActorRole,
    string Activity, string? PerformerUserId, string? PerformerName, int Completed, int Timed, int OnTime, int Late, long ElapsedSum,
    int ElapsedCount, int Recorded);

/// <summary>
/// The daily roll-ups behind the heads' dashboard and the monthly report (issue #10 §5, docs/adr/0026). A day at the office
/// that ended (and settled for <see cref="SettleTime"/>) is summed once from the step log and the deviation ledger into
/// <see cref="StepDayFigures"/>; <see cref="ReadAsync"/> then adds up a period from those rows and reads only the days not
/// rolled up yet (today, or a day the scheduler has not reached) from the step log itself, with the same sums. So the
/// figures are the same with or without roll-ups; the roll-ups only make them cheap. A completed step never changes, nor
/// does when a ledger record occurred, so a closed day's sums stay true; a day whose bounds moved (the office changed its
/// time zone) is summed again.
/// </summary>
public sealed partial class StepRollups(AppDbContext db, OfficeCalendar calendar, TimeProvider time, IMemoryCache cache, ILogger<StepRollups> logger)
{
    /// <summary>How long after a day ends it is rolled up: a step or ledger record committed around midnight is in by then.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long the current hour's live figures (and the open work overdue now) are shared by every view of the same office
    /// and filter before one view sums them again (the others keep the previous sums meanwhile, <see cref="RefreshAhead"/>).
    /// </summary>
    public static readonly TimeSpan LiveLifetime = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Sums the office's steps completed and ledger records (kelengkapan and output) in [<paramref name="fromUtc"/>,
    /// <paramref name="toUtc"/>) straight from the step log, narrowed by the filter's SOP, step, channel and performer
    /// (its months are ignored). The rows carry <paramref name="monthKey"/>.
    /// </summary>
    public async Task<List<StepFigureRow>> SumLiveAsync(int officeId, PerformanceFilter? filter, DateTime fromUtc, DateTime toUtc, int monthKey,
        CancellationToken ct)
    {
        var facts = from s in db.RequestSteps
                    join r in db.AccessRequests on s.AccessRequestId equals r.Id
                    where r.OfficeId == officeId && s.CompletedAt >= fromUtc && s.CompletedAt < toUtc
                    select new
                    {
                        Sop = r.Kind,
                        r.Channel,
                        s.StepNumber,
                        s.StandardKind,
                        s.StandardValue,
                        s.ActorRole,
                        s.Activity,
                        // The applicant's own steps (and a member's link) belong to nobody on the staff.
                        Performer = s.ActorRole == Roles.Pemohon ? null : s.PerformerUserId,
                        Name = s.ActorRole == Roles.Pemohon ? null : s.PerformerName,
                        Timed = (s.StandardKind == TimeStandardKind.Minutes || s.StandardKind == TimeStandardKind.WorkingDays) && s.StandardValue > 0 &&
                                s.Kind != StepKind.RequestCompletion && s.Kind != StepKind.RejectionNotice,
                        s.IsLate,
                        s.ElapsedSeconds,
                    };
        var records = from d in db.StepDeviations
                      join s in db.RequestSteps on d.RequestStepId equals s.Id
                      join r in db.AccessRequests on d.AccessRequestId equals r.Id
                      where d.OfficeId == officeId && d.OccurredAt >= fromUtc && d.OccurredAt < toUtc && d.Kind != DeviationKind.Time
                      select new
                      {
                          Sop = d.SopKind,
                          r.Channel,
                          d.StepNumber,
                          s.StandardKind,
                          s.StandardValue,
                          d.ActorRole,
                          s.Activity,
                          Performer = d.ActorRole == Roles.Pemohon ? null : d.PerformerUserId,
                          Name = d.ActorRole == Roles.Pemohon ? null : d.PerformerName,
                      };
        if (filter?.Sop is { } sop)
        {
            facts = facts.Where(f => f.Sop == sop);
            records = records.Where(f => f.Sop == sop);
        }

        if (filter?.StepNumber is { } number)
        {
            facts = facts.Where(f => f.StepNumber == number);
            records = records.Where(f => f.StepNumber == number);
        }

        if (filter?.Channel is { } channel)
        {
            facts = facts.Where(f => f.Channel == channel);
            records = records.Where(f => f.Channel == channel);
        }

        if (filter?.PerformerUserId is { } performer)
        {
            facts = facts.Where(f => f.Performer == performer);
            records = records.Where(f => f.Performer == performer);
        }

        var steps = await facts
            .GroupBy(f => new { f.Sop, f.Channel, f.StepNumber, f.StandardKind, f.StandardValue, f.ActorRole, f.Performer })
            .Select(g => new
            {
                g.Key,
                Activity = g.Max(f => f.Activity),
                Name = g.Max(f => f.Name),
                Completed = g.Count(),
                Timed = g.Sum(f => f.Timed ? 1 : 0),
                OnTime = g.Sum(f => f.Timed && !f.IsLate ? 1 : 0),
                Late = g.Sum(f => f.IsLate ? 1 : 0),
                ElapsedSum = g.Sum(f => f.Timed ? f.ElapsedSeconds : null),
                ElapsedCount = g.Sum(f => f.Timed && f.ElapsedSeconds != null ? 1 : 0),
            })
            .AsNoTracking()
            .ToListAsync(ct);
        var recorded = await records
            .GroupBy(f => new { f.Sop, f.Channel, f.StepNumber, f.StandardKind, f.StandardValue, f.ActorRole, f.Performer })
            .Select(g => new { g.Key, Activity = g.Max(f => f.Activity), Name = g.Max(f => f.Name), Count = g.Count() })
            .AsNoTracking()
            .ToListAsync(ct);

        var rows = new Dictionary<(SopKind, IntakeChannel, int, TimeStandardKind, int?, string, string?), StepFigureRow>();
        foreach (var g in steps)
        {
            var k = g.Key;
            rows[(k.Sop, k.Channel, k.StepNumber, k.StandardKind, k.StandardValue, k.ActorRole, k.Performer)] = new StepFigureRow(monthKey, k.Sop, k.Channel,
                k.StepNumber, k.StandardKind, k.StandardValue, k.ActorRole, g.Activity ?? "", k.Performer, g.Name, g.Completed, g.Timed, g.OnTime, g.Late,
                g.ElapsedSum ?? 0, g.ElapsedCount, 0);
        }

        foreach (var g in recorded)
        {
            var k = g.Key;
            var key = (k.Sop, k.Channel, k.StepNumber, k.StandardKind, k.StandardValue, k.ActorRole, k.Performer);
            rows[key] = rows.TryGetValue(key, out var row)
                ? row with { Recorded = row.Recorded + g.Count }
                : new StepFigureRow(monthKey, k.Sop, k.Channel, k.StepNumber, k.StandardKind, k.StandardValue, k.ActorRole, g.Activity ?? "", k.Performer,
                    g.Name, 0, 0, 0, 0, 0, 0, g.Count);
        }

        return [.. rows.Values];
    }

    /// <summary>
    /// The office's figures for the months <paramref name="first"/> to <paramref name="last"/> (both included), per month:
    /// the rolled-up days summed in SQL, the other days read live from the step log. Narrowed by the filter's SOP, step,
    /// channel and performer; the channel is summed over (the rows carry the default channel).
    /// </summary>
    public async Task<List<StepFigureRow>> ReadAsync(int officeId, PerformanceFilter filter, Month first, Month last, TimeZoneInfo zone,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(zone);
        var firstDay = first.FirstDay;
        var endDay = last.AddMonths(1).FirstDay;
        var markers = await db.StepDayRollups.AsNoTracking()
            .Where(m => m.OfficeId == officeId && m.Day >= firstDay && m.Day < endDay)
            .Select(m => new { m.Day, m.StartUtc, m.EndUtc })
            .ToListAsync(ct);
        var rolled = markers.Where(m => m.StartUtc == DayStartUtc(m.Day, zone) && m.EndUtc == DayStartUtc(m.Day.AddDays(1), zone))
            .Select(m => m.Day).ToHashSet();

        var rows = new List<StepFigureRow>();
        var runs = Runs(firstDay, endDay, rolled, inRolled: true);
        if (runs.Count > 0)
        {
            var figures = db.StepDayFigures.AsNoTracking().Where(f => f.OfficeId == officeId).Where(InRuns(runs));
            if (filter.Sop is { } sop)
            {
                figures = figures.Where(f => f.Sop == sop);
            }

            if (filter.StepNumber is { } number)
            {
                figures = figures.Where(f => f.StepNumber == number);
            }

            if (filter.Channel is { } channel)
            {
                figures = figures.Where(f => f.Channel == channel);
            }

            if (filter.PerformerUserId is { } performer)
            {
                figures = figures.Where(f => f.PerformerUserId == performer);
            }

            var sums = await figures
                .GroupBy(f => new { f.MonthKey, f.Sop, f.StepNumber, f.StandardKind, f.StandardValue, f.ActorRole, f.PerformerUserId })
                .Select(g => new
                {
                    g.Key,
                    Activity = g.Max(f => f.Activity),
                    Name = g.Max(f => f.PerformerName),
                    Completed = g.Sum(f => f.Completed),
                    Timed = g.Sum(f => f.Timed),
                    OnTime = g.Sum(f => f.OnTime),
                    Late = g.Sum(f => f.Late),
                    ElapsedSum = g.Sum(f => f.ElapsedSum),
                    ElapsedCount = g.Sum(f => f.ElapsedCount),
                    Recorded = g.Sum(f => f.Recorded),
                })
                .ToListAsync(ct);
            rows.AddRange(sums.Select(g => new StepFigureRow(g.Key.MonthKey, g.Key.Sop, default, g.Key.StepNumber, g.Key.StandardKind, g.Key.StandardValue,
                g.Key.ActorRole, g.Activity ?? "", g.Key.PerformerUserId, g.Name, g.Completed, g.Timed, g.OnTime, g.Late, g.ElapsedSum, g.ElapsedCount,
                g.Recorded)));
        }

        // The days not rolled up, up to the end of today (nothing is completed later than now), a query per month.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(time.GetUtcNow().UtcDateTime, zone));
        var liveEnd = endDay < today.AddDays(1) ? endDay : today.AddDays(1);
        foreach (var (start, end) in Runs(firstDay, liveEnd, rolled, inRolled: false))
        {
            for (var from = start; from < end;)
            {
                var monthEnd = new DateOnly(from.Year, from.Month, 1).AddMonths(1);
                var to = monthEnd < end ? monthEnd : end;
                var (fromUtc, toUtc, monthKey) = (DayStartUtc(from, zone), DayStartUtc(to, zone), StepDayFigures.MonthKeyOf(from));
                var live = to > today
                    ? await TodayAsync(officeId, filter, fromUtc, toUtc, monthKey)
                    : await SumLiveAsync(officeId, filter, fromUtc, toUtc, monthKey, ct);
                rows.AddRange(live.Select(r => r with { Channel = default }));
                from = to;
            }
        }

        return rows;
    }

    /// <summary>
    /// A span that ends with today, read by every view of the dashboard: its whole hours summed once an hour, and the rest
    /// (the current hour) summed again at most every <see cref="LiveLifetime"/>; both shared by the views of the same office
    /// and filter (<see cref="RefreshAhead"/>: one view sums, the others keep the previous sums meanwhile). So a busy day
    /// costs one sum of its steps an hour, not one per view, and a step completed now shows within a minute.
    /// </summary>
    private async Task<IEnumerable<StepFigureRow>> TodayAsync(int officeId, PerformanceFilter filter, DateTime fromUtc, DateTime toUtc, int monthKey)
    {
        var key = (officeId, filter.Sop, filter.StepNumber, filter.Channel, filter.PerformerUserId, fromUtc);
        var now = time.GetUtcNow().UtcDateTime;
        var hour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        var hours = await RefreshAhead.GetAsync(cache, (nameof(TodayAsync), "hours", key), now, hour.AddHours(1) - now, TimeSpan.FromMinutes(10),
            async () =>
            {
                var until = hour < fromUtc ? fromUtc : hour > toUtc ? toUtc : hour;
                return (Until: until, Rows: until > fromUtc ? await SumLiveAsync(officeId, filter, fromUtc, until, monthKey, CancellationToken.None) : []);
            });
        var rest = hours.Until >= toUtc
            ? []
            : await RefreshAhead.GetAsync(cache, (nameof(TodayAsync), hours.Until, key), now, LiveLifetime, TimeSpan.FromMinutes(10),
                () => SumLiveAsync(officeId, filter, hours.Until, toUtc, monthKey, CancellationToken.None));
        return hours.Rows.Concat(rest);
    }

    /// <summary>
    /// Rolls up the closed days that are not rolled up yet (or whose bounds moved), newest first, at most
    /// <paramref name="maxDays"/> days in all; returns how many days were rolled up.
    /// </summary>
    public async Task<int> RollUpAsync(int maxDays, CancellationToken ct)
    {
        var firstStep = await db.RequestSteps.Where(s => s.CompletedAt != null).MinAsync(s => s.CompletedAt, ct);
        var firstRecord = await db.StepDeviations.MinAsync(d => (DateTime?)d.OccurredAt, ct);
        if (firstStep is null && firstRecord is null)
        {
            return 0;
        }

        var earliest = firstStep is { } a && firstRecord is { } b ? (a < b ? a : b) : (firstStep ?? firstRecord)!.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var done = 0;
        foreach (var officeId in await db.Offices.AsNoTracking().OrderBy(o => o.Id).Select(o => o.Id).ToListAsync(ct))
        {
            var zone = (await calendar.ForOfficeAsync(officeId, ct)).Zone;
            // The last day that ended SettleTime ago, back to the day of the first completed step or ledger record.
            var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now - SettleTime, zone)).AddDays(-1);
            var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(earliest, zone));
            var markers = await db.StepDayRollups.AsNoTracking()
                .Where(m => m.OfficeId == officeId && m.Day >= firstDay && m.Day <= lastDay)
                .ToDictionaryAsync(m => m.Day, m => (m.StartUtc, m.EndUtc), ct);
            for (var day = lastDay; day >= firstDay && done < maxDays; day = day.AddDays(-1))
            {
                var start = DayStartUtc(day, zone);
                var end = DayStartUtc(day.AddDays(1), zone);
                var known = markers.TryGetValue(day, out var bounds);
                if (known && bounds.StartUtc == start && bounds.EndUtc == end)
                {
                    continue;
                }

                if (await RollUpDayAsync(officeId, day, start, end, known, ct))
                {
                    done++;
                }
            }
        }

        return done;
    }

    private async Task<bool> RollUpDayAsync(int officeId, DateOnly day, DateTime start, DateTime end, bool replace, CancellationToken ct)
    {
        var rows = await SumLiveAsync(officeId, null, start, end, StepDayFigures.MonthKeyOf(day), ct);
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (replace)
            {
                await db.StepDayFigures.Where(f => f.OfficeId == officeId && f.Day == day).ExecuteDeleteAsync(ct);
                await db.StepDayRollups.Where(m => m.OfficeId == officeId && m.Day == day).ExecuteDeleteAsync(ct);
            }

            db.StepDayFigures.AddRange(rows.Select(r => new StepDayFigures
            {
                OfficeId = officeId, Day = day, MonthKey = r.MonthKey, Sop = r.Sop, Channel = r.Channel, StepNumber = r.StepNumber,
                StandardKind = r.StandardKind, StandardValue = r.StandardValue, ActorRole = r.ActorRole, Activity = Cut(r.Activity, 1000),
                PerformerUserId = r.PerformerUserId, PerformerName = r.PerformerName is null ? null : Cut(r.PerformerName, 200),
                Completed = r.Completed, Timed = r.Timed, OnTime = r.OnTime, Late = r.Late, ElapsedSum = r.ElapsedSum, ElapsedCount = r.ElapsedCount,
                Recorded = r.Recorded,
            }));
            db.StepDayRollups.Add(new StepDayRollup
            {
                OfficeId = officeId, Day = day, StartUtc = start, EndUtc = end, RolledAt = time.GetUtcNow().UtcDateTime, Rows = rows.Count,
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Another node rolled the same day up first: its rows stand.
            await tx.RollbackAsync(ct);
            LogRolledElsewhere(officeId, day);
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The UTC instant a day starts at in the office's zone (its local midnight).</summary>
    public static DateTime DayStartUtc(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);

    /// <summary>The contiguous runs [start, end) of days in [from, to) that are (or are not) in <paramref name="days"/>.</summary>
    private static List<(DateOnly Start, DateOnly End)> Runs(DateOnly from, DateOnly to, HashSet<DateOnly> days, bool inRolled)
    {
        var runs = new List<(DateOnly, DateOnly)>();
        DateOnly? start = null;
        for (var day = from; day < to; day = day.AddDays(1))
        {
            var member = days.Contains(day) == inRolled;
            if (member && start is null)
            {
                start = day;
            }
            else if (!member && start is { } s)
            {
                runs.Add((s, day));
                start = null;
            }
        }

        if (start is { } open && open < to)
        {
            runs.Add((open, to));
        }

        return runs;
    }

    /// <summary><c>Day</c> in any of the runs, as one SQL condition.</summary>
    private static Expression<Func<StepDayFigures, bool>> InRuns(List<(DateOnly Start, DateOnly End)> runs)
    {
        var f = Expression.Parameter(typeof(StepDayFigures), "f");
        var day = Expression.Property(f, nameof(StepDayFigures.Day));
        Expression? any = null;
        foreach (var (start, end) in runs)
        {
            var inRun = Expression.AndAlso(
                Expression.GreaterThanOrEqual(day, Expression.Constant(start)),
                Expression.LessThan(day, Expression.Constant(end)));
            any = any is null ? inRun : Expression.OrElse(any, inRun);
        }

        return Expression.Lambda<Func<StepDayFigures, bool>>(any!, f);
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    [LoggerMessage(Level = LogLevel.Information, Message = "Step roll-up of office {OfficeId} for {Day} was written by another node")]
    private partial void LogRolledElsewhere(int officeId, DateOnly day);
}
