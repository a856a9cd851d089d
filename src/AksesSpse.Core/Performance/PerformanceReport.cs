using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace AksesSpse.Core.Performance;

/// <summary>
/// The heads' dashboard (issue #10 §4, docs/adr/0024): for one office and a filter, per SOP and per step the steps completed
/// in the period and how many on time, the average time against the standard, the 12-month trend of the on-time share, the
/// open work overdue now and the deviations per staff member; and the requests behind any of those counts. The completed
/// steps and ledger records are read from the daily roll-ups, today and any day not rolled up yet from the step log with
/// the same sums (<see cref="StepRollups"/>, docs/adr/0026); the open work from an index of the open steps. No step row is
/// loaded, so it holds at millions of steps.
/// </summary>
public sealed class PerformanceReport(AppDbContext db, OfficeCalendar calendar, StepRollups rollups, TimeProvider time, IMemoryCache cache) // see docs/adr/0024
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

    /// <summary>Everything the dashboard shows for the office and filter.</summary>
    public async Task<PerformanceSummary> SummarizeAsync(int officeId, PerformanceFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var clock = await calendar.ForOfficeAsync(officeId, ct);
        var now = time.GetUtcNow().UtcDateTime;

        // One read of the daily roll-ups (and today, live) for the period and the trend's 12 months, per month (docs/adr/0026).
        var trendFirst = filter.To.AddMonths(1 - TrendMonths);
        var rows = await rollups.ReadAsync(officeId, filter, filter.From < trendFirst ? filter.From : trendFirst, filter.To, clock.Zone, ct);
        int periodFrom = StepDayFigures.MonthKeyOf(filter.From), periodTo = StepDayFigures.MonthKeyOf(filter.To);
        var period = rows.Where(r => r.MonthKey >= periodFrom && r.MonthKey <= periodTo).ToList();

        var steps = Steps(period);
        var sops = steps.GroupBy(s => s.Sop).OrderBy(g => (int)g.Key)
            .Select(g => new SopFigures(g.Key, g.Sum(s => s.Completed), g.Sum(s => s.Timed), g.Sum(s => s.OnTime), g.Sum(s => s.Deviations)))
            .ToList();
        var (overall, perSop) = Trend(rows, trendFirst);
        // Open work overdue now, shared for a minute like today's figures (StepRollups.LiveLifetime).
        var overdue = await Common.RefreshAhead.GetAsync(cache, (nameof(OverdueNowAsync), officeId, filter.Sop, filter.StepNumber, filter.Channel), now,
            StepRollups.LiveLifetime, TimeSpan.FromMinutes(10), () => OverdueNowAsync(officeId, filter, now, CancellationToken.None));
        var byRole = overdue.GroupBy(o => o.ActorRole).Select(g => new RoleOverdue(g.Key, g.Sum(o => o.Count)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.ActorRole, StringComparer.Ordinal).ToList();
        var performers = Performers(period);
        return new PerformanceSummary(filter, now, sops, steps, overall, perSop, overdue, byRole, performers);
    }

    private static string MaxText(IEnumerable<string?> texts) => texts.Where(t => t is not null).Max(StringComparer.Ordinal) ?? "";

    /// <summary>Per SOP step and standard (a step whose standard changed between SOP versions has a row per standard).</summary>
    private static List<StepFigures> Steps(List<StepFigureRow> period) =>
    [
        .. period.GroupBy(r => (r.Sop, r.StepNumber, r.StandardKind, r.StandardValue))
            .OrderBy(g => (int)g.Key.Sop).ThenBy(g => g.Key.StepNumber).ThenBy(g => g.Key.StandardKind).ThenBy(g => g.Key.StandardValue)
            .Select(g =>
            {
                var elapsedCount = g.Sum(r => r.ElapsedCount);
                return new StepFigures(g.Key.Sop, g.Key.StepNumber, MaxText(g.Select(r => r.Activity)), MaxText(g.Select(r => r.ActorRole)),
                    new TimeStandard(g.Key.StandardKind, g.Key.StandardValue), g.Sum(r => r.Completed), g.Sum(r => r.Timed), g.Sum(r => r.OnTime),
                    g.Sum(r => r.Recorded), elapsedCount == 0 ? null : (long)Math.Round((double)g.Sum(r => r.ElapsedSum) / elapsedCount));
            }),
    ];

    /// <summary>The on-time share per month over the 12 months from <paramref name="first"/>, per SOP and overall.</summary>
    private static (TrendLine Overall, IReadOnlyList<TrendLine> PerSop) Trend(List<StepFigureRow> rows, Month first)
    {
        var months = Enumerable.Range(0, TrendMonths).Select(first.AddMonths).ToList();
        var index = months.Select((m, i) => (Key: StepDayFigures.MonthKeyOf(m), i)).ToDictionary(x => x.Key, x => x.i);
        var perSop = rows.Where(r => r.Timed > 0 && index.ContainsKey(r.MonthKey)).GroupBy(r => r.Sop).OrderBy(g => (int)g.Key)
            .Select(g =>
            {
                var timed = new int[TrendMonths];
                var onTime = new int[TrendMonths];
                foreach (var r in g)
                {
                    timed[index[r.MonthKey]] += r.Timed;
                    onTime[index[r.MonthKey]] += r.OnTime;
                }

                return new TrendLine(g.Key, [.. months.Select((m, i) => new MonthShare(m, timed[i], onTime[i]))]);
            })
            .ToList();
        var overall = new TrendLine(null, [.. months.Select((m, i) => new MonthShare(m, perSop.Sum(l => l.Months[i].Timed), perSop.Sum(l => l.Months[i].OnTime)))]);
        return (overall, perSop);
    }

    /// <summary>
    /// Per staff member in the period: the steps they completed, how many late, and their kelengkapan and output records in
    /// the deviation ledger (a member with a record but no step completed in the period is listed too). The applicant's own
    /// steps are nobody's on the staff.
    /// </summary>
    private static List<PerformerFigures> Performers(List<StepFigureRow> period) =>
    [
        .. period.Where(r => r.PerformerUserId is not null).GroupBy(r => r.PerformerUserId!, StringComparer.Ordinal)
            .Select(g => new PerformerFigures(g.Key, MaxText(g.Select(r => r.PerformerName)), g.Sum(r => r.Completed), g.Sum(r => r.Late), g.Sum(r => r.Recorded)))
            .Where(p => p.Completed > 0 || p.Deviations > 0)
            .OrderByDescending(p => p.Late + p.Deviations).ThenBy(p => p.PerformerName, StringComparer.Ordinal),
    ];

    /// <summary>
    /// Open steps past their deadline at <paramref name="nowUtc"/>, per SOP step and actor role. An open step has no performer
    /// yet, so the performer filter does not narrow it (the page says so). The steps are found by their SOP step (each SOP
    /// version is one office's), from the index on (CompletedAt, DueAt, SopStepId, ActorRole) alone; only a channel filter
    /// reads the requests.
    /// </summary>
    private async Task<List<OverdueFigures>> OverdueNowAsync(int officeId, PerformanceFilter filter, DateTime nowUtc, CancellationToken ct)
    {
        var sopSteps = await (from st in db.SopSteps
                              join d in db.SopDefinitions on st.SopDefinitionId equals d.Id
                              where d.OfficeId == officeId
                              select new { st.Id, d.Kind, st.Number, st.Activity })
            .AsNoTracking()
            .ToListAsync(ct);
        var wanted = sopSteps.Where(st => (filter.Sop is not { } sop || st.Kind == sop) && (filter.StepNumber is not { } number || st.Number == number))
            .ToDictionary(st => st.Id);
        if (wanted.Count == 0)
        {
            return [];
        }

        var ids = wanted.Keys.ToList();
        var open = db.RequestSteps.Where(s => s.CompletedAt == null && s.DueAt != null && s.DueAt < nowUtc && ids.Contains(s.SopStepId));
        if (filter.Channel is { } channel)
        {
            open = from s in open
                   join r in db.AccessRequests on s.AccessRequestId equals r.Id
                   where r.OfficeId == officeId && r.Channel == channel
                   select s;
        }

        var groups = await open.GroupBy(s => new { s.SopStepId, s.ActorRole })
            .Select(g => new { g.Key.SopStepId, g.Key.ActorRole, Count = g.Count() })
            .AsNoTracking()
            .ToListAsync(ct);
        return
        [
            .. groups.Select(g => (Step: wanted[g.SopStepId], g.ActorRole, g.Count))
                .GroupBy(g => (g.Step.Kind, g.Step.Number, g.ActorRole))
                .OrderBy(g => (int)g.Key.Kind).ThenBy(g => g.Key.Number).ThenBy(g => g.Key.ActorRole, StringComparer.Ordinal)
                .Select(g => new OverdueFigures(g.Key.Kind, g.Key.Number, MaxText(g.Select(x => x.Step.Activity)), g.Key.ActorRole, g.Sum(x => x.Count))),
        ];
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
                        // As in the roll-ups: the applicant's own steps are nobody's on the staff.
                        PerformerUserId = s.ActorRole == Roles.Pemohon ? null : s.PerformerUserId,
                        PerformerName = s.ActorRole == Roles.Pemohon ? null : s.PerformerName,
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
