using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using AksesSpse.Web.Tests.Email;
using AksesSpse.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AksesSpse.Web.Tests.Browser;

/// <summary>
/// SOP 3 (registration of LPSE staff accounts) in headless Chromium against the real app: Kepala LPSE starts it (adding a
/// person row with "Tambah personil") and orders Admin PPE; Admin PPE makes the accounts, sees the passwords once and
/// sends the links; the staff member opens their link, gives their NIP and is told to change the password. Every page is
/// shot at desktop width and at 375 px, where it must not scroll sideways.
/// </summary>
[Trait("Sop", "StaffRegistration")]
[Trait("Category", "Browser")]
public sealed partial class Sop3BrowserTests(ITestOutputHelper output)
{
    private const string DewiNip = "199001012015032001";

    [Fact(Timeout = 420_000)]
    public async Task KepalaLpse_AdminPpe_and_the_staff_member_walk_SOP3_at_desktop_and_375px()
    {
        var clock = Stopwatch.StartNew();
        await using var app = await AppFactory.CreateAsync(new AppSettings { RealServer = true });
        var artifacts = BrowserSession.ArtifactsFolder();
        var folder = Path.Combine(app.Root, "upload");
        Directory.CreateDirectory(folder);
        var sk = Path.Combine(folder, "sk-pembuatan-akun.pdf");
        await File.WriteAllBytesAsync(sk, SampleFiles.Pdf("SK Pembuatan Akun Verifikator/Helpdesk"));
        using var head = BrowserSession.Start("sop3-head", app.ServerAddress, artifacts);
        using var ppe = BrowserSession.Start("sop3-ppe", app.ServerAddress, artifacts);
        using var staff = BrowserSession.Start("sop3-staff", app.ServerAddress, artifacts);
        var current = head;
        try
        {
            // ---- Kepala LPSE: the start form, a second person added with "Tambah personil" ----
            SignIn(head, DemoUsers.KepalaLpse);
            head.ClickAndWait("nav a[href='/Prosedur/Ajukan/3']");
            Phone(head, "sop3-01-start");
            head.Type("#SkNumber", "800/21/LPSE/2026");
            head.SetValue("#SkDate", DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            head.Attach("#doc_SK_PEMBUATAN_AKUN", sk);
            FillPerson(head, 0, "Dewi Lestari", DewiNip, "dewi.lestari@contoh.go.id", "Verifikator", "dewi.verif");
            head.Find("#add-person").Click();
            head.Wait(d => head.FindAll("fieldset.person-row").Count == 6, "a sixth person row");
            FillPerson(head, 5, "Agus Salim", "198805102014031002", "agus.salim@contoh.go.id", "Helpdesk", "agus.helpdesk");
            head.Screenshot("sop3-01-start-filled.png");
            head.ClickAndWait("#start-form button[type=submit]");
            head.WaitForUrl("/Prosedur/");
            var number = RequestNumber().Match(head.Text("h1")).Value;
            Assert.False(string.IsNullOrEmpty(number), head.PageText);
            Assert.Contains("Agus Salim", head.Text("#persons"), StringComparison.Ordinal);
            var detail = new Uri(head.Driver.Url).AbsolutePath;
            Phone(head, "sop3-02-started");
            head.ClickAndWait("#step-form button[name=Answer]");
            Assert.Contains("Admin PPE", head.Text("#request-status"), StringComparison.Ordinal);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s {number} started and ordered");

            // ---- Admin PPE: the list, step 3 (the passwords once), step 4 ----
            current = ppe;
            SignIn(ppe, DemoUsers.AdminPpe);
            ppe.ClickAndWait("nav a[href='/Prosedur?sop=3']");
            Phone(ppe, "sop3-03-list");
            ppe.ClickAndWait($"#procedure-requests a[href='{detail}']");
            foreach (var radio in ppe.FindAll("input[type=radio][value=true]"))
            {
                radio.Click();
            }

            ppe.Check("input[name=Checked][value=DATA_SESUAI_FORMULIR]");
            ppe.Check("input[name=Checked][value=PANDUAN_SPSE]");
            Phone(ppe, "sop3-04-step3");
            ppe.ClickAndWait("#step-form button[name=Answer]");
            ppe.WaitForText("#secrets", "dewi.verif");
            Assert.Equal(2, ppe.FindAll("#secrets .secret").Count);
            Phone(ppe, "sop3-05-passwords");
            ppe.ClickAndWait("a.button[href^='/Prosedur/']");
            ppe.ClickAndWait("#step-form button[name=Answer]");
            Assert.Contains("langkah 5", ppe.Text("#request-status"), StringComparison.Ordinal);
            Phone(ppe, "sop3-06-sent");
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s accounts made and links sent");

            // ---- The staff member: the link from the email, the NIP, the password once, change it ----
            current = staff;
            var mail = await ReceivedMail.WaitForAsync(app.MailFolder, m => m.To.Contains("dewi.lestari@contoh.go.id", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30));
            Assert.NotNull(mail);
            var link = PersonLink().Match(mail.Body);
            Assert.True(link.Success, mail.Body);
            staff.Open(new Uri(link.Value).PathAndQuery);
            Phone(staff, "sop3-07-link");
            staff.Type("#Nip", DewiNip);
            staff.ClickAndWait("#nip-form button[type=submit]");
            Assert.Equal("dewi.verif", staff.Text("#revealed-user-id"));
            Assert.Equal(16, staff.Text("#revealed-password").Length);
            Assert.Contains("wajib mengganti password", staff.Text("#change-password"), StringComparison.Ordinal);
            Phone(staff, "sop3-08-revealed");
            foreach (var session in new[] { head, ppe, staff })
            {
                // Any console error fails: a script error, a failed load, or markup the CSP (style-src 'self') blocks.
                var severe = session.SevereConsoleMessages().Where(m => !m.Contains("favicon.ico", StringComparison.Ordinal)).ToList();
                Assert.True(severe.Count == 0, $"{session.Name}: console errors:\n{string.Join("\n", severe)}");
            }

            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s done; screenshots in {artifacts}");
        }
        catch
        {
            current.SaveFailureEvidence("sop3");
            throw;
        }
    }

    private static void FillPerson(BrowserSession b, int i, string name, string nip, string email, string role, string userId)
    {
        b.Type($"input[name='Persons[{i}].FullName']", name);
        b.Type($"input[name='Persons[{i}].Nip']", nip);
        b.Type($"input[name='Persons[{i}].Email']", email);
        b.Type($"input[name='Persons[{i}].Phone']", "081234567890");
        b.Type($"input[name='Persons[{i}].Position']", "Staf LPSE");
        b.SetValue($"select[name='Persons[{i}].Role']", role);
        b.Type($"input[name='Persons[{i}].UserId']", userId);
    }

    /// <summary>A desktop shot, then the page at 375 px: shot again, and it must not scroll sideways.</summary>
    private static void Phone(BrowserSession b, string name)
    {
        b.Screenshot(name + ".png");
        var window = b.Driver.Manage().Window;
        var size = window.Size;
        try
        {
            window.Size = new System.Drawing.Size(375, 900);
            var viewport = Convert.ToInt64(b.Driver.ExecuteScript("return window.innerWidth;"), CultureInfo.InvariantCulture);
            var overflow = Convert.ToInt64(b.Driver.ExecuteScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"), CultureInfo.InvariantCulture);
            b.Screenshot(name + "-375.png");
            Assert.True(viewport <= 400, $"the window did not narrow: {viewport} px");
            Assert.True(overflow <= 0, $"{b.Driver.Url} scrolls sideways by {overflow} px at {viewport} px");
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

    [GeneratedRegex(@"RGS-\d{4}-\d{6}")]
    private static partial Regex RequestNumber();

    [GeneratedRegex(@"http://\S+/Kredensial/Akun\?token=[A-Za-z0-9_-]+")]
    private static partial Regex PersonLink();
}
