using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AksesSpse.Web.Tests.Email;
using AksesSpse.Web.Tests.Infrastructure;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace AksesSpse.Web.Tests.Browser;

/// <summary>
/// SOP 1 (user IDs for a whole Pokja) in headless Chromium against the real app, in both offices' variants. Badung (office DEMO):
/// Kepala UKPBJ types the list (a sixth row added with "Tambah anggota") and sends it; Kepala LPSE reads the copy; Admin Agency makes
/// every account from "Tugas saya"; one member confirms by the link in their email, the other by phone, recorded by Admin Agency; the
/// request is archived. Batang (office DEMO-BTG): Kepala ULP imports the list from a CSV (a bad line first, which fills nothing);
/// Admin Agency refuses one member and makes the other, records their confirmation; archived. Every page is shot at desktop width
/// and at 375 px, where it must not scroll sideways.
/// </summary>
[Trait("Sop", "PokjaAccounts")]
[Trait("Category", "Browser")]
public sealed partial class Sop1BrowserTests(ITestOutputHelper output)
{
    private const string CsvHeader = "No;Nama;NIP;Jabatan;Pangkat/Golongan;Instansi;Email;No. HP";
    private const string SendButton = "#start-form > .actions button[type=submit]";
    private static readonly string SkDate = DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact(Timeout = 420_000)]
    public async Task Badung_KepalaUkpbj_KepalaLpse_AdminAgency_and_two_members_walk_SOP1_at_desktop_and_375px()
    {
        var clock = Stopwatch.StartNew();
        await using var app = await AppFactory.CreateAsync(new AppSettings { RealServer = true });
        var artifacts = BrowserSession.ArtifactsFolder();
        var documents = await DocumentsAsync(app);
        using var head = BrowserSession.Start("sop1-head", app.ServerAddress, artifacts);
        using var lpse = BrowserSession.Start("sop1-lpse", app.ServerAddress, artifacts);
        using var agency = BrowserSession.Start("sop1-agency", app.ServerAddress, artifacts);
        using var member = BrowserSession.Start("sop1-member", app.ServerAddress, artifacts);
        var current = head;
        try
        {
            // ---- Kepala UKPBJ: "Ajukan permohonan" → SOP 1; the Pokja, two members (the second on a sixth row), three PDFs ----
            SignIn(head, DemoUsers.KepalaUkpbj);
            head.ClickAndWait("nav a[href='/Ajukan']");
            Phone(head, "sop1-01-ajukan");
            head.ClickAndWait("#start-options .start-option[data-sop='1'] a.button");
            head.WaitForUrl("/Prosedur/Ajukan/1");
            var intro = head.Text("h1 + p");
            Assert.Contains("tembusan kepada Kepala LPSE", intro, StringComparison.Ordinal);
            Assert.Contains("user ID dan password SPSE kepada Admin Agency", intro, StringComparison.Ordinal); // official terms keep their capitals
            Assert.EndsWith(".", intro, StringComparison.Ordinal);
            Phone(head, "sop1-02-start");
            FillPokja(head, "Pokja Pemilihan 07 Tahun 2026", "027/07/SK-POKJA/2026", "800/07/ST/2026");
            FillMember(head, 0, "Putu Ayu Lestari", "19870521 201001 2 004", "Anggota Pokja Pemilihan", "Penata / III-c", "Dinas PUPR",
                "putu.ayu@contoh.go.id", "081234500001");
            var rows = head.FindAll("#person-rows fieldset.person-row").Count;
            head.Find("#add-person").Click();
            head.Wait(d => head.FindAll("#person-rows fieldset.person-row").Count == rows + 1, "one more member row");
            Assert.Equal("6", head.FindAll("#person-rows fieldset.person-row")[rows].FindElement(By.CssSelector(".row-number")).Text.Trim());
            FillMember(head, rows, "Made Wirawan", "198602142009011003", "Anggota Pokja Pemilihan", "Penata Tk. I / III-d", "Dinas Kesehatan",
                "made.wirawan@contoh.go.id", "081234500002");
            AttachDocuments(head, documents);
            // "No. HP" (type=tel) is as wide as the other fields of the row, on a desktop and on a phone.
            AssertSameWidth(head, $"input[name='Members[{rows}].Phone']", $"input[name='Members[{rows}].FullName']");
            Phone(head, "sop1-03-start-filled");
            head.ClickAndWait(SendButton);
            head.Wait(d => RequestNumber().IsMatch(head.Text("h1")), $"the request page (now {head.Driver.Url}): {head.PageText}");
            var number = RequestNumber().Match(head.Text("h1")).Value;
            var detail = new Uri(head.Driver.Url).AbsolutePath;
            Assert.Equal(2, head.FindAll("#members tbody tr").Count);
            Assert.Contains("2 anggota: 2 belum diproses", head.Text("#member-progress"), StringComparison.Ordinal);
            Assert.Empty(head.FindAll("#step-form"));
            Phone(head, "sop1-04-sent");
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s {number} sent ({detail})");

            // ---- Kepala LPSE: the copy, read-only ----
            current = lpse;
            SignIn(lpse, DemoUsers.KepalaLpse);
            lpse.Open(detail);
            Assert.Empty(lpse.FindAll("#step-form"));
            Assert.Single(lpse.FindAll("#copies li"));
            Assert.Contains("Tembusan", lpse.PageText, StringComparison.Ordinal);
            Assert.Contains("Made Wirawan", lpse.Text("#members"), StringComparison.Ordinal);
            Phone(lpse, "sop1-05-lpse-copy");

            // ---- Admin Agency: "Tugas saya", the request, the default decisions (make every account), the passwords once ----
            current = agency;
            SignIn(agency, DemoUsers.AdminAgency);
            agency.ClickAndWait("nav a[href='/Tugas']");
            Phone(agency, "sop1-06-tugas");
            agency.ClickAndWait($"#queue a[href='{detail}']");
            Assert.Equal(2, agency.FindAll("#member-decisions tbody tr").Count);
            TickChecks(agency);
            Phone(agency, "sop1-07-step2");
            agency.ClickAndWait("#act-all");
            agency.WaitForText("#secrets", "Made Wirawan");
            Assert.Equal(2, agency.FindAll("#secrets tbody tr").Count);
            Phone(agency, "sop1-08-passwords");
            agency.ClickAndWait($"a.button[href='{detail}']");
            Assert.Contains("2 terkirim, menunggu konfirmasi", agency.Text("#member-progress"), StringComparison.Ordinal);
            Phone(agency, "sop1-09-delivered");
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s accounts made and links sent");

            // ---- Member 1: the confirmation link from her email, in her own browser ----
            current = member;
            var link = await ConfirmLinkForAsync(app, "putu.ayu@contoh.go.id");
            await ConfirmLinkForAsync(app, "made.wirawan@contoh.go.id"); // the second member has his own link too
            member.Open(link);
            Phone(member, "sop1-10-confirm");
            member.ClickAndWait("#confirm-button");
            Assert.Contains("telah dicatat", member.Text("#confirm-done"), StringComparison.Ordinal);
            Phone(member, "sop1-11-confirmed");

            // ---- Admin Agency: member 2 confirmed by phone, "Catat konfirmasi" on his row → archived ----
            current = agency;
            agency.Open(detail);
            Assert.Contains("1 dikonfirmasi", agency.Text("#member-progress"), StringComparison.Ordinal);
            RecordPhoneConfirmation(agency, "Made Wirawan");
            Phone(agency, "sop1-12-record-confirmation");
            agency.ClickAndWait(MemberRow(agency, "Made Wirawan").FindElement(By.CssSelector(".member-confirm button[type=submit]")));
            Assert.Empty(agency.FindAll(".alert.error"));
            Assert.Contains("selesai dan diarsipkan", agency.Text("#request-status"), StringComparison.Ordinal);
            Assert.Contains("2 dikonfirmasi", agency.Text("#member-progress"), StringComparison.Ordinal);
            Phone(agency, "sop1-13-archived");

            // ---- Kepala LPSE: the copies of both deliveries added to the first ----
            current = lpse;
            lpse.Open(detail);
            Assert.Equal(3, lpse.FindAll("#copies li").Count);
            Phone(lpse, "sop1-14-lpse-archived");

            AssertNoConsoleErrors(head, lpse, agency, member);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s done; screenshots in {artifacts}");
        }
        catch
        {
            current.SaveFailureEvidence("sop1-badung");
            throw;
        }
    }

    [Fact(Timeout = 420_000)]
    public async Task Batang_KepalaUlp_imports_the_list_AdminAgency_refuses_one_and_makes_the_other_at_desktop_and_375px()
    {
        var clock = Stopwatch.StartNew();
        await using var app = await AppFactory.CreateAsync(new AppSettings { RealServer = true });
        var artifacts = BrowserSession.ArtifactsFolder();
        var documents = await DocumentsAsync(app);
        var good1 = "1;Siti Rahmawati;19880312 201101 2 005;Anggota Pokja ULP;Penata / III-c;Dinas PU Batang;siti.rahma@batang.contoh.go.id;081234500011";
        var good2 = "2;Bambang Sutrisno;198507202010011006;Anggota Pokja ULP;Penata Tk. I / III-d;Dinas Pendidikan Batang;bambang.s@batang.contoh.go.id;081234500012";
        var bad = "2;Orang Salah;999;Staf;III-a;Dinas;salah@batang.contoh.go.id;0812";
        var badCsv = await CsvAsync(app, "anggota-salah.csv", CsvHeader, good1, bad);
        var goodCsv = await CsvAsync(app, "anggota.csv", CsvHeader, good1, good2);
        using var head = BrowserSession.Start("sop1-btg-head", app.ServerAddress, artifacts);
        using var agency = BrowserSession.Start("sop1-btg-agency", app.ServerAddress, artifacts);
        var current = head;
        try
        {
            // ---- Kepala ULP: a CSV with a bad line (named, nothing filled), then the good CSV (rows filled), the PDFs, send ----
            SignIn(head, "kepala.ulp@batang.contoh.go.id");
            head.ClickAndWait("nav a[href='/Ajukan']");
            head.ClickAndWait("#start-options .start-option[data-sop='1'] a.button");
            head.WaitForUrl("/Prosedur/Ajukan/1");
            var intro = head.Text("h1 + p");
            Assert.Contains("Kepala ULP", intro, StringComparison.Ordinal);
            Assert.Contains("daftar nama anggota Pokja ULP", intro, StringComparison.Ordinal);
            Assert.Contains("tembusan kepada LPSE", intro, StringComparison.Ordinal);
            Phone(head, "sop1-btg-01-start");
            FillPokja(head, "Pokja ULP Konstruksi 03 Tahun 2026", "027/03/SK-ULP/2026", "800/03/ST-ULP/2026");
            head.Attach("#MemberFile", badCsv);
            head.ClickAndWait("#import-button");
            var errors = head.Text(".validation-summary-errors");
            Assert.Contains("3", errors, StringComparison.Ordinal); // the bad row is the file's line 3
            Assert.Contains("NIP", errors, StringComparison.Ordinal);
            Assert.Empty(head.FindAll("#import-done"));
            Assert.Equal("", head.Find("input[name='Members[0].FullName']").GetAttribute("value"));
            Assert.Equal("Pokja ULP Konstruksi 03 Tahun 2026", head.Find("#PokjaName").GetAttribute("value"));
            Phone(head, "sop1-btg-02-import-refused");

            head.Attach("#MemberFile", goodCsv);
            head.ClickAndWait("#import-button");
            Assert.Contains("2 anggota", head.Text("#import-done"), StringComparison.Ordinal);
            Assert.Equal("Siti Rahmawati", head.Find("input[name='Members[0].FullName']").GetAttribute("value"));
            Assert.Equal("Bambang Sutrisno", head.Find("input[name='Members[1].FullName']").GetAttribute("value"));
            Phone(head, "sop1-btg-03-imported");
            FillPokja(head, "Pokja ULP Konstruksi 03 Tahun 2026", "027/03/SK-ULP/2026", "800/03/ST-ULP/2026");
            AttachDocuments(head, documents);
            head.ClickAndWait(SendButton);
            head.Wait(d => RequestNumber().IsMatch(head.Text("h1")), $"the request page (now {head.Driver.Url}): {head.PageText}");
            var detail = new Uri(head.Driver.Url).AbsolutePath;
            Assert.Equal(2, head.FindAll("#members tbody tr").Count);
            // Batang's words on the request page: its SOP title and steps say "Pokja ULP" (step 1's actor, "Kepala ULP", is on the start
            // form above; the timeline names the person who sent it).
            Assert.Contains("Pokja ULP", head.Text("#request-status"), StringComparison.Ordinal);
            Assert.Contains("Pokja ULP", head.Text("#timeline"), StringComparison.Ordinal);
            Phone(head, "sop1-btg-04-sent");
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s {detail} sent from the import");

            // ---- Admin Agency (Batang): refuse Bambang with a reason, make Siti's account ----
            current = agency;
            SignIn(agency, "admin.agency@batang.contoh.go.id");
            agency.ClickAndWait("nav a[href='/Tugas']");
            Phone(agency, "sop1-btg-05-tugas");
            agency.ClickAndWait($"#queue a[href='{detail}']");
            var decisions = agency.FindAll("#member-decisions tbody tr");
            Assert.Equal(2, decisions.Count);
            var refuse = decisions.Single(r => r.Text.Contains("Bambang Sutrisno", StringComparison.Ordinal));
            refuse.FindElement(By.CssSelector("input[type=radio][value=tolak]")).Click();
            var note = refuse.FindElement(By.CssSelector("input[name$='.Note']"));
            note.Clear();
            note.SendKeys("Tidak tercantum dalam SK penetapan anggota Pokja ULP");
            TickChecks(agency);
            Phone(agency, "sop1-btg-06-step2");
            agency.ClickAndWait("#act-all");
            agency.WaitForText("#secrets", "Siti Rahmawati");
            Assert.Single(agency.FindAll("#secrets tbody tr"));
            Phone(agency, "sop1-btg-07-passwords");
            agency.ClickAndWait($"a.button[href='{detail}']");
            var progress = agency.Text("#member-progress");
            Assert.Contains("1 ditolak", progress, StringComparison.Ordinal);
            Assert.Contains("1 terkirim, menunggu konfirmasi", progress, StringComparison.Ordinal);
            Assert.Contains("Ditolak", MemberRow(agency, "Bambang Sutrisno").Text, StringComparison.Ordinal);
            await ConfirmLinkForAsync(app, "siti.rahma@batang.contoh.go.id");
            Phone(agency, "sop1-btg-08-delivered");

            // ---- Siti confirms by phone: recorded by Admin Agency → archived ----
            RecordPhoneConfirmation(agency, "Siti Rahmawati");
            agency.ClickAndWait(MemberRow(agency, "Siti Rahmawati").FindElement(By.CssSelector(".member-confirm button[type=submit]")));
            Assert.Empty(agency.FindAll(".alert.error"));
            Assert.Contains("selesai dan diarsipkan", agency.Text("#request-status"), StringComparison.Ordinal);
            Assert.Contains("Pokja ULP", agency.Text("#timeline"), StringComparison.Ordinal);
            Phone(agency, "sop1-btg-09-archived");

            AssertNoConsoleErrors(head, agency);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s done; screenshots in {artifacts}");
        }
        catch
        {
            current.SaveFailureEvidence("sop1-batang");
            throw;
        }
    }

    private static async Task<string[]> DocumentsAsync(AppFactory app)
    {
        var folder = Path.Combine(app.Root, "upload");
        Directory.CreateDirectory(folder);
        var files = new[] { ("formulir-permohonan.pdf", "Formulir permohonan"), ("sk-pokja.pdf", "SK Pokja"), ("surat-penugasan.pdf", "Surat penugasan") };
        var paths = new string[files.Length];
        for (var i = 0; i < files.Length; i++)
        {
            paths[i] = Path.Combine(folder, files[i].Item1);
            await File.WriteAllBytesAsync(paths[i], SampleFiles.Pdf(files[i].Item2));
        }

        return paths;
    }

    private static async Task<string> CsvAsync(AppFactory app, string name, params string[] lines)
    {
        var folder = Path.Combine(app.Root, "upload");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        await File.WriteAllTextAsync(path, string.Join("\n", lines) + "\n", new UTF8Encoding(false));
        return path;
    }

    private static void AttachDocuments(BrowserSession b, string[] documents)
    {
        b.Attach("#doc_FORMULIR_PERMOHONAN", documents[0]);
        b.Attach("#doc_SK_POKJA", documents[1]);
        b.Attach("#doc_SURAT_PENUGASAN", documents[2]);
    }

    private static void FillPokja(BrowserSession b, string name, string sk, string letter)
    {
        b.Type("#PokjaName", name);
        b.Type("#SkNumber", sk);
        b.SetValue("#SkDate", SkDate);
        b.Type("#AssignmentLetterNumber", letter);
    }

    private static void FillMember(BrowserSession b, int i, string name, string nip, string position, string rank, string agency, string email, string phone)
    {
        b.Type($"input[name='Members[{i}].FullName']", name);
        b.Type($"input[name='Members[{i}].Nip']", nip);
        b.Type($"input[name='Members[{i}].Position']", position);
        b.Type($"input[name='Members[{i}].RankGrade']", rank);
        b.Type($"input[name='Members[{i}].Agency']", agency);
        b.Type($"input[name='Members[{i}].Email']", email);
        b.Type($"input[name='Members[{i}].Phone']", phone);
    }

    /// <summary>Ticks the step's checklist, if the variant's step has one.</summary>
    private static void TickChecks(BrowserSession b)
    {
        foreach (var box in b.FindAll("#step-checks input[type=checkbox]").Where(x => !x.Selected))
        {
            box.Click();
        }
    }

    private static void AssertSameWidth(BrowserSession b, string css, string like)
    {
        var width = b.Find(css).Size.Width;
        var expected = b.Find(like).Size.Width;
        Assert.True(Math.Abs(width - expected) <= 1, $"{css} is {width} px wide, {like} {expected} px");
    }

    private static IWebElement MemberRow(BrowserSession b, string name) =>
        b.Wait(d => b.FindAll("#members tbody tr").FirstOrDefault(r => r.Text.Contains(name, StringComparison.Ordinal)), $"the row of {name}");

    /// <summary>Opens "Catat konfirmasi" on the member's row; the form comes filled (the member's name, now, by phone).</summary>
    private static void RecordPhoneConfirmation(BrowserSession b, string name)
    {
        var row = MemberRow(b, name);
        row.FindElement(By.CssSelector(".member-confirm summary")).Click();
        var form = row.FindElement(By.CssSelector(".member-confirm form"));
        b.Wait(_ => form.Displayed, "the confirmation form");
        // The time field (datetime-local) is as wide as the name field above it.
        var at = form.FindElement(By.CssSelector("input[name=ConfirmedAt]")).Size.Width;
        var by = form.FindElement(By.CssSelector("input[name=ConfirmedBy]")).Size.Width;
        Assert.True(Math.Abs(at - by) <= 1, $"the confirmation time field is {at} px wide, the name field {by} px");
        Assert.Equal(name, form.FindElement(By.CssSelector("input[name=ConfirmedBy]")).GetAttribute("value"));
        Assert.Equal("Phone", form.FindElement(By.CssSelector("select[name=Method]")).GetAttribute("value"));
    }

    private static async Task<string> ConfirmLinkForAsync(AppFactory app, string email)
    {
        var mail = await ReceivedMail.WaitForAsync(app.MailFolder, m => m.To.Contains(email, StringComparison.Ordinal) &&
            ConfirmLink().IsMatch(m.Body), TimeSpan.FromSeconds(30));
        Assert.True(mail is not null, $"no email with a confirmation link for {email}");
        return new Uri(ConfirmLink().Match(mail.Body).Value).PathAndQuery;
    }

    private static void AssertNoConsoleErrors(params BrowserSession[] sessions)
    {
        foreach (var session in sessions)
        {
            // Any console error fails: a script error, a failed load, or markup the CSP (style-src 'self') blocks.
            var severe = session.SevereConsoleMessages().Where(m => !m.Contains("favicon.ico", StringComparison.Ordinal)).ToList();
            Assert.True(severe.Count == 0, $"{session.Name}: console errors:\n{string.Join("\n", severe)}");
        }
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
            Assert.True(overflow <= 0, $"{b.Driver.Url} scrolls sideways by {overflow} px at {viewport} px: {string.Join("; ", b.SidewaysOverflow().Culprits)}");
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

    [GeneratedRegex(@"PKJ-\d{4}-\d+")]
    private static partial Regex RequestNumber();

    [GeneratedRegex(@"https?://\S+/Kredensial/Konfirmasi\?t=[^\s<>""]+")]
    private static partial Regex ConfirmLink();
}
