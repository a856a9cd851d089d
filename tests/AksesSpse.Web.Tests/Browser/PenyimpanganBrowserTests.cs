using System.Globalization;
using System.Text.RegularExpressions;
using AksesSpse.Web.Tests.Infrastructure;
using AksesSpse.Web.Tests.Performance;
using Xunit.Abstractions;

namespace AksesSpse.Web.Tests.Browser;

/// <summary>
/// The deviation ledger (/Penyimpangan, issue #10 §3) in headless Chromium on the <see cref="DashboardFixture"/>, whose R1
/// step 3 carries Admin Agency's kelengkapan record: the Kepala LPSE finds it waiting for review (with the menu's count),
/// is refused a "not accepted" without a note, then records it with one; Admin Agency finds the review on their own record.
/// Every page at desktop width and at 375 px: no sideways scroll, no English, no console error.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class PenyimpanganBrowserTests(ITestOutputHelper output)
{
    [Fact(Timeout = 300_000)]
    public async Task KepalaLpse_reviews_and_AdminAgency_reads_the_review_at_desktop_and_375px()
    {
        await using var app = await DashboardFixture.AppAsync(DatabaseKind.Sqlite, realServer: true);
        var fx = await DashboardFixture.SeedAsync(app);
        var artifacts = BrowserSession.ArtifactsFolder();
        using var head = BrowserSession.Start("ledger-head", app.ServerAddress, artifacts);
        using var officer = BrowserSession.Start("ledger-officer", app.ServerAddress, artifacts);
        try
        {
            SignIn(head, DemoUsers.KepalaLpse);
            head.Open("/Penyimpangan");
            Assert.Equal("1", head.Text("nav a[href='/Penyimpangan'] .badge-count"));
            Assert.Contains("Perlu ditelaah", head.Text("#deviation-scopes a.active"));
            Assert.Contains(fx.P1Name, head.Text("#deviations"));
            Check(head, "penyimpangan-01-telaah");

            head.ClickAndWait("#deviations a[href^='/Penyimpangan/']");
            head.WaitForText("h1", "Penyimpangan kelengkapan");
            Assert.Contains("Dinyatakan sah walau register tidak cocok", head.Text("#deviation-fact"));
            Check(head, "penyimpangan-02-detail");

            head.Check("#form-review input[value=tolak]");
            head.ClickAndWait("#form-review button[type=submit]");
            head.WaitForText("#form-review", "Tuliskan catatan mengapa penjelasan tidak diterima.");
            Check(head, "penyimpangan-03-tanpa-catatan");

            head.Check("#form-review input[value=tolak]");
            head.Type("#Note", "Register harus diperbarui lebih dulu; keputusan sah tanpa register yang cocok tidak dapat diterima.");
            head.ClickAndWait("#form-review button[type=submit]");
            head.WaitForText(".alert.success", "Penjelasan tidak diterima");
            Assert.Contains("Penjelasan tidak diterima", head.Text("#deviation-review"));
            Check(head, "penyimpangan-04-ditelaah");

            SignIn(officer, DemoUsers.AdminAgency);
            officer.Open("/Penyimpangan");
            Assert.Contains("Penyimpangan saya", officer.Text("#deviation-scopes a.active"));
            Assert.Contains("Penjelasan tidak diterima", officer.Text("#deviations"));
            Check(officer, "penyimpangan-05-milik-petugas");

            foreach (var session in new[] { head, officer })
            {
                // The review without a note answers 400 on purpose (nothing saved); Chromium logs that status as an error.
                var severe = session.SevereConsoleMessages().Where(m => !m.Contains("favicon.ico", StringComparison.Ordinal) &&
                                                                         !(m.Contains("/Telaah", StringComparison.Ordinal) && m.Contains("400 (Bad Request)", StringComparison.Ordinal))).ToList();
                Assert.True(severe.Count == 0, $"console errors (a CSP violation shows here):\n{string.Join("\n", severe)}");
            }

            output.WriteLine($"screenshots in {artifacts}");
        }
        catch
        {
            head.SaveFailureEvidence("penyimpangan-head");
            officer.SaveFailureEvidence("penyimpangan-officer");
            throw;
        }
    }

    private static void SignIn(BrowserSession b, string email)
    {
        b.Open("/Akun/Masuk");
        b.Type("#Email", email);
        b.Type("#Password", DemoUsers.Password);
        b.ClickAndWait("form[action='/Akun/Masuk'] button[type=submit]");
    }

    /// <summary>A desktop shot, then the page at 375 px: shot again; it must not scroll sideways nor show English.</summary>
    private void Check(BrowserSession b, string name)
    {
        b.Screenshot(name + ".png");
        var english = English().Match(b.PageText);
        Assert.False(english.Success, $"{name}: English on the page: \"{english.Value}\"");
        var window = b.Driver.Manage().Window;
        var size = window.Size;
        try
        {
            window.Size = new System.Drawing.Size(375, 900);
            var viewport = Convert.ToInt64(b.Driver.ExecuteScript("return window.innerWidth;"), CultureInfo.InvariantCulture);
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

    [GeneratedRegex(@"\b(field is required|is not valid|is invalid|must be|The value|The field|Submit|Save|Delete|Remove|Page|Previous|Next|Error|Required|Choose|Cancel|Accepted|Rejected|Pending|Review|Explanation|Deviation)\b", RegexOptions.IgnoreCase)]
    private static partial Regex English();
}
