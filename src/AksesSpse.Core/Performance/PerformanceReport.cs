using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Performance;

/// <summary>
/// The heads' dashboard (issue #10 §4, docs/adr/0024): for one office and a filter, per SOP and per step the steps completed
/// in the period and how many on time, the average time against the standard, the 12-month trend of the on-time share, the
/// open work overdue now and the deviations per performer; and the requests behind any of those counts. Every figure is
/// aggregated in SQL (GROUP BY with conditional sums over month ranges computed here in the office's zone): no step row is
/// loaded, so it holds at millions of steps.
/// </summary>
public sealed class PerformanceReport(AppDbContext db, OfficeCalendar calendar, TimeProvider time) // see docs/adr/0024
{
    public const int PageSize = 20;

    /// <summary>How many months the trend shows, ending with the period's last month.</summary>
    public const int TrendMonths = 12;

    /// <summary>
    /// One step of one request of the office, as the dashboard reads it. <see cref="Timed"/>: the step has a fixed time
    /// standard and is done by a person, so it can be on time or late; "N/A" and "as needed" standards and the steps the
    /// app runs itself are not.
    /// </summary>
    private sealed class StepFact
    {
        public int RequestId { get; init; }
        public SopKind Sop { get; init; }
        public IntakeChannel Channel { get; init; }
        public int StepNumber { get; init; }
        public string ActorRole { get; init; } = "";
        public string Activity { get; init; } = "";
        public TimeStandardKind StandardKind { get; init; }
        public int? StandardValue { get; init; }
        public bool Timed { get; init; }
        public DateTime? CompletedAt { get; init; }
        public DateTime? DueAt { get; init; }
        public bool IsLate { get; init; }
        public long? ElapsedSeconds { get; init; }
        public string? PerformerUserId { get; init; }
        public string? PerformerName { get; init; }
    }

    private sealed class StepGroup
    {
        public SopKind Sop { get; init; }
        public int StepNumber { get; init; }
        public TimeStandardKind StandardKind { get; init; }
        public int? StandardValue { get; init; }
        public string? Activity { get; init; }
        public string? ActorRole { get; init; }
        public int Completed { get; init; }
        public int Timed { get; init; }
        public int OnTime { get; init; }
        public int Deviations { get; init; }
        public long? ElapsedSum { get; init; }
        public int ElapsedCount { get; init; }
    }

    /// <summary>Everything the dashboard shows for the office and filter.</summary>
    public async Task<PerformanceSummary> SummarizeAsync(int officeId, PerformanceFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var clock = await calendar.ForOfficeAsync(officeId, ct);
        var (from, to) = Range(filter.From, filter.To.AddMonths(1), clock.Zone);
        var now = time.GetUtcNow().UtcDateTime;

        var steps = await StepsAsync(officeId, filter, from, to, ct);
        var sops = steps.GroupBy(s => s.Sop).OrderBy(g => (int)g.Key)
            .Select(g => new SopFigures(g.Key, g.Sum(s => s.Completed), g.Sum(s => s.Timed), g.Sum(s => s.OnTime), g.Sum(s => s.Deviations)))
            .ToList();
        var (overall, perSop) = await TrendAsync(officeId, filter, clock.Zone, ct);
        var overdue = await OverdueNowAsync(officeId, filter, now, ct);
        var byRole = overdue.GroupBy(o => o.ActorRole).Select(g => new RoleOverdue(g.Key, g.Sum(o => o.Count)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.ActorRole, StringComparer.Ordinal).ToList();
        var performers = await DeviationsPerPerformerAsync(officeId, filter, from, to, ct);
        return new PerformanceSummary(filter, now, sops, steps, overall, perSop, overdue, byRole, performers);
    }

    /// <summary>The office's steps as facts, narrowed by the filter's SOP, step, performer and channel (not by time).</summary>
    private IQueryable<StepFact> Facts(int officeId, PerformanceFilter filter, bool withPerformer = true)
    {
        var query = from s in db.RequestSteps
                    join r in db.AccessRequests on s.AccessRequestId equals r.Id
                    where r.OfficeId == officeId
                    select new StepFact
                    {
                        RequestId = r.Id,
                        Sop = r.Kind,
                        Channel = r.Channel,
                        StepNumber = s.StepNumber,
                        ActorRole = s.ActorRole,
                        Activity = s.Activity,
                        StandardKind = s.StandardKind,
                        StandardValue = s.StandardValue,
                        Timed = (s.StandardKind == TimeStandardKind.Minutes || s.StandardKind == TimeStandardKind.WorkingDays) && s.StandardValue > 0 &&
                                s.Kind != StepKind.RequestCompletion && s.Kind != StepKind.RejectionNotice,
                        CompletedAt = s.CompletedAt,
                        DueAt = s.DueAt,
                        IsLate = s.IsLate,
                        ElapsedSeconds = s.ElapsedSeconds,
                        PerformerUserId = s.PerformerUserId,
                        PerformerName = s.PerformerName,
                    };
        if (filter.Sop is { } sop)
        {
            query = query.Where(f => f.Sop == sop);
        }

        if (filter.StepNumber is { } number)
        {
            query = query.Where(f => f.StepNumber == number);
        }

        if (filter.Channel is { } channel)
        {
            query = query.Where(f => f.Channel == channel);
        }

        if (withPerformer && filter.PerformerUserId is { } performer)
        {
            query = query.Where(f => f.PerformerUserId == performer);
        }

        return query;
    }

    private async Task<List<StepFigures>> StepsAsync(int officeId, PerformanceFilter filter, DateTime from, DateTime to, CancellationToken ct)
    {
        var groups = await Facts(officeId, filter)
            .Where(f => f.CompletedAt >= from && f.CompletedAt < to)
            .GroupBy(f => new { f.Sop, f.StepNumber, f.StandardKind, f.StandardValue })
            .Select(g => new StepGroup
            {
                Sop = g.Key.Sop,
                StepNumber = g.Key.StepNumber,
                StandardKind = g.Key.StandardKind,
                StandardValue = g.Key.StandardValue,
                Activity = g.Max(f => f.Activity),
                ActorRole = g.Max(f => f.ActorRole),
                Completed = g.Count(),
                Timed = g.Sum(f => f.Timed ? 1 : 0),
                OnTime = g.Sum(f => f.Timed && !f.IsLate ? 1 : 0),
                ElapsedSum = g.Sum(f => f.Timed ? f.ElapsedSeconds : null),
                ElapsedCount = g.Sum(f => f.Timed && f.ElapsedSeconds != null ? 1 : 0),
            })
            .AsNoTracking()
            .ToListAsync(ct);
        var deviations = await Ledger(officeId, filter, from, to)
            .GroupBy(d => new { d.SopKind, d.StepNumber })
            .Select(g => new { g.Key.SopKind, g.Key.StepNumber, Count = g.Count() })
            .ToDictionaryAsync(g => (g.SopKind, g.StepNumber), g => g.Count, ct);
        var ordered = groups.OrderBy(g => (int)g.Sop).ThenBy(g => g.StepNumber).ThenBy(g => g.StandardKind).ThenBy(g => g.StandardValue).ToList();
        return
        [
            // A step whose standard changed between SOP versions has a row per standard; its ledger records go on the first.
            .. ordered.Select((g, i) => new StepFigures(g.Sop, g.StepNumber, g.Activity ?? "", g.ActorRole ?? "", new TimeStandard(g.StandardKind, g.StandardValue),
                g.Completed, g.Timed, g.OnTime,
                i > 0 && ordered[i - 1].Sop == g.Sop && ordered[i - 1].StepNumber == g.StepNumber ? 0 : deviations.GetValueOrDefault((g.Sop, g.StepNumber)),
                g.ElapsedCount == 0 ? null : (long)Math.Round((double)(g.ElapsedSum ?? 0) / g.ElapsedCount))),
        ];
    }

    /// <summary>
    /// The on-time share per month over the 12 months ending with the period's last month, per SOP and overall: one query
    /// grouped by SOP and month, the month found by comparing with the months' UTC bounds computed here in the office's
    /// zone (no SQL date functions).
    /// </summary>
    private async Task<(TrendLine Overall, IReadOnlyList<TrendLine> PerSop)> TrendAsync(int officeId, PerformanceFilter filter, TimeZoneInfo zone,
        CancellationToken ct)
    {
        var first = filter.To.AddMonths(1 - TrendMonths);
        var months = Enumerable.Range(0, TrendMonths).Select(first.AddMonths).ToList();
        var b = Enumerable.Range(0, TrendMonths + 1).Select(i => first.AddMonths(i).StartUtc(zone)).ToArray();
        DateTime b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4], b5 = b[5], b6 = b[6], b7 = b[7], b8 = b[8], b9 = b[9], b10 = b[10], b11 = b[11],
            b12 = b[12];
        // One CASE per row gives the month's index (0 = the first month), then GROUP BY SOP and month: cheaper per row than
        // a conditional sum per month when a year of a province's steps is read.
        var rows = await Facts(officeId, filter)
            .Where(f => f.Timed && f.CompletedAt >= b0 && f.CompletedAt < b12)
            .Select(f => new
            {
                f.Sop,
                f.IsLate,
                Bucket = f.CompletedAt < b1 ? 0 : f.CompletedAt < b2 ? 1 : f.CompletedAt < b3 ? 2 : f.CompletedAt < b4 ? 3 : f.CompletedAt < b5 ? 4 :
                    f.CompletedAt < b6 ? 5 : f.CompletedAt < b7 ? 6 : f.CompletedAt < b8 ? 7 : f.CompletedAt < b9 ? 8 : f.CompletedAt < b10 ? 9 :
                    f.CompletedAt < b11 ? 10 : 11,
            })
            .GroupBy(f => new { f.Sop, f.Bucket })
            .Select(g => new { g.Key.Sop, g.Key.Bucket, Timed = g.Count(), OnTime = g.Sum(f => f.IsLate ? 0 : 1) })
            .AsNoTracking()
            .ToListAsync(ct);

        var perSop = rows.GroupBy(r => r.Sop).OrderBy(g => (int)g.Key)
            .Select(g =>
            {
                var timed = new int[TrendMonths];
                var onTime = new int[TrendMonths];
                foreach (var r in g)
                {
                    timed[r.Bucket] += r.Timed;
                    onTime[r.Bucket] += r.OnTime;
                }

                return new TrendLine(g.Key, [.. months.Select((m, i) => new MonthShare(m, timed[i], onTime[i]))]);
            })
            .ToList();
        var overall = new TrendLine(null, [.. months.Select((m, i) => new MonthShare(m, perSop.Sum(l => l.Months[i].Timed), perSop.Sum(l => l.Months[i].OnTime)))]);
        return (overall, perSop);
    }

    /// <summary>
    /// Open steps past their deadline at <paramref name="nowUtc"/>, per SOP step and actor role. An open step has no performer
    /// yet, so the performer filter does not narrow it (the page says so).
    /// </summary>
    private async Task<List<OverdueFigures>> OverdueNowAsync(int officeId, PerformanceFilter filter, DateTime nowUtc, CancellationToken ct)
    {
        var groups = await Facts(officeId, filter, withPerformer: false)
            .Where(f => f.CompletedAt == null && f.DueAt != null && f.DueAt < nowUtc)
            .GroupBy(f => new { f.Sop, f.StepNumber, f.ActorRole })
            .Select(g => new { g.Key.Sop, g.Key.StepNumber, g.Key.ActorRole, Activity = g.Max(f => f.Activity), Count = g.Count() })
            .AsNoTracking()
            .ToListAsync(ct);
        return [.. groups.OrderBy(g => (int)g.Sop).ThenBy(g => g.StepNumber).Select(g => new OverdueFigures(g.Sop, g.StepNumber, g.Activity ?? "", g.ActorRole, g.Count))];
    }

    /// <summary>
    /// The deviation ledger's records of kelengkapan and output (docs/adr/0025) in the period, narrowed like the steps. A late
    /// step is counted as late from the step log (its time record in the ledger says the same), so it is not counted twice.
    /// </summary>
    private IQueryable<Accountability.StepDeviation> Ledger(int officeId, PerformanceFilter filter, DateTime from, DateTime to) =>
        LedgerRecords(db, officeId, filter, from, to).Where(d => d.Kind != Accountability.DeviationKind.Time);

    /// <summary>The ledger's records of the office in [from, to), narrowed by the filter's SOP, step, channel and performer.</summary>
    public static IQueryable<Accountability.StepDeviation> LedgerRecords(AppDbContext db, int officeId, PerformanceFilter filter, DateTime from, DateTime to)
    {
        var records = db.StepDeviations.AsNoTracking().Where(d => d.OfficeId == officeId && d.OccurredAt >= from && d.OccurredAt < to);
        if (filter.Sop is { } sop)
        {
            records = records.Where(d => d.SopKind == sop);
        }

        if (filter.StepNumber is { } number)
        {
            records = records.Where(d => d.StepNumber == number);
        }

        if (filter.Channel is { } channel)
        {
            records = records.Where(d => d.Request!.Channel == channel);
        }

        if (filter.PerformerUserId is { } performer)
        {
            records = records.Where(d => d.PerformerUserId == performer);
        }

        return records;
    }

    /// <summary>
    /// Deviations per performer in the period: the steps each person completed, how many of them late, and their kelengkapan
    /// and output records in the deviation ledger (a performer with a record but no step completed in the period is listed too).
    /// </summary>
    private async Task<List<PerformerFigures>> DeviationsPerPerformerAsync(int officeId, PerformanceFilter filter, DateTime from, DateTime to,
        CancellationToken ct)
    {
        var groups = await Facts(officeId, filter)
            .Where(f => f.CompletedAt >= from && f.CompletedAt < to && f.PerformerUserId != null)
            .GroupBy(f => f.PerformerUserId)
            .Select(g => new
            {
                UserId = g.Key,
                Name = g.Max(f => f.PerformerName),
                Completed = g.Count(),
                Late = g.Sum(f => f.IsLate ? 1 : 0),
            })
            .AsNoTracking()
            .ToListAsync(ct);
        var deviations = await Ledger(officeId, filter, from, to).Where(d => d.PerformerUserId != null)
            .GroupBy(d => d.PerformerUserId)
            .Select(g => new { UserId = g.Key, Name = g.Max(d => d.PerformerName), Count = g.Count() })
            .ToListAsync(ct);
        var counts = deviations.ToDictionary(d => d.UserId!, d => d.Count, StringComparer.Ordinal);
        return
        [
            .. groups.Select(g => new PerformerFigures(g.UserId!, g.Name ?? "", g.Completed, g.Late, counts.GetValueOrDefault(g.UserId!)))
                .Concat(deviations.Where(d => groups.All(g => g.UserId != d.UserId)).Select(d => new PerformerFigures(d.UserId!, d.Name ?? "", 0, 0, d.Count)))
                .OrderByDescending(p => p.Late + p.Deviations).ThenBy(p => p.PerformerName, StringComparer.Ordinal),
        ];
    }

    /// <summary>
    /// The requests of the office behind one count of the dashboard, newest first, one page: every request with at least one
    /// step that the filter and the clicked measure select.
    /// </summary>
    public async Task<PagedResult<PerformanceRequestRow>> RequestsAsync(int officeId, PerformanceFilter filter, PerformanceDrillDown drill, int page,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(drill);
        var clock = await calendar.ForOfficeAsync(officeId, ct);
        var (from, to) = drill.Month is { } month ? Range(month, month.AddMonths(1), clock.Zone) : Range(filter.From, filter.To.AddMonths(1), clock.Zone);
        var now = time.GetUtcNow().UtcDateTime;

        var facts = Facts(officeId, filter, withPerformer: drill.Measure != PerformanceMeasure.OverdueNow);
        if (drill.ActorRole is { } role)
        {
            facts = facts.Where(f => f.ActorRole == role);
        }

        facts = drill.Measure switch
        {
            PerformanceMeasure.OverdueNow => facts.Where(f => f.CompletedAt == null && f.DueAt != null && f.DueAt < now),
            PerformanceMeasure.Timed => facts.Where(f => f.CompletedAt >= from && f.CompletedAt < to && f.Timed),
            PerformanceMeasure.OnTime => facts.Where(f => f.CompletedAt >= from && f.CompletedAt < to && f.Timed && !f.IsLate),
            PerformanceMeasure.Late => facts.Where(f => f.CompletedAt >= from && f.CompletedAt < to && f.IsLate),
            _ => facts.Where(f => f.CompletedAt >= from && f.CompletedAt < to),
        };

        var recorded = Ledger(officeId, filter, from, to);
        if (drill.ActorRole is { } recordRole)
        {
            recorded = recorded.Where(d => d.ActorRole == recordRole);
        }

        var ids = drill.Measure == PerformanceMeasure.Deviation ? recorded.Select(d => d.AccessRequestId) : facts.Select(f => f.RequestId);
        var requests = db.AccessRequests.AsNoTracking().Where(r => r.OfficeId == officeId && ids.Contains(r.Id));
        var total = await requests.CountAsync(ct);
        var pageCount = Math.Max(1, (int)Math.Ceiling(total / (double)PageSize));
        page = Math.Clamp(page, 1, pageCount);
        var rows = await requests.OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(r => new PerformanceRequestRow(r.Id, r.Number, r.Kind, r.Type, r.ApplicantName, r.Channel, r.Outcome, r.SubmittedAt, r.ClosedAt))
            .ToListAsync(ct);
        return new PagedResult<PerformanceRequestRow>(rows, page, PageSize, total);
    }

    /// <summary>The office's staff (everyone but applicants), for the performer filter.</summary>
    public async Task<IReadOnlyList<PerformerOption>> PerformersAsync(int officeId, CancellationToken ct) =>
        await (from u in db.Users
               where u.OfficeId == officeId &&
                     (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id && r.Name != Roles.Pemohon select ur).Any()
               orderby u.FullName
               select new PerformerOption(u.Id, u.FullName))
            .AsNoTracking()
            .ToListAsync(ct);

    /// <summary>Today's month at the office: the dashboard's default period.</summary>
    public async Task<Month> CurrentMonthAsync(int officeId, CancellationToken ct) => Month.Of(await calendar.TodayAsync(officeId, ct));

    private static (DateTime From, DateTime To) Range(Month from, Month toExclusive, TimeZoneInfo zone) => (from.StartUtc(zone), toExclusive.StartUtc(zone));
}
