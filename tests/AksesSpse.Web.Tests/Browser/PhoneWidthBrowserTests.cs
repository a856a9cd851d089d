using System.Text.RegularExpressions;
using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Requests;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace AksesSpse.Web.Tests.Browser;

/// <summary>
/// Every page each demo role can reach, on a phone: real headless Chromium with a 375 px wide mobile viewport, signed in as
/// each role in turn (and signed out), following every link of the app from the menu on, over requests of SOP 4 and SOP 2
/// in several states. No page may scroll sideways (document.documentElement.scrollWidth &lt;= clientWidth); a screenshot of
/// each page goes to $AKSESSPSE_TEST_ARTIFACTS/browser/phone-*.png for a person to look at.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class PhoneWidthBrowserTests(ITestOutputHelper output)
{
    private const int PhoneWidth = 375;
    private const int MaxPagesPerRole = 45;
    private const int MaxPagesPerKind = 3;

    /// <summary>Signed out ("") and every demo role.</summary>
    private static readonly string[] Emails =
    [
        "",
        DemoUsers.Pokja, DemoUsers.KepalaUkpbj, DemoUsers.Helpdesk, DemoUsers.AdminAgency, DemoUsers.AdminPpe, DemoUsers.KepalaLpse,
        DemoUsers.Auditor, DemoUsers.Administrator,
    ];

    [Fact(Timeout = 900_000)]
    public async Task Every_page_of_every_demo_role_fits_a_375_px_phone_without_sideways_scrolling()
    {
        await using var app = await AppFactory.CreateAsync(new AppSettings { RealServer = true, OutboxWorker = false });
        var seeded = await SeedRequestsAsync(app);
        var artifacts = BrowserSession.ArtifactsFolder();
        var failures = new List<string>();
        var checkedPages = 0;
        foreach (var email in Emails)
        {
            var role = email.Length == 0 ? "anonim" : email[..email.IndexOf('@', StringComparison.Ordinal)].Replace('.', '-');
            using var browser = BrowserSession.Start("phone-" + role, app.ServerAddress, artifacts);
            browser.UsePhoneScreen(PhoneWidth);
            try
            {
                var start = new List<string>();
                if (email.Length == 0)
                {
                    start.AddRange(["/Akun/Masuk", "/Akun/Daftar", "/Akun/LupaPassword", "/Akun/KirimUlangKonfirmasi", "/Status?t=bukan-token"]);
                }
                else
                {
                    SignIn(browser, email);
                    start.Add(new Uri(browser.Driver.Url).PathAndQuery);
                    start.AddRange(seeded.Details.Select(id => $"/Permohonan/Detail/{id}")); // 404 for whoever may not see them: checked too
                }

                var index = 0;
                void Check(string label)
                {
                    var path = new Uri(browser.Driver.Url).PathAndQuery;
                    var (scroll, client, culprits) = browser.SidewaysOverflow();
                    var shot = $"phone-{role}-{++index:00}-{Slug(label)}.png";
                    browser.Screenshot(shot);
                    checkedPages++;
                    output.WriteLine($"{role} {label} ({path}): scrollWidth {scroll}, clientWidth {client} → {shot}");
                    if (client != PhoneWidth)
                    {
                        failures.Add($"{role} {label}: the viewport is {client} px wide, not {PhoneWidth} (emulation failed?)");
                    }
                    else if (scroll > client)
                    {
                        failures.Add($"{role} {label}: scrolls sideways by {scroll - client} px ({shot}); reaching past the edge: {string.Join("; ", culprits)}");
                    }
                }

                foreach (var path in Crawl(browser, start, email.Length > 0))
                {
                    browser.Open(path);
                    Check(path);
                }

                // Pages that only a form or an email link leads to.
                if (email == DemoUsers.AdminAgency)
                {
                    browser.Open($"/Permohonan/Detail/{seeded.AwaitingExecution}");
                    browser.ClickAndWait("#step-form[data-kind=AccountAction] button[type=submit]");
                    Assert.NotNull(browser.Find("#temporary-password"));
                    Check("password-sementara-ditampilkan");
                }

                if (email == DemoUsers.Pokja)
                {
                    browser.Open(seeded.CredentialLink);
                    Check("tautan-password-sementara");
                    browser.ClickAndWait("form[action='/Kredensial/Buka'] button[type=submit]");
                    Assert.NotNull(browser.Find("#revealed-password"));
                    Check("password-sementara-dibuka");
                    browser.Open(seeded.CredentialLink);
                    Assert.NotNull(browser.Find("#credential-used"));
                    Check("tautan-sudah-dipakai");
                }

                var severe = browser.SevereConsoleMessages()
                    .Where(m => !m.Contains("favicon.ico", StringComparison.Ordinal) && !m.Contains(" 404 ", StringComparison.Ordinal)
                                && !m.Contains(" 403 ", StringComparison.Ordinal) && !m.Contains("status of 404", StringComparison.Ordinal)
                                && !m.Contains("status of 403", StringComparison.Ordinal) && !m.Contains("status of 400", StringComparison.Ordinal))
                    .ToList();
                if (severe.Count > 0)
                {
                    failures.Add($"{role}: console errors (a CSP violation shows here): {string.Join(" | ", severe)}");
                }
            }
            catch
            {
                browser.SaveFailureEvidence("phone-" + role);
                throw;
            }
        }

        output.WriteLine($"{checkedPages} pages checked at {PhoneWidth} px");
        Assert.True(checkedPages > 60, $"only {checkedPages} pages were checked: the crawl missed the app");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// The app's pages this browser reaches by links from <paramref name="start"/>, breadth first: same origin, GET only, no
    /// downloads, no sign-out; at most a few pages of one kind (the same path with other ids or query values).
    /// </summary>
    private static List<string> Crawl(BrowserSession browser, IEnumerable<string> start, bool follow)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var kinds = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>();
        var pages = new List<string>();
        void Offer(string path, bool capped)
        {
            if (Skip(path) || !seen.Add(path))
            {
                return;
            }

            var kind = Kind(path);
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            if (!capped || kinds[kind] <= MaxPagesPerKind)
            {
                queue.Enqueue(path);
            }
        }

        foreach (var path in start)
        {
            Offer(path, capped: false);
        }

        while (queue.Count > 0 && pages.Count < MaxPagesPerRole)
        {
            var path = queue.Dequeue();
            pages.Add(path);
            if (!follow)
            {
                continue;
            }

            browser.Open(path);
            foreach (var link in browser.Driver.FindElements(By.CssSelector("a[href]")))
            {
                var href = link.GetAttribute("href");
                if (Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.Authority == browser.BaseAddress.Authority &&
                    uri.Scheme == browser.BaseAddress.Scheme)
                {
                    Offer(uri.PathAndQuery, capped: true);
                }
            }
        }

        return pages;
    }

    private static bool Skip(string path) =>
        path.Contains("/Dokumen/", StringComparison.OrdinalIgnoreCase) || path.Contains("/TandaTerima", StringComparison.OrdinalIgnoreCase) ||
        path.Contains("/Pemberitahuan", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/Akun/Keluar", StringComparison.OrdinalIgnoreCase) ||
        path.StartsWith("/Diagnostik", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/health", StringComparison.OrdinalIgnoreCase) ||
        path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>The path with ids and query values left out: "/Permohonan/Detail/#?".</summary>
    private static string Kind(string path)
    {
        var parts = path.Split('?', 2);
        var query = parts.Length > 1
            ? string.Join("&", parts[1].Split('&').Select(p => p.Split('=')[0]).Order(StringComparer.Ordinal))
            : "";
        return Digits().Replace(parts[0], "#") + "?" + query;
    }

    private static string Slug(string path)
    {
        var slug = NotWord().Replace(path.Trim('/'), "-").Trim('-');
        return slug.Length == 0 ? "beranda" : slug.Length > 60 ? slug[..60] : slug;
    }

    /// <summary>
    /// Requests to look at, made through the services as the SOPs' actors would: SOP 4 waiting for the validity check with a
    /// failed register check, SOP 4 returned for completion, SOP 4 rejected and archived, SOP 2 online waiting for Helpdesk,
    /// SOP 2 on paper (Helpdesk intake) with its receipt.
    /// </summary>
    private sealed record Seeded(IReadOnlyList<int> Details, int AwaitingExecution, string CredentialLink);

    private static async Task<Seeded> SeedRequestsAsync(AppFactory app)
    {
        var ids = await app.WithDbAsync(db => db.Users.Where(u => u.Email != null)
            .ToDictionaryAsync(u => u.Email!, u => new { u.Id, u.FullName, u.OfficeId }));
        Actor As(string email, string role) => new(ids[email].Id, ids[email].FullName, ids[email].OfficeId, new HashSet<string> { role });
        var rina = As(DemoUsers.Pokja, Core.Identity.Roles.Pemohon);
        var admin = As(DemoUsers.AdminAgency, Core.Identity.Roles.AdminAgency);
        var helpdesk = As(DemoUsers.Helpdesk, Core.Identity.Roles.HelpdeskLpse);
        IncomingFile[] resetFiles =
        [
            new("SURAT_PERMOHONAN", "surat-permohonan-reset-password-akun-spse-rina-kartika-sari-2026.pdf", SampleFiles.Pdf()),
            new("SK_POKJA", "sk-penetapan-pokja-pemilihan-dinas-pekerjaan-umum.pdf", SampleFiles.Pdf("SK")),
        ];

        // SOP 4 runs on the engine: started through its module, moved as its page posts the moves.
        Task<int> Reset(string reason) => Sop4.Sop4.StartResetAsync(app, rina, "rina.pokja", reason, resetFiles);

        // One waiting for its temporary password, one whose holder was sent the one-time link (the outbox keeps it: no worker runs).
        var execution = await Reset("Lupa password akun SPSE setelah pergantian perangkat kerja.");
        await Sop4.Sop4.MoveAsync(app, execution, admin); // 2: complete
        await Sop4.Sop4.MoveAsync(app, execution, admin); // 5: valid
        var notified = await Reset("Akun SPSE terkunci setelah salah memasukkan password.");
        for (var step = 0; step < 4; step++)
        {
            await Sop4.Sop4.MoveAsync(app, notified, admin); // 2 complete, 5 valid, 6 reset, 8 notify
        }

        var mail = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.AccessRequestId == notified && m.Kind == "credential")
            .Select(m => m.Body).SingleAsync());
        var link = new Uri(CredentialLink().Match(mail).Value).PathAndQuery;

        var validity = await Reset("Lupa password akun SPSE setelah cuti panjang; mohon reset untuk paket tender minggu ini.");
        await Sop4.Sop4.MoveAsync(app, validity, admin);
        var returned = await Reset("Akun SPSE terkunci karena salah memasukkan password tiga kali berturut-turut.");
        await Sop4.Sop4.MoveAsync(app, returned, admin,
            "SK yang diunggah hanya halaman pertama; unggah SK lengkap beserta lampiran daftar nama anggota Pokja Pemilihan.", "SK_POKJA");
        var rejected = await Reset("Mohon reset password karena email lama tidak aktif lagi.");
        await Sop4.Sop4.RejectAsync(app, rejected, admin, "Surat permohonan tidak ditandatangani pemohon.");
        await Sop4.Sop4.MoveAsync(app, rejected, admin); // 9: archive

        // The register's SK of rina.pokja ended last year: the validity check shows ✘ and asks for a reason.
        await app.WithDbAsync(db => db.SpseAccounts.Where(a => a.UserId == "rina.pokja")
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.ValidUntil, new DateOnly(DateTime.UtcNow.Year - 1, 12, 31))));

        var details = new PersonalDetails("Penata / III-c", "Anggota Pokja Pemilihan", "Dinas Pekerjaan Umum Kabupaten Contoh",
            "Jl. Merdeka No. 1, Kabupaten Contoh", "081234567890");
        IncomingFile[] activationFiles =
        [
            new("SURAT_PERMOHONAN", "surat-permohonan-penonaktifan-hak-akses.pdf", SampleFiles.Pdf()),
            new("SK_PENUNJUKAN", "sk-penunjukan.pdf", SampleFiles.Pdf("SK")),
        ];
        var skUntil = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(6);
        int online, paper;
        using (var scope = app.Services.CreateScope())
        {
            // SOP 2 runs on the engine: started through its module, as /Prosedur/Ajukan/2 and the Helpdesk intake do.
            var engine = scope.ServiceProvider.GetRequiredService<AksesSpse.Core.Engine.SopEngine>();
            var module = scope.ServiceProvider.GetRequiredService<AksesSpse.Core.Procedures.AccessActivationModule>();
            var result = await module.StartAsync(engine, new SubmitActivationCommand(Guid.NewGuid(), RequestType.Deactivate, "rina.pokja",
                "Tidak lagi menjadi anggota Pokja Pemilihan sejak mutasi jabatan", details, "027/SK/UKPBJ/2026", skUntil, activationFiles),
                rina, CancellationToken.None);
            Assert.True(result.Succeeded, result.Message);
            online = result.Value;
            result = await module.IntakeAsync(engine, new IntakeCommand(Guid.NewGuid(), IntakeChannel.WalkIn, RequestType.Activate, "Hendra Wijaya",
                "198110302006041004", "hendra.pp@contoh.go.id",
                details with { Position = "Pejabat Pengadaan", Agency = "Dinas Pendidikan Kabupaten Contoh" }, "hendra.pp",
                "Ditunjuk kembali sebagai Pejabat Pengadaan untuk tahun anggaran berikutnya", "027/061/DISDIK/2027",
                new DateOnly(DateTime.UtcNow.Year + 1, 12, 31), activationFiles), helpdesk, CancellationToken.None);
            Assert.True(result.Succeeded, result.Message);
            paper = result.Value;
        }

        return new Seeded([validity, returned, rejected, online, paper, execution, notified], execution, link);
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

    [GeneratedRegex(@"https?://\S+/Kredensial/Buka\?token=[A-Za-z0-9_-]+")]
    private static partial Regex CredentialLink();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"[^A-Za-z0-9]+")]
    private static partial Regex NotWord();
}
