using AksesSpse.Core.Common;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AksesSpse.Core.Tests.Notifications;

/// <summary>Times in an email are the request's office time with its zone label, never UTC (docs/adr/0018).</summary>
public sealed class NotifierOfficeTimeTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData("Asia/Jakarta", "02-12-2026 01:30 WIB")]
    [InlineData("Asia/Makassar", "02-12-2026 02:30 WITA")]
    [InlineData("Asia/Jayapura", "02-12-2026 03:30 WIT")]
    public void TheCredentialLinkExpiryIsWrittenInTheOfficesTimeWithItsLabel(string zone, string expected)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 18, 30, 0, TimeSpan.Zero));
        using var db = _database.NewContext();
        var notifier = new Notifier(db, time, Options.Create(new AppOptions()));
        var r = new AccessRequest { Id = 1, Number = "HAK-2026-000001", ApplicantEmail = "rina@contoh.go.id", ApplicantName = "Rina", SpseUserId = "rina.pokja" };

        notifier.PasswordReady(r, "rina@contoh.go.id", "http://localhost/Kredensial/Buka?token=x", time.GetUtcNow().UtcDateTime,
            OfficeClock.For(zone, time));

        var body = Assert.Single(db.ChangeTracker.Entries<OutboxMessage>()).Entity.Body;
        Assert.Contains($"Tautan berlaku sampai {expected} dan", body);
        Assert.DoesNotContain("UTC", body);
        Assert.DoesNotContain("18:30", body);
    }
}
