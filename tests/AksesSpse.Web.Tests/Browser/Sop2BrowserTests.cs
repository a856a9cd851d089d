using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Requests;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AksesSpse.Web.Tests.Browser;

/// <summary>
/// SOP 2 (deactivation / activation of SPSE access) walked in real headless Chromium against the real app on a
/// loopback port: the online flow across the applicant, Helpdesk and Admin Agency, each in their own browser, and the
/// paper intake where the applicant has no account and follows the request from the receipt's status link and the
/// confirmation link in the email. Screenshots of every stage go to $AKSESSPSE_TEST_ARTIFACTS/browser/.
/// </summary>
[Trait("Sop", "Deactivation")]
[Trait("Category", "Browser")]
public sealed partial class Sop2BrowserTests(ITestOutputHelper output)
{
    private static readonly string SkUntil = new DateOnly(DateTime.UtcNow.Year + 1, 12, 31).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact(Timeout = 180_000)]
    public async Task Applicant_Helpdesk_and_AdminAgency_walk_an_online_deactivation_in_Chromium()
    {
        var clock = Stopwatch.StartNew();
        await using var app = await AppFactory.CreateAsync(new AppSettings { RealServer = true });
        var artifacts = BrowserSession.ArtifactsFolder();
        var files = Path.Combine(app.Root, "upload");
        Directory.CreateDirectory(files);
        var letterUnstamped = WriteFile(files, "surat-permohonan-tanpa-stempel.pdf", SampleFiles.Pdf("Surat permohonan penonaktifan rina.pokja"));
        var letterStamped = WriteFile(files, "surat-permohonan-berstempel.pdf", SampleFiles.Pdf("Surat permohonan penonaktifan, berstempel basah"));
        var sk = WriteFile(files, "sk-pokja.pdf", SampleFiles.Pdf("SK Pokja Pemilihan"));
        using var pokja = BrowserSession.Start("sop2-pokja", app.ServerAddress, artifacts);
        using var helpdesk = BrowserSession.Start("sop2-helpdesk", app.ServerAddress, artifacts);
        using var admin = BrowserSession.Start("sop2-admin", app.ServerAddress, artifacts);
        var stage = "start";
        string Mark(string next)
        {
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s {next}");
            return next;
        }

        try
        {
            // ---- 1. the applicant submits online ----
            stage = Mark("submit");
            SignIn(pokja, DemoUsers.Pokja);
            pokja.Open("/Permohonan");
            pokja.ClickAndWait("a[href='/Prosedur/Ajukan/2']");
            pokja.Check("input[name=Type][value=Deactivate]");
            pokja.Find("#SpseUserId option[value='rina.pokja']").Click();
            pokja.Type("#Reason", "Tidak lagi ditugaskan sebagai anggota Pokja Pemilihan mulai bulan ini.");
            pokja.Type("#RankGrade", "Penata / III-c");
            pokja.Type("#Position", "Analis Pengadaan");
            pokja.Type("#Agency", "Dinas Pekerjaan Umum Kabupaten Contoh");
            pokja.Type("#Address", "Jl. Merdeka No. 1, Kabupaten Contoh");
            pokja.Type("#Phone", "081234567890");
            pokja.Type("#SkNumber", "027/SK/UKPBJ/2026");
            pokja.SetValue("#SkValidUntil", SkUntil);
            pokja.Attach("#doc_SURAT_PERMOHONAN", letterUnstamped);
            pokja.Attach("#doc_SK_PENUNJUKAN", sk);
            pokja.ClickAndWait("form[action='/Prosedur/Ajukan/2'] button[type=submit]");
            pokja.WaitForUrl("/Prosedur/");
            var number = RequestNumber().Match(pokja.Text("h1")).Value;
            Assert.False(string.IsNullOrEmpty(number), $"no request number in \"{pokja.Text("h1")}\"");
            var detailPath = new Uri(pokja.Driver.Url).AbsolutePath;
            Assert.Contains("Menunggu diterima Helpdesk", pokja.Text("#request-status"), StringComparison.Ordinal);
            Assert.Empty(pokja.FindAll("#receipt-link"));
            pokja.Screenshot("sop2-01-submitted.png");

            // ---- 2. Helpdesk receives it: the handover form is made ----
            stage = Mark("receive");
            SignIn(helpdesk, DemoUsers.Helpdesk);
            helpdesk.Open("/Tugas?sop=2");
            helpdesk.WaitForText("#queue", number);
            helpdesk.ClickAndWait($"#queue a[href='{detailPath}']");
            helpdesk.ClickAndWait("#step-form[data-kind=Receive] button[type=submit]");
            helpdesk.WaitForText("#request-status", "Menunggu pemeriksaan kelengkapan");
            Assert.Equal("Unduh formulir serah terima (PDF)", helpdesk.Text("#receipt-link"));
            helpdesk.Screenshot("sop2-02-received.png");

            // ---- 3. Helpdesk's checklist: no wet stamp → returned, the clock stops ----
            stage = Mark("incomplete");
            foreach (var item in new[] { "KOP_SURAT", "TANDA_TANGAN", "DITUJUKAN_KEPALA_LPSE", "SK_BERLAKU", "DATA_PERSONAL" })
            {
                helpdesk.Check($"#step-form[data-kind=CompletenessCheck] input[name=Checked][value={item}]");
            }

            helpdesk.Type("#step-form[data-kind=CompletenessCheck] #Note", "Surat permohonan belum berstempel basah instansi.");
            helpdesk.ClickAndWait("#step-form[data-kind=CompletenessCheck] button[name=Answer][value=No]");
            helpdesk.WaitForText("#request-status", "Dikembalikan untuk dilengkapi");
            helpdesk.Screenshot("sop2-03-returned.png");

            // ---- 4. the applicant completes the file ----
            stage = Mark("resubmit");
            pokja.Open(detailPath);
            Assert.Contains("Dikembalikan untuk dilengkapi", pokja.Text("#request-status"), StringComparison.Ordinal);
            Assert.Contains("stempel basah", pokja.PageText, StringComparison.Ordinal);
            Assert.Contains("Jam berhenti", pokja.Text("#clock-paused"), StringComparison.Ordinal);
            Assert.Equal("Unduh formulir serah terima (PDF)", pokja.Text("#receipt-link"));
            pokja.Attach("#step-form[data-kind=ApplicantCompletion] #doc_SURAT_PERMOHONAN", letterStamped);
            pokja.Type("#step-form[data-kind=ApplicantCompletion] #Note", "Surat permohonan berstempel basah terlampir.");
            pokja.ClickAndWait("#step-form[data-kind=ApplicantCompletion] button[type=submit]");
            pokja.WaitForText("#request-status", "Menunggu pemeriksaan kelengkapan");
            pokja.Screenshot("sop2-04-resubmitted.png");

            // ---- 5. Helpdesk: complete → Admin Agency ----
            stage = Mark("complete");
            helpdesk.Open(detailPath);
            Assert.Contains("surat-permohonan-berstempel.pdf", helpdesk.PageText, StringComparison.Ordinal);
            foreach (var item in new[] { "KOP_SURAT", "TANDA_TANGAN", "STEMPEL_BASAH", "DITUJUKAN_KEPALA_LPSE", "SK_BERLAKU", "DATA_PERSONAL" })
            {
                helpdesk.Check($"#step-form[data-kind=CompletenessCheck] input[name=Checked][value={item}]");
            }

            helpdesk.ClickAndWait("#step-form[data-kind=CompletenessCheck] button[name=Answer][value=Yes]");
            helpdesk.WaitForText("#request-status", "Menunggu pelaksanaan di SPSE");

            // ---- 6. Admin Agency deactivates the account ----
            stage = Mark("execute");
            SignIn(admin, DemoUsers.AdminAgency);
            admin.Open("/Tugas?sop=2");
            admin.WaitForText("#queue", number);
            admin.ClickAndWait($"#queue a[href='{detailPath}']");
            Assert.Contains("Aktif", admin.Text("#execute-account"), StringComparison.Ordinal);
            admin.ClickAndWait("#step-form[data-kind=AccountAction] button[type=submit]");
            admin.WaitForText("#request-status", "Menunggu pemberitahuan ke pemohon");
            admin.Screenshot("sop2-05-deactivated.png");
            Assert.Equal(SpseAccountStatus.Inactive, await AccountStatusAsync(app, "rina.pokja"));

            // ---- 7. Helpdesk relays, 8. the applicant confirms in the app, 9. Helpdesk archives ----
            stage = Mark("relay");
            helpdesk.Open(detailPath);
            helpdesk.ClickAndWait("#step-form[data-kind=Notify] button[type=submit]");
            helpdesk.WaitForText("#request-status", "Menunggu konfirmasi penerimaan");

            stage = Mark("confirm");
            pokja.Open(detailPath);
            pokja.ClickAndWait("#step-form[data-kind=ConfirmReceipt] button[type=submit]");
            pokja.WaitForText("#request-status", "Menunggu pengarsipan");
            pokja.Screenshot("sop2-06-confirmed.png");

            stage = Mark("archive");
            helpdesk.Open(detailPath);
            helpdesk.ClickAndWait("#step-form[data-kind=Archive] button[type=submit]");
            helpdesk.WaitForText("#request-status", "Selesai dan diarsipkan");
            Assert.Empty(helpdesk.FindAll("#step-form"));
            var steps = helpdesk.FindAll("#timeline tbody tr").Select(r => r.Text.Split(' ', 2)[0]).ToList();
            // submit, receive, check (incomplete), completion, check (complete), action, relay, confirmation, archive
            Assert.Equal(new[] { "1", "2", "3", "4", "3", "6", "7", "8", "9" }, steps);
            var timeline = helpdesk.Text("#timeline");
            Assert.Contains("Fitri Anggraini", timeline, StringComparison.Ordinal);
            Assert.Contains("Budi Santoso", timeline, StringComparison.Ordinal);
            Assert.Contains("Rina Kartika Sari", timeline, StringComparison.Ordinal);
            helpdesk.Screenshot("sop2-07-archived.png");

            AssertNoConsoleErrors(pokja, helpdesk, admin);
        }
        catch
        {
            output.WriteLine($"failed at stage {stage}");
            pokja.SaveFailureEvidence(stage);
            helpdesk.SaveFailureEvidence(stage);
            admin.SaveFailureEvidence(stage);
            throw;
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task Helpdesk_registers_a_paper_request_and_the_applicant_follows_it_without_an_account()
    {
        var clock = Stopwatch.StartNew();
        await using var app = await AppFactory.CreateAsync(new AppSettings { RealServer = true });
        var artifacts = BrowserSession.ArtifactsFolder();
        var files = Path.Combine(app.Root, "upload");
        Directory.CreateDirectory(files);
        var letter = WriteFile(files, "scan-surat-permohonan.pdf", SampleFiles.Pdf("Surat permohonan pengaktifan hendra.pp"));
        var sk = WriteFile(files, "scan-sk-pejabat-pengadaan.png", SampleFiles.Png());
        using var helpdesk = BrowserSession.Start("sop2-intake-helpdesk", app.ServerAddress, artifacts);
        using var admin = BrowserSession.Start("sop2-intake-admin", app.ServerAddress, artifacts);
        using var applicant = BrowserSession.Start("sop2-intake-applicant", app.ServerAddress, artifacts);
        var stage = "start";
        string Mark(string next)
        {
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s {next}");
            return next;
        }

        try
        {
            // ---- 1 + 2. the applicant brings the file to the desk; Helpdesk registers and receives it ----
            stage = Mark("intake");
            SignIn(helpdesk, DemoUsers.Helpdesk);
            helpdesk.Open("/Helpdesk/Penerimaan/Baru");
            helpdesk.Check("input[name=Channel][value=WalkIn]");
            helpdesk.Check("input[name=Type][value=Activate]");
            helpdesk.Type("#ApplicantName", "Hendra Wijaya");
            helpdesk.Type("#ApplicantNip", "198110302006041004");
            helpdesk.Type("#ApplicantEmail", "hendra.pp@contoh.go.id");
            helpdesk.Type("#RankGrade", "Penata Muda Tk. I / III-b");
            helpdesk.Type("#Position", "Pejabat Pengadaan");
            helpdesk.Type("#Agency", "Dinas Pendidikan Kabupaten Contoh");
            helpdesk.Type("#Address", "Jl. Pendidikan No. 5, Kabupaten Contoh");
            helpdesk.Type("#Phone", "081298765432");
            helpdesk.Type("#SpseUserId", "hendra.pp");
            helpdesk.Type("#Reason", "Ditunjuk kembali sebagai Pejabat Pengadaan untuk tahun anggaran berjalan.");
            helpdesk.Type("#SkNumber", "027/101/DISDIK/2026");
            helpdesk.SetValue("#SkValidUntil", SkUntil);
            helpdesk.Attach("#doc_SURAT_PERMOHONAN", letter);
            helpdesk.Attach("#doc_SK_PENUNJUKAN", sk);
            helpdesk.ClickAndWait("form[action='/Helpdesk/Penerimaan/Baru'] button[type=submit]");
            helpdesk.WaitForUrl("/Prosedur/");
            var number = RequestNumber().Match(helpdesk.Text("h1")).Value;
            var detailPath = new Uri(helpdesk.Driver.Url).AbsolutePath;
            var requestId = int.Parse(detailPath.Split('/').Last(), CultureInfo.InvariantCulture);
            Assert.Contains("Menunggu pemeriksaan kelengkapan", helpdesk.Text("#request-status"), StringComparison.Ordinal);
            Assert.Contains("Datang langsung", helpdesk.Text("#request-channel"), StringComparison.Ordinal);
            Assert.Equal("Unduh formulir serah terima (PDF)", helpdesk.Text("#receipt-link"));
            helpdesk.Screenshot("sop2-intake-01-registered.png");

            // ---- the applicant, without an account, opens the status page from the receipt's QR code ----
            stage = Mark("status-page");
            string statusUrl;
            using (var scope = app.Services.CreateScope())
            {
                statusUrl = scope.ServiceProvider.GetRequiredService<RequestLinks>().StatusUrl(requestId);
            }

            applicant.Open(new Uri(statusUrl).PathAndQuery);
            Assert.Equal(number, applicant.Text("#status-number"));
            Assert.Contains("Menunggu pemeriksaan kelengkapan", applicant.Text("#request-status"), StringComparison.Ordinal);
            Assert.DoesNotContain("198110302006041004", applicant.PageText, StringComparison.Ordinal);
            applicant.Screenshot("sop2-intake-02-status-page.png");

            // ---- 3. complete → 6. Admin Agency activates with the new SK ----
            stage = Mark("complete");
            foreach (var item in new[] { "KOP_SURAT", "TANDA_TANGAN", "STEMPEL_BASAH", "DITUJUKAN_KEPALA_LPSE", "SK_BERLAKU", "DATA_PERSONAL" })
            {
                helpdesk.Check($"#step-form[data-kind=CompletenessCheck] input[name=Checked][value={item}]");
            }

            helpdesk.ClickAndWait("#step-form[data-kind=CompletenessCheck] button[name=Answer][value=Yes]");
            helpdesk.WaitForText("#request-status", "Menunggu pelaksanaan di SPSE");

            stage = Mark("activate");
            SignIn(admin, DemoUsers.AdminAgency);
            admin.Open(detailPath);
            Assert.Contains("Nonaktif", admin.Text("#execute-account"), StringComparison.Ordinal);
            admin.ClickAndWait("#step-form[data-kind=AccountAction] button[type=submit]");
            admin.WaitForText("#request-status", "Menunggu pemberitahuan ke pemohon");
            var account = await app.WithDbAsync(db => db.SpseAccounts.AsNoTracking().SingleAsync(a => a.UserId == "hendra.pp"));
            Assert.Equal(SpseAccountStatus.Active, account.Status);
            Assert.Equal("027/101/DISDIK/2026", account.SkNumber);

            // ---- 7. Helpdesk relays; 8. the applicant confirms from the link in the email ----
            stage = Mark("relay");
            helpdesk.Open(detailPath);
            helpdesk.ClickAndWait("#step-form[data-kind=Notify] button[type=submit]");
            helpdesk.WaitForText("#request-status", "Menunggu konfirmasi penerimaan");
            // The stored body loses its links once sent (docs/adr/0007): read the link from the mail itself.
            var resultId = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
                .Where(m => m.AccessRequestId == requestId && m.Kind == "activation-result").Select(m => m.Id).SingleAsync());
            var resultMail = await Email.ReceivedMail.WaitForOutboxAsync(app.MailFolder, resultId, TimeSpan.FromSeconds(15));
            Assert.True(resultMail is not null, "the result email was not written to the mail folder");
            var confirmUrl = ConfirmLink().Match(resultMail.Body).Value;
            Assert.False(string.IsNullOrEmpty(confirmUrl), "no confirmation link in the result email");

            stage = Mark("confirm-link");
            applicant.Open(new Uri(confirmUrl).PathAndQuery);
            applicant.ClickAndWait("#form-confirm-link button[type=submit]");
            applicant.Find("#confirmed");
            applicant.Screenshot("sop2-intake-03-confirmed.png");

            // ---- 9. Helpdesk archives ----
            stage = Mark("archive");
            helpdesk.Open(detailPath);
            Assert.Contains("Menunggu pengarsipan", helpdesk.Text("#request-status"), StringComparison.Ordinal);
            helpdesk.ClickAndWait("#step-form[data-kind=Archive] button[type=submit]");
            helpdesk.WaitForText("#request-status", "Selesai dan diarsipkan");
            Assert.Contains("melalui tautan email", helpdesk.Text("#timeline"), StringComparison.Ordinal);
            helpdesk.Screenshot("sop2-intake-04-archived.png");

            applicant.Open(new Uri(statusUrl).PathAndQuery);
            Assert.Contains("Selesai dan diarsipkan", applicant.Text("#request-status"), StringComparison.Ordinal);

            AssertNoConsoleErrors(helpdesk, admin, applicant);
        }
        catch
        {
            output.WriteLine($"failed at stage {stage}");
            helpdesk.SaveFailureEvidence(stage);
            admin.SaveFailureEvidence(stage);
            applicant.SaveFailureEvidence(stage);
            throw;
        }
    }

    private static Task<SpseAccountStatus> AccountStatusAsync(AppFactory app, string userId) =>
        app.WithDbAsync(db => db.SpseAccounts.AsNoTracking().Where(a => a.UserId == userId).Select(a => a.Status).SingleAsync());

    private static void AssertNoConsoleErrors(params BrowserSession[] sessions)
    {
        foreach (var session in sessions)
        {
            var severe = session.SevereConsoleMessages().Where(m => !m.Contains("favicon.ico", StringComparison.Ordinal)).ToList();
            Assert.True(severe.Count == 0, $"{session.Name}: console errors:\n{string.Join("\n", severe)}");
        }
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

    private static string WriteFile(string dir, string name, byte[] content)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [GeneratedRegex(@"HAK-\d{4}-\d{6}")]
    private static partial Regex RequestNumber();

    [GeneratedRegex(@"https?://\S+/Status/Konfirmasi\?t=\S+")]
    private static partial Regex ConfirmLink();
}
