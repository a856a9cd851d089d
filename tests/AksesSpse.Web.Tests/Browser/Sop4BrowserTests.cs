using System.Diagnostics;
using System.Text.RegularExpressions;
using AksesSpse.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AksesSpse.Web.Tests.Browser;

/// <summary>
/// SOP 4 (reset password) walked end to end in real headless Chromium against the real app on a real
/// loopback port and SQLite: the Pokja member and Admin Agency each in their own browser, with real
/// clicks, real file uploads, and asserts on what the pages show. A screenshot of every stage goes to
/// $AKSESSPSE_TEST_ARTIFACTS/browser/.
/// </summary>
[Trait("Sop", "ResetPassword")]
[Trait("Category", "Browser")]
public sealed partial class Sop4BrowserTests(ITestOutputHelper output)
{
    private const string SkPokjaName = "Surat Keputusan Penetapan sebagai Pokja Pemilihan";

    [Fact(Timeout = 120_000)]
    public async Task Pokja_and_AdminAgency_walk_the_whole_reset_password_SOP_in_Chromium()
    {
        var clock = Stopwatch.StartNew();
        await using var app = await AppFactory.CreateAsync(new AppSettings { RealServer = true });
        var baseAddress = app.ServerAddress;
        var artifacts = BrowserSession.ArtifactsFolder();
        var files = Path.Combine(app.Root, "upload");
        Directory.CreateDirectory(files);
        var letter = WriteFile(files, "surat-permohonan.pdf", SampleFiles.Pdf("Surat permohonan reset password rina.pokja"));
        var skDraft = WriteFile(files, "sk-pokja-lama.pdf", SampleFiles.Pdf("SK Pokja (halaman pertama saja)"));
        var skFull = WriteFile(files, "sk-pokja-lengkap.pdf", SampleFiles.Pdf("SK Penetapan Pokja Pemilihan lengkap"));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s app on {baseAddress}, screenshots in {artifacts}");
        using var pokja = BrowserSession.Start("pokja", baseAddress, artifacts);
        using var admin = BrowserSession.Start("admin", baseAddress, artifacts);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s browsers started");
        var stage = "start";
        string Mark(string next)
        {
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s {next}");
            return next;
        }

        try
        {
            // ---- 1. Pokja submits ----
            stage = Mark("submit");
            SignIn(pokja, DemoUsers.Pokja);
            pokja.WaitForUrl("/Permohonan");
            var newLink = pokja.Find("nav a[href='/Ajukan']");
            Assert.Equal("Ajukan permohonan", newLink.Text.Trim());
            pokja.ClickAndWait(newLink);
            pokja.WaitForUrl("/Ajukan");
            pokja.ClickAndWait(".start-option[data-sop='4'] a[href='/Prosedur/Ajukan/4']");
            pokja.WaitForUrl("/Prosedur/Ajukan/4");
            pokja.Check("input[name=Type][value=ResetPassword]");
            pokja.Type("#SpseUserId", "rina.pokja");
            pokja.Type("#Reason", "Lupa password SPSE setelah cuti panjang; mohon reset untuk paket tender minggu ini.");
            pokja.Attach("#doc_SURAT_PERMOHONAN", letter);
            pokja.Attach("#doc_SK_POKJA", skDraft);
            pokja.ClickAndWait("form[action='/Prosedur/Ajukan/4'] button[type=submit]");
            pokja.WaitForUrl("/Prosedur/");
            var heading = pokja.Text("h1");
            var number = RequestNumber().Match(heading).Value;
            Assert.False(string.IsNullOrEmpty(number), $"no request number in \"{heading}\"");
            var detailPath = new Uri(pokja.Driver.Url).AbsolutePath;
            Assert.Contains("Permohonan terkirim", pokja.Text(".alert.success"), StringComparison.Ordinal);
            Assert.Contains("Menunggu pemeriksaan kelengkapan", pokja.Text("#request-status"), StringComparison.Ordinal);
            Assert.Contains("surat-permohonan.pdf", pokja.PageText, StringComparison.Ordinal);
            Assert.Contains("sk-pokja-lama.pdf", pokja.PageText, StringComparison.Ordinal);
            pokja.Screenshot("01-submit.png");
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s submitted {number} at {detailPath}");

            // ---- 2. Admin Agency: queue, completeness check → incomplete ----
            stage = Mark("queue");
            SignIn(admin, DemoUsers.AdminAgency);
            admin.WaitForUrl("/Tugas");
            admin.WaitForText("#queue", number);
            var row = admin.Find("#queue tbody tr");
            Assert.Contains(number, row.Text, StringComparison.Ordinal);
            Assert.Contains("Rina Kartika Sari", row.Text, StringComparison.Ordinal);
            Assert.Contains("rina.pokja", row.Text, StringComparison.Ordinal);
            Assert.Contains("Menunggu pemeriksaan kelengkapan", row.Text, StringComparison.Ordinal);
            admin.Screenshot("02-queue.png");

            stage = Mark("incomplete");
            admin.ClickAndWait($"#queue a[href='{detailPath}']");
            Assert.Contains(number, admin.Text("h1"), StringComparison.Ordinal);
            admin.Check("#step-form[data-kind=CompletenessCheck] input[name=MissingDocuments][value=SK_POKJA]");
            admin.Type("#step-form[data-kind=CompletenessCheck] #Note", "SK yang diunggah hanya halaman pertama; unggah SK lengkap dengan lampiran nama anggota Pokja.");
            admin.ClickAndWait("#step-form[data-kind=CompletenessCheck] button[name=Answer][value=No]");
            admin.WaitForText("#request-status", "Dikembalikan untuk dilengkapi");
            Assert.Contains("Berkas dikembalikan", admin.Text(".alert.success"), StringComparison.Ordinal);
            admin.Screenshot("03-incomplete.png");

            // ---- 3. Pokja sees what is missing and completes the file ----
            stage = Mark("resubmit");
            pokja.Open("/Permohonan");
            Assert.Contains("Dikembalikan untuk dilengkapi", pokja.PageText, StringComparison.Ordinal);
            pokja.ClickAndWait($"a[href='{detailPath}']");
            Assert.Contains("Dikembalikan untuk dilengkapi", pokja.Text("#request-status"), StringComparison.Ordinal);
            var missing = pokja.Text(".alert.warn");
            Assert.Contains("Yang harus dilengkapi", missing, StringComparison.Ordinal);
            Assert.Contains(SkPokjaName, missing, StringComparison.Ordinal);
            Assert.Contains("lampiran nama anggota Pokja", missing, StringComparison.Ordinal);
            pokja.Screenshot("04-returned.png");
            pokja.Attach("#step-form[data-kind=ApplicantCompletion] #doc_SK_POKJA", skFull);
            pokja.Type("#step-form[data-kind=ApplicantCompletion] #Note", "SK lengkap beserta lampiran terunggah.");
            pokja.ClickAndWait("#step-form[data-kind=ApplicantCompletion] button[type=submit]");
            pokja.WaitForText("#request-status", "Menunggu pemeriksaan kelengkapan");
            Assert.Contains("sk-pokja-lengkap.pdf", pokja.PageText, StringComparison.Ordinal);
            pokja.Screenshot("05-resubmitted.png");

            // ---- 4. Admin Agency: complete, valid, execute, notify, archive ----
            stage = Mark("complete");
            admin.Open("/Tugas");
            admin.WaitForText("#queue", number);
            admin.ClickAndWait($"#queue a[href='{detailPath}']");
            Assert.Contains("sk-pokja-lengkap.pdf", admin.PageText, StringComparison.Ordinal);
            admin.ClickAndWait("#step-form[data-kind=CompletenessCheck] button[name=Answer][value=Yes]");
            admin.WaitForText("#request-status", "Menunggu pemeriksaan keabsahan");
            var validity = admin.Text("#step-form[data-kind=ValidityCheck]");
            Assert.Contains("User ID terdaftar di register akun SPSE", validity, StringComparison.Ordinal);
            Assert.DoesNotContain("✘", validity, StringComparison.Ordinal);
            admin.Screenshot("06-complete.png");

            stage = Mark("valid");
            admin.Type("#step-form[data-kind=ValidityCheck] #Note", "Dikonfirmasi lewat telepon dengan Rina Kartika Sari.");
            admin.ClickAndWait("#step-form[data-kind=ValidityCheck] button[name=Answer][value=Yes]");
            admin.WaitForText("#request-status", "Menunggu pelaksanaan di SPSE");
            admin.Screenshot("07-valid.png");

            stage = Mark("execute");
            var execute = admin.Find("#step-form[data-kind=AccountAction] button[type=submit]");
            Assert.Equal("Buat password sementara", execute.Text.Trim());
            admin.ClickAndWait(execute);
            var password = admin.Text("#temporary-password");
            Assert.True(password.Length >= 10, $"temporary password too short: {password.Length} characters");
            Assert.Contains("Ditampilkan satu kali", admin.PageText, StringComparison.Ordinal);
            admin.Screenshot("08-temporary-password.png");

            stage = Mark("notify");
            var back = admin.Find($"a[href='{detailPath}']");
            Assert.Equal("Lanjut ke permohonan", back.Text.Trim());
            admin.ClickAndWait(back);
            admin.WaitForText("#request-status", "Menunggu pemberitahuan ke pemohon");
            Assert.DoesNotContain(password, admin.PageText, StringComparison.Ordinal);
            admin.ClickAndWait("#step-form[data-kind=Notify] button[type=submit]");
            admin.WaitForText("#request-status", "Menunggu pengarsipan");
            admin.Screenshot("09-notified.png");

            stage = Mark("archive");
            admin.ClickAndWait("#step-form[data-kind=Archive] button[type=submit]");
            admin.WaitForText("#request-status", "Selesai dan diarsipkan");
            Assert.Contains("Permohonan diarsipkan dan ditutup", admin.Text(".alert.success"), StringComparison.Ordinal);
            Assert.Empty(admin.FindAll("#step-form"));
            admin.Screenshot("10-archived.png");

            // ---- 5. Pokja sees the archived request and its whole timeline ----
            stage = Mark("pokja-archived");
            pokja.Open(detailPath);
            Assert.Contains("Selesai dan diarsipkan", pokja.Text("#request-status"), StringComparison.Ordinal);
            Assert.Equal("Dikabulkan", pokja.Text("#request-status .tag"));
            var timeline = pokja.FindAll("#timeline tbody tr").Select(r => r.Text).ToList();
            var steps = timeline.Select(t => t.Split(' ', 2)[0]).ToList();
            // Submit, completeness (incomplete), request completion, applicant completion, completeness (complete),
            // validity, execution, notification, archive.
            Assert.Equal(new[] { "1", "2", "3", "4", "2", "5", "6", "8", "9" }, steps);
            Assert.DoesNotContain(timeline, t => t.Contains("berjalan", StringComparison.Ordinal));
            var timelineText = pokja.Text("#timeline");
            Assert.Contains("Berkas tidak lengkap", timelineText, StringComparison.Ordinal);
            Assert.Contains("Berkas lengkap", timelineText, StringComparison.Ordinal);
            Assert.Contains("Budi Santoso", timelineText, StringComparison.Ordinal);
            Assert.DoesNotContain(password, pokja.PageText, StringComparison.Ordinal);
            Assert.Empty(pokja.FindAll("#step-form"));
            pokja.Screenshot("11-pokja-archived.png");

            stage = Mark("console");
            foreach (var session in new[] { pokja, admin })
            {
                var severe = session.SevereConsoleMessages().Where(m => !m.Contains("favicon.ico", StringComparison.Ordinal)).ToList();
                // Any console error fails: a script error, a failed load, or markup the CSP (style-src 'self') blocks.
                Assert.True(severe.Count == 0, $"{session.Name}: console errors:\n{string.Join("\n", severe)}");
            }

            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s done");
        }
        catch
        {
            output.WriteLine($"failed at stage {stage}; pokja on {SafeUrl(pokja)}, admin on {SafeUrl(admin)}");
            pokja.SaveFailureEvidence(stage);
            admin.SaveFailureEvidence(stage);
            throw;
        }
    }

    /// <summary>
    /// "Kembali" on an error page takes the user back under the app's own CSP (script-src 'self'): it is a link that site.js
    /// turns into the browser's Back, not an inline javascript: URL that the CSP would block.
    /// </summary>
    [Fact(Timeout = 120_000)]
    public async Task Kembali_on_an_error_page_goes_back_to_the_previous_page_in_Chromium()
    {
        await using var app = await AppFactory.CreateAsync(new AppSettings { RealServer = true, OutboxWorker = false });
        using var pokja = BrowserSession.Start("pokja-kembali", app.ServerAddress, BrowserSession.ArtifactsFolder());
        try
        {
            SignIn(pokja, DemoUsers.Pokja);
            pokja.WaitForUrl("/Permohonan");
            pokja.Open("/Permohonan/Baru");
            pokja.WaitForUrl("/Prosedur/Ajukan/4");
            pokja.Open("/Permohonan/Detail/987654");
            Assert.Equal("Tidak ditemukan", pokja.Text("h1"));
            pokja.Screenshot("kembali-01-error-page.png");
            pokja.ClickAndWait("a[data-back]");
            pokja.WaitForUrl("/Prosedur/Ajukan/4");
            Assert.NotNull(pokja.Find("form[action='/Prosedur/Ajukan/4']"));
            var severe = pokja.SevereConsoleMessages()
                .Where(m => !m.Contains("favicon.ico", StringComparison.Ordinal) && !m.Contains("404", StringComparison.Ordinal)).ToList();
            Assert.True(severe.Count == 0, $"console errors (a CSP violation shows here):\n{string.Join("\n", severe)}");
        }
        catch
        {
            pokja.SaveFailureEvidence("kembali");
            throw;
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
        Assert.Contains("Keluar", browser.Text("header .who"), StringComparison.Ordinal);
    }

    private static string WriteFile(string dir, string name, byte[] content)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static string SafeUrl(BrowserSession browser)
    {
        try
        {
            return browser.Driver.Url;
        }
        catch (OpenQA.Selenium.WebDriverException)
        {
            return "(browser gone)";
        }
    }

    [GeneratedRegex(@"RPW-\d{4}-\d{6}")]
    private static partial Regex RequestNumber();
}
