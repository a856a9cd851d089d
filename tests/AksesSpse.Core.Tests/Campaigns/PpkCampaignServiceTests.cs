using System.Data.Common;
using System.Security.Cryptography;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Campaigns;
using AksesSpse.Core.Common;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AksesSpse.Core.Tests.Campaigns;

[Trait("Sop", "Deactivation")]
public sealed class PpkCampaignServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Five active PPK accounts of the office (one to be excluded) and what must not be touched around them.</summary>
    private static (SpseAccount[] Ppk, SpseAccount[] Untouched) Seed(CampaignHarness h)
    {
        var ppk = new[]
        {
            h.AddAccount("andi.ppk", name: "Andi Saputra", agency: "Dinas Kesehatan"),
            h.AddAccount("budi.ppk", name: "Budi Hartono", agency: "Dinas Pendidikan", validUntil: new DateOnly(2026, 6, 30)),
            h.AddAccount("citra.ppk", name: "Citra Lestari", agency: "Dinas Perhubungan"),
            h.AddAccount("dewi.ppk", name: "Dewi Anggraini", agency: "RSUD Kabupaten Contoh"),
            h.AddAccount("eko.ppk", name: "Eko Prasetyo", agency: "Dinas Sosial"),
        };
        var untouched = new[]
        {
            h.AddAccount("lama.ppk", inactive: true),
            h.AddAccount("rina.pokja", SpseRole.Pokja),
            h.AddAccount("hendra.pp", SpseRole.PejabatPengadaan),
            h.AddAccount("lain.ppk", officeId: h.OtherOffice.Id),
        };
        return (ppk, untouched);
    }

    [Fact]
    public async Task Run_DeactivatesExactlyTheActivePpkAccountsOfTheOfficeThatAreNotExcluded()
    {
        using var h = new CampaignHarness();
        var (ppk, untouched) = Seed(h);
        await h.ExcludeAsync("citra.ppk", "Tetap PPK untuk kontrak tahun jamak sampai Maret");
        var now = h.Time.GetUtcNow().UtcDateTime;

        var result = await h.RunAsync();

        CampaignHarness.AssertOk(result);
        var summary = result.Value!;
        Assert.Equal((4, 1, 0), (summary.Deactivated, summary.Excluded, summary.Failed));
        await using var db = h.Query();
        var accounts = await db.SpseAccounts.AsNoTracking().ToDictionaryAsync(a => a.UserId + "@" + a.OfficeId);
        string Key(SpseAccount a) => a.UserId + "@" + a.OfficeId;
        var deactivated = ppk.Where(a => a.UserId != "citra.ppk").ToList();
        foreach (var account in deactivated)
        {
            var saved = accounts[Key(account)];
            Assert.Equal(SpseAccountStatus.Inactive, saved.Status);
            Assert.Equal(account.Version + 1, saved.Version);
            Assert.Equal(now, saved.UpdatedAt);
        }

        Assert.Equal(SpseAccountStatus.Active, accounts["citra.ppk@" + h.Office.Id].Status);
        Assert.Equal(0, accounts["citra.ppk@" + h.Office.Id].Version);
        foreach (var account in untouched)
        {
            var saved = accounts[Key(account)];
            Assert.Equal(account.Status, saved.Status);
            Assert.Equal(account.Version, saved.Version);
            Assert.Equal(account.UpdatedAt, saved.UpdatedAt);
        }

        // The campaign: completed by the officer, with its counts and its notice.
        var campaign = await db.PpkCampaigns.AsNoTracking().SingleAsync();
        Assert.Equal(summary.CampaignId, campaign.Id);
        Assert.Equal(PpkCampaignStatus.Completed, campaign.Status);
        Assert.Equal(now, campaign.CompletedAt);
        Assert.Equal((h.Admin.UserId, h.Admin.Name), (campaign.CompletedByUserId, campaign.CompletedByName));
        Assert.Equal((4, 1, 0), (campaign.DeactivatedCount, campaign.ExcludedCount, campaign.FailedCount));
        Assert.Equal($"KAB-CONTOH/PPK-NONAKTIF/2026/{campaign.Id:D4}", campaign.NoticeNumber);
        Assert.Equal(campaign.NoticeNumber, summary.NoticeNumber);
        Assert.StartsWith("campaigns/2026/", campaign.NoticeStoragePath);
        var pdf = await File.ReadAllBytesAsync(Path.Combine(h.FilesRoot, campaign.NoticeStoragePath!));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), campaign.NoticeSha256);
        Assert.Single(h.NoticeFiles());

        // One result per active PPK account of the office.
        var results = await db.PpkCampaignResults.AsNoTracking().Where(r => r.PpkCampaignId == campaign.Id).ToListAsync();
        Assert.Equal(5, results.Count);
        Assert.Equal(deactivated.Select(a => a.Id).Order(), results.Where(r => r.Outcome == PpkCampaignOutcome.Deactivated).Select(r => r.SpseAccountId).Order());
        var excluded = Assert.Single(results, r => r.Outcome == PpkCampaignOutcome.Excluded);
        Assert.Equal(accounts["citra.ppk@" + h.Office.Id].Id, excluded.SpseAccountId);
        Assert.Equal("Tetap PPK untuk kontrak tahun jamak sampai Maret", excluded.Detail);
        Assert.All(results.Where(r => r.Outcome == PpkCampaignOutcome.Deactivated), r => Assert.Contains("2026", r.Detail));

        // One history row per deactivated account, read back through EF with the exact time.
        var history = await db.SpseAccountHistory.AsNoTracking().ToListAsync();
        Assert.Equal(deactivated.Select(a => a.Id).Order(), history.Select(x => x.SpseAccountId).Order());
        Assert.All(history, x =>
        {
            Assert.Equal(SpseAccountChange.Deactivated, x.Change);
            Assert.Equal(now, x.ChangedAt);
            Assert.Equal(DateTimeKind.Utc, x.ChangedAt.Kind);
            Assert.Equal((h.Admin.UserId, h.Admin.Name), (x.ChangedByUserId, x.ChangedByName));
            Assert.Equal(campaign.Id, x.PpkCampaignId);
            Assert.Null(x.AccessRequestId);
            Assert.Contains("Tahun Anggaran 2026", x.Detail);
            Assert.Contains(campaign.NoticeNumber!, x.Detail);
        });

        // One mail per holder, through the outbox.
        var mails = await db.OutboxMessages.AsNoTracking().ToListAsync();
        Assert.Equal(deactivated.Select(a => a.HolderEmail).Order(), mails.Select(m => m.To).Order());
        Assert.All(mails, m =>
        {
            var holder = deactivated.Single(a => a.HolderEmail == m.To);
            Assert.Equal(PpkCampaignService.MailKind, m.Kind);
            Assert.Null(m.AccessRequestId);
            Assert.Equal(now, m.CreatedAt);
            Assert.Equal(now, m.NextAttemptAt);
            Assert.Equal(0, m.Attempts);
            Assert.False(m.Failed);
            Assert.Null(m.SentAt);
            Assert.Contains(holder.UserId, m.Subject);
            Assert.Contains("2026", m.Subject);
            Assert.StartsWith($"Yth. {holder.HolderName},", m.Body);
            Assert.Contains($"user ID \"{holder.UserId}\" (peran PPK) telah dinonaktifkan", m.Body);
            Assert.Contains("Tahun Anggaran 2026", m.Body);
            Assert.Contains("permohonan aktivasi akses SPSE (SOP 2)", m.Body);
            Assert.Contains("SK penetapan PPK yang baru", m.Body);
            Assert.Contains("10-12-2026 10:00 WIB", m.Body);
            Assert.EndsWith(Notifier.Signature, m.Body);
        });
    }

    [Fact]
    public async Task AnAccountWithARequestInProgressIsReportedFailedAndKeptActive()
    {
        using var h = new CampaignHarness();
        var (ppk, _) = Seed(h);
        await h.AddRequestAsync(ppk[0], "NA-2026-000007");
        await h.AddRequestAsync(ppk[1], "NA-2026-000003", closed: true);
        await h.AddRequestAsync(ppk[3], "NA-2026-000011");
        await h.ExcludeAsync("dewi.ppk"); // excluded wins over failed

        var result = await h.RunAsync();

        CampaignHarness.AssertOk(result);
        Assert.Equal((3, 1, 1), (result.Value!.Deactivated, result.Value.Excluded, result.Value.Failed));
        await using var db = h.Query();
        var failed = Assert.Single(await db.PpkCampaignResults.AsNoTracking().Where(r => r.Outcome == PpkCampaignOutcome.Failed).ToListAsync());
        Assert.Equal(ppk[0].Id, failed.SpseAccountId);
        Assert.Equal("Permohonan NA-2026-000007 sedang berjalan", failed.Detail);
        var statuses = await db.SpseAccounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Status);
        Assert.Equal(SpseAccountStatus.Active, statuses[ppk[0].Id]);
        Assert.Equal(SpseAccountStatus.Inactive, statuses[ppk[1].Id]); // its request is closed
        Assert.Equal(SpseAccountStatus.Active, statuses[ppk[3].Id]);
        Assert.DoesNotContain(await db.SpseAccountHistory.AsNoTracking().Select(x => x.SpseAccountId).ToListAsync(), id => id == ppk[0].Id);
        Assert.DoesNotContain(await db.OutboxMessages.AsNoTracking().Select(m => m.To).ToListAsync(), to => to == ppk[0].HolderEmail);
        Assert.Equal(1, (await db.PpkCampaigns.AsNoTracking().SingleAsync()).FailedCount);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task AnExclusionNeedsAReason(string? reason)
    {
        using var h = new CampaignHarness();
        var (ppk, _) = Seed(h);

        var result = await h.Service().ExcludeAsync(CampaignHarness.Year, ppk[0].Id, reason, h.Admin, None);

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Equal("Alasan pengecualian wajib diisi.", result.Message);
        await using var db = h.Query();
        Assert.Empty(await db.PpkCampaignExclusions.ToListAsync());
        Assert.Empty(await db.PpkCampaigns.ToListAsync());
    }

    [Fact]
    public async Task AnOverlongReasonIsRefused()
    {
        using var h = new CampaignHarness();
        var (ppk, _) = Seed(h);

        var result = await h.Service().ExcludeAsync(CampaignHarness.Year, ppk[0].Id, new string('x', 1001), h.Admin, None);

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Equal("Alasan pengecualian maksimal 1000 karakter.", result.Message);
    }

    [Fact]
    public async Task TheFirstExclusionCreatesTheDraft_AndUndoingItPutsTheAccountBackInTheRun()
    {
        using var h = new CampaignHarness();
        var (ppk, _) = Seed(h);
        Assert.Null(await h.VersionAsync());

        await h.ExcludeAsync("andi.ppk", "Alasan pertama");
        await h.ExcludeAsync("andi.ppk", "  Alasan kedua  ", h.OtherAdmin); // again: the reason is replaced
        await h.ExcludeAsync("budi.ppk");
        CampaignHarness.AssertOk(await h.Service().IncludeAsync(CampaignHarness.Year, ppk[1].Id, h.Admin, None));
        var again = await h.Service().IncludeAsync(CampaignHarness.Year, ppk[1].Id, h.Admin, None);

        Assert.Equal(ErrorKind.NotFound, again.Error);
        Assert.Equal("Akun ini tidak sedang dikecualikan.", again.Message);
        await using var db = h.Query();
        var campaign = await db.PpkCampaigns.AsNoTracking().SingleAsync();
        Assert.Equal(PpkCampaignStatus.Draft, campaign.Status);
        Assert.Equal((h.Admin.UserId, h.Admin.Name, h.Time.GetUtcNow().UtcDateTime), (campaign.CreatedByUserId, campaign.CreatedByName, campaign.CreatedAt));
        Assert.Equal(4, campaign.Version); // every change to the list moves the version
        var exclusion = await db.PpkCampaignExclusions.AsNoTracking().SingleAsync();
        Assert.Equal((ppk[0].Id, "Alasan kedua", h.OtherAdmin.Name), (exclusion.SpseAccountId, exclusion.Reason, exclusion.ExcludedByName));

        var overview = await h.Service().GetOverviewAsync(h.Admin, CampaignHarness.Year, null, 1, None);
        Assert.Equal(new CampaignCounts(5, 1, 0), overview.Counts);
        Assert.Equal(4, overview.Counts.ToDeactivate);
    }

    [Fact]
    public async Task OnlyActivePpkAccountsOfTheOfficeCanBeExcluded_AndOnlyByAdminAgency()
    {
        using var h = new CampaignHarness();
        var (ppk, untouched) = Seed(h);
        var service = h.Service();

        foreach (var account in untouched)
        {
            var result = await service.ExcludeAsync(CampaignHarness.Year, account.Id, "Alasan", h.Admin, None);
            Assert.Equal(ErrorKind.NotFound, result.Error);
            Assert.Equal("Akun PPK aktif tersebut tidak ditemukan di register kantor ini.", result.Message);
        }

        var helpdesk = Actors.WithRole(Roles.HelpdeskLpse, h.Office.Id);
        Assert.Equal(ErrorKind.Forbidden, (await service.ExcludeAsync(CampaignHarness.Year, ppk[0].Id, "Alasan", helpdesk, None)).Error);
        Assert.Equal(ErrorKind.Forbidden, (await service.PrepareAsync(CampaignHarness.Year, helpdesk, None)).Error);
        Assert.Equal(ErrorKind.Forbidden, (await service.RunAsync(CampaignHarness.Run(null), helpdesk, None)).Error);
        Assert.Equal(ErrorKind.NotFound, (await service.ExcludeAsync(CampaignHarness.Year, ppk[0].Id, "Alasan", h.OtherOfficeAdmin, None)).Error);
        await using var db = h.Query();
        Assert.Empty(await db.PpkCampaigns.ToListAsync());
        Assert.All(await db.SpseAccounts.AsNoTracking().Where(a => a.Role == SpseRole.Ppk && a.UserId != "lama.ppk").ToListAsync(),
            a => Assert.Equal(SpseAccountStatus.Active, a.Status));
    }

    [Fact]
    public async Task ACompletedCampaignIsReadOnly()
    {
        using var h = new CampaignHarness();
        var (ppk, _) = Seed(h);
        var excludedId = await h.ExcludeAsync("andi.ppk");
        CampaignHarness.AssertOk(await h.RunAsync());
        h.AddAccount("baru.ppk");

        var exclude = await h.Service().ExcludeAsync(CampaignHarness.Year, excludedId, "Alasan lain", h.Admin, None);
        var include = await h.Service().IncludeAsync(CampaignHarness.Year, excludedId, h.Admin, None);
        var prepare = await h.Service().PrepareAsync(CampaignHarness.Year, h.Admin, None);

        const string message = "Kampanye tahun anggaran 2026 sudah dijalankan; daftarnya tidak dapat diubah lagi.";
        Assert.Equal((ErrorKind.InvalidState, message), (exclude.Error, exclude.Message));
        Assert.Equal((ErrorKind.InvalidState, message), (include.Error, include.Message));
        Assert.True(prepare.Succeeded); // preparing returns the campaign as it is
        Assert.True(prepare.Value!.IsCompleted);
        await using var db = h.Query();
        var exclusion = await db.PpkCampaignExclusions.AsNoTracking().SingleAsync();
        Assert.Equal("Masih menjabat PPK kontrak tahun jamak", exclusion.Reason);
        Assert.Equal(ppk[0].Id, exclusion.SpseAccountId);

        var overview = await h.Service().GetOverviewAsync(h.Admin, CampaignHarness.Year, null, 1, None);
        Assert.False(overview.CanEdit);
        Assert.False(overview.CanRun);
        Assert.Empty(overview.Accounts.Items);
        Assert.Equal(new CampaignCounts(5, 1, 0), overview.Counts);
    }

    [Fact]
    public async Task RunningTwiceIsRefusedWithWhoRanItAndWhen()
    {
        using var h = new CampaignHarness();
        Seed(h);
        CampaignHarness.AssertOk(await h.Service().PrepareAsync(CampaignHarness.Year, h.Admin, None));
        var version = await h.VersionAsync();
        CampaignHarness.AssertOk(await h.Service().RunAsync(CampaignHarness.Run(version), h.Admin, None));
        h.AddAccount("baru.ppk");
        h.Time.Advance(TimeSpan.FromHours(2));

        var sameForm = await h.Service().RunAsync(CampaignHarness.Run(version), h.OtherAdmin, None);
        var fresh = await h.Service().RunAsync(CampaignHarness.Run(await h.VersionAsync()), h.OtherAdmin, None);
        var noVersion = await h.Service().RunAsync(CampaignHarness.Run(null), h.OtherAdmin, None);

        const string message = "Kampanye tahun anggaran 2026 sudah dijalankan oleh Budi Santoso pada 10-12-2026 10:00 WIB.";
        Assert.All(new[] { sameForm, fresh, noVersion }, r => Assert.Equal((ErrorKind.Conflict, message), (r.Error, r.Message)));
        await using var db = h.Query();
        Assert.Equal(5, await db.SpseAccountHistory.CountAsync());
        Assert.Equal(5, await db.OutboxMessages.CountAsync());
        Assert.Equal(5, await db.PpkCampaignResults.CountAsync());
        Assert.Equal(SpseAccountStatus.Active, (await db.SpseAccounts.AsNoTracking().SingleAsync(a => a.UserId == "baru.ppk")).Status);
        Assert.Single(h.NoticeFiles());
    }

    [Fact]
    public async Task ARunWithAnOlderVersionThanTheListIsRefused_BecauseAColleagueChangedIt()
    {
        using var h = new CampaignHarness();
        Seed(h);
        CampaignHarness.AssertOk(await h.Service().PrepareAsync(CampaignHarness.Year, h.Admin, None));
        var seen = await h.VersionAsync();
        await h.ExcludeAsync("eko.ppk", actor: h.OtherAdmin);

        var result = await h.Service().RunAsync(CampaignHarness.Run(seen), h.Admin, None);

        Assert.Equal(ErrorKind.Conflict, result.Error);
        Assert.Equal("Daftar kampanye tahun anggaran 2026 baru saja diubah oleh petugas lain. Periksa kembali daftarnya, lalu jalankan lagi.", result.Message);
        await using var db = h.Query();
        Assert.Equal(PpkCampaignStatus.Draft, (await db.PpkCampaigns.AsNoTracking().SingleAsync()).Status);
        Assert.Empty(await db.PpkCampaignResults.ToListAsync());
    }

    [Fact]
    public async Task TwoRunsAtOnce_ExactlyOneDeactivatesAndTheOtherIsToldWhoDidIt()
    {
        using var h = new CampaignHarness();
        Seed(h);
        h.BulkAddPpk(300);
        CampaignHarness.AssertOk(await h.Service().PrepareAsync(CampaignHarness.Year, h.Admin, None));
        var version = await h.VersionAsync();
        // Both runs pass their checks (a draft of the version they saw) before either starts its transaction.
        var bothChecked = new StartTogether(2);
        var first = h.Service(bothChecked);
        var second = h.Service(bothChecked);

        var results = await Task.WhenAll(
            Task.Run(() => first.RunAsync(CampaignHarness.Run(version), h.Admin, None)),
            Task.Run(() => second.RunAsync(CampaignHarness.Run(version), h.OtherAdmin, None)));

        Assert.Equal(2, bothChecked.Arrived);

        var winner = Assert.Single(results, r => r.Succeeded);
        var loser = Assert.Single(results, r => !r.Succeeded);
        var winnerName = winner == results[0] ? h.Admin.Name : h.OtherAdmin.Name;
        Assert.Equal(ErrorKind.Conflict, loser.Error);
        Assert.Equal($"Kampanye tahun anggaran 2026 sudah dijalankan oleh {winnerName} pada 10-12-2026 10:00 WIB.", loser.Message);
        await using var db = h.Query();
        Assert.Equal(305, winner.Value!.Deactivated);
        Assert.Equal(305, await db.SpseAccountHistory.CountAsync());
        Assert.Equal(305, await db.OutboxMessages.CountAsync());
        Assert.Equal(305, await db.PpkCampaignResults.CountAsync());
        Assert.Equal(305, await db.SpseAccounts.CountAsync(a => a.Version == 1 && a.Status == SpseAccountStatus.Inactive));
        Assert.Single(h.NoticeFiles());
    }

    [Fact]
    public async Task TwoOfficersPreparingAtOnceGetTheSameDraft()
    {
        using var h = new CampaignHarness();
        Seed(h);
        var otherResult = (OperationResult<CampaignState>?)null;
        // The colleague's "Siapkan kampanye" lands between this officer's look-up and her insert.
        var hook = new BeforeSaveHook(async () =>
            otherResult = await h.Service().PrepareAsync(CampaignHarness.Year, h.OtherAdmin, None));

        var result = await h.Service(hook).PrepareAsync(CampaignHarness.Year, h.Admin, None);

        Assert.True(hook.Ran);
        CampaignHarness.AssertOk(result);
        CampaignHarness.AssertOk(otherResult!);
        Assert.Equal(otherResult!.Value!.Id, result.Value!.Id);
        Assert.Equal(h.OtherAdmin.Name, result.Value.CreatedByName);
        await using var db = h.Query();
        Assert.Single(await db.PpkCampaigns.ToListAsync());
    }

    [Fact]
    public async Task ARunFromAPageThatShowedNoCampaignMakesTheDraftAndRuns()
    {
        using var h = new CampaignHarness();
        Seed(h);

        var result = await h.Service().RunAsync(CampaignHarness.Run(null), h.Admin, None);

        CampaignHarness.AssertOk(result);
        Assert.Equal(5, result.Value!.Deactivated);
    }

    [Theory]
    [InlineData(false, "2026", "Centang pernyataan bahwa Anda memahami akibat penonaktifan sebelum menjalankan kampanye.")]
    [InlineData(true, "", "Ketik tahun anggaran 2026 pada kolom konfirmasi untuk menjalankan kampanye.")]
    [InlineData(true, "2025", "Ketik tahun anggaran 2026 pada kolom konfirmasi untuk menjalankan kampanye.")]
    public async Task TheRunNeedsTheConfirmationAndTheTypedYear(bool confirmed, string typed, string message)
    {
        using var h = new CampaignHarness();
        Seed(h);

        var result = await h.Service().RunAsync(new RunCampaignCommand(CampaignHarness.Year, null, confirmed, typed), h.Admin, None);

        Assert.Equal((ErrorKind.Validation, message), (result.Error, result.Message));
        await using var db = h.Query();
        Assert.Empty(await db.PpkCampaigns.ToListAsync());
    }

    [Theory]
    [InlineData("2026-11-30T16:59:59Z", false, "Kampanye tahun anggaran 2026 baru dapat dijalankan mulai 1 Desember 2026 sampai 31 Maret 2027.")]
    [InlineData("2026-11-30T17:00:00Z", true, null)] // 1 December 00:00 WIB
    [InlineData("2027-03-31T16:59:59Z", true, null)] // 31 March 23:59 WIB
    [InlineData("2027-03-31T17:00:00Z", false, "Masa kampanye tahun anggaran 2026 sudah berakhir pada 31 Maret 2027.")]
    public async Task TheRunIsAllowedFromFirstDecemberToThirtyFirstMarchInTheOfficeTimeZone(string utc, bool allowed, string? message)
    {
        using var h = new CampaignHarness(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));
        Seed(h);

        var result = await h.Service().RunAsync(CampaignHarness.Run(null), h.Admin, None);

        Assert.Equal(allowed, result.Succeeded);
        if (!allowed)
        {
            Assert.Equal((ErrorKind.InvalidState, message), (result.Error, result.Message));
            await using var db = h.Query();
            Assert.All(await db.SpseAccounts.AsNoTracking().Where(a => a.UserId.EndsWith(".ppk") && a.UserId != "lama.ppk").ToListAsync(),
                a => Assert.Equal(SpseAccountStatus.Active, a.Status));
        }
    }

    [Fact]
    public async Task ExclusionsCanBePreparedBeforeTheWindowOpens_ButNotAfterItCloses()
    {
        using var h = new CampaignHarness(new DateTimeOffset(2026, 11, 2, 3, 0, 0, TimeSpan.Zero));
        var (ppk, _) = Seed(h);

        CampaignHarness.AssertOk(await h.Service().ExcludeAsync(2026, ppk[0].Id, "Alasan", h.Admin, None));
        var overview = await h.Service().GetOverviewAsync(h.Admin, null, null, 1, None);
        Assert.Equal(2026, overview.FiscalYear);
        Assert.True(overview.CanEdit);
        Assert.False(overview.CanRun);

        var old = await h.Service().ExcludeAsync(2025, ppk[1].Id, "Alasan", h.Admin, None);
        Assert.Equal((ErrorKind.InvalidState, "Masa kampanye tahun anggaran 2025 sudah berakhir pada 31 Maret 2026; daftarnya tidak dapat diubah lagi."),
            (old.Error, old.Message));
        var future = await h.Service().PrepareAsync(2027, h.Admin, None);
        Assert.Equal((ErrorKind.Validation, "Tahun anggaran 2027 tidak dapat dipilih."), (future.Error, future.Message));
    }

    [Fact]
    public async Task TheWindowFollowsTheConfiguration()
    {
        using var h = new CampaignHarness(new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero));
        Seed(h);
        h.Options.OpensMonthDay = "11-15";
        h.Options.ClosesMonthDay = "01-15";

        CampaignHarness.AssertOk(await h.Service().RunAsync(CampaignHarness.Run(null), h.Admin, None));
        Assert.Equal(new CampaignWindow(2026, new DateOnly(2026, 11, 15), new DateOnly(2027, 1, 15)), h.Options.WindowFor(2026));
        Assert.Equal(new DateOnly(2026, 12, 31), new CampaignOptions { OpensMonthDay = "01-01", ClosesMonthDay = "12-31" }.WindowFor(2026).Closes);
        Assert.False(CampaignOptions.TryParseMonthDay("02-29", out _, out _));
        Assert.False(CampaignOptions.TryParseMonthDay("1 Desember", out _, out _));
        Assert.Throws<InvalidOperationException>(() => new CampaignOptions { ClosesMonthDay = "13-01" }.WindowFor(2026));
    }

    [Theory]
    [InlineData("2027-02-10T03:00:00Z", 2026)] // in the window of the previous year
    [InlineData("2027-04-01T03:00:00Z", 2027)]
    [InlineData("2026-12-31T16:59:00Z", 2026)] // 31 December 23:59 WIB
    [InlineData("2026-12-31T17:00:00Z", 2026)] // 1 January 00:00 WIB: still the 2026 window
    public void TheDefaultFiscalYearIsTheOneWhoseWindowIsOpen_ElseTheCurrentYear(string utc, int expected)
    {
        using var h = new CampaignHarness(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));
        var today = OfficeClock.For("Asia/Jakarta", h.Time).Today;

        Assert.Equal(expected, h.Service().DefaultFiscalYear(today));
    }

    [Fact]
    public async Task TheScreenListsActivePpkAccounts50APageWithSearchAndTheSkFlag()
    {
        using var h = new CampaignHarness();
        Seed(h);
        h.BulkAddPpk(120);
        h.BulkAddPpk(10, "pokja", role: SpseRole.Pokja);
        h.AddAccount("zaenal.ppk", name: "Zaenal Abidin", agency: "Badan Perencanaan Pembangunan Daerah", nip: "197503032000031002");
        await h.ExcludeAsync("ppk.00007", "Masih ada kontrak");
        await h.AddRequestAsync(h.AddAccount("ppk.berjalan"), "NA-2026-000042");
        var service = h.Service();

        var first = await service.GetOverviewAsync(h.Admin, 2026, null, 1, None);
        var third = await service.GetOverviewAsync(h.Admin, 2026, null, 3, None);

        Assert.Equal(new CampaignCounts(127, 1, 1), first.Counts);
        Assert.Equal(125, first.Counts.ToDeactivate);
        Assert.Equal((127, 50, 3), (first.Accounts.Total, first.Accounts.Items.Count, first.Accounts.PageCount));
        Assert.Equal(27, third.Accounts.Items.Count);
        var all = (await Task.WhenAll(Enumerable.Range(1, 3).Select(p => h.Service().GetOverviewAsync(h.Admin, 2026, null, p, None))))
            .SelectMany(o => o.Accounts.Items).ToList();
        Assert.Equal(127, all.Select(r => r.Id).Distinct().Count());
        Assert.Equal(all.Select(r => r.HolderName).Order(StringComparer.Ordinal), all.Select(r => r.HolderName));
        var excluded = Assert.Single(all, r => r.IsExcluded);
        Assert.Equal(("ppk.00007", "Masih ada kontrak", h.Admin.Name), (excluded.UserId, excluded.ExclusionReason, excluded.ExcludedByName));
        Assert.Equal("NA-2026-000042", Assert.Single(all, r => r.OpenRequestNumber is not null).OpenRequestNumber);
        Assert.True(all.Single(r => r.UserId == "ppk.00010").SkExpired); // valid until 30 June 2026
        Assert.False(all.Single(r => r.UserId == "ppk.00011").SkExpired);
        Assert.True(all.Single(r => r.UserId == "budi.ppk").SkExpired);

        async Task<string[]> Find(string term) =>
            (await h.Service().GetOverviewAsync(h.Admin, 2026, term, 1, None)).Accounts.Items.Select(r => r.UserId).ToArray();
        Assert.Equal(["zaenal.ppk"], await Find("ZAENAL"));
        Assert.Equal(["zaenal.ppk"], await Find("perencanaan"));
        Assert.Equal(["zaenal.ppk"], await Find("19750303 200003 1 002"));
        Assert.Equal(["ppk.00042"], await Find("ppk.00042"));
        Assert.Equal(10, (await h.Service().GetOverviewAsync(h.Admin, 2026, "ppk.0001", 1, None)).Accounts.Total); // ppk.00010 … ppk.00019
        Assert.Empty(await Find("tidak-ada"));
        Assert.Equal(new CampaignCounts(127, 1, 1), (await h.Service().GetOverviewAsync(h.Admin, 2026, "ZAENAL", 1, None)).Counts);
    }

    [Fact]
    public async Task TheResultPageListsEveryOutcome_AndTheNoticeCanBeOpened()
    {
        using var h = new CampaignHarness();
        var (ppk, _) = Seed(h);
        await h.ExcludeAsync("andi.ppk");
        await h.AddRequestAsync(ppk[1], "NA-2026-000009");
        CampaignHarness.AssertOk(await h.RunAsync());
        var service = h.Service();

        var all = await service.GetResultsAsync(h.Admin, 2026, null, null, 1, None);
        var failed = await service.GetResultsAsync(h.Admin, 2026, PpkCampaignOutcome.Failed, null, 1, None);
        var search = await service.GetResultsAsync(h.Admin, 2026, null, "citra", 1, None);

        Assert.NotNull(all);
        Assert.Equal(5, all.Rows.Total);
        Assert.Equal([PpkCampaignOutcome.Deactivated, PpkCampaignOutcome.Deactivated, PpkCampaignOutcome.Deactivated,
            PpkCampaignOutcome.Excluded, PpkCampaignOutcome.Failed], all.Rows.Items.Select(r => r.Outcome));
        Assert.Equal("Permohonan NA-2026-000009 sedang berjalan", Assert.Single(failed!.Rows.Items).Detail);
        Assert.Equal("citra.ppk", Assert.Single(search!.Rows.Items).UserId);
        Assert.Null(await service.GetResultsAsync(h.Admin, 2025, null, null, 1, None));
        Assert.Null(await service.GetResultsAsync(h.OtherOfficeAdmin, 2026, null, null, 1, None));

        var notice = await service.OpenNoticeAsync(Actors.WithRole(Roles.Auditor, h.Office.Id), 2026, None);
        Assert.NotNull(notice);
        await using (notice.Content)
        {
            Assert.Equal("pemberitahuan-penonaktifan-ppk-2026.pdf", notice.FileName);
            var head = new byte[4];
            await notice.Content.ReadExactlyAsync(head);
            Assert.Equal("%PDF"u8.ToArray(), head);
        }

        Assert.Null(await service.OpenNoticeAsync(h.OtherOfficeAdmin, 2026, None));
        Assert.Null(await service.OpenNoticeAsync(h.Admin, 2025, None));
    }

    // ---- interrupted runs: nothing is kept ----

    [Fact]
    public async Task ARunThatFailsWhileQueueingTheMails_LeavesNothingBehind()
    {
        using var h = new CampaignHarness();
        Seed(h);
        h.BulkAddPpk(200);
        await h.ExcludeAsync("andi.ppk");
        var before = await SnapshotAsync(h);
        var failing = new FailingCommand("INSERT INTO \"OutboxMessages\"");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => h.RunAsync(service: h.Service(failing)));

        Assert.Equal(FailingCommand.Message, error.Message);
        Assert.True(failing.Failed);
        await AssertNothingChangedAsync(h, before);
    }

    [Fact]
    public async Task ARunWhoseCommitFails_LeavesNothingBehindAndDeletesTheNotice()
    {
        using var h = new CampaignHarness();
        Seed(h);
        var before = await SnapshotAsync(h);
        var failing = new FailingCommit(h.NoticeFiles);

        await Assert.ThrowsAsync<InvalidOperationException>(() => h.RunAsync(service: h.Service(failing)));

        Assert.True(failing.Failed);
        Assert.NotNull(failing.NoticeFilesAtCommit);
        Assert.Single(failing.NoticeFilesAtCommit); // it was written before the commit …
        await AssertNothingChangedAsync(h, before); // … and is gone now
    }

    [Fact]
    public async Task ARunCancelledMidway_LeavesNothingBehind()
    {
        using var h = new CampaignHarness();
        Seed(h);
        h.BulkAddPpk(50);
        var before = await SnapshotAsync(h);
        using var cts = new CancellationTokenSource();
        var cancelling = new CancelOnCommand("INSERT INTO \"SpseAccountHistory\"", cts);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await h.Service(cancelling).RunAsync(CampaignHarness.Run(await h.VersionAsync()), h.Admin, cts.Token));

        Assert.True(cancelling.Cancelled);
        await AssertNothingChangedAsync(h, before);
    }

    // ---- volume ----

    [Fact]
    public async Task TenThousandAccountsAreDeactivatedInOneRun()
    {
        using var h = new CampaignHarness();
        h.BulkAddPpk(10_000);
        h.BulkAddPpk(500, "pokja", role: SpseRole.Pokja);
        h.BulkAddPpk(300, "lain", officeId: h.OtherOffice.Id);
        h.BulkAddPpk(200, "lama", inactive: true);
        foreach (var userId in new[] { "ppk.00005", "ppk.04321", "ppk.09999" })
        {
            await h.ExcludeAsync(userId);
        }

        await using (var db = h.Query())
        {
            foreach (var (userId, number) in new[] { ("ppk.00100", "NA-2026-000100"), ("ppk.05000", "NA-2026-000500") })
            {
                await h.AddRequestAsync(await db.SpseAccounts.AsNoTracking().SingleAsync(a => a.UserId == userId), number);
            }
        }

        var result = await h.RunAsync();

        CampaignHarness.AssertOk(result);
        Assert.Equal((9_995, 3, 2), (result.Value!.Deactivated, result.Value.Excluded, result.Value.Failed));
        await using var check = h.Query();
        Assert.Equal(9_995, await check.SpseAccounts.CountAsync(a => a.OfficeId == h.Office.Id && a.Role == SpseRole.Ppk && a.Status == SpseAccountStatus.Inactive && a.UserId.StartsWith("ppk.")));
        Assert.Equal(5, await check.SpseAccounts.CountAsync(a => a.OfficeId == h.Office.Id && a.Role == SpseRole.Ppk && a.Status == SpseAccountStatus.Active));
        Assert.Equal(500, await check.SpseAccounts.CountAsync(a => a.Role == SpseRole.Pokja && a.Status == SpseAccountStatus.Active));
        Assert.Equal(300, await check.SpseAccounts.CountAsync(a => a.OfficeId == h.OtherOffice.Id && a.Status == SpseAccountStatus.Active));
        Assert.Equal(9_995, await check.SpseAccountHistory.CountAsync(x => x.Change == SpseAccountChange.Deactivated && x.PpkCampaignId == result.Value.CampaignId));
        Assert.Equal(9_995, await check.OutboxMessages.CountAsync(m => m.Kind == PpkCampaignService.MailKind));
        Assert.Equal(10_000, await check.PpkCampaignResults.CountAsync());
        var campaign = await check.PpkCampaigns.AsNoTracking().SingleAsync();
        Assert.Equal((9_995, 3, 2), (campaign.DeactivatedCount, campaign.ExcludedCount, campaign.FailedCount));

        // Spot checks.
        var spot = await check.SpseAccounts.AsNoTracking().SingleAsync(a => a.UserId == "ppk.07777");
        Assert.Equal((SpseAccountStatus.Inactive, 1), (spot.Status, spot.Version));
        var mail = await check.OutboxMessages.AsNoTracking().SingleAsync(m => m.To == "ppk.07777@contoh.go.id");
        Assert.Contains("user ID \"ppk.07777\"", mail.Body);
        Assert.Equal(SpseAccountStatus.Active, (await check.SpseAccounts.AsNoTracking().SingleAsync(a => a.UserId == "ppk.04321")).Status);
        Assert.Equal(SpseAccountStatus.Active, (await check.SpseAccounts.AsNoTracking().SingleAsync(a => a.UserId == "ppk.05000")).Status);
        Assert.Equal(1, await check.SpseAccountHistory.CountAsync(x => x.SpseAccountId == spot.Id));
        Assert.Single(h.NoticeFiles());
    }

    // ---- helpers ----

    private sealed record Snapshot(Dictionary<int, (SpseAccountStatus Status, int Version, DateTime UpdatedAt)> Accounts, int? CampaignVersion,
        int Exclusions);

    private static async Task<Snapshot> SnapshotAsync(CampaignHarness h)
    {
        await using var db = h.Query();
        var accounts = await db.SpseAccounts.AsNoTracking().ToDictionaryAsync(a => a.Id, a => (a.Status, a.Version, a.UpdatedAt));
        return new Snapshot(accounts, await h.VersionAsync(), await db.PpkCampaignExclusions.CountAsync());
    }

    private static async Task AssertNothingChangedAsync(CampaignHarness h, Snapshot before)
    {
        var after = await SnapshotAsync(h);
        Assert.Equal(before.Accounts, after.Accounts);
        Assert.Equal(before.Exclusions, after.Exclusions);
        await using var db = h.Query();
        Assert.Empty(await db.SpseAccountHistory.ToListAsync());
        Assert.Empty(await db.OutboxMessages.ToListAsync());
        Assert.Empty(await db.PpkCampaignResults.ToListAsync());
        var campaign = await db.PpkCampaigns.AsNoTracking().SingleOrDefaultAsync();
        if (campaign is not null)
        {
            Assert.Equal(PpkCampaignStatus.Draft, campaign.Status);
            Assert.Null(campaign.CompletedAt);
            Assert.Null(campaign.NoticeStoragePath);
            Assert.Equal((0, 0, 0), (campaign.DeactivatedCount, campaign.ExcludedCount, campaign.FailedCount));
            Assert.True(before.CampaignVersion is null || before.CampaignVersion == campaign.Version);
        }

        Assert.Empty(h.NoticeFiles());

        // And the campaign can still be run afterwards.
        var retry = await h.RunAsync();
        CampaignHarness.AssertOk(retry);
    }

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

    /// <summary>Throws when a command containing the text is about to run: the database "fails" midway.</summary>
    private sealed class FailingCommand(string text) : DbCommandInterceptor
    {
        public const string Message = "Simulated failure midway through the run";

        public bool Failed { get; private set; }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains(text, StringComparison.Ordinal))
            {
                Failed = true;
                throw new InvalidOperationException(Message);
            }

            return ValueTask.FromResult(result);
        }
    }

    /// <summary>Cancels the token when a command containing the text is about to run.</summary>
    private sealed class CancelOnCommand(string text, CancellationTokenSource cts) : DbCommandInterceptor
    {
        public bool Cancelled { get; private set; }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains(text, StringComparison.Ordinal))
            {
                Cancelled = true;
                cts.Cancel();
                cancellationToken.ThrowIfCancellationRequested();
            }

            return ValueTask.FromResult(result);
        }
    }

    /// <summary>Throws just before a transaction commits once the notice has been written: the run's own commit fails.</summary>
    private sealed class FailingCommit(Func<string[]> noticeFiles) : DbTransactionInterceptor
    {
        public bool Failed { get; private set; }

        public string[]? NoticeFilesAtCommit { get; private set; }

        public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default)
        {
            var files = noticeFiles();
            if (files.Length > 0 && !Failed)
            {
                Failed = true;
                NoticeFilesAtCommit = files;
                throw new InvalidOperationException("Simulated failure at commit");
            }

            return ValueTask.FromResult(result);
        }
    }
}
