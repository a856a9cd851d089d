using AksesSpse.Core.Offices;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Time.Testing;

namespace AksesSpse.Core.Tests.Offices;

/// <summary>The one office clock (docs/adr/0018): zone, label, now, today and formatting of an office.</summary>
public sealed class OfficeClockTests : IDisposable
{
    /// <summary>1 December 2026 18:30 UTC = 2 December 01:30 WIB: the hours where a UTC "today" is yesterday in Indonesia.</summary>
    private static readonly DateTimeOffset EarlyMorningWib = new(2026, 12, 1, 18, 30, 0, TimeSpan.Zero);

    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData("Asia/Jakarta", "WIB")]
    [InlineData("Asia/Pontianak", "WIB")]
    [InlineData("Asia/Makassar", "WITA")]
    [InlineData("Asia/Jayapura", "WIT")]
    public void EachIndonesianZoneHasItsLabel(string zone, string label)
    {
        var clock = OfficeClock.For(zone, new FakeTimeProvider(EarlyMorningWib));

        Assert.Equal(label, clock.Label);
        Assert.Equal(zone, clock.TimeZoneId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("Asia/Tidak_Ada")]
    public void AnEmptyOrUnknownZoneIsReadAsJakarta(string? zone)
    {
        var clock = OfficeClock.For(zone, new FakeTimeProvider(EarlyMorningWib));

        Assert.Equal(OfficeClock.DefaultZone, clock.TimeZoneId);
        Assert.Equal("WIB", clock.Label);
    }

    [Fact]
    public void AZoneOutsideIndonesiaIsLabelledByItsOffset()
    {
        Assert.Equal("UTC+10:00", OfficeClock.For("Australia/Brisbane", TimeProvider.System).Label);
        Assert.Equal("UTC+00:00", OfficeClock.For("Etc/UTC", TimeProvider.System).Label);
    }

    [Theory]
    [InlineData("Asia/Jakarta", 7)]
    [InlineData("Asia/Makassar", 8)]
    [InlineData("Asia/Jayapura", 9)]
    public void NowIsTheOfficesLocalTimeWithItsOffset(string zone, int hours)
    {
        var clock = OfficeClock.For(zone, new FakeTimeProvider(EarlyMorningWib));

        Assert.Equal(TimeSpan.FromHours(hours), clock.Now.Offset);
        Assert.Equal(EarlyMorningWib, clock.Now);
        Assert.Equal(new DateTime(2026, 12, 2, 1 + hours - 7, 30, 0), clock.Now.DateTime);
        Assert.Equal(EarlyMorningWib.UtcDateTime, clock.UtcNow);
        Assert.Equal(DateTimeKind.Utc, clock.UtcNow.Kind);
    }

    [Fact]
    public void TodayBetweenMidnightAndSevenWibIsTheOfficesDateNotTheUtcDate()
    {
        var time = new FakeTimeProvider(EarlyMorningWib);
        var wib = OfficeClock.For("Asia/Jakarta", time);

        Assert.Equal(new DateOnly(2026, 12, 1), DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        Assert.Equal(new DateOnly(2026, 12, 2), wib.Today);

        time.Advance(TimeSpan.FromHours(2)); // 20:30 UTC, 03:30 WIB
        Assert.Equal(new DateOnly(2026, 12, 2), wib.Today);
    }

    [Theory]
    [InlineData("Asia/Jakarta", "2026-12-01T16:59:00Z", "2026-12-01")]
    [InlineData("Asia/Jakarta", "2026-12-01T17:00:00Z", "2026-12-02")]
    [InlineData("Asia/Makassar", "2026-12-01T15:59:00Z", "2026-12-01")]
    [InlineData("Asia/Makassar", "2026-12-01T16:00:00Z", "2026-12-02")]
    [InlineData("Asia/Jayapura", "2026-12-01T14:59:00Z", "2026-12-01")]
    [InlineData("Asia/Jayapura", "2026-12-01T15:00:00Z", "2026-12-02")]
    public void TheOfficesDayTurnsAtItsOwnMidnight(string zone, string utc, string expected)
    {
        var instant = DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);
        var clock = OfficeClock.For(zone, new FakeTimeProvider(instant));

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), clock.Today);
        Assert.Equal(clock.Today, clock.DateOf(instant.UtcDateTime));
    }

    [Theory]
    [InlineData("Asia/Jakarta", "02-12-2026 01:30 WIB", "2 Desember 2026 01:30 WIB")]
    [InlineData("Asia/Makassar", "02-12-2026 02:30 WITA", "2 Desember 2026 02:30 WITA")]
    [InlineData("Asia/Jayapura", "02-12-2026 03:30 WIT", "2 Desember 2026 03:30 WIT")]
    public void FormatsAStoredUtcTimeInTheOfficesZoneWithItsLabel(string zone, string shortText, string longText)
    {
        var clock = OfficeClock.For(zone, TimeProvider.System);

        Assert.Equal(shortText, clock.Format(EarlyMorningWib.UtcDateTime));
        Assert.Equal(longText, clock.FormatLong(EarlyMorningWib.UtcDateTime));
        Assert.Equal("-", clock.Format(null));
    }

    [Fact]
    public void AnUnspecifiedKindIsReadAsUtc_AServerLocalTimeIsRefused()
    {
        var clock = OfficeClock.For("Asia/Jakarta", TimeProvider.System);

        Assert.Equal(new DateTime(2026, 12, 2, 1, 30, 0), clock.ToLocal(new DateTime(2026, 12, 1, 18, 30, 0, DateTimeKind.Unspecified)));
        Assert.Throws<ArgumentException>(() => clock.ToLocal(new DateTime(2026, 12, 1, 18, 30, 0, DateTimeKind.Local)));
    }

    [Fact]
    public async Task TheCalendarReadsAnOfficesZoneOnceAndKeepsIt()
    {
        var time = new FakeTimeProvider(EarlyMorningWib);
        var cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = 10 });
        int wit;
        await using (var db = _database.NewContext())
        {
            var office = new OfficeBuilder().InTimeZone("Asia/Jayapura").Build();
            db.Offices.Add(office);
            await db.SaveChangesAsync();
            wit = office.Id;
        }

        await using (var db = _database.NewContext())
        {
            var calendar = new OfficeCalendar(db, time, cache);
            var clock = await calendar.ForOfficeAsync(wit, CancellationToken.None);
            Assert.Equal("WIT", clock.Label);
            Assert.Equal(new DateOnly(2026, 12, 2), await calendar.TodayAsync(wit, CancellationToken.None));
            Assert.Equal("WIT", calendar.ForOffice(wit).Label);
        }

        await using (var db = _database.NewContext())
        {
            await db.Offices.Where(o => o.Id == wit).ExecuteUpdateAsync(s => s.SetProperty(o => o.TimeZoneId, "Asia/Makassar"));
            var calendar = new OfficeCalendar(db, time, cache);
            Assert.Equal("WIT", (await calendar.ForOfficeAsync(wit, CancellationToken.None)).Label); // kept

            calendar.Forget(wit);
            Assert.Equal("WITA", (await calendar.ForOfficeAsync(wit, CancellationToken.None)).Label);
        }
    }

    [Fact]
    public async Task TheCalendarGivesAnUnknownOfficeTheDefaultZone()
    {
        await using var db = _database.NewContext();
        var calendar = new OfficeCalendar(db, new FakeTimeProvider(EarlyMorningWib), new MemoryCache(new MemoryCacheOptions()));

        Assert.Equal("WIB", (await calendar.ForOfficeAsync(9999, CancellationToken.None)).Label);
        Assert.Equal("WIB", calendar.ForOffice(9998).Label);
    }
}
