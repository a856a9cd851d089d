using System.Globalization;
using System.Text.RegularExpressions;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace AksesSpse.Web.Tests.Browser;

/// <summary>
/// The office calendar page (/Kalender, docs/adr/0022) in headless Chromium as the Kepala LPSE: reached from the menu, the
/// week saved with Saturday added, a regional day added, a bad week refused. Every state is shot at desktop width and at
/// 375 px, where it must not scroll sideways; the page shows no English and the CSP blocks nothing.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class KalenderBrowserTests(ITestOutputHelper output)
{
    [Fact(Timeout = 300_000)]
    public async Task KepalaLpse_sets_the_week_and_a_regional_day_at_desktop_and_375px()
    {
        await using var app = await AppFactory.CreateAsync(new AppSettings { RealServer = true, OutboxWorker = false });
        var artifacts = BrowserSession.ArtifactsFolder();
        using var head = BrowserSession.Start("kalender-head", app.ServerAddress, artifacts);
        try
        {
            SignIn(head, DemoUsers.KepalaLpse);
            head.ClickAndWait("nav a[href='/Kalender']");
            Assert.Equal("Kalender kerja kantor", head.Text("h1"));
            Assert.Equal(25, head.FindAll("#days-off-table tbody tr").Count);
            Check(head, "kalender-01-page");

            // Saturday 08.00–12.00 added to the standard week.
            head.Check("#Days_5_Works");
            head.SetValue("input[name='Days[5].Opens']", "08:00");
            head.SetValue("input[name='Days[5].Closes']", "12:00");
            head.ClickAndWait("#form-week button[type=submit]");
            head.WaitForText(".alert.success", "Zona waktu dan jam kerja kantor disimpan");
            Assert.Equal("08:00", head.Find("input[name='Days[5].Opens']").GetAttribute("value"));
            Check(head, "kalender-02-week-saved");

            // A regional day of the office.
            var year = DateTime.UtcNow.AddHours(7).Year;
            var date = new DateOnly(year, 11, 18);
            head.SetValue("#Date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            head.Type("#Description", "Hari Raya Galungan");
            head.ClickAndWait("#form-day-off button[type=submit]");
            head.WaitForText(".alert.success", "dicatat sebagai libur daerah / kantor");
            head.WaitForText("#days-off-table", "Hari Raya Galungan");
            Check(head, "kalender-03-day-added");

            // A Monday that closes before it opens: refused, in Bahasa Indonesia, with what was typed.
            head.SetValue("input[name='Days[0].Opens']", "16:00");
            head.SetValue("input[name='Days[0].Closes']", "07:30");
            head.ClickAndWait("#form-week button[type=submit]");
            head.WaitForText(".field-error", "Senin: jam tutup harus sesudah jam buka.");
            Check(head, "kalender-04-week-refused");

            var saturday = await app.WithDbAsync(db => db.OfficeWorkingDays.SingleAsync(d => d.Day == DayOfWeek.Saturday));
            Assert.Equal(new TimeOnly(8, 0), saturday.Opens);
            var monday = await app.WithDbAsync(db => db.OfficeWorkingDays.SingleAsync(d => d.Day == DayOfWeek.Monday));
            Assert.Equal(new TimeOnly(7, 30), monday.Opens);

            // The year ahead, without its list yet.
            head.ClickAndWait($"#days-off .pager a[href='/Kalender?tahun={year + 1}']");
            head.WaitForText("#year-without-list", $"tahun {year + 1} belum dimasukkan");
            Check(head, "kalender-05-next-year");

            var severe = head.SevereConsoleMessages().Where(m => !m.Contains("favicon.ico", StringComparison.Ordinal)).ToList();
            Assert.True(severe.Count == 0, $"console errors (a CSP violation shows here):\n{string.Join("\n", severe)}");
            output.WriteLine($"screenshots in {artifacts}");
        }
        catch
        {
            head.SaveFailureEvidence("kalender");
            throw;
        }
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

    private static void SignIn(BrowserSession browser, string email)
    {
        browser.Open("/Akun/Masuk");
        browser.Type("#Email", email);
        browser.Type("#Password", DemoUsers.Password);
        browser.ClickAndWait("form[action='/Akun/Masuk'] button[type=submit]");
        browser.Wait(d => !d.Url.Contains("/Akun/Masuk", StringComparison.OrdinalIgnoreCase), $"sign-in of {email}");
    }

    [GeneratedRegex(@"\b(field is required|is not valid|is invalid|must be|The value|The field|Submit|Save|Delete|Remove|Import|Upload|Holiday|Working|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Time zone|Error|Required|Choose|Cancel|Previous|Next)\b", RegexOptions.IgnoreCase)]
    private static partial Regex English();
}
