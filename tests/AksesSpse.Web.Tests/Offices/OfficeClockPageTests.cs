using AksesSpse.Core.Accounts;
using AksesSpse.Core.Data;
using AksesSpse.Core.Offices;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AksesSpse.Web.Tests.Offices;

/// <summary>
/// Pages take "today" and every time from the signed-in user's office clock (docs/adr/0018): between 00:00 and 07:00 at
/// the office (UTC still on the day before), the register calls an SK that ended yesterday expired, in the list, its
/// filter and the account's page, and shows times in the office's zone with its label.
/// </summary>
public sealed class OfficeClockPageTests
{
    public static TheoryData<DatabaseKind, string, string, string> Offices => new()
    {
        { DatabaseKind.Sqlite, "Asia/Jakarta", "2026-12-01T18:30:00Z", "02-12-2026 01:30 WIB" },
        { DatabaseKind.Sqlite, "Asia/Makassar", "2026-12-01T17:30:00Z", "02-12-2026 01:30 WITA" },
        { DatabaseKind.Sqlite, "Asia/Jayapura", "2026-12-01T16:30:00Z", "02-12-2026 01:30 WIT" },
        { DatabaseKind.PostgreSql, "Asia/Jakarta", "2026-12-01T18:30:00Z", "02-12-2026 01:30 WIB" },
    };

    [Theory]
    [MemberData(nameof(Offices))]
    public async Task TheRegisterJudgesSkExpiryOnTheOfficesDateAndShowsItsTime(DatabaseKind database, string zone, string utc, string localTime)
    {
        var now = DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, Clock = new FakeTimeProvider(now), OutboxWorker = false });
        var officeId = await factory.WithDbAsync(db => db.Offices.Where(o => o.Code == DatabaseInitializer.DemoOfficeCode).Select(o => o.Id).SingleAsync());
        var (ended, current) = await factory.WithDbAsync(async db =>
        {
            await db.Offices.Where(o => o.Id == officeId).ExecuteUpdateAsync(s => s.SetProperty(o => o.TimeZoneId, zone));
            var endedYesterday = Account(officeId, "lama.pokja", new DateOnly(2026, 12, 1), now.UtcDateTime);
            var endsToday = Account(officeId, "kini.pokja", new DateOnly(2026, 12, 2), now.UtcDateTime);
            db.SpseAccounts.AddRange(endedYesterday, endsToday);
            await db.SaveChangesAsync();
            return (endedYesterday.Id, endsToday.Id);
        });
        using (var scope = factory.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<OfficeCalendar>().Forget(officeId);
        }

        using var client = factory.CreateFormClient();
        await client.SignInAsync(DemoUsers.AdminAgency);

        var list = await client.GetPageAsync("/Register?q=.pokja");
        Assert.Contains("SK kedaluwarsa", Row(list, "lama.pokja"));
        Assert.DoesNotContain("SK kedaluwarsa", Row(list, "kini.pokja"));

        var expiredOnly = await client.GetPageAsync("/Register?skKedaluwarsa=true");
        Assert.NotNull(Link(expiredOnly, "lama.pokja"));
        Assert.Null(Link(expiredOnly, "kini.pokja"));

        var detail = await client.GetPageAsync($"/Register/{ended}");
        Assert.Contains("sudah tidak berlaku sejak 01-12-2026", detail.QuerySelector(".alert.error")?.TextContent);
        Assert.Contains(localTime, detail.QuerySelector("#history")!.TextContent);

        var stillValid = await client.GetPageAsync($"/Register/{current}");
        Assert.Null(stillValid.QuerySelector(".alert.error"));
    }

    private static SpseAccount Account(int officeId, string userId, DateOnly validUntil, DateTime now) => new()
    {
        OfficeId = officeId,
        UserId = userId,
        HolderName = "Pemegang " + userId,
        HolderNip = userId == "lama.pokja" ? "198001012005011001" : "198102022006021002",
        HolderEmail = userId + "@contoh.go.id",
        Agency = "UKPBJ Kabupaten Contoh",
        Role = SpseRole.Pokja,
        SkNumber = "027/SK/UKPBJ/2026",
        ValidFrom = new DateOnly(2026, 1, 2),
        ValidUntil = validUntil,
        Status = SpseAccountStatus.Active,
        CreatedAt = now,
        UpdatedAt = now,
        History =
        [
            new SpseAccountHistory { Change = SpseAccountChange.Registered, Detail = "Didaftarkan", ChangedAt = now, ChangedByName = "Budi Santoso" },
        ],
    };

    private static AngleSharp.Dom.IElement? Link(AngleSharp.Dom.IDocument page, string userId) =>
        page.QuerySelectorAll("a").FirstOrDefault(a => a.TextContent.Trim() == userId);

    private static string Row(AngleSharp.Dom.IDocument page, string userId) =>
        Link(page, userId)?.Closest("tr")?.TextContent ?? throw new Xunit.Sdk.XunitException($"{userId} is not listed");
}
