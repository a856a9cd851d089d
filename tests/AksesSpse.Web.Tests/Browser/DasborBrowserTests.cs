using System.Globalization;
using System.Text.RegularExpressions;
using AksesSpse.Web.Tests.Infrastructure;
using AksesSpse.Web.Tests.Performance;
using Xunit.Abstractions;

namespace AksesSpse.Web.Tests.Browser;

/// <summary>
/// The heads' dashboard (/Dasbor, issue #10 §4) in headless Chromium as the Kepala LPSE, on the hand-counted
/// <see cref="DashboardFixture"/>: the head lands on it after signing in, filters November 2026, sees both charts drawn by
/// Chart.js (served by the app itself), opens the list behind a count, and gets a bad period refused. Every state is shot at
/// desktop width and at 375 px, where the page must not scroll sideways and the charts must fit; no English, no CSP error.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class DasborBrowserTests(ITestOutputHelper output)
{
    [Fact(Timeout = 300_000)]
    public async Task KepalaLpse_reads_the_dashboard_and_its_lists_at_desktop_and_375px()
    {
        await using var app = await DashboardFixture.AppAsync(DatabaseKind.Sqlite, realServer: true);
        var fx = await DashboardFixture.SeedAsync(app);
        var artifacts = BrowserSession.ArtifactsFolder();
        using var head = BrowserSession.Start("dasbor-head", app.ServerAddress, artifacts);
        try
        {
            // The head lands on the dashboard after signing in.
            head.Open("/Akun/Masuk");
            head.Type("#Email", DemoUsers.KepalaLpse);
            head.Type("#Password", DemoUsers.Password);
            head.ClickAndWait("form[action='/Akun/Masuk'] button[type=submit]");
            head.WaitForUrl("/Dasbor");
            Assert.Equal("Dasbor kinerja", head.Text("h1"));
            Assert.NotNull(head.Find("nav a[href='/Dasbor']"));

            head.SetValue("#Dari", "2026-11");
            head.SetValue("#Sampai", "2026-11");
            head.ClickAndWait("#dashboard-filter button[type=submit]");
            head.WaitForText("#dashboard-period", "November 2026");
            Assert.Equal("8", head.Text("#stat-completed"));
            Assert.Equal("60,0 %", head.Text("#stat-share"));
            Check(head, "dasbor-01-november", charts: true);

            // The count of late steps opens the list of R1 and R2, each linking to its request's page.
            head.ClickAndWait("#stat-late");
            head.WaitForText("h1", "Permohonan di balik angka dasbor");
            Assert.Equal(2, head.FindAll("#drill-table tbody tr").Count);
            Assert.NotNull(head.Find($"#drill-table a[href='/Prosedur/{fx.Requests["R1"]}']"));
            Check(head, "dasbor-02-late-list", charts: false);

            // A period that ends before it starts: refused, in Bahasa Indonesia, without figures.
            head.Open("/Dasbor?dari=2026-11&sampai=2026-10");
            head.WaitForText("#filter-errors", "Bulan akhir harus sama dengan atau sesudah bulan awal.");
            Check(head, "dasbor-03-bad-period", charts: false);

            var severe = head.SevereConsoleMessages().Where(m => !m.Contains("favicon.ico", StringComparison.Ordinal)).ToList();
            Assert.True(severe.Count == 0, $"console errors (a CSP violation shows here):\n{string.Join("\n", severe)}");
            output.WriteLine($"screenshots in {artifacts}");
        }
        catch
        {
            head.SaveFailureEvidence("dasbor");
            throw;
        }
    }

    /// <summary>
    /// A desktop shot, then the page at 375 px: shot again; it must not scroll sideways nor show English; with
    /// <paramref name="charts"/>, both canvases are drawn by Chart.js and fit the width at both sizes.
    /// </summary>
    private void Check(BrowserSession b, string name, bool charts)
    {
        if (charts)
        {
            ChartsDrawn(b, name);
        }

        b.Screenshot(name + ".png");
        var english = English().Match(b.PageText);
        Assert.False(english.Success, $"{name}: English on the page: \"{english.Value}\"");
        var window = b.Driver.Manage().Window;
        var size = window.Size;
        try
        {
            window.Size = new System.Drawing.Size(375, 900);
            var viewport = Convert.ToInt64(b.Driver.ExecuteScript("return window.innerWidth;"), CultureInfo.InvariantCulture);
            if (charts)
            {
                b.Wait(d => Convert.ToDouble(b.Driver.ExecuteScript("return document.getElementById('chart-trend').getBoundingClientRect().width;"),
                    CultureInfo.InvariantCulture) < viewport, "the trend chart narrowing to the phone's width");
                ChartsDrawn(b, name + "-375");
            }

            var (scroll, client, culprits) = b.SidewaysOverflow();
            b.Screenshot(name + "-375.png");
            output.WriteLine($"{name}: viewport {viewport}, scrollWidth {scroll}, clientWidth {client}");
            Assert.True(viewport <= 400, $"the window did not narrow: {viewport} px");
            Assert.True(scroll <= client, $"{name} scrolls sideways by {scroll - client} px at {client} px: {string.Join("; ", culprits)}");
        }
        finally
        {
            window.Size = size;
        }
    }

    /// <summary>Chart.js is loaded, and each canvas has a chart with a non-zero size that fits the page.</summary>
    private void ChartsDrawn(BrowserSession b, string name)
    {
        var loaded = b.Driver.ExecuteScript("return typeof Chart !== 'undefined' && Chart.version;");
        Assert.Equal("4.6.1", loaded?.ToString());
        foreach (var id in new[] { "chart-trend", "chart-steps" })
        {
            var facts = (IReadOnlyDictionary<string, object>)b.Driver.ExecuteScript($$"""
                const c = document.getElementById('{{id}}'), r = c.getBoundingClientRect();
                return { chart: !!Chart.getChart(c), width: r.width, height: r.height, right: r.right, page: document.documentElement.clientWidth };
                """)!;
            double N(string key) => Convert.ToDouble(facts[key], CultureInfo.InvariantCulture);
            output.WriteLine($"{name} {id}: {N("width")} x {N("height")}, right {N("right")} of {N("page")}");
            Assert.True((bool)facts["chart"], $"{name}: no chart on #{id}");
            Assert.True(N("width") > 100 && N("height") > 100, $"{name}: #{id} is {N("width")} x {N("height")}");
            Assert.True(N("right") <= N("page") + 1, $"{name}: #{id} reaches {N("right")} px of {N("page")}");
        }
    }

    [GeneratedRegex(@"\b(field is required|is not valid|is invalid|must be|The value|The field|Submit|Save|Delete|Remove|Filter by|Page|Previous|Next|Error|Required|Choose|Cancel|January|February|March|May|June|July|August|October|December|On time|Late|Overdue|Average)\b", RegexOptions.IgnoreCase)]
    private static partial Regex English();
}
