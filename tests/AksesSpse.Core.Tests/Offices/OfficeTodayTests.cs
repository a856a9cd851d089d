using System.Text.RegularExpressions;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Tests.Engine;
using AksesSpse.Core.Tests.TestSupport;
using AksesSpse.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using static AksesSpse.Core.Tests.TestSupport.AccessActivationHarness;

namespace AksesSpse.Core.Tests.Offices;

/// <summary>
/// One "today" for every SOP (docs/adr/0018): an SK that ended on 1 December is expired once 2 December has begun at the
/// office, for SOP 4's validity check, SOP 2 and the register alike, whatever the UTC date; and the request's office
/// zone is the one written in its emails and PDFs.
/// </summary>
public sealed class OfficeTodayTests
{
    private static readonly DateOnly SkEnd = new(2026, 12, 1);

    /// <summary>Office zone, the moment (UTC), and whether 2 December has begun at the office then.</summary>
    public static TheoryData<string, string, bool> Moments => new()
    {
        { "Asia/Jakarta", "2026-12-01T18:30:00Z", true },   // 02-12 01:30 WIB (UTC still says 1 December)
        { "Asia/Jakarta", "2026-12-01T16:30:00Z", false },  // 01-12 23:30 WIB
        { "Asia/Makassar", "2026-12-01T16:30:00Z", true },  // 02-12 00:30 WITA
        { "Asia/Makassar", "2026-12-01T15:30:00Z", false }, // 01-12 23:30 WITA
        { "Asia/Jayapura", "2026-12-01T15:30:00Z", true },  // 02-12 00:30 WIT
        { "Asia/Jayapura", "2026-12-01T14:30:00Z", false }, // 01-12 23:30 WIT
    };

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Moments))]
    public async Task Sop4ValidityCheckJudgesTheSkOnTheOfficesDate(string zone, string utc, bool expired)
    {
        using var h = new PasswordResetEngineHarness();
        await using (var db = h.Query())
        {
            await db.Offices.Where(o => o.Id == h.Office.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.TimeZoneId, zone));
            db.SpseAccounts.Add(new SpseAccountBuilder().WithUserId("rina.pokja2").InOffice(h.Office.Id).SkValidUntil(SkEnd).Build());
            await db.SaveChangesAsync();
        }

        h.Time.SetUtcNow(At(utc));
        var request = await h.LoadAsync(await h.SubmitAsync(new SubmitResetCommandBuilder().ForSpseUserId("rina.pokja2").Build()));
        var report = await PasswordResetEngineHarness.Module(h.Engine()).ValidityItemsAsync(request, CancellationToken.None);

        var sk = Assert.Single(report, i => i.Label == "SK penetapan masih berlaku");
        Assert.Equal(!expired, sk.Passed);
    }

    [Theory]
    [InlineData("Asia/Jakarta", "2026-12-31T17:30:00Z", "2027")]   // 01-01-2027 00:30 WIB (UTC still says 2026)
    [InlineData("Asia/Jakarta", "2026-12-31T16:30:00Z", "2026")]   // 31-12-2026 23:30 WIB
    [InlineData("Asia/Jayapura", "2026-12-31T15:30:00Z", "2027")]  // 01-01-2027 00:30 WIT
    public async Task AnEngineRequestIsNumberedInTheOfficesYear(string zone, string utc, string year)
    {
        using var h = new PasswordResetEngineHarness();
        await using (var db = h.Query())
        {
            await db.Offices.Where(o => o.Id == h.Office.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.TimeZoneId, zone));
        }

        h.Time.SetUtcNow(At(utc));
        var request = await h.LoadAsync(await h.SubmitAsync());

        Assert.StartsWith($"RPW-{year}-", request.Number, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Moments))]
    public async Task Sop2JudgesTheSkOnTheOfficesDate(string zone, string utc, bool expired)
    {
        using var h = new AccessActivationEngineHarness(At(utc));
        await using (var db = h.Query())
        {
            await db.Offices.Where(o => o.Id == h.Office.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.TimeZoneId, zone));
        }

        var result = await h.TrySubmitAsync(new SubmitActivationCommandBuilder().SkValidUntil(SkEnd).Build());

        if (expired)
        {
            Assert.Equal(ErrorKind.Validation, result.Error);
            Assert.Contains("berakhir pada 01-12-2026 dan tidak berlaku hari ini", result.Message);
        }
        else
        {
            AssertOk(result);
        }
    }

    [Theory]
    [MemberData(nameof(Moments))]
    public async Task TheRegistersExpiredSkFilterUsesTheOfficesDate(string zone, string utc, bool expired)
    {
        using var h = new PasswordResetEngineHarness();
        await using (var db = h.Query())
        {
            await db.Offices.Where(o => o.Id == h.Office.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.TimeZoneId, zone));
            db.SpseAccounts.Add(new SpseAccountBuilder().WithUserId("rina.pokja2").InOffice(h.Office.Id).SkValidUntil(SkEnd).Build());
            await db.SaveChangesAsync();
        }

        h.Time.SetUtcNow(At(utc));
        await using var context = h.Query();
        var register = new AccountRegister(context, h.Time, h.Calendar(context));
        var list = await register.ListAsync(h.Office.Id, new AccountFilter(ExpiredSkOnly: true), CancellationToken.None);

        Assert.Equal(expired, list.Items.Any(a => a.UserId == "rina.pokja2"));
    }

    [Theory]
    [InlineData("Asia/Jakarta", "05-12-2026 01:30 WIB")]
    [InlineData("Asia/Makassar", "05-12-2026 02:30 WITA")]
    [InlineData("Asia/Jayapura", "05-12-2026 03:30 WIT")]
    public async Task TheCredentialEmailOfSop4GivesTheLinksExpiryInTheOfficesTime(string zone, string expected)
    {
        using var h = new PasswordResetEngineHarness();
        await using (var db = h.Query())
        {
            await db.Offices.Where(o => o.Id == h.Office.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.TimeZoneId, zone));
        }

        // Sent 1 December 18:30 UTC; the link lives 72 hours (AppOptions.CredentialLinkHours): to 4 December 18:30 UTC.
        h.Time.SetUtcNow(At("2026-12-01T18:30:00Z"));
        Assert.Equal(72, h.AppOptions.Value.CredentialLinkHours);
        await h.DriveToAsync(PasswordResetEngineHarness.ArchiveStep);

        await using var query = h.Query();
        var mail = Assert.Single(await query.OutboxMessages.Where(m => m.Kind == OutboxDispatcher.CredentialKind).ToListAsync());
        Assert.Contains($"Tautan berlaku sampai {expected} dan", mail.Body);
        Assert.DoesNotContain("UTC", mail.Body);
    }

    [Theory]
    [InlineData("Asia/Jakarta", "02-12-2026 01:30 WIB")]
    [InlineData("Asia/Makassar", "02-12-2026 02:30 WITA")]
    [InlineData("Asia/Jayapura", "02-12-2026 03:30 WIT")]
    public async Task TheHandoverFormOfSop2IsDatedInTheOfficesTimeWithItsLabel(string zone, string expected)
    {
        using var h = new AccessActivationEngineHarness(At("2026-12-01T18:30:00Z"));
        await using (var db = h.Query())
        {
            await db.Offices.Where(o => o.Id == h.Office.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.TimeZoneId, zone));
        }

        var id = await h.IntakeAsync();

        var request = await h.LoadAsync(id);
        var receipt = request.Documents.Single(d => d.DocumentCode == PaperIntake.ReceiptCode);
        var text = Regex.Replace(Poppler.Text(h.StoredContent[receipt.StoragePath]), @"\s+", " ");
        Assert.Contains(expected, text);
        Assert.DoesNotContain("01-12-2026 18:30", text);
    }
}
