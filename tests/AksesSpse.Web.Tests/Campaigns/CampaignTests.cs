using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Campaigns;
using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Tests.Shared;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AksesSpse.Web.Tests.Campaigns;

/// <summary>
/// The year-end PPK campaign through the real app on each database: the screen and its forms as Admin Agency, the
/// run, the summary, the notice PDF and the outbox; who may not run it; two runs at once on the server's database.
/// The demo office has five active PPK accounts (agus, sri, bambang — whose SK ended last year —, lina, rudi).
/// </summary>
[Trait("Sop", "Deactivation")]
public sealed partial class CampaignTests
{
    /// <summary>10 December 2026, 10:00 WIB: inside the window of fiscal year 2026.</summary>
    private static readonly DateTimeOffset InWindow = new(2026, 12, 10, 3, 0, 0, TimeSpan.Zero);

    private static readonly string[] DemoPpk = ["agus.ppk", "sri.ppk", "bambang.ppk", "lina.ppk", "rudi.ppk"];

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task AdminAgency_ExcludesOneRunsTheCampaign_AndGetsTheSummaryTheNoticeAndTheMails(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, Clock = new FakeTimeProvider(InWindow), OutboxWorker = false });
        using var admin = factory.CreateFormClient();
        await admin.SignInAsync(DemoUsers.AdminAgency);
        var ids = await factory.WithDbAsync(db => db.SpseAccounts.Where(a => a.Role == SpseRole.Ppk).ToDictionaryAsync(a => a.UserId, a => a.Id));
        var sriRequest = await OpenRequestAsync(factory, "sri.ppk");

        // The screen: every active PPK account of the office, with its SK, the flag of an ended SK and the counts.
        var page = await admin.GetPageAsync("/Kampanye");
        Assert.Contains("Kampanye penonaktifan akun PPK akhir tahun", Text(page));
        Assert.Equal("1 Desember 2026 s.d. 31 Maret 2027", Text(page.QuerySelector("#window")));
        Assert.Equal(DemoPpk.Order(), Rows(page).Select(r => r.UserId).Order());
        Assert.Equal(("5", "0", "1", "4"), Counts(page));
        Assert.Contains("SK berakhir", Row(page, "bambang.ppk").Text);
        Assert.DoesNotContain("SK berakhir", Row(page, "agus.ppk").Text);
        Assert.Contains("900/012/DINKES/2026", Row(page, "agus.ppk").Text);
        Assert.Contains($"Permohonan {sriRequest} sedang berjalan", Row(page, "sri.ppk").Text);
        Assert.Contains("Kampanye tahun anggaran 2026 belum disiapkan", Text(page.QuerySelector("#campaign-state")));
        Assert.Equal("2026", ((IHtmlOptionElement)page.QuerySelector("#tahun option[selected]")!).Value);
        AssertEveryPostFormHasAToken(page);

        // Search by name, NIP or agency.
        Assert.Equal(["lina.ppk"], Rows(await admin.GetPageAsync("/Kampanye?tahun=2026&q=MARLINA")).Select(r => r.UserId));
        Assert.Equal(["rudi.ppk"], Rows(await admin.GetPageAsync("/Kampanye?tahun=2026&q=19830417%20200901%201%20006")).Select(r => r.UserId));
        Assert.Equal(["lina.ppk"], Rows(await admin.GetPageAsync("/Kampanye?tahun=2026&q=rsud")).Select(r => r.UserId));

        // Excluding without a reason is refused in Indonesian and creates nothing.
        var refused = await admin.SubmitAsync(page, $"#exclude-{ids["lina.ppk"]}", new() { ["Reason"] = "  " });
        Assert.Equal(HttpStatusCode.Redirect, refused.Status);
        Assert.Equal("Alasan pengecualian wajib diisi.", Text(refused.Page.QuerySelector(".alert.error")));
        Assert.Equal(0, await factory.WithDbAsync(db => db.PpkCampaigns.CountAsync()));

        // With a reason: the draft is made, the account stays active and is marked.
        var excluded = await admin.SubmitAsync(refused.Page, $"#exclude-{ids["lina.ppk"]}", new() { ["Reason"] = "Masih PPK kontrak tahun jamak RSUD" });
        Assert.Equal("Akun dikecualikan dari penonaktifan dan tetap aktif.", Text(excluded.Page.QuerySelector(".alert.success")));
        page = excluded.Page;
        Assert.Equal(("5", "1", "1", "3"), Counts(page));
        Assert.Contains("Dikecualikan", Row(page, "lina.ppk").Text);
        Assert.Contains("Masih PPK kontrak tahun jamak RSUD", Row(page, "lina.ppk").Text);
        Assert.Contains("Draf disiapkan oleh Budi Santoso pada 10-12-2026 10:00 WIB", Text(page.QuerySelector("#campaign-state")));
        Assert.NotNull(page.QuerySelector($"#include-{ids["lina.ppk"]}"));

        // Undo and redo, to see both forms work.
        page = (await admin.SubmitAsync(page, $"#include-{ids["lina.ppk"]}", [])).Page;
        Assert.Equal("Pengecualian dibatalkan; akun akan ikut dinonaktifkan.", Text(page.QuerySelector(".alert.success")));
        Assert.Equal(("5", "0", "1", "4"), Counts(page));
        page = (await admin.SubmitAsync(page, $"#exclude-{ids["lina.ppk"]}", new() { ["Reason"] = "Masih PPK kontrak tahun jamak RSUD" })).Page;

        // The run needs the checkbox and the typed year.
        var unconfirmed = await admin.SubmitAsync(page, "#form-run", new() { ["TypedFiscalYear"] = "2026" });
        Assert.Equal("Centang pernyataan bahwa Anda memahami akibat penonaktifan sebelum menjalankan kampanye.", Text(unconfirmed.Page.QuerySelector(".alert.error")));
        var mistyped = await admin.SubmitAsync(unconfirmed.Page, "#form-run", new() { ["Confirmed"] = "true", ["TypedFiscalYear"] = "2025" });
        Assert.Equal("Ketik tahun anggaran 2026 pada kolom konfirmasi untuk menjalankan kampanye.", Text(mistyped.Page.QuerySelector(".alert.error")));
        Assert.Equal(5, await factory.WithDbAsync(db => db.SpseAccounts.CountAsync(a => a.Role == SpseRole.Ppk && a.Status == SpseAccountStatus.Active)));

        // "Nonaktifkan semua": one action, then the summary page.
        page = mistyped.Page;
        var run = await admin.SubmitAsync(page, "#form-run", new() { ["Confirmed"] = "true", ["TypedFiscalYear"] = "2026" });
        Assert.Equal(HttpStatusCode.Redirect, run.Status);
        Assert.Equal("/Kampanye/Hasil?tahun=2026", run.Location);
        var summary = run.Page;
        Assert.Equal("Kampanye tahun anggaran 2026 selesai: 3 akun dinonaktifkan, 1 dikecualikan, 1 gagal.", Text(summary.QuerySelector(".alert.success")));
        Assert.Equal(("3", "1", "1"), (Text(summary.QuerySelector("#count-deactivated")), Text(summary.QuerySelector("#count-excluded")), Text(summary.QuerySelector("#count-failed"))));
        Assert.Contains("permohonan aktivasi hak akses (SOP 2)", Text(summary.QuerySelector("#reactivation")));
        Assert.Contains("SK penetapan yang baru", Text(summary.QuerySelector("#reactivation")));
        var campaignId = await factory.WithDbAsync(db => db.PpkCampaigns.Select(c => c.Id).SingleAsync());
        var noticeNumber = $"DEMO/PPK-NONAKTIF/2026/{campaignId:D4}";
        Assert.Equal(noticeNumber, Text(summary.QuerySelector("#notice-number")));
        var results = summary.QuerySelectorAll("#campaign-results tbody tr").ToDictionary(tr => tr.GetAttribute("data-user-id")!, Text);
        Assert.Equal(DemoPpk.Order(), results.Keys.Order());
        Assert.Contains("Dinonaktifkan", results["agus.ppk"]);
        Assert.Contains("Dikecualikan Masih PPK kontrak tahun jamak RSUD", results["lina.ppk"]);
        Assert.Contains($"Gagal Permohonan {sriRequest} sedang berjalan", results["sri.ppk"]);
        Assert.Equal(["sri.ppk"], (await admin.GetPageAsync("/Kampanye/Hasil?tahun=2026&hasil=Failed")).QuerySelectorAll("#campaign-results tbody tr")
            .Select(tr => tr.GetAttribute("data-user-id")));

        // The register, its history (read back through EF with the exact time on both providers) and the outbox.
        string[] deactivated = ["agus.ppk", "bambang.ppk", "rudi.ppk"];
        var saved = await factory.WithDbAsync(async db => new
        {
            Accounts = await db.SpseAccounts.AsNoTracking().Where(a => a.Role == SpseRole.Ppk).ToDictionaryAsync(a => a.UserId),
            History = await db.SpseAccountHistory.AsNoTracking().Where(h => h.PpkCampaignId == campaignId).ToListAsync(),
            Mails = await db.OutboxMessages.AsNoTracking().Where(m => m.Kind == PpkCampaignService.MailKind).ToListAsync(),
            Campaign = await db.PpkCampaigns.AsNoTracking().SingleAsync(),
        });
        Assert.All(deactivated, u => Assert.Equal(SpseAccountStatus.Inactive, saved.Accounts[u].Status));
        Assert.All(deactivated, u => Assert.Equal(InWindow.UtcDateTime, saved.Accounts[u].UpdatedAt));
        Assert.All(["sri.ppk", "lina.ppk"], u => Assert.Equal(SpseAccountStatus.Active, saved.Accounts[u].Status));
        Assert.Equal(deactivated.Select(u => saved.Accounts[u].Id).Order(), saved.History.Select(h => h.SpseAccountId).Order());
        Assert.All(saved.History, h =>
        {
            Assert.Equal(SpseAccountChange.Deactivated, h.Change);
            Assert.Equal(InWindow.UtcDateTime, h.ChangedAt);
            Assert.Equal(DateTimeKind.Utc, h.ChangedAt.Kind);
            Assert.Equal("Budi Santoso", h.ChangedByName);
            Assert.Contains(noticeNumber, h.Detail);
        });
        Assert.Equal(deactivated.Select(u => saved.Accounts[u].HolderEmail).Order(), saved.Mails.Select(m => m.To).Order());
        Assert.All(saved.Mails, m =>
        {
            var holder = saved.Accounts.Values.Single(a => a.HolderEmail == m.To);
            Assert.Contains(holder.UserId, m.Subject);
            Assert.Contains($"user ID \"{holder.UserId}\"", m.Body);
            Assert.Contains("Tahun Anggaran 2026", m.Body);
            Assert.Contains("LPSE Kabupaten Contoh", m.Body);
            Assert.Equal(InWindow.UtcDateTime, m.CreatedAt);
            Assert.Null(m.SentAt);
        });
        Assert.Equal((PpkCampaignStatus.Completed, InWindow.UtcDateTime, "Budi Santoso"),
            (saved.Campaign.Status, saved.Campaign.CompletedAt, saved.Campaign.CompletedByName));

        // The register page shows the change.
        var register = Text(await admin.GetPageAsync($"/Register/{ids["agus.ppk"]}"));
        Assert.Contains("Dinonaktifkan", register);
        Assert.Contains("Tahun Anggaran 2026", register);

        // The notice: a PDF download with every deactivated user ID, the exclusion and the failure, rendered by pdftoppm.
        var link = summary.QuerySelector("#notice-link")!.GetAttribute("href")!;
        using (var download = await admin.GetAsync(link))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
            Assert.True(download.Headers.CacheControl?.NoStore, "the notice must not be cached");
            Assert.Equal("pemberitahuan-penonaktifan-ppk-2026.pdf", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
            var pdf = await download.Content.ReadAsByteArrayAsync();
            Assert.Equal(saved.Campaign.NoticeSha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)));
            var text = Collapse(PdfText(pdf));
            var inDrawingOrder = Collapse(PdfText(pdf, "-raw")); // a wrapped cell's lines stay together
            Assert.Contains("Pemberitahuan Penonaktifan Akun PPK Tahun Anggaran 2026", text);
            Assert.Contains("LPSE Kabupaten Contoh", text);
            Assert.Contains("Jl. Merdeka No. 1, Kabupaten Contoh", text);
            Assert.Contains("Nomor: " + noticeNumber, text);
            Assert.Contains("Dijalankan oleh : Budi Santoso (Admin Agency)", text);
            Assert.Contains("Dinonaktifkan : 3", text);
            Assert.Contains("Halaman 1 dari 1", text);
            Assert.All(deactivated, u => Assert.Contains(u, text));
            Assert.Contains("Masih PPK kontrak tahun jamak RSUD", inDrawingOrder);
            Assert.Contains($"Permohonan {sriRequest} sedang berjalan", inDrawingOrder);
            Assert.True(RenderPng(pdf).Length > 1000);
        }

        // Staff who read requests may download it; an applicant may not.
        using (var auditor = factory.CreateFormClient())
        {
            await auditor.SignInAsync(DemoUsers.Auditor);
            using var download = await auditor.GetAsync(link);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            var auditorPage = await auditor.GetPageAsync("/Kampanye?tahun=2026");
            Assert.NotNull(auditorPage.QuerySelector("#campaign-completed"));
            Assert.Empty(auditorPage.QuerySelectorAll("form[method=post][action^='/Kampanye']"));
        }

        using (var applicant = factory.CreateFormClient())
        {
            await applicant.SignInAsync(DemoUsers.Pokja);
            using var download = await applicant.GetAsync(link);
            Assert.True(IsRefused(download), $"an applicant got {(int)download.StatusCode} for the notice");
        }

        // The same form again (Back in the browser, or a second click): refused with who ran it and when.
        var again = await admin.SubmitAsync(page, "#form-run", new() { ["Confirmed"] = "true", ["TypedFiscalYear"] = "2026" });
        Assert.Equal("Kampanye tahun anggaran 2026 sudah dijalankan oleh Budi Santoso pada 10-12-2026 10:00 WIB.", Text(again.Page.QuerySelector(".alert.error")));
        var exclusionAfter = await admin.SubmitAsync(page, $"#exclude-{ids["agus.ppk"]}", new() { ["Reason"] = "Terlambat" });
        Assert.Equal("Kampanye tahun anggaran 2026 sudah dijalankan; daftarnya tidak dapat diubah lagi.", Text(exclusionAfter.Page.QuerySelector(".alert.error")));
        Assert.NotNull(again.Page.QuerySelector("#campaign-completed"));
        Assert.Null(again.Page.QuerySelector("#form-run"));
        Assert.Equal(3, await factory.WithDbAsync(db => db.SpseAccountHistory.CountAsync(h => h.PpkCampaignId == campaignId)));
        Assert.Equal(3, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == PpkCampaignService.MailKind)));
        Assert.Single(Directory.GetFiles(Path.Combine(factory.Root, "files", "campaigns", "2026")));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task AnApplicantAndHelpdeskCannotRunIt_AndAPostWithoutItsAntiforgeryTokenIsRefused(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, Clock = new FakeTimeProvider(InWindow), OutboxWorker = false });
        using var admin = factory.CreateFormClient();
        using var helpdesk = factory.CreateFormClient();
        using var applicant = factory.CreateFormClient();
        await admin.SignInAsync(DemoUsers.AdminAgency);
        await helpdesk.SignInAsync(DemoUsers.Helpdesk);
        await applicant.SignInAsync(DemoUsers.Pokja);
        var adminPage = await admin.GetPageAsync("/Kampanye");
        Assert.NotNull(adminPage.QuerySelector("#form-run"));

        // The applicant: no screen, no run.
        using (var screen = await applicant.GetAsync("/Kampanye"))
        {
            Assert.True(IsRefused(screen), $"an applicant got {(int)screen.StatusCode} for /Kampanye");
        }

        var applicantToken = await TokenAsync(applicant, "/Akun/GantiPassword");
        using (var post = await PostAsync(applicant, "/Kampanye/Jalankan", RunFields(applicantToken)))
        {
            Assert.True(IsRefused(post), $"an applicant's run got {(int)post.StatusCode}");
        }

        // Helpdesk reads the list but has no forms, and a crafted post is refused.
        var helpdeskPage = await helpdesk.GetPageAsync("/Kampanye");
        Assert.Equal(DemoPpk.Order(), Rows(helpdeskPage).Select(r => r.UserId).Order());
        Assert.Empty(helpdeskPage.QuerySelectorAll("form[method=post][action^='/Kampanye']"));
        var helpdeskToken = await TokenAsync(helpdesk, "/Akun/GantiPassword");
        foreach (var action in new[] { "/Kampanye/Jalankan", "/Kampanye/Siapkan", "/Kampanye/Kecualikan" })
        {
            using var post = await PostAsync(helpdesk, action, RunFields(helpdeskToken));
            Assert.True(IsRefused(post), $"Helpdesk's post to {action} got {(int)post.StatusCode}");
        }

        // Admin Agency's own form without its antiforgery token: 400, nothing done.
        using (var forged = await PostFormAsync(admin, adminPage, "#form-run", new() { ["Confirmed"] = "true", ["TypedFiscalYear"] = "2026" }, withToken: false))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.Contains("Formulir kedaluwarsa", Text(await FormClient.ParseAsync(forged)));
        }

        using (var forged = await PostFormAsync(admin, adminPage, "#form-prepare", [], withToken: false))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.Equal(0, await factory.WithDbAsync(db => db.PpkCampaigns.CountAsync()));
        Assert.Equal(5, await factory.WithDbAsync(db => db.SpseAccounts.CountAsync(a => a.Role == SpseRole.Ppk && a.Status == SpseAccountStatus.Active)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync()));

        // "Siapkan kampanye" by Admin Agency works and shows the draft.
        var prepared = await admin.SubmitAsync(adminPage, "#form-prepare", []);
        Assert.Equal("Kampanye tahun anggaran 2026 siap. Periksa daftar dan kecualikan akun yang tetap aktif.", Text(prepared.Page.QuerySelector(".alert.success")));
        Assert.Null(prepared.Page.QuerySelector("#form-prepare"));
        Assert.Equal(1, await factory.WithDbAsync(db => db.PpkCampaigns.CountAsync(c => c.Status == PpkCampaignStatus.Draft)));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task BeforeTheWindow_TheScreenSaysWhenItOpens_AndARunIsRefused(DatabaseKind database)
    {
        var november = new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, Clock = new FakeTimeProvider(november), OutboxWorker = false });
        using var admin = factory.CreateFormClient();
        await admin.SignInAsync(DemoUsers.AdminAgency);

        var page = await admin.GetPageAsync("/Kampanye");

        Assert.Contains("Kampanye tahun anggaran 2026 baru dapat dijalankan mulai 1 Desember 2026 sampai 31 Maret 2027.", Text(page.QuerySelector("#window-note")));
        Assert.Null(page.QuerySelector("#form-run"));
        Assert.Contains("Tombol ini tersedia mulai 1 Desember 2026", Text(page.QuerySelector("#run")));
        Assert.NotNull(page.QuerySelector("#form-prepare")); // the list can be prepared already

        // A crafted run (the exclusion form's token, the run's fields) is refused with the same message.
        var id = await factory.WithDbAsync(db => db.SpseAccounts.Where(a => a.UserId == "agus.ppk").Select(a => a.Id).SingleAsync());
        var form = page.QuerySelector($"#exclude-{id}")!;
        form.SetAttribute("action", "/Kampanye/Jalankan");
        var refused = await admin.SubmitAsync(page, $"#exclude-{id}", new() { ["Confirmed"] = "true", ["TypedFiscalYear"] = "2026" });
        Assert.Equal(HttpStatusCode.Redirect, refused.Status);
        Assert.Equal("Kampanye tahun anggaran 2026 baru dapat dijalankan mulai 1 Desember 2026 sampai 31 Maret 2027.", Text(refused.Page.QuerySelector(".alert.error")));
        Assert.Equal(5, await factory.WithDbAsync(db => db.SpseAccounts.CountAsync(a => a.Role == SpseRole.Ppk && a.Status == SpseAccountStatus.Active)));
    }

    /// <summary>
    /// Two runs that both passed their checks start their transactions together on the server's database (SQLite file or
    /// PostgreSQL): the conditional UPDATE lets exactly one through. With 1,000 more PPK accounts, read back through EF.
    /// </summary>
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task TwoRunsAtOnceOnTheServerDatabase_OneDeactivatesEverythingOnce(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, Clock = new FakeTimeProvider(InWindow), OutboxWorker = false });
        var officeId = await factory.WithDbAsync(db => db.Offices.Where(o => o.Code == DatabaseInitializer.DemoOfficeCode).Select(o => o.Id).SingleAsync());
        await factory.WithDbAsync(async db =>
        {
            db.SpseAccounts.AddRange(Enumerable.Range(1, 1000).Select(i => new SpseAccount
            {
                OfficeId = officeId,
                UserId = $"ppk.{i:D5}",
                HolderName = $"Pemegang {i:D5}",
                HolderNip = "198001012005011001",
                HolderEmail = $"ppk.{i:D5}@contoh.go.id",
                Agency = "Dinas Nomor " + (i % 20).ToString(CultureInfo.InvariantCulture),
                Role = SpseRole.Ppk,
                SkNumber = $"900/{i:D5}/SK-PPK/2026",
                ValidUntil = new DateOnly(2026, 12, 31),
                CreatedAt = InWindow.UtcDateTime,
                UpdatedAt = InWindow.UtcDateTime,
            }));
            return await db.SaveChangesAsync();
        });
        var admins = new[]
        {
            new Actor("admin-1", "Budi Santoso", officeId, new HashSet<string> { Roles.AdminAgency }),
            new Actor("admin-2", "Sinta Maharani", officeId, new HashSet<string> { Roles.AdminAgency }),
        };
        using (var scope = factory.Services.CreateScope())
        {
            var prepared = await scope.ServiceProvider.GetRequiredService<PpkCampaignService>().PrepareAsync(2026, admins[0], CancellationToken.None);
            Assert.True(prepared.Succeeded, prepared.Message);
        }

        var version = await factory.WithDbAsync(db => db.PpkCampaigns.Select(c => c.Version).SingleAsync());
        var together = new StartTogether(2);
        var contexts = admins.Select(_ => NewContext(factory, together)).ToList();
        try
        {
            var files = factory.Services.GetRequiredService<IFileStore>();
            var clock = factory.Services.GetRequiredService<TimeProvider>();
            var options = factory.Services.GetRequiredService<IOptions<CampaignOptions>>();
            var results = await Task.WhenAll(admins.Select((actor, i) => Task.Run(() =>
                new PpkCampaignService(contexts[i], clock, new OfficeCalendar(contexts[i], clock, new MemoryCache(new MemoryCacheOptions())), files, options,
                        NullLogger<PpkCampaignService>.Instance)
                    .RunAsync(new RunCampaignCommand(2026, version, true, "2026"), actor, CancellationToken.None))));

            Assert.Equal(2, together.Arrived);
            var winner = Assert.Single(results, r => r.Succeeded);
            var loser = Assert.Single(results, r => !r.Succeeded);
            var winnerName = ReferenceEquals(winner, results[0]) ? admins[0].Name : admins[1].Name;
            Assert.Equal(ErrorKind.Conflict, loser.Error);
            Assert.Equal($"Kampanye tahun anggaran 2026 sudah dijalankan oleh {winnerName} pada 10-12-2026 10:00 WIB.", loser.Message);
            Assert.Equal((1005, 0, 0), (winner.Value!.Deactivated, winner.Value.Excluded, winner.Value.Failed));
        }
        finally
        {
            foreach (var context in contexts)
            {
                await context.DisposeAsync();
            }
        }

        var counts = await factory.WithDbAsync(async db => new
        {
            Inactive = await db.SpseAccounts.CountAsync(a => a.Role == SpseRole.Ppk && a.Status == SpseAccountStatus.Inactive && a.Version == 1),
            History = await db.SpseAccountHistory.CountAsync(h => h.Change == SpseAccountChange.Deactivated),
            HistoryAtTheTime = await db.SpseAccountHistory.CountAsync(h => h.Change == SpseAccountChange.Deactivated && h.ChangedAt == InWindow.UtcDateTime),
            Mails = await db.OutboxMessages.CountAsync(m => m.Kind == PpkCampaignService.MailKind),
            Results = await db.PpkCampaignResults.CountAsync(),
            Sample = await db.SpseAccountHistory.AsNoTracking().OrderBy(h => h.Id).FirstAsync(),
        });
        Assert.Equal((1005, 1005, 1005, 1005, 1005), (counts.Inactive, counts.History, counts.HistoryAtTheTime, counts.Mails, counts.Results));
        Assert.Equal(InWindow.UtcDateTime, counts.Sample.ChangedAt);
        Assert.Single(Directory.GetFiles(Path.Combine(factory.Root, "files", "campaigns", "2026")));
    }

    // ---- helpers ----

    private static AppDbContext NewContext(AppFactory factory, params IInterceptor[] interceptors)
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>().AddInterceptors(interceptors);
        if (factory.Database == DatabaseKind.PostgreSql)
        {
            builder.UseNpgsql(factory.ConnectionString);
        }
        else
        {
            builder.UseSqlite(factory.ConnectionString);
        }

        return new AppDbContext(builder.Options);
    }

    /// <summary>
    /// An SOP 2 request in progress on the account: its holder's paper file, taken in at the desk by Helpdesk through the engine
    /// (received, waiting for the completeness check). The campaign must see the engine's open requests.
    /// </summary>
    private static async Task<string> OpenRequestAsync(AppFactory factory, string spseUserId)
    {
        var (account, helpdesk) = await factory.WithDbAsync(async db => (
            await db.SpseAccounts.AsNoTracking().SingleAsync(a => a.UserId == spseUserId),
            await db.Users.AsNoTracking().SingleAsync(u => u.Email == DemoUsers.Helpdesk)));
        using var scope = factory.Services.CreateScope();
        var engine = scope.ServiceProvider.GetRequiredService<AksesSpse.Core.Engine.SopEngine>();
        var result = await scope.ServiceProvider.GetRequiredService<AksesSpse.Core.Procedures.AccessActivationModule>().IntakeAsync(engine,
            new IntakeCommand(Guid.NewGuid(), IntakeChannel.WalkIn, RequestType.Deactivate, account.HolderName, account.HolderNip, account.HolderEmail,
                new PersonalDetails("Penata / III-c", "PPK", account.Agency, "Jl. Merdeka No. 1, Kabupaten Contoh", "081234567890"), account.UserId,
                "Mutasi jabatan; tidak lagi menjadi PPK", "900/099/SK/2026", new DateOnly(2027, 6, 30),
                [new IncomingFile("SURAT_PERMOHONAN", "surat.pdf", SampleFiles.Pdf()), new IncomingFile("SK_PENUNJUKAN", "sk.pdf", SampleFiles.Pdf("SK"))]),
            new Actor(helpdesk.Id, helpdesk.FullName, account.OfficeId, new HashSet<string> { Roles.HelpdeskLpse }), CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
        var request = await factory.WithDbAsync(db => db.AccessRequests.AsNoTracking().SingleAsync(r => r.Id == result.Value));
        Assert.Equal(RequestStatus.InProgress, request.Status); // on the engine, not an old per-SOP status
        return request.Number;
    }

    private sealed record AccountRow(string UserId, string Text);

    private static List<AccountRow> Rows(IDocument page) =>
        page.QuerySelectorAll("#campaign-accounts tbody tr").Select(tr => new AccountRow(tr.GetAttribute("data-user-id")!, Text(tr))).ToList();

    private static AccountRow Row(IDocument page, string userId) => Rows(page).Single(r => r.UserId == userId);

    private static (string Active, string Excluded, string Open, string ToDeactivate) Counts(IDocument page) =>
        (Text(page.QuerySelector("#count-active")), Text(page.QuerySelector("#count-excluded")),
            Text(page.QuerySelector("#count-open")), Text(page.QuerySelector("#count-deactivate")));

    private static void AssertEveryPostFormHasAToken(IDocument page)
    {
        var forms = page.QuerySelectorAll("form").Where(f => string.Equals(f.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(forms.Count >= 7, $"only {forms.Count} post forms"); // sign-out, prepare, five exclusions, run
        Assert.All(forms, f => Assert.False(string.IsNullOrEmpty(f.QuerySelector("input[name='__RequestVerificationToken']")?.GetAttribute("value")),
            $"form {f.GetAttribute("action")} has no antiforgery token"));
    }

    private static bool IsRefused(HttpResponseMessage response)
    {
        var location = response.Headers.Location is not { } uri ? null : uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
        return response.StatusCode == HttpStatusCode.Forbidden ||
               (response.StatusCode == HttpStatusCode.Redirect && location?.StartsWith("/Akun/AksesDitolak", StringComparison.Ordinal) == true);
    }

    private static async Task<string> TokenAsync(FormClient client, string url) =>
        (await client.GetPageAsync(url)).QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

    private static Dictionary<string, string> RunFields(string token) => new()
    {
        ["__RequestVerificationToken"] = token,
        ["FiscalYear"] = "2026",
        ["Confirmed"] = "true",
        ["TypedFiscalYear"] = "2026",
        ["AccountId"] = "1",
        ["Reason"] = "Coba",
    };

    private static Task<HttpResponseMessage> PostAsync(FormClient client, string url, Dictionary<string, string> fields) =>
        client.Http.PostAsync(url, new FormUrlEncodedContent(fields));

    /// <summary>Posts a form of the page as it is, optionally without its antiforgery token, without following anything.</summary>
    private static Task<HttpResponseMessage> PostFormAsync(FormClient client, IDocument page, string selector, Dictionary<string, string> fields, bool withToken)
    {
        var form = (IHtmlFormElement)(page.QuerySelector(selector) ?? throw new InvalidOperationException($"No form {selector}"));
        var values = form.Elements.OfType<IHtmlInputElement>()
            .Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name) && (withToken || i.Name != "__RequestVerificationToken") && !fields.ContainsKey(i.Name))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).Concat(fields).ToList();
        return client.Http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(values));
    }

    private static string Text(IElement? element) => element is null ? "" : Collapse(element.TextContent);

    private static string Text(IDocument page) => Text(page.Body);

    private static string Collapse(string text) => Spaces().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    private static string PdfText(byte[] pdf, string mode = "-layout") => Poppler.Text(pdf, mode);

    private static byte[] RenderPng(byte[] pdf) => Poppler.WithTempPdf(pdf, path =>
    {
        var prefix = path + "-page";
        try
        {
            Poppler.Run("pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", path, prefix);
            var png = File.ReadAllBytes(prefix + ".png");
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
            return png;
        }
        finally
        {
            File.Delete(prefix + ".png");
        }
    });

    /// <summary>Holds every context's first transaction until <paramref name="count"/> of them are about to start one.</summary>
    private sealed class StartTogether(int count) : DbTransactionInterceptor
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public int Arrived => Volatile.Read(ref _arrived);

        public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
            TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _arrived) >= count)
            {
                _all.TrySetResult();
            }

            await _all.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return result;
        }
    }
}
