using System.Globalization;
using System.Text.RegularExpressions;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace AksesSpse.Web.Tests.Browser;

/// <summary>
/// The SOP editor and the pages around it (issue #11) in headless Chromium as Kepala LPSE: SOP 4's page with its flowchart, a draft
/// opened, a standard changed and a step inserted, the publish check pointing at the new step, the step filled and the draft
/// published, the two versions compared, the public service standard read signed out. Every state is shot at desktop width and at
/// 375 px, where no page may scroll sideways (the flowchart scrolls in its own box); no page shows English; the CSP blocks nothing.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class SopEditorBrowserTests(ITestOutputHelper output)
{
    private const string Demo = AksesSpse.Core.Data.DatabaseInitializer.DemoOfficeCode;

    [Fact(Timeout = 300_000)]
    public async Task KepalaLpse_drafts_checks_and_publishes_a_new_version_of_sop_4_at_desktop_and_375px()
    {
        await using var app = await AppFactory.CreateAsync(new AppSettings { RealServer = true, OutboxWorker = false });
        var v1 = await app.WithDbAsync(db => db.SopDefinitions.Where(s => s.Kind == SopKind.PasswordReset && s.IsCurrent && s.OfficeId == db.Offices.Single(o => o.Code == Demo).Id)
            .Select(s => s.Id).SingleAsync());
        var artifacts = BrowserSession.ArtifactsFolder();
        using var head = BrowserSession.Start("sop-editor-head", app.ServerAddress, artifacts);
        try
        {
            SignIn(head, DemoUsers.KepalaLpse);
            head.ClickAndWait("nav a[href='/Sop']");
            head.ClickAndWait($"#sop-versions a[href='/Sop/{v1}']");
            Assert.NotNull(head.Find("#sop-drawing svg"));
            Check(head, "sop-editor-01-sop-page");

            head.ClickAndWait("#sop-start-draft button[type=submit]");
            head.WaitForText("h1", "Draf versi 2");
            Check(head, "sop-editor-02-draft");

            // Step 2 within 10 minutes; a step inserted after step 8 (a follow-up call), which the check then asks to fill in.
            head.SetValue("#stdv-2", "10");
            head.ClickAndWait("#langkah-8 button[value='tambah:8']");
            head.WaitForText(".alert.success", "Langkah baru disisipkan sebagai langkah 9");
            head.WaitForText("#publish-checks", "Langkah 9");
            Assert.Equal("10", head.Find("#stdv-2").GetAttribute("value"));
            Check(head, "sop-editor-03-step-inserted");

            head.Type("#act-9", "Menghubungi Pokja Pemilihan melalui telepon untuk memastikan password baru dapat dipakai.");
            head.Type("#out-9", "Konfirmasi penerimaan melalui telepon");
            head.ClickAndWait("#draft-save");
            head.WaitForText("#publish-checks", "lolos pemeriksaan");
            Check(head, "sop-editor-04-ready");

            head.Type("#note", "Pemeriksaan kelengkapan 10 menit; konfirmasi telepon sesudah pemberitahuan");
            head.ClickAndWait("#draft-publish");
            head.WaitForText(".alert.success", "Versi baru SOP diterbitkan");
            Assert.Contains("2 (berlaku)", head.PageText, StringComparison.Ordinal);
            Check(head, "sop-editor-05-published");

            head.ClickAndWait("#sop-compare");
            head.WaitForText("#compare-summary", "perubahan");
            Assert.Equal("Changed", head.Find("#compare-step-2").GetAttribute("data-change"));
            Check(head, "sop-editor-06-compare");

            using (var visitor = BrowserSession.Start("sop-editor-public", app.ServerAddress, artifacts))
            {
                visitor.Open("/Standar");
                visitor.ClickAndWait($"#standard-offices a[href='/Standar/{Demo}']");
                visitor.ClickAndWait("#standard-sops a[href$='/reset-password']");
                visitor.WaitForText("#komponen-3", "1 jam 5 menit (65 menit)");
                Assert.NotNull(visitor.Find("#sop-drawing svg"));
                Check(visitor, "sop-editor-07-public-standard");
            }

            var v2 = await app.WithDbAsync(db => db.SopDefinitions.Include(s => s.Steps)
                .SingleAsync(s => s.Kind == SopKind.PasswordReset && s.IsCurrent && s.OfficeId == db.Offices.Single(o => o.Code == Demo).Id));
            Assert.Equal(2, v2.Version);
            Assert.Equal(10, v2.Steps.Count);
            Assert.Equal(10, v2.Steps.Single(s => s.Number == 2).StandardValue);

            var severe = head.SevereConsoleMessages().Where(m => !m.Contains("favicon.ico", StringComparison.Ordinal)).ToList();
            Assert.True(severe.Count == 0, $"console errors (a CSP violation shows here):\n{string.Join("\n", severe)}");
            output.WriteLine($"screenshots in {artifacts}");
        }
        catch
        {
            head.SaveFailureEvidence("sop-editor");
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

    [GeneratedRegex(@"\b(field is required|is not valid|is invalid|must be|The value|The field|Submit|Save|Delete|Remove|Upload|Error|Required|Choose|Cancel|Previous|Next|Draft|Publish|Compare|Version)\b", RegexOptions.IgnoreCase)]
    private static partial Regex English();
}
