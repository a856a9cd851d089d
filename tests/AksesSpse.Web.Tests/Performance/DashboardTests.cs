using System.Net;
using AksesSpse.Core.Performance;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using Sop4Pages = AksesSpse.Web.Tests.Sop4.Sop4;

namespace AksesSpse.Web.Tests.Performance;

/// <summary>
/// The heads' dashboard (issue #10 §4, docs/adr/0024) against the hand-counted <see cref="DashboardFixture"/>: the report's
/// figures on SQLite and PostgreSQL (per SOP, per step, trend, overdue now, per performer; month bounds in office time), the
/// filters, the page's tables, the lists behind the counts (only the office's requests), bad filters answered in Bahasa
/// Indonesia, who may open it, and where the heads land after signing in.
/// </summary>
public sealed class DashboardTests
{
    private static readonly Month November = new(2026, 11);
    private static readonly Month October = new(2026, 10);

    private static async Task<PerformanceSummary> SummarizeAsync(AppFactory factory, int officeId, PerformanceFilter filter)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PerformanceReport>().SummarizeAsync(officeId, filter, CancellationToken.None);
    }

    private static async Task<List<string>> DrillAsync(AppFactory factory, int officeId, PerformanceFilter filter, PerformanceDrillDown drill)
    {
        using var scope = factory.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<PerformanceReport>().RequestsAsync(officeId, filter, drill, 1, CancellationToken.None);
        return [.. result.Items.Select(r => r.Number).Order(StringComparer.Ordinal)];
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Report_figures_match_the_hand_counted_fixture(DatabaseKind database)
    {
        await using var factory = await DashboardFixture.AppAsync(database);
        var fx = await DashboardFixture.SeedAsync(factory);

        var s = await SummarizeAsync(factory, fx.OfficeId, PerformanceFilter.ForMonth(November));
        Assert.Equal((8, 5, 3), (s.Completed, s.Timed, s.OnTime));
        Assert.Equal(0.6, s.OnTimeShare!.Value, 6);

        Assert.Equal([SopKind.AccessActivation, SopKind.PasswordReset], s.Sops.Select(x => x.Sop));
        var sop4 = s.Sops.Single(x => x.Sop == SopKind.PasswordReset);
        Assert.Equal((5, 4, 2, 2, 1), (sop4.Completed, sop4.Timed, sop4.OnTime, sop4.Late, sop4.Deviations));
        var sop2 = s.Sops.Single(x => x.Sop == SopKind.AccessActivation);
        Assert.Equal((3, 1, 1, 0), (sop2.Completed, sop2.Timed, sop2.OnTime, sop2.Deviations));

        // Per step: N/A, "as needed" and the automatic step are completed but not timed.
        var steps = s.Steps.ToDictionary(x => ((int)x.Sop, x.StepNumber));
        Assert.Equal(6, steps.Count);
        Assert.Equal((1, 0, null), (steps[(4, 1)].Completed, steps[(4, 1)].Timed, steps[(4, 1)].OnTimeShare));
        Assert.Equal((3, 3, 2, 1, 1400L), (steps[(4, 2)].Completed, steps[(4, 2)].Timed, steps[(4, 2)].OnTime, steps[(4, 2)].Late, steps[(4, 2)].AverageSeconds));
        Assert.Equal(TimeStandard.Minutes(30), steps[(4, 2)].Standard);
        Assert.Equal(1800L, steps[(4, 2)].StandardSeconds);
        Assert.Equal((1, 1, 0, 5400L, 1), (steps[(4, 3)].Completed, steps[(4, 3)].Timed, steps[(4, 3)].OnTime, steps[(4, 3)].AverageSeconds, steps[(4, 3)].Deviations));
        Assert.Equal((1, 1, 1, 3600L), (steps[(2, 2)].Completed, steps[(2, 2)].Timed, steps[(2, 2)].OnTime, steps[(2, 2)].AverageSeconds));
        Assert.Equal((1, 0, (long?)null), (steps[(2, 6)].Completed, steps[(2, 6)].Timed, steps[(2, 6)].AverageSeconds)); // automatic
        Assert.Equal((1, 0), (steps[(2, 4)].Completed, steps[(2, 4)].Timed)); // as needed

        // The 12 months ending with November 2026, in office time: R2's step of 31-10 18.00 UTC is November's, R5's of
        // 31-10 16.00 UTC is October's.
        Assert.Equal(12, s.Overall.Months.Count);
        Assert.Equal(new Month(2025, 12), s.Overall.Months[0].Month);
        Assert.Equal(November, s.Overall.Months[11].Month);
        Assert.Equal((2, 1), (s.Overall.Months[10].Timed, s.Overall.Months[10].OnTime));
        Assert.Equal((5, 3), (s.Overall.Months[11].Timed, s.Overall.Months[11].OnTime));
        Assert.All(s.Overall.Months.Take(10), m => Assert.Equal((0, (double?)null), (m.Timed, m.OnTimeShare)));
        var trend4 = s.TrendPerSop.Single(l => l.Sop == SopKind.PasswordReset);
        Assert.Equal((2, 1, 4, 2), (trend4.Months[10].Timed, trend4.Months[10].OnTime, trend4.Months[11].Timed, trend4.Months[11].OnTime));
        var trend2 = s.TrendPerSop.Single(l => l.Sop == SopKind.AccessActivation);
        Assert.Equal((0, 1, 1), (trend2.Months[10].Timed, trend2.Months[11].Timed, trend2.Months[11].OnTime));

        // Open work overdue now: R2's step 3 only (R4's step 5 is due later today; R6 is another office's).
        var overdue = Assert.Single(s.Overdue);
        Assert.Equal((SopKind.PasswordReset, 3, "AdminAgency", 1), (overdue.Sop, overdue.StepNumber, overdue.ActorRole, overdue.Count));
        Assert.Equal([new RoleOverdue("AdminAgency", 1)], s.OverdueByRole);

        // Per performer (the other office's late step of P1 is not counted).
        Assert.Equal(2, s.Performers.Count);
        var p1 = s.Performers.Single(p => p.PerformerUserId == fx.P1);
        Assert.Equal((fx.P1Name, 2, 1, 1), (p1.PerformerName, p1.Completed, p1.Late, p1.Deviations));
        var p2 = s.Performers.Single(p => p.PerformerUserId == fx.P2);
        Assert.Equal((3, 1, 0), (p2.Completed, p2.Late, p2.Deviations));

        // October alone: R5's two steps (R2's step, on 1 November WIB, is not October's).
        var october = await SummarizeAsync(factory, fx.OfficeId, PerformanceFilter.ForMonth(October));
        Assert.Equal((2, 2, 1), (october.Completed, october.Timed, october.OnTime));

        // The other office sees only its own request.
        var batang = await SummarizeAsync(factory, fx.OtherOfficeId, PerformanceFilter.ForMonth(November));
        Assert.Equal((1, 1, 0, 1), (batang.Completed, batang.Timed, batang.OnTime, batang.OverdueNow));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Filters_narrow_every_figure_and_the_lists_show_the_right_requests_of_the_office_only(DatabaseKind database)
    {
        await using var factory = await DashboardFixture.AppAsync(database);
        var fx = await DashboardFixture.SeedAsync(factory);
        var nov = PerformanceFilter.ForMonth(November);

        var walkIn = await SummarizeAsync(factory, fx.OfficeId, nov with { Channel = IntakeChannel.WalkIn });
        Assert.Equal((1, 1, 1, 0), (walkIn.Completed, walkIn.Timed, walkIn.OnTime, walkIn.OverdueNow));

        var step2 = await SummarizeAsync(factory, fx.OfficeId, nov with { Sop = SopKind.PasswordReset, StepNumber = 2 });
        Assert.Equal((3, 3, 2), (step2.Completed, step2.Timed, step2.OnTime));
        Assert.Equal([SopKind.PasswordReset], step2.Sops.Select(x => x.Sop));
        Assert.Empty(step2.Overdue); // R2's open step is step 3

        var sop2 = await SummarizeAsync(factory, fx.OfficeId, nov with { Sop = SopKind.AccessActivation });
        Assert.Equal((3, 1, 1, 0), (sop2.Completed, sop2.Timed, sop2.OnTime, sop2.OverdueNow));

        var p1TwoMonths = await SummarizeAsync(factory, fx.OfficeId, new PerformanceFilter(October, November, PerformerUserId: fx.P1));
        Assert.Equal((4, 4, 2), (p1TwoMonths.Completed, p1TwoMonths.Timed, p1TwoMonths.OnTime));
        Assert.Equal(fx.P1, Assert.Single(p1TwoMonths.Performers).PerformerUserId);
        Assert.Equal(1, p1TwoMonths.OverdueNow); // open work has no performer: the performer filter does not narrow it

        string N(string key) => fx.Numbers[key];
        Assert.Equal([N("R1"), N("R2")], await DrillAsync(factory, fx.OfficeId, nov, new PerformanceDrillDown(PerformanceMeasure.Late)));
        Assert.Equal([N("R2")], await DrillAsync(factory, fx.OfficeId, nov, new PerformanceDrillDown(PerformanceMeasure.OverdueNow)));
        Assert.Equal([N("R2")], await DrillAsync(factory, fx.OfficeId, nov, new PerformanceDrillDown(PerformanceMeasure.OverdueNow, ActorRole: "AdminAgency")));
        Assert.Empty(await DrillAsync(factory, fx.OfficeId, nov, new PerformanceDrillDown(PerformanceMeasure.OverdueNow, ActorRole: "HelpdeskLPSE")));
        Assert.Equal([N("R1"), N("R3")],
            await DrillAsync(factory, fx.OfficeId, nov with { Sop = SopKind.PasswordReset, StepNumber = 2 }, new PerformanceDrillDown(PerformanceMeasure.OnTime)));
        Assert.Equal([N("R1")], await DrillAsync(factory, fx.OfficeId, nov, new PerformanceDrillDown(PerformanceMeasure.Deviation)));
        Assert.Equal([N("R2"), N("R3"), N("R4")],
            await DrillAsync(factory, fx.OfficeId, nov with { PerformerUserId = fx.P2 }, new PerformanceDrillDown(PerformanceMeasure.Completed)));
        Assert.Equal([N("R5")], await DrillAsync(factory, fx.OfficeId, nov, new PerformanceDrillDown(PerformanceMeasure.OnTime, Month: October)));
        Assert.Equal([N("R1"), N("R2"), N("R3"), N("R4")], await DrillAsync(factory, fx.OfficeId, nov, new PerformanceDrillDown(PerformanceMeasure.Completed)));
        Assert.Equal([N("R6")], await DrillAsync(factory, fx.OtherOfficeId, nov, new PerformanceDrillDown(PerformanceMeasure.Late)));
    }

    [Fact]
    public async Task The_page_shows_the_figures_and_every_count_opens_the_list_of_its_requests()
    {
        await using var factory = await DashboardFixture.AppAsync(DatabaseKind.Sqlite);
        var fx = await DashboardFixture.SeedAsync(factory);
        using var head = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);

        // The current month (December) is the default: nothing completed yet, R2's step overdue.
        var december = await head.GetPageAsync("/Dasbor");
        Assert.Equal("Dasbor kinerja", Sop4Pages.Text(december.QuerySelector("h1")));
        Assert.Contains("Desember 2026", Sop4Pages.Text(december.QuerySelector("#dashboard-period")));
        Assert.Equal("0", Sop4Pages.Text(december.QuerySelector("#stat-completed")));
        Assert.Equal("1", Sop4Pages.Text(december.QuerySelector("#stat-overdue")));
        Assert.NotNull(december.QuerySelector("#sops-empty"));

        var page = await head.GetPageAsync("/Dasbor?dari=2026-11&sampai=2026-11");
        Assert.Equal("8", Sop4Pages.Text(page.QuerySelector("#stat-completed")));
        Assert.Equal("60,0 %", Sop4Pages.Text(page.QuerySelector("#stat-share")));
        Assert.Equal("2", Sop4Pages.Text(page.QuerySelector("#stat-late")));
        Assert.Contains("N/A", Sop4Pages.Text(page.QuerySelector("#na-note")));
        var sop4 = page.QuerySelector("#sop-table tr[data-sop='4']")!;
        Assert.Equal(("5", "4", "2", "2", "50,0 %", "1"), (Cell(sop4, "num-completed"), Cell(sop4, "num-timed"), Cell(sop4, "num-ontime"),
            Cell(sop4, "num-late"), Cell(sop4, "num-share"), Cell(sop4, "num-deviations")));
        var step42 = page.QuerySelector("#step-table tr[data-sop='4'][data-step='2']")!;
        Assert.Equal(("30 menit", "3", "2", "1", "66,7 %"), (Cell(step42, "num-standard"), Cell(step42, "num-completed"), Cell(step42, "num-ontime"),
            Cell(step42, "num-late"), Cell(step42, "num-share")));
        Assert.StartsWith("23 menit", Cell(step42, "num-average"));
        Assert.Contains("dalam standar", Cell(step42, "num-average"));
        Assert.Equal("tanpa standar waktu", Cell(page.QuerySelector("#step-table tr[data-sop='4'][data-step='1']")!, "num-share"));
        Assert.StartsWith("1 jam 30 menit", Cell(page.QuerySelector("#step-table tr[data-sop='4'][data-step='3']")!, "num-average"));
        Assert.Contains("60,0 % (3 dari 5)", Sop4Pages.Text(page.QuerySelector("#trend-table tr[data-month='2026-11'] .trend-all")));
        Assert.Contains("50,0 % (1 dari 2)", Sop4Pages.Text(page.QuerySelector("#trend-table tr[data-month='2026-10'] .trend-all")));
        Assert.Contains("– (0 dari 0)", Sop4Pages.Text(page.QuerySelector("#trend-table tr[data-month='2026-09'] .trend-all")));
        Assert.Equal("1", Cell(page.QuerySelector("#overdue-table tr[data-sop='4'][data-step='3']")!, "num-overdue"));
        var p1 = page.QuerySelector($"#performer-table tr[data-performer='{fx.P1}']")!;
        Assert.Equal(("2", "1", "1"), (Cell(p1, "num-completed"), Cell(p1, "num-late"), Cell(p1, "num-deviations")));
        Assert.NotNull(page.QuerySelector("#chart-trend"));
        Assert.NotNull(page.QuerySelector("#chart-trend-data"));
        Assert.NotNull(page.QuerySelector("#chart-steps-data"));
        Assert.NotNull(page.QuerySelector("script[src^='/lib/chartjs/chart.umd.min.js']"));

        // Every count is a link to the list behind it; these open the right requests.
        var late = await head.GetPageAsync(page.QuerySelector("#stat-late")!.GetAttribute("href")!);
        Assert.Equal([fx.Numbers["R1"], fx.Numbers["R2"]], Numbers(late));
        Assert.Contains("terlambat", Sop4Pages.Text(late.QuerySelector("#drill-scope")));
        Assert.Equal($"/Prosedur/{fx.Requests["R1"]}", late.QuerySelector($"#drill-table a[href='/Prosedur/{fx.Requests["R1"]}']")?.GetAttribute("href"));
        var onTime42 = await head.GetPageAsync(step42.QuerySelector(".num-ontime a")!.GetAttribute("href")!);
        Assert.Equal([fx.Numbers["R1"], fx.Numbers["R3"]], Numbers(onTime42));
        var overdue = await head.GetPageAsync(page.QuerySelector("#overdue-role-table .num-overdue a")!.GetAttribute("href")!);
        Assert.Equal([fx.Numbers["R2"]], Numbers(overdue));
        var october = await head.GetPageAsync(page.QuerySelector("#trend-table tr[data-month='2026-10'] .trend-all a")!.GetAttribute("href")!);
        Assert.Equal([fx.Numbers["R5"]], Numbers(october));
        var deviations = await head.GetPageAsync(p1.QuerySelector(".num-deviations a")!.GetAttribute("href")!);
        Assert.Equal([fx.Numbers["R1"]], Numbers(deviations));
        Assert.Contains(fx.P1Name, Sop4Pages.Text(deviations.QuerySelector("#drill-scope")));
        foreach (var link in page.QuerySelectorAll("main a[href^='/Dasbor/Permohonan']").Select(a => a.GetAttribute("href")!).Distinct())
        {
            using var response = await head.GetAsync(link);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{link}: {(int)response.StatusCode}");
            Assert.DoesNotContain(fx.Numbers["R6"], await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The filter form narrows the page (walk-in requests only).
        var walkIn = await head.GetPageAsync("/Dasbor?dari=2026-11&sampai=2026-11&saluran=2");
        Assert.Equal("1", Sop4Pages.Text(walkIn.QuerySelector("#stat-completed")));
        Assert.Equal("100,0 %", Sop4Pages.Text(walkIn.QuerySelector("#stat-share")));
        Assert.Equal("2", walkIn.QuerySelector("#Saluran option[selected]")?.GetAttribute("value"));

        // Batang's head sees Batang's request only, and cannot list the demo office's.
        using var other = factory.CreateFormClient();
        await other.SignInAsync("kepala.lpse@batang.contoh.go.id");
        var batang = await other.GetPageAsync("/Dasbor?dari=2026-11&sampai=2026-11");
        Assert.Equal("1", Sop4Pages.Text(batang.QuerySelector("#stat-completed")));
        var batangLate = await other.GetPageAsync("/Dasbor/Permohonan?dari=2026-10&sampai=2026-11&ukuran=terlambat");
        Assert.Equal([fx.Numbers["R6"]], Numbers(batangLate));
    }

    [Theory]
    [InlineData("/Dasbor?dari=2026-13", "Bulan awal tidak dikenali")]
    [InlineData("/Dasbor?dari=kemarin&sampai=2026-11", "Bulan awal tidak dikenali")]
    [InlineData("/Dasbor?dari=2026-11&sampai=2026-10", "Bulan akhir harus sama dengan atau sesudah bulan awal.")]
    [InlineData("/Dasbor?dari=2024-01&sampai=2026-11", "Periode paling panjang 24 bulan.")]
    [InlineData("/Dasbor?sop=9", "SOP tidak dikenali.")]
    [InlineData("/Dasbor?langkah=dua", "Nomor langkah harus berupa angka 1 sampai 50.")]
    [InlineData("/Dasbor?langkah=0", "Nomor langkah harus berupa angka 1 sampai 50.")]
    [InlineData("/Dasbor?saluran=7", "Cara masuk tidak dikenali.")]
    [InlineData("/Dasbor/Permohonan?ukuran=semua", "Jenis hitungan tidak dikenali.")]
    [InlineData("/Dasbor/Permohonan?bulan=2026-1", "Bulan tidak dikenali.")]
    [InlineData("/Dasbor/Permohonan?peran=Raja", "Peran tidak dikenali.")]
    [InlineData("/Dasbor/Permohonan?dari=2026-11&sampai=2026-01", "Bulan akhir harus sama dengan atau sesudah bulan awal.")]
    public async Task A_bad_filter_is_answered_in_Bahasa_Indonesia_without_figures(string url, string message)
    {
        await using var factory = await DashboardFixture.AppAsync(DatabaseKind.Sqlite);
        using var head = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.Auditor);
        using var response = await head.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await FormClient.ParseAsync(response);
        Assert.Contains(message, Sop4Pages.Text(page.QuerySelector("#filter-errors")));
        Assert.Null(page.QuerySelector("#dashboard-stats"));
        Assert.Null(page.QuerySelector("#drill-table"));
    }

    [Fact]
    public async Task Only_the_heads_and_the_auditor_open_it_and_they_land_on_it()
    {
        await using var factory = await DashboardFixture.AppAsync(DatabaseKind.Sqlite);
        foreach (var (email, allowed) in new[]
                 {
                     (DemoUsers.KepalaLpse, true), (DemoUsers.KepalaUkpbj, true), (DemoUsers.Auditor, true), (DemoUsers.AdminAgency, false),
                     (DemoUsers.Helpdesk, false), (DemoUsers.AdminPpe, false), (DemoUsers.Administrator, false), (DemoUsers.Pokja, false),
                 })
        {
            using var client = factory.CreateFormClient();
            await client.SignInAsync(email);
            using var home = await client.GetAsync("/");
            var layout = await client.GetPageAsync("/Sop");
            Assert.True(allowed == (layout.QuerySelector("nav a[href='/Dasbor']") is not null), $"{email}: menu item");
            foreach (var url in new[] { "/Dasbor", "/Dasbor/Permohonan?ukuran=terlambat" })
            {
                using var response = await client.GetAsync(url);
                if (allowed)
                {
                    Assert.True(response.StatusCode == HttpStatusCode.OK, $"{email} {url}: {(int)response.StatusCode}");
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Forbidden || response.Headers.Location?.ToString().Contains("/Akun/AksesDitolak") == true,
                        $"{email} {url}: {(int)response.StatusCode} {response.Headers.Location}");
                }
            }

            if (allowed)
            {
                Assert.Equal("/Dasbor", home.Headers.Location?.ToString());
            }
            else
            {
                Assert.NotEqual("/Dasbor", home.Headers.Location?.ToString());
            }
        }

        using var anonymous = factory.CreateFormClient();
        using var refused = await anonymous.GetAsync("/Dasbor");
        Assert.Contains("/Akun/Masuk", refused.Headers.Location?.ToString() ?? "");
    }

    private static string Cell(IElement row, string cls) => Sop4Pages.Text(row.QuerySelector("." + cls));

    private static List<string> Numbers(IDocument page) =>
        [.. page.QuerySelectorAll("#drill-table tbody tr td:first-child").Select(td => Sop4Pages.Text(td)).Order(StringComparer.Ordinal)];
}
