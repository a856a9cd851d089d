using System.Globalization;
using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace AksesSpse.Web.Tests.Browser;

/// <summary>
/// "Tugas saya" and "Ajukan permohonan" on a phone: at 375 CSS pixels (Chromium's device emulation) neither page scrolls
/// sideways — a wide table scrolls inside its own box. Screenshots go to $AKSESSPSE_TEST_ARTIFACTS/browser/.
/// </summary>
[Trait("Category", "Browser")]
public sealed class InboxBrowserTests(ITestOutputHelper output)
{
    private const int PhoneWidth = 375;

    [Fact(Timeout = 120_000)]
    public async Task Inbox_and_start_pages_do_not_scroll_sideways_at_375px()
    {
        await using var app = await AppFactory.CreateAsync(new AppSettings { RealServer = true, OutboxWorker = false });
        await SubmitResetAsync(app); // a row in the inbox, with its long number, name and dates
        var artifacts = BrowserSession.ArtifactsFolder();
        using var admin = BrowserSession.Start("inbox-admin", app.ServerAddress, artifacts);
        using var pokja = BrowserSession.Start("inbox-pokja", app.ServerAddress, artifacts);
        var stage = "start";
        try
        {
            SignIn(admin, DemoUsers.AdminAgency);
            SignIn(pokja, DemoUsers.Pokja);
            Phone(admin);
            Phone(pokja);
            var pages = new (BrowserSession Browser, string Path, string Shows)[]
            {
                (admin, "/Tugas", "#queue"),
                (admin, "/Tugas?sop=4&status=berjalan", "#queue"),
                (admin, "/Tugas?sop=2", "#inbox-empty"),
                (pokja, "/Ajukan", "#start-options"),
                (pokja, "/Tugas", "#inbox-empty"),
            };
            var problems = new List<string>();
            foreach (var (browser, path, shows) in pages)
            {
                stage = path;
                browser.Open(path);
                browser.Find(shows);
                var (scroll, viewport) = Widths(browser);
                output.WriteLine($"{browser.Name} {path}: scrollWidth {scroll}, viewport {viewport}");
                Assert.Equal(PhoneWidth, viewport);
                if (scroll > viewport)
                {
                    problems.Add($"{path} as {browser.Name}: the page is {scroll} px wide at {viewport} px");
                }

                browser.Screenshot($"inbox-375-{browser.Name}-{path.Trim('/').Replace('/', '-').Replace('?', '-').Replace('&', '-').Replace('=', '-')}.png");
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
        catch
        {
            admin.SaveFailureEvidence("inbox-" + stage.Trim('/').Replace('/', '-').Replace('?', '-'));
            pokja.SaveFailureEvidence("inbox-" + stage.Trim('/').Replace('/', '-').Replace('?', '-'));
            throw;
        }
    }

    /// <summary>Emulates a phone screen 375 CSS pixels wide (the window itself cannot be made that narrow everywhere).</summary>
    private static void Phone(BrowserSession browser) =>
        browser.Driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = PhoneWidth,
            ["height"] = 800,
            ["deviceScaleFactor"] = 1,
            ["mobile"] = true,
        });

    private static (int Scroll, int Viewport) Widths(BrowserSession browser)
    {
        var values = (IReadOnlyCollection<object>)((IJavaScriptExecutor)browser.Driver).ExecuteScript(
            "return [Math.max(document.documentElement.scrollWidth, document.body.scrollWidth), window.innerWidth];")!;
        var numbers = values.Select(v => Convert.ToInt32(v, CultureInfo.InvariantCulture)).ToList();
        return (numbers[0], numbers[1]);
    }

    private static void SignIn(BrowserSession browser, string email)
    {
        browser.Open("/Akun/Masuk");
        browser.Type("#Email", email);
        browser.Type("#Password", DemoUsers.Password);
        browser.ClickAndWait("form[action='/Akun/Masuk'] button[type=submit]");
        browser.Wait(d => !d.Url.Contains("/Akun/Masuk", StringComparison.OrdinalIgnoreCase),
            $"sign-in of {email} to leave the sign-in page; page text: {browser.PageText}");
    }

    private static async Task SubmitResetAsync(AppFactory app)
    {
        var rina = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == DemoUsers.Pokja));
        var actor = new Actor(rina.Id, rina.FullName, rina.OfficeId, new HashSet<string> { Roles.Pemohon });
        await Sop4.Sop4.StartResetAsync(app, actor, "rina.pokja"); // SOP 4 runs on the engine: started through its module
    }
}
