using AksesSpse.Core.Offices;
using AksesSpse.Core.Performance;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AksesSpse.Web.Tests.Performance;

/// <summary>
/// The dashboard's daily roll-ups (issue #10 §5, docs/adr/0026) on the hand-counted <see cref="DashboardFixture"/>: the
/// figures are the same before and after the days are rolled up (every filter), the rolled-up rows are what is read, today
/// is read live, a second run and a second node add nothing, and a day whose bounds moved with the office's zone is summed
/// again.
/// </summary>
public sealed class StepRollupTests
{
    private static readonly Month November = new(2026, 11);
    private static readonly Month October = new(2026, 10);

    private static async Task<PerformanceSummary> SummarizeAsync(AppFactory factory, int officeId, PerformanceFilter filter)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PerformanceReport>().SummarizeAsync(officeId, filter, CancellationToken.None);
    }

    private static async Task<int> RollUpAsync(AppFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StepRollups>().RollUpAsync(5000, CancellationToken.None);
    }

    /// <summary>Every figure of a summary, as one comparable text.</summary>
    private static string Figures(PerformanceSummary s) => string.Join("\n",
    [
        $"total {s.Completed} {s.Timed} {s.OnTime} overdue {s.OverdueNow}",
        .. s.Sops.Select(x => $"sop {x.Sop} {x.Completed} {x.Timed} {x.OnTime} {x.Deviations}"),
        .. s.Steps.Select(x => $"step {x.Sop} {x.StepNumber} {x.Standard} {x.ActorRole} {x.Completed} {x.Timed} {x.OnTime} {x.Deviations} {x.AverageSeconds}"),
        .. s.Overall.Months.Select(m => $"trend {m.Month} {m.Timed} {m.OnTime}"),
        .. s.TrendPerSop.SelectMany(l => l.Months.Select(m => $"trend {l.Sop} {m.Month} {m.Timed} {m.OnTime}")),
        .. s.Overdue.Select(o => $"overdue {o.Sop} {o.StepNumber} {o.ActorRole} {o.Count}"),
        .. s.Performers.Select(p => $"performer {p.PerformerUserId} {p.PerformerName} {p.Completed} {p.Late} {p.Deviations}"),
    ]);

    private static PerformanceFilter[] Filters(DashboardFixture fx) =>
    [
        PerformanceFilter.ForMonth(November),
        PerformanceFilter.ForMonth(October),
        new(October, November),
        PerformanceFilter.ForMonth(November) with { Channel = IntakeChannel.WalkIn },
        PerformanceFilter.ForMonth(November) with { Sop = SopKind.PasswordReset, StepNumber = 2 },
        new(October, November, PerformerUserId: fx.P1),
        new(October, November, Sop: SopKind.AccessActivation),
    ];

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Rolled_up_days_give_the_same_figures_as_the_step_log_and_are_what_is_read(DatabaseKind database)
    {
        await using var factory = await DashboardFixture.AppAsync(database);
        var fx = await DashboardFixture.SeedAsync(factory);
        var filters = Filters(fx);
        var live = new List<string>();
        foreach (var filter in filters)
        {
            live.Add(Figures(await SummarizeAsync(factory, fx.OfficeId, filter)));
        }

        // Now is 1 December 09.00 WIB: every day from the first completed step (15 October) to 30 November is closed, for
        // both offices.
        var days = await RollUpAsync(factory);
        Assert.Equal(days, await factory.WithDbAsync(db => db.StepDayRollups.CountAsync()));
        Assert.True(days >= 2 * 47, $"{days} office-days rolled up"); // the demo office and Batang, at least
        var (markers, novemberRows) = await factory.WithDbAsync(async db => (
            await db.StepDayRollups.CountAsync(m => m.OfficeId == fx.OfficeId),
            await db.StepDayFigures.Where(f => f.OfficeId == fx.OfficeId && f.MonthKey == 202611).SumAsync(f => f.Completed)));
        Assert.Equal(47, markers); // 15 October to 30 November
        Assert.Equal(8, novemberRows);
        Assert.Equal(0, await RollUpAsync(factory)); // nothing left to roll up

        for (var i = 0; i < filters.Length; i++)
        {
            Assert.Equal(live[i], Figures(await SummarizeAsync(factory, fx.OfficeId, filters[i])));
        }

        // The rolled-up rows are what the dashboard reads: a row changed behind its back shows.
        await factory.WithDbAsync(async db =>
        {
            var row = await db.StepDayFigures.FirstAsync(f => f.OfficeId == fx.OfficeId && f.MonthKey == 202611 && f.Completed > 0);
            row.Completed += 100;
            await db.SaveChangesAsync();
            return 0;
        });
        Assert.Equal(108, (await SummarizeAsync(factory, fx.OfficeId, PerformanceFilter.ForMonth(November))).Completed);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Today_is_read_live_and_a_day_whose_bounds_moved_with_the_zone_is_summed_again(DatabaseKind database)
    {
        await using var factory = await DashboardFixture.AppAsync(database);
        var fx = await DashboardFixture.SeedAsync(factory);
        await RollUpAsync(factory);

        // A step completed today (1 December, 08.30 WIB) is in December's figures at once, before any roll-up.
        await factory.WithDbAsync(async db =>
        {
            var request = await db.AccessRequests.Include(r => r.Steps).SingleAsync(r => r.Id == fx.Requests["R2"]);
            var open = request.Steps.Single(s => s.CompletedAt == null);
            open.CompletedAt = new DateTime(2026, 12, 1, 1, 30, 0, DateTimeKind.Utc);
            open.IsLate = true;
            open.ElapsedSeconds = 90_000;
            open.PerformerUserId = fx.P2;
            open.PerformerName = fx.P2Name;
            await db.SaveChangesAsync();
            return 0;
        });
        var december = await SummarizeAsync(factory, fx.OfficeId, PerformanceFilter.ForMonth(new Month(2026, 12)));
        Assert.Equal((1, 1, 0, 0), (december.Completed, december.Timed, december.OnTime, december.OverdueNow));
        Assert.Equal((fx.P2, 1, 1), (december.Performers.Single().PerformerUserId, december.Performers.Single().Completed, december.Performers.Single().Late));
        Assert.Equal(0, await RollUpAsync(factory)); // today is not closed

        // The office moves to WITA: R5's step of 31 October 16.00 UTC is now 1 November 00.00, November's. The days rolled
        // up in WIB no longer match, so they are read from the step log until they are summed again.
        await factory.WithDbAsync(async db =>
        {
            var office = await db.Offices.SingleAsync(o => o.Id == fx.OfficeId);
            office.TimeZoneId = "Asia/Makassar";
            await db.SaveChangesAsync();
            return 0;
        });
        using (var scope = factory.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<OfficeCalendar>().Forget(fx.OfficeId);
        }

        var novemberWita = await SummarizeAsync(factory, fx.OfficeId, PerformanceFilter.ForMonth(November));
        Assert.Equal((9, 6, 3), (novemberWita.Completed, novemberWita.Timed, novemberWita.OnTime));
        Assert.True(await RollUpAsync(factory) >= 47);
        Assert.Equal(Figures(novemberWita), Figures(await SummarizeAsync(factory, fx.OfficeId, PerformanceFilter.ForMonth(November))));
        var witaStart = await factory.WithDbAsync(db => db.StepDayRollups.Where(m => m.OfficeId == fx.OfficeId && m.Day == new DateOnly(2026, 11, 1))
            .Select(m => m.StartUtc).SingleAsync());
        Assert.Equal(new DateTime(2026, 10, 31, 16, 0, 0), witaStart);
    }

    [Fact]
    public async Task Two_nodes_rolling_up_at_once_write_each_day_once()
    {
        await using var factory = await DashboardFixture.AppAsync(DatabaseKind.PostgreSql);
        var fx = await DashboardFixture.SeedAsync(factory);
        var before = Figures(await SummarizeAsync(factory, fx.OfficeId, new PerformanceFilter(October, November)));

        var runs = await Task.WhenAll(RollUpAsync(factory), RollUpAsync(factory));
        var (markers, duplicates) = await factory.WithDbAsync(async db => (
            await db.StepDayRollups.CountAsync(m => m.OfficeId == fx.OfficeId),
            await db.StepDayFigures.GroupBy(f => new { f.OfficeId, f.Day, f.Sop, f.Channel, f.StepNumber, f.StandardKind, f.StandardValue, f.ActorRole, f.PerformerUserId })
                .Where(g => g.Count() > 1).CountAsync()));
        Assert.Equal(47, markers);
        Assert.Equal(0, duplicates);
        // Each office-day was written by one of the two: the other found it taken and added nothing.
        Assert.Equal(await factory.WithDbAsync(db => db.StepDayRollups.CountAsync()), runs.Sum());
        Assert.Equal(before, Figures(await SummarizeAsync(factory, fx.OfficeId, new PerformanceFilter(October, November))));
    }

    [Fact]
    public async Task The_scheduler_rolls_up_the_closed_days_on_its_own()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings
        {
            Database = DatabaseKind.Sqlite,
            Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DashboardFixture.Now),
            OutboxWorker = false,
            Scheduler = true,
            Extra = new Dictionary<string, string?> { ["Scheduler:RollupDelaySeconds"] = "0", ["Scheduler:RollupIntervalSeconds"] = "10" },
        });
        var fx = await DashboardFixture.SeedAsync(factory);

        // The job's first run came before the fixture; the next one (10 s later) rolls its days up.
        var markers = 0;
        for (var i = 0; i < 100 && markers < 47; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            markers = await factory.WithDbAsync(db => db.StepDayRollups.CountAsync(m => m.OfficeId == fx.OfficeId));
        }

        Assert.Equal(47, markers);
        Assert.Equal(8, await factory.WithDbAsync(db => db.StepDayFigures.Where(f => f.OfficeId == fx.OfficeId && f.MonthKey == 202611).SumAsync(f => f.Completed)));
    }
}
