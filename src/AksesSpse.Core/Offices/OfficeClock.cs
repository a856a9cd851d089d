using System.Collections.Concurrent;
using System.Globalization;
using AksesSpse.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace AksesSpse.Core.Offices;

/// <summary>
/// One office's clock (docs/adr/0018): its time zone (Office.TimeZoneId), the label shown after its times (WIB, WITA,
/// WIT), its "now" and "today", and how its times are written. Every "today", every time shown on a page, in an email
/// or in a PDF goes through this class; nothing else converts UTC to local time. Get one from
/// <see cref="OfficeCalendar"/>.
/// </summary>
public sealed class OfficeClock
{
    public const string DefaultZone = "Asia/Jakarta";

    private static readonly ConcurrentDictionary<string, (TimeZoneInfo Zone, string Id, string Label)> Zones = new(StringComparer.Ordinal);

    private static readonly string[] Months =
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    private readonly TimeProvider _time;

    private OfficeClock(TimeZoneInfo zone, string timeZoneId, string label, TimeProvider time)
    {
        Zone = zone;
        TimeZoneId = timeZoneId;
        Label = label;
        _time = time;
    }

    /// <summary>
    /// The clock of a time zone (an IANA id); an empty or unknown id is read as <see cref="DefaultZone"/>, so a bad
    /// office row shows WIB times rather than an error page.
    /// </summary>
    public static OfficeClock For(string? timeZoneId, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var key = string.IsNullOrWhiteSpace(timeZoneId) ? DefaultZone : timeZoneId.Trim();
        var (zone, id, label) = Zones.GetOrAdd(key, Lookup);
        return new OfficeClock(zone, id, label, time);
    }

    private static (TimeZoneInfo, string, string) Lookup(string id)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            id = DefaultZone;
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
        }

        return (zone, id, LabelOf(id, zone));
    }

    /// <summary>WIB, WITA or WIT for Indonesia's zones; "UTC+hh:mm" for any other.</summary>
    internal static string LabelOf(string id, TimeZoneInfo zone) => id switch
    {
        "Asia/Jakarta" or "Asia/Pontianak" => "WIB",
        "Asia/Makassar" or "Asia/Ujung_Pandang" => "WITA",
        "Asia/Jayapura" => "WIT",
        _ => "UTC" + (zone.BaseUtcOffset < TimeSpan.Zero ? "-" : "+") + zone.BaseUtcOffset.ToString(@"hh\:mm", CultureInfo.InvariantCulture),
    };

    /// <summary>The IANA id actually used (the default when the office's id was unknown).</summary>
    public string TimeZoneId { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>"WIB", "WITA" or "WIT".</summary>
    public string Label { get; }

    /// <summary>Now in UTC, as times are stored.</summary>
    public DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

    /// <summary>Now in the office's zone, with its offset.</summary>
    public DateTimeOffset Now => TimeZoneInfo.ConvertTime(_time.GetUtcNow(), Zone);

    /// <summary>Today's date at the office: an SK "valid today" is judged on this date everywhere.</summary>
    public DateOnly Today => DateOf(UtcNow);

    /// <summary>A stored (UTC) instant in the office's zone; an unspecified kind is taken as UTC.</summary>
    public DateTime ToLocal(DateTime utc)
    {
        if (utc.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("A stored time must be UTC, not a server-local time.", nameof(utc));
        }

        return TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);
    }

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>A wall-clock time at the office (e.g. typed into a datetime-local field) as the UTC instant to store.</summary>
    public DateTime ToUtc(DateTime local) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);

    /// <summary>A stored (UTC) instant as a datetime-local field's value at the office ("2026-11-29T10:15").</summary>
    public string FormatInput(DateTime utc) => ToLocal(utc).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The office's calendar date at a stored (UTC) instant.</summary>
    public DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    /// <summary>"02-12-2026 01:30 WIB"; "-" for no time.</summary>
    public string Format(DateTime? utc) =>
        utc is { } value ? ToLocal(value).ToString("dd-MM-yyyy HH:mm", CultureInfo.InvariantCulture) + " " + Label : "-";

    /// <summary>"14 Oktober 2014", as official documents print a date.</summary>
    public static string LongDate(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Day} {Months[date.Month - 1]} {date.Year}");

    /// <summary>"2 Desember 2026 01:30 WIB", for letters and notices.</summary>
    public string FormatLong(DateTime utc)
    {
        var local = ToLocal(utc);
        return string.Create(CultureInfo.InvariantCulture, $"{local.Day} {Months[local.Month - 1]} {local.Year} {local:HH:mm} {Label}");
    }
}

/// <summary>
/// The office calendar service (docs/adr/0018): hands out the <see cref="OfficeClock"/> of an office, by its id (the
/// zone is read from the database once and kept for <see cref="CacheFor"/>), by its row, or by a zone id already at
/// hand. The working-day calendar (working hours, holidays, cuti bersama) belongs here when it comes.
/// </summary>
public sealed class OfficeCalendar(AppDbContext db, TimeProvider time, IMemoryCache cache)
{
    /// <summary>How long an office's zone is kept; offices change their zone practically never.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(10);

    private sealed record ZoneKey(int OfficeId);

    private sealed record WorkKey(int OfficeId, int Generation);

    /// <summary>Bumped when the national days off change: every office's kept calendar is then stale at once on this node.</summary>
    private static int s_generation;

    public TimeProvider Time => time;

    public OfficeClock ForZone(string? timeZoneId) => OfficeClock.For(timeZoneId, time);

    public OfficeClock For(Office office)
    {
        ArgumentNullException.ThrowIfNull(office);
        return ForZone(office.TimeZoneId);
    }

    /// <summary>The clock of an office by id; an unknown office gets the default zone.</summary>
    public async Task<OfficeClock> ForOfficeAsync(int officeId, CancellationToken ct)
    {
        if (!cache.TryGetValue(new ZoneKey(officeId), out string? zone))
        {
            zone = await db.Offices.AsNoTracking().Where(o => o.Id == officeId).Select(o => o.TimeZoneId).SingleOrDefaultAsync(ct);
            Remember(officeId, zone);
        }

        return ForZone(zone);
    }

    /// <summary>The same for places that cannot wait (a view, a validator); after the first call it is a cache read.</summary>
    public OfficeClock ForOffice(int officeId)
    {
        if (!cache.TryGetValue(new ZoneKey(officeId), out string? zone))
        {
            zone = db.Offices.AsNoTracking().Where(o => o.Id == officeId).Select(o => o.TimeZoneId).SingleOrDefault();
            Remember(officeId, zone);
        }

        return ForZone(zone);
    }

    /// <summary>Today's date at an office.</summary>
    public async Task<DateOnly> TodayAsync(int officeId, CancellationToken ct) => (await ForOfficeAsync(officeId, ct)).Today;

    /// <summary>
    /// The working calendar of an office (docs/adr/0022): its zone, its week (the standard week until it sets its own),
    /// the national days off and its own. Kept for <see cref="WorkCalendarCacheFor"/>; <see cref="Forget"/> drops it.
    /// </summary>
    public async Task<WorkCalendar> WorkCalendarAsync(int officeId, CancellationToken ct)
    {
        if (cache.TryGetValue(new WorkKey(officeId, Volatile.Read(ref s_generation)), out WorkCalendar? kept) && kept is not null)
        {
            return kept;
        }

        var zone = await db.Offices.AsNoTracking().Where(o => o.Id == officeId).Select(o => o.TimeZoneId).SingleOrDefaultAsync(ct);
        var week = await db.OfficeWorkingDays.AsNoTracking().Where(d => d.OfficeId == officeId).ToListAsync(ct);
        var days = await db.DaysOff.AsNoTracking().Where(d => d.OfficeId == null || d.OfficeId == officeId)
            .Select(d => new { d.Date, d.Kind, d.OfficeId }).ToListAsync(ct);
        return Remember(officeId, Build(zone, week, days.Select(d => (d.Date, d.Kind, d.OfficeId))));
    }

    /// <summary>The same for places that cannot wait (a callback inside a move); after the first call it is a cache read.</summary>
    public WorkCalendar WorkCalendarFor(int officeId)
    {
        if (cache.TryGetValue(new WorkKey(officeId, Volatile.Read(ref s_generation)), out WorkCalendar? kept) && kept is not null)
        {
            return kept;
        }

        var zone = db.Offices.AsNoTracking().Where(o => o.Id == officeId).Select(o => o.TimeZoneId).SingleOrDefault();
        var week = db.OfficeWorkingDays.AsNoTracking().Where(d => d.OfficeId == officeId).ToList();
        var days = db.DaysOff.AsNoTracking().Where(d => d.OfficeId == null || d.OfficeId == officeId)
            .Select(d => new { d.Date, d.Kind, d.OfficeId }).ToList();
        return Remember(officeId, Build(zone, week, days.Select(d => (d.Date, d.Kind, d.OfficeId))));
    }

    /// <summary>How long an office's working calendar is kept: a changed holiday list reaches every node within this.</summary>
    public static readonly TimeSpan WorkCalendarCacheFor = TimeSpan.FromMinutes(1);

    private static WorkCalendar Build(string? zone, List<OfficeWorkingDay> week, IEnumerable<(DateOnly Date, DayOffKind Kind, int? OfficeId)> days)
    {
        var list = days.ToList();
        var hours = week.Count == 0
            ? WorkCalendar.StandardWeek
            : week.ToDictionary(d => d.Day, d => new WorkingHours(d.Opens, d.Closes));
        var years = list.Where(d => d.OfficeId == null && d.Kind == DayOffKind.NationalHoliday).Select(d => d.Date.Year).Distinct();
        return new WorkCalendar(zone, hours, list.Select(d => d.Date), years);
    }

    private WorkCalendar Remember(int officeId, WorkCalendar calendar)
    {
        cache.Set(new WorkKey(officeId, Volatile.Read(ref s_generation)), calendar, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = WorkCalendarCacheFor });
        return calendar;
    }

    /// <summary>Drops the kept zone and working calendar of an office whose zone, week or days off were just changed.</summary>
    public void Forget(int officeId)
    {
        cache.Remove(new ZoneKey(officeId));
        cache.Remove(new WorkKey(officeId, Volatile.Read(ref s_generation)));
    }

    /// <summary>Makes every office's kept working calendar stale on this node (the national list changed).</summary>
    public static void ForgetAllWorkCalendars() => Interlocked.Increment(ref s_generation);

    private void Remember(int officeId, string? zone) =>
        cache.Set(new ZoneKey(officeId), zone, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = CacheFor });
}
