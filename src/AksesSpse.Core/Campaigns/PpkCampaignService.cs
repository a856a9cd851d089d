using System.Diagnostics;
using System.Globalization;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Documents.Pdf;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AksesSpse.Core.Campaigns;

/// <summary>
/// SOP 2 step 5, "at year end Admin Agency may deactivate PPK accounts": the campaign screen (every active PPK account of
/// the office), exclusions with a reason while the campaign is a draft, and the run that deactivates the rest at once.
/// <para>
/// The run is one database transaction of set-based statements (no entity per account is loaded): it first claims the
/// campaign with a conditional UPDATE (Draft and the version the officer saw → Completed), so a second run, or two at once,
/// finds nothing to claim and is refused; then it writes a result per account, deactivates the accounts, writes their
/// history and one outbox mail each, and stores the collective notice PDF. The file is written before the commit and
/// deleted when the commit does not happen, so an interrupted run leaves nothing behind.
/// </para>
/// </summary>
public sealed class PpkCampaignService(
    AppDbContext db,
    TimeProvider time,
    OfficeCalendar calendar,
    IFileStore files,
    IOptions<CampaignOptions> options,
    ILogger<PpkCampaignService> logger)
{
    public const string MailKind = "campaign-deactivated";
    public const int PageSize = 50;
    public const int MaxReasonLength = 1000;

    /// <summary>Fiscal years before this one cannot be chosen.</summary>
    public const int FirstFiscalYear = 2000;

    public static string NoticeFolder(int fiscalYear) => "campaigns/" + CampaignText.Year(fiscalYear);

    public static string NoticeNumber(string officeCode, int fiscalYear, int campaignId) =>
        string.Create(CultureInfo.InvariantCulture, $"{officeCode}/PPK-NONAKTIF/{fiscalYear}/{campaignId:D4}");

    public static string NoticeFileName(int fiscalYear) =>
        string.Create(CultureInfo.InvariantCulture, $"pemberitahuan-penonaktifan-ppk-{fiscalYear}.pdf");

    public CampaignWindow WindowFor(int fiscalYear) => options.Value.WindowFor(fiscalYear);

    /// <summary>The current year in the office, or the previous one while its run window is still open (January to March).</summary>
    public int DefaultFiscalYear(DateOnly today) => WindowFor(today.Year - 1).IsOpen(today) ? today.Year - 1 : today.Year;

    // ---- reading ----

    public async Task<CampaignOverview> GetOverviewAsync(Actor actor, int? fiscalYear, string? search, int page, CancellationToken ct)
    {
        var office = await OfficeAsync(actor.OfficeId, ct);
        var clock = calendar.For(office);
        var today = clock.Today;
        var year = fiscalYear is { } y && y >= FirstFiscalYear && y <= today.Year ? y : DefaultFiscalYear(today);
        var campaign = await StateAsync(actor.OfficeId, year, ct);
        var years = await YearsAsync(actor.OfficeId, today, year, ct);
        var term = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        page = Math.Max(1, page);

        if (campaign is { IsCompleted: true })
        {
            return new CampaignOverview(year, years, WindowFor(year), today, clock, campaign,
                new CampaignCounts(campaign.Total, campaign.ExcludedCount, campaign.FailedCount), term,
                new PagedResult<CampaignAccountRow>([], 1, PageSize, 0));
        }

        var campaignId = campaign?.Id ?? 0;
        var active = ActivePpk(actor.OfficeId);
        var excluded = active.Where(a => db.PpkCampaignExclusions.Any(x => x.PpkCampaignId == campaignId && x.SpseAccountId == a.Id));
        var counts = new CampaignCounts(
            await active.CountAsync(ct),
            campaignId == 0 ? 0 : await excluded.CountAsync(ct),
            await active.Where(a => !db.PpkCampaignExclusions.Any(x => x.PpkCampaignId == campaignId && x.SpseAccountId == a.Id) &&
                                    db.AccessRequests.Any(r => r.SpseAccountId == a.Id && r.ClosedAt == null)).CountAsync(ct));

        var listed = Search(active, term);
        var total = term is null ? counts.ActivePpk : await listed.CountAsync(ct);
        var rows = await (
                from a in listed
                join x in db.PpkCampaignExclusions.Where(x => x.PpkCampaignId == campaignId) on a.Id equals x.SpseAccountId into xs
                from x in xs.DefaultIfEmpty()
                orderby a.HolderName, a.Id
                select new
                {
                    a.Id, a.UserId, a.HolderName, a.HolderNip, a.Agency, a.SkNumber, a.SkDate, a.ValidFrom, a.ValidUntil,
                    Reason = x == null ? null : x.Reason,
                    ExcludedBy = x == null ? null : x.ExcludedByName,
                    ExcludedAt = x == null ? (DateTime?)null : x.ExcludedAt,
                    OpenRequest = db.AccessRequests.Where(r => r.SpseAccountId == a.Id && r.ClosedAt == null)
                        .OrderBy(r => r.Number).Select(r => r.Number).FirstOrDefault(),
                })
            .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);

        var items = rows.Select(r => new CampaignAccountRow(r.Id, r.UserId, r.HolderName, r.HolderNip, r.Agency, r.SkNumber,
            r.SkDate, r.ValidFrom, r.ValidUntil, r.ValidUntil is { } until && until < today, r.Reason, r.ExcludedBy, r.ExcludedAt,
            r.OpenRequest)).ToList();
        return new CampaignOverview(year, years, WindowFor(year), today, clock, campaign, counts, term,
            new PagedResult<CampaignAccountRow>(items, page, PageSize, total));
    }

    /// <summary>The result page of a completed campaign; null when the year has no completed campaign.</summary>
    public async Task<CampaignResults?> GetResultsAsync(Actor actor, int fiscalYear, PpkCampaignOutcome? outcome, string? search,
        int page, CancellationToken ct)
    {
        var campaign = await StateAsync(actor.OfficeId, fiscalYear, ct);
        if (campaign is not { IsCompleted: true })
        {
            return null;
        }

        var office = await OfficeAsync(actor.OfficeId, ct);
        var term = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        var accounts = Search(db.SpseAccounts.AsNoTracking().Where(a => a.OfficeId == actor.OfficeId), term);
        var query =
            from r in db.PpkCampaignResults.AsNoTracking()
            where r.PpkCampaignId == campaign.Id
            join a in accounts on r.SpseAccountId equals a.Id
            select new { r, a };
        if (outcome is { } wanted)
        {
            query = query.Where(q => q.r.Outcome == wanted);
        }

        page = Math.Max(1, page);
        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderBy(q => q.r.Outcome).ThenBy(q => q.a.HolderName).ThenBy(q => q.a.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(q => new CampaignResultRow(q.a.Id, q.a.UserId, q.a.HolderName, q.a.HolderNip, q.a.Agency, q.a.SkNumber,
                q.a.ValidUntil, q.r.Outcome, q.r.Detail))
            .ToListAsync(ct);
        return new CampaignResults(campaign, calendar.For(office), outcome, term,
            new PagedResult<CampaignResultRow>(rows, page, PageSize, total));
    }

    /// <summary>The collective notice of the office's campaign of that year; null when there is none (or its file is gone).</summary>
    public async Task<CampaignNoticeFile?> OpenNoticeAsync(Actor actor, int fiscalYear, CancellationToken ct)
    {
        var path = await db.PpkCampaigns.AsNoTracking()
            .Where(c => c.OfficeId == actor.OfficeId && c.FiscalYear == fiscalYear && c.Status == PpkCampaignStatus.Completed)
            .Select(c => c.NoticeStoragePath).SingleOrDefaultAsync(ct);
        if (path is null)
        {
            return null;
        }

        var stream = await files.OpenAsync(path, ct);
        return stream is null ? null : new CampaignNoticeFile(stream, NoticeFileName(fiscalYear));
    }

    // ---- preparing ----

    /// <summary>"Siapkan kampanye": makes the draft of the year if there is none (one per office and year).</summary>
    public async Task<OperationResult<CampaignState>> PrepareAsync(int fiscalYear, Actor actor, CancellationToken ct)
    {
        var edit = await BeginEditAsync(fiscalYear, actor, ct);
        if (edit.Refusal is not null)
        {
            return OperationResult<CampaignState>.From(edit.Refusal);
        }

        var (campaign, created) = await EnsureDraftAsync(actor, fiscalYear, edit.Now, ct);
        if (created)
        {
            logger.LogInformation("PPK campaign {CampaignId} for fiscal year {FiscalYear} prepared by {UserId}", campaign.Id, fiscalYear, actor.UserId);
        }

        return OperationResult<CampaignState>.Ok(ToState(campaign));
    }

    /// <summary>Keeps an active PPK account out of the run, for a reason; again on an excluded account replaces the reason.</summary>
    public async Task<OperationResult> ExcludeAsync(int fiscalYear, int accountId, string? reason, Actor actor, CancellationToken ct)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length == 0)
        {
            return OperationResult.Fail(ErrorKind.Validation, "Alasan pengecualian wajib diisi.");
        }

        if (text.Length > MaxReasonLength)
        {
            return OperationResult.Fail(ErrorKind.Validation, $"Alasan pengecualian maksimal {MaxReasonLength} karakter.");
        }

        var edit = await BeginEditAsync(fiscalYear, actor, ct);
        if (edit.Refusal is not null)
        {
            return edit.Refusal;
        }

        if (await FindAsync(actor.OfficeId, fiscalYear, ct) is { Status: PpkCampaignStatus.Completed })
        {
            return ReadOnly(fiscalYear);
        }

        var account = await ActivePpk(actor.OfficeId).Where(a => a.Id == accountId).Select(a => new { a.Id, a.UserId }).SingleOrDefaultAsync(ct);
        if (account is null)
        {
            return OperationResult.Fail(ErrorKind.NotFound, "Akun PPK aktif tersebut tidak ditemukan di register kantor ini.");
        }

        var (campaign, _) = await EnsureDraftAsync(actor, fiscalYear, edit.Now, ct);
        return await ChangeDraftAsync(campaign, fiscalYear, async () =>
        {
            var existing = await db.PpkCampaignExclusions.SingleOrDefaultAsync(x => x.PpkCampaignId == campaign.Id && x.SpseAccountId == account.Id, ct);
            if (existing is null)
            {
                existing = new PpkCampaignExclusion { PpkCampaignId = campaign.Id, SpseAccountId = account.Id };
                db.PpkCampaignExclusions.Add(existing);
            }

            existing.Reason = text;
            existing.ExcludedAt = edit.Now;
            existing.ExcludedByUserId = actor.UserId;
            existing.ExcludedByName = actor.Name;
            await db.SaveChangesAsync(ct);
            logger.LogInformation("PPK campaign {CampaignId}: account {SpseUserId} excluded by {UserId}", campaign.Id, account.UserId, actor.UserId);
            return OperationResult.Ok();
        }, ct);
    }

    /// <summary>Undoes an exclusion: the account is deactivated with the others again.</summary>
    public async Task<OperationResult> IncludeAsync(int fiscalYear, int accountId, Actor actor, CancellationToken ct)
    {
        var edit = await BeginEditAsync(fiscalYear, actor, ct);
        if (edit.Refusal is not null)
        {
            return edit.Refusal;
        }

        var campaign = await FindAsync(actor.OfficeId, fiscalYear, ct);
        if (campaign is null)
        {
            return OperationResult.Fail(ErrorKind.NotFound, "Akun ini tidak sedang dikecualikan.");
        }

        return await ChangeDraftAsync(campaign, fiscalYear, async () =>
        {
            var removed = await db.PpkCampaignExclusions.Where(x => x.PpkCampaignId == campaign.Id && x.SpseAccountId == accountId).ExecuteDeleteAsync(ct);
            if (removed == 0)
            {
                return OperationResult.Fail(ErrorKind.NotFound, "Akun ini tidak sedang dikecualikan.");
            }

            logger.LogInformation("PPK campaign {CampaignId}: exclusion of account {AccountId} undone by {UserId}", campaign.Id, accountId, actor.UserId);
            return OperationResult.Ok();
        }, ct);
    }

    // ---- running ----

    /// <summary>"Nonaktifkan semua": deactivates every active PPK account of the office that is neither excluded nor in a request in progress.</summary>
    public async Task<OperationResult<CampaignRunSummary>> RunAsync(RunCampaignCommand command, Actor actor, CancellationToken ct)
    {
        if (!actor.IsIn(Roles.AdminAgency))
        {
            return Refuse<CampaignRunSummary>(OperationResult.Forbidden());
        }

        var year = command.FiscalYear;
        var office = await OfficeAsync(actor.OfficeId, ct);
        var clock = calendar.For(office);
        var now = time.GetUtcNow().UtcDateTime;
        var today = clock.DateOf(now);
        if (CheckYear(year, today) is { } badYear)
        {
            return Refuse<CampaignRunSummary>(badYear);
        }

        if (!command.Confirmed)
        {
            return Refuse<CampaignRunSummary>(OperationResult.Fail(ErrorKind.Validation,
                "Centang pernyataan bahwa Anda memahami akibat penonaktifan sebelum menjalankan kampanye."));
        }

        if (command.TypedFiscalYear?.Trim() != CampaignText.Year(year))
        {
            return Refuse<CampaignRunSummary>(OperationResult.Fail(ErrorKind.Validation,
                $"Ketik tahun anggaran {CampaignText.Year(year)} pada kolom konfirmasi untuk menjalankan kampanye."));
        }

        var window = WindowFor(year);
        if (!window.IsOpen(today))
        {
            return Refuse<CampaignRunSummary>(OperationResult.Fail(ErrorKind.InvalidState, WindowMessage(window, today)));
        }

        // The draft the officer saw; when the page showed none, the one made now (or by a colleague meanwhile).
        PpkCampaign? campaign;
        int expected;
        if (command.ExpectedVersion is { } version)
        {
            campaign = await FindAsync(actor.OfficeId, year, ct);
            expected = version;
        }
        else
        {
            var (draft, created) = await EnsureDraftAsync(actor, year, now, ct);
            campaign = draft;
            expected = created ? draft.Version : -1;
        }

        if (campaign is null)
        {
            return Refuse<CampaignRunSummary>(OperationResult.Fail(ErrorKind.NotFound,
                $"Kampanye tahun anggaran {CampaignText.Year(year)} belum disiapkan. Muat ulang halaman kampanye."));
        }

        if (campaign.Status != PpkCampaignStatus.Draft || campaign.Version != expected)
        {
            return Refuse<CampaignRunSummary>(RunRefusal(campaign, clock));
        }

        var stopwatch = Stopwatch.StartNew();
        var noticeNumber = NoticeNumber(office.Code, year, campaign.Id);
        string? stored = null;
        Task<byte[]>? render = null;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);

            // 1. Claim the campaign. A second run (or one that raced this) finds no draft of that version and stops here.
            var claimed = await db.PpkCampaigns
                .Where(c => c.Id == campaign.Id && c.Status == PpkCampaignStatus.Draft && c.Version == expected)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.Status, PpkCampaignStatus.Completed)
                    .SetProperty(c => c.CompletedAt, now)
                    .SetProperty(c => c.CompletedByUserId, actor.UserId)
                    .SetProperty(c => c.CompletedByName, actor.Name)
                    .SetProperty(c => c.Version, c => c.Version + 1), ct);
            if (claimed == 0)
            {
                await tx.RollbackAsync(ct);
                var current = await db.PpkCampaigns.AsNoTracking().SingleAsync(c => c.Id == campaign.Id, ct);
                return Refuse<CampaignRunSummary>(RunRefusal(current, clock));
            }

            var phases = new List<(string Phase, long Ms)> { ("claim", stopwatch.ElapsedMilliseconds) };

            // 2. One result per active PPK account: excluded (with the reason), failed (a request in progress), deactivated.
            await InsertResultsAsync(campaign.Id, actor.OfficeId, year, ct);
            var results = await (
                    from r in db.PpkCampaignResults.AsNoTracking()
                    where r.PpkCampaignId == campaign.Id
                    join a in db.SpseAccounts.AsNoTracking() on r.SpseAccountId equals a.Id
                    orderby a.HolderName, a.Id
                    select new { r.Outcome, a.UserId, a.HolderName, a.HolderNip, a.Agency, a.SkNumber, a.ValidUntil, r.Detail })
                .ToListAsync(ct);
            List<CampaignNoticeAccount> Of(PpkCampaignOutcome outcome) => results.Where(r => r.Outcome == outcome)
                .Select(r => new CampaignNoticeAccount(r.UserId, r.HolderName, r.HolderNip, r.Agency, r.SkNumber, r.ValidUntil, r.Detail)).ToList();
            var deactivated = Of(PpkCampaignOutcome.Deactivated);
            var excluded = Of(PpkCampaignOutcome.Excluded);
            var failed = Of(PpkCampaignOutcome.Failed);
            phases.Add(("results", stopwatch.ElapsedMilliseconds));

            // The collective notice is drawn on another thread while the database does steps 3 to 5; it is stored in step 6.
            var notice = new CampaignNotice(office.Name, office.Address, noticeNumber, year, now, clock, actor.Name,
                results.Count, deactivated, excluded, failed);
            render = Task.Run(() => CampaignNoticePdf.Render(notice), CancellationToken.None);

            // 3. The accounts, with their version bumped as SaveChanges would. Every one must still be active: if another
            //    officer changed one since step 2, nothing is kept and the officer runs it again.
            var changed = await db.SpseAccounts
                .Where(a => a.Status == SpseAccountStatus.Active && db.PpkCampaignResults.Any(r =>
                    r.PpkCampaignId == campaign.Id && r.Outcome == PpkCampaignOutcome.Deactivated && r.SpseAccountId == a.Id))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.Status, SpseAccountStatus.Inactive)
                    .SetProperty(a => a.UpdatedAt, now)
                    .SetProperty(a => a.Version, a => a.Version + 1), ct);
            if (changed != deactivated.Count)
            {
                await tx.RollbackAsync(ct);
                Abandon(render);
                logger.LogWarning("PPK campaign {CampaignId}: {Changed} of {Expected} accounts changed, the register moved during the run; rolled back",
                    campaign.Id, changed, deactivated.Count);
                return Refuse<CampaignRunSummary>(OperationResult.Fail(ErrorKind.Conflict,
                    "Register akun berubah ketika kampanye sedang dijalankan, sehingga tidak ada akun yang diubah. Muat ulang halaman, lalu jalankan kembali."));
            }

            phases.Add(("accounts", stopwatch.ElapsedMilliseconds));

            // 4. The register's history: one row per deactivated account.
            var historyDetail = $"Dinonaktifkan oleh kampanye akhir Tahun Anggaran {CampaignText.Year(year)} (pemberitahuan {noticeNumber})";
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "SpseAccountHistory" ("SpseAccountId", "Change", "Detail", "ChangedAt", "ChangedByUserId", "ChangedByName", "PpkCampaignId")
                SELECT r."SpseAccountId", {(int)SpseAccountChange.Deactivated}, {historyDetail}, {now}, {actor.UserId}, {actor.Name}, {campaign.Id}
                FROM "PpkCampaignResults" AS r
                WHERE r."PpkCampaignId" = {campaign.Id} AND r."Outcome" = {(int)PpkCampaignOutcome.Deactivated}
                """, ct);
            phases.Add(("history", stopwatch.ElapsedMilliseconds));

            // 5. One mail per holder, through the outbox.
            await QueueMailsAsync(campaign.Id, office, clock, year, noticeNumber, now, ct);
            phases.Add(("mails", stopwatch.ElapsedMilliseconds));

            // 6. The notice for the office's files: written now, deleted below if the commit does not happen.
            var pdf = await render;
            stored = await files.SaveAsync(NoticeFolder(year), ".pdf", pdf, ct);
            var sha = LocalFileStore.Sha256Hex(pdf);
            phases.Add(("notice", stopwatch.ElapsedMilliseconds));

            // 7. The campaign's counts and notice.
            await db.PpkCampaigns.Where(c => c.Id == campaign.Id).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.DeactivatedCount, deactivated.Count)
                .SetProperty(c => c.ExcludedCount, excluded.Count)
                .SetProperty(c => c.FailedCount, failed.Count)
                .SetProperty(c => c.NoticeNumber, noticeNumber)
                .SetProperty(c => c.NoticeStoragePath, stored)
                .SetProperty(c => c.NoticeSha256, sha), ct);

            await tx.CommitAsync(ct);
            phases.Add(("commit", stopwatch.ElapsedMilliseconds));

            logger.LogInformation(
                "PPK campaign {CampaignId} for fiscal year {FiscalYear} run by {UserId}: {Deactivated} deactivated, {Excluded} excluded, {Failed} failed in {ElapsedMs} ms ({Phases})",
                campaign.Id, year, actor.UserId, deactivated.Count, excluded.Count, failed.Count, stopwatch.ElapsedMilliseconds,
                string.Join(", ", phases.Select((p, i) => $"{p.Phase} {p.Ms - (i == 0 ? 0 : phases[i - 1].Ms)} ms")));
            return OperationResult<CampaignRunSummary>.Ok(
                new CampaignRunSummary(campaign.Id, year, deactivated.Count, excluded.Count, failed.Count, noticeNumber));
        }
        catch (Exception ex)
        {
            db.ChangeTracker.Clear();
            Abandon(render);
            if (stored is not null)
            {
                await files.DeleteAsync(stored, CancellationToken.None);
            }

            logger.LogWarning(ex, "PPK campaign {CampaignId} for fiscal year {FiscalYear} did not complete; nothing was kept", campaign.Id, year);
            throw;
        }
    }

    /// <summary>A notice drawn for a run that did not complete: nobody waits for it, and a failure of it is not an error of the run.</summary>
    private static void Abandon(Task<byte[]>? render) =>
        render?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>The text of the mail each holder gets, around the holder's name and user ID (joined in SQL).</summary>
    internal static (string Subject1, string Subject2, string Body1, string Body2, string Body3) MailParts(
        string officeName, int fiscalYear, string noticeNumber, string when)
    {
        var y = CampaignText.Year(fiscalYear);
        var body2 = $"""
            ,

            Dalam rangka akhir Tahun Anggaran {y}, akun SPSE dengan user ID "
            """;
        var body3 = $"""
            " (peran PPK) telah dinonaktifkan oleh Admin Agency {officeName} pada {when}
            sesuai SOP Penonaktifan dan Pengaktifan Hak Akses SPSE (pemberitahuan kolektif nomor {noticeNumber}).

            Bila Anda tetap ditetapkan sebagai PPK pada tahun anggaran berikutnya, akun dapat diaktifkan kembali melalui
            permohonan aktivasi akses SPSE (SOP 2) seperti biasa, dengan melampirkan SK penetapan PPK yang baru.
            """ + Notifier.Signature;
        return ("Akun SPSE PPK \"", $"\" dinonaktifkan - akhir Tahun Anggaran {y}", "Yth. ", body2, body3);
    }

    // ---- the set-based statements ----

    private async Task InsertResultsAsync(int campaignId, int officeId, int year, CancellationToken ct)
    {
        const int ppk = (int)SpseRole.Ppk;
        const int active = (int)SpseAccountStatus.Active;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "PpkCampaignResults" ("PpkCampaignId", "SpseAccountId", "Outcome", "Detail")
            SELECT {campaignId}, a."Id", {(int)PpkCampaignOutcome.Excluded}, x."Reason"
            FROM "SpseAccounts" AS a
            INNER JOIN "PpkCampaignExclusions" AS x ON x."SpseAccountId" = a."Id" AND x."PpkCampaignId" = {campaignId}
            WHERE a."OfficeId" = {officeId} AND a."Role" = {ppk} AND a."Status" = {active}
            """, ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "PpkCampaignResults" ("PpkCampaignId", "SpseAccountId", "Outcome", "Detail")
            SELECT {campaignId}, a."Id", {(int)PpkCampaignOutcome.Failed},
                   'Permohonan ' || (SELECT MIN(q."Number") FROM "AccessRequests" AS q WHERE q."SpseAccountId" = a."Id" AND q."ClosedAt" IS NULL) || ' sedang berjalan'
            FROM "SpseAccounts" AS a
            WHERE a."OfficeId" = {officeId} AND a."Role" = {ppk} AND a."Status" = {active}
              AND NOT EXISTS (SELECT 1 FROM "PpkCampaignExclusions" AS x WHERE x."PpkCampaignId" = {campaignId} AND x."SpseAccountId" = a."Id")
              AND EXISTS (SELECT 1 FROM "AccessRequests" AS q WHERE q."SpseAccountId" = a."Id" AND q."ClosedAt" IS NULL)
            """, ct);
        var detail = $"Dinonaktifkan oleh kampanye akhir Tahun Anggaran {CampaignText.Year(year)}";
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "PpkCampaignResults" ("PpkCampaignId", "SpseAccountId", "Outcome", "Detail")
            SELECT {campaignId}, a."Id", {(int)PpkCampaignOutcome.Deactivated}, {detail}
            FROM "SpseAccounts" AS a
            WHERE a."OfficeId" = {officeId} AND a."Role" = {ppk} AND a."Status" = {active}
              AND NOT EXISTS (SELECT 1 FROM "PpkCampaignExclusions" AS x WHERE x."PpkCampaignId" = {campaignId} AND x."SpseAccountId" = a."Id")
              AND NOT EXISTS (SELECT 1 FROM "AccessRequests" AS q WHERE q."SpseAccountId" = a."Id" AND q."ClosedAt" IS NULL)
            """, ct);
    }

    private async Task QueueMailsAsync(int campaignId, Office office, OfficeClock clock, int year, string noticeNumber, DateTime now, CancellationToken ct)
    {
        var (subject1, subject2, body1, body2, body3) = MailParts(office.Name, year, noticeNumber, clock.Format(now));
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "OutboxMessages" ("Kind", "To", "Subject", "Body", "CreatedAt", "Attempts", "NextAttemptAt", "Failed", "RedactAfterSend")
            SELECT {MailKind}, a."HolderEmail", {subject1} || a."UserId" || {subject2},
                   {body1} || a."HolderName" || {body2} || a."UserId" || {body3}, {now}, 0, {now}, {false}, {false}
            FROM "PpkCampaignResults" AS r
            INNER JOIN "SpseAccounts" AS a ON a."Id" = r."SpseAccountId"
            WHERE r."PpkCampaignId" = {campaignId} AND r."Outcome" = {(int)PpkCampaignOutcome.Deactivated} AND a."HolderEmail" <> ''
            """, ct);
    }

    // ---- helpers ----

    private sealed record EditContext(DateTime Now, OperationResult? Refusal);

    /// <summary>Who may change the draft of that year, and whether it may still change.</summary>
    private async Task<EditContext> BeginEditAsync(int fiscalYear, Actor actor, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (!actor.IsIn(Roles.AdminAgency))
        {
            return new EditContext(now, OperationResult.Forbidden());
        }

        var office = await OfficeAsync(actor.OfficeId, ct);
        var today = calendar.For(office).DateOf(now);
        if (CheckYear(fiscalYear, today) is { } badYear)
        {
            return new EditContext(now, badYear);
        }

        var window = WindowFor(fiscalYear);
        if (window.HasClosed(today))
        {
            return new EditContext(now, OperationResult.Fail(ErrorKind.InvalidState,
                $"Masa kampanye tahun anggaran {CampaignText.Year(fiscalYear)} sudah berakhir pada {CampaignText.Date(window.Closes)}; daftarnya tidak dapat diubah lagi."));
        }

        return new EditContext(now, null);
    }

    private static OperationResult? CheckYear(int fiscalYear, DateOnly today) =>
        fiscalYear < FirstFiscalYear || fiscalYear > today.Year
            ? OperationResult.Fail(ErrorKind.Validation, $"Tahun anggaran {CampaignText.Year(fiscalYear)} tidak dapat dipilih.")
            : null;

    /// <summary>
    /// Changes the exclusions of a draft in one transaction that first bumps the campaign's version (only while it is a
    /// draft): a run that raced the change finds a version it did not expect, and a change after the run finds no draft.
    /// </summary>
    private async Task<OperationResult> ChangeDraftAsync(PpkCampaign campaign, int fiscalYear, Func<Task<OperationResult>> change, CancellationToken ct)
    {
        if (campaign.Status != PpkCampaignStatus.Draft)
        {
            return ReadOnly(fiscalYear);
        }

        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var bumped = await db.PpkCampaigns.Where(c => c.Id == campaign.Id && c.Status == PpkCampaignStatus.Draft)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Version, c => c.Version + 1), ct);
            if (bumped == 0)
            {
                await tx.RollbackAsync(ct);
                return ReadOnly(fiscalYear);
            }

            var result = await change();
            if (result.Succeeded)
            {
                await tx.CommitAsync(ct);
            }
            else
            {
                await tx.RollbackAsync(ct);
            }

            return result;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return OperationResult.Fail(ErrorKind.Conflict,
                $"Daftar kampanye tahun anggaran {CampaignText.Year(fiscalYear)} baru saja diubah oleh petugas lain. Muat ulang halaman, lalu coba lagi.");
        }
    }

    private static OperationResult ReadOnly(int fiscalYear) => OperationResult.Fail(ErrorKind.InvalidState,
        $"Kampanye tahun anggaran {CampaignText.Year(fiscalYear)} sudah dijalankan; daftarnya tidak dapat diubah lagi.");

    private static OperationResult RunRefusal(PpkCampaign campaign, OfficeClock clock) =>
        campaign.Status == PpkCampaignStatus.Completed
            ? OperationResult.Fail(ErrorKind.Conflict,
                $"Kampanye tahun anggaran {CampaignText.Year(campaign.FiscalYear)} sudah dijalankan oleh {campaign.CompletedByName} pada {clock.Format(campaign.CompletedAt)}.")
            : OperationResult.Fail(ErrorKind.Conflict,
                $"Daftar kampanye tahun anggaran {CampaignText.Year(campaign.FiscalYear)} baru saja diubah oleh petugas lain. Periksa kembali daftarnya, lalu jalankan lagi.");

    /// <summary>Why the run is not allowed today, and when it is.</summary>
    public static string WindowMessage(CampaignWindow window, DateOnly today) => window.NotYetOpen(today)
        ? $"Kampanye tahun anggaran {CampaignText.Year(window.FiscalYear)} baru dapat dijalankan mulai {CampaignText.Date(window.Opens)} sampai {CampaignText.Date(window.Closes)}."
        : $"Masa kampanye tahun anggaran {CampaignText.Year(window.FiscalYear)} sudah berakhir pada {CampaignText.Date(window.Closes)}.";

    private static OperationResult<T> Refuse<T>(OperationResult failure) => OperationResult<T>.From(failure);

    /// <summary>The draft of the year; made now when there is none. Two at once: the unique index keeps one, the other reloads it.</summary>
    private async Task<(PpkCampaign Campaign, bool Created)> EnsureDraftAsync(Actor actor, int fiscalYear, DateTime now, CancellationToken ct)
    {
        if (await FindAsync(actor.OfficeId, fiscalYear, ct) is { } existing)
        {
            return (existing, false);
        }

        var campaign = new PpkCampaign
        {
            OfficeId = actor.OfficeId,
            FiscalYear = fiscalYear,
            Status = PpkCampaignStatus.Draft,
            CreatedAt = now,
            CreatedByUserId = actor.UserId,
            CreatedByName = actor.Name,
        };
        db.PpkCampaigns.Add(campaign);
        try
        {
            await db.SaveChangesAsync(ct);
            db.Entry(campaign).State = EntityState.Detached;
            return (campaign, true);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var winner = await FindAsync(actor.OfficeId, fiscalYear, ct);
            if (winner is null)
            {
                throw;
            }

            return (winner, false);
        }
    }

    private Task<PpkCampaign?> FindAsync(int officeId, int fiscalYear, CancellationToken ct) =>
        db.PpkCampaigns.AsNoTracking().SingleOrDefaultAsync(c => c.OfficeId == officeId && c.FiscalYear == fiscalYear, ct);

    private async Task<CampaignState?> StateAsync(int officeId, int fiscalYear, CancellationToken ct) =>
        await FindAsync(officeId, fiscalYear, ct) is { } campaign ? ToState(campaign) : null;

    private static CampaignState ToState(PpkCampaign c) => new(c.Id, c.FiscalYear, c.Status, c.Version, c.CreatedAt, c.CreatedByName,
        c.CompletedAt, c.CompletedByName, c.DeactivatedCount, c.ExcludedCount, c.FailedCount, c.NoticeNumber, c.NoticeStoragePath is not null);

    private async Task<IReadOnlyList<int>> YearsAsync(int officeId, DateOnly today, int shown, CancellationToken ct)
    {
        var years = await db.PpkCampaigns.AsNoTracking().Where(c => c.OfficeId == officeId).Select(c => c.FiscalYear).ToListAsync(ct);
        years.AddRange([today.Year, today.Year - 1, shown]);
        return years.Where(y => y >= FirstFiscalYear && y <= today.Year).Distinct().OrderDescending().ToList();
    }

    private IQueryable<SpseAccount> ActivePpk(int officeId) => db.SpseAccounts.AsNoTracking()
        .Where(a => a.OfficeId == officeId && a.Role == SpseRole.Ppk && a.Status == SpseAccountStatus.Active);

    /// <summary>User ID, name, NIP or agency containing the term; case is ignored on both providers.</summary>
    private static IQueryable<SpseAccount> Search(IQueryable<SpseAccount> query, string? term)
    {
        if (term is null)
        {
            return query;
        }

        var pattern = $"%{term.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal)}%".ToLowerInvariant();
        var nip = $"%{term.Replace(" ", "", StringComparison.Ordinal).Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal)}%";
        return query.Where(a => EF.Functions.Like(a.UserId.ToLower(), pattern) || EF.Functions.Like(a.HolderName.ToLower(), pattern) ||
                                EF.Functions.Like(a.Agency.ToLower(), pattern) || EF.Functions.Like(a.HolderNip, nip));
    }

    private Task<Office> OfficeAsync(int officeId, CancellationToken ct) =>
        db.Offices.AsNoTracking().SingleAsync(o => o.Id == officeId, ct);
}
