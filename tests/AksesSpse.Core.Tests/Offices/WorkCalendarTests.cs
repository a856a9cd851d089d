using System.Globalization;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Sop;

namespace AksesSpse.Core.Tests.Offices;

/// <summary>
/// Working time as the SOPs mean it (docs/adr/0022), against a table computed by hand from a real calendar: Mon–Thu
/// 07.30–16.00, Fri 07.30–16.30, the 2026 national days off, "N menit" inside working hours and "N hari" at the same
/// working-clock time N working days later. Times in the tables are office-local "yyyy-MM-dd HH:mm"; the tests convert
/// them with the zones' fixed offsets (WIB +7, WITA +8, WIT +9), not with the class under test.
/// </summary>
public sealed class WorkCalendarTests
{
    private const string Wib = "Asia/Jakarta";
    private const string Wita = "Asia/Makassar";
    private const string Wit = "Asia/Jayapura";

    /// <summary>
    /// Libur nasional and cuti bersama 2026: SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB tentang Hari
    /// Libur Nasional dan Cuti Bersama Tahun 2026 (the list in shared/data/hari-libur-2026.csv, copied here).
    /// </summary>
    private static readonly DateOnly[] DaysOff2026 =
    [
        new(2026, 1, 1),    // Tahun Baru 2026 Masehi
        new(2026, 1, 16),   // Isra Mikraj
        new(2026, 2, 16),   // cuti bersama Imlek
        new(2026, 2, 17),   // Tahun Baru Imlek
        new(2026, 3, 18),   // cuti bersama Nyepi
        new(2026, 3, 19),   // Nyepi
        new(2026, 3, 20),   // cuti bersama Idul Fitri
        new(2026, 3, 21),   // Idul Fitri
        new(2026, 3, 22),   // Idul Fitri
        new(2026, 3, 23),   // cuti bersama Idul Fitri
        new(2026, 3, 24),   // cuti bersama Idul Fitri
        new(2026, 4, 3),    // Wafat Yesus Kristus
        new(2026, 4, 5),    // Paskah
        new(2026, 5, 1),    // Hari Buruh
        new(2026, 5, 14),   // Kenaikan Yesus Kristus
        new(2026, 5, 15),   // cuti bersama Kenaikan
        new(2026, 5, 27),   // Idul Adha
        new(2026, 5, 28),   // cuti bersama Idul Adha
        new(2026, 5, 31),   // Waisak
        new(2026, 6, 1),    // Hari Lahir Pancasila
        new(2026, 6, 16),   // 1 Muharam
        new(2026, 8, 17),   // Proklamasi
        new(2026, 8, 25),   // Maulid Nabi
        new(2026, 12, 24),  // cuti bersama Natal
        new(2026, 12, 25),  // Natal
    ];

    /// <summary>Galungan, Wednesday 17 June 2026: a regional day off of an office in Bali (not national).</summary>
    private static readonly DateOnly Galungan2026 = new(2026, 6, 17);

    private static readonly Dictionary<string, int> OffsetHours = new(StringComparer.Ordinal)
    {
        [Wib] = 7,
        [Wita] = 8,
        [Wit] = 9,
    };

    private static WorkCalendar Calendar2026(string zone = Wib) => WorkCalendar.Standard(zone, DaysOff2026, [2026]);

    // ---------------------------------------------------------------------------------------------------------------
    // The hand-computed table
    // ---------------------------------------------------------------------------------------------------------------

    [Theory]
    // 1. Friday afternoon (20 Nov 2026; Friday closes at 16.30, Monday at 16.00).
    [InlineData("2026-11-20 15:50", "15 menit", "2026-11-20 16:05")]
    [InlineData("2026-11-20 16:25", "15 menit", "2026-11-23 07:40")]
    [InlineData("2026-11-20 16:15", "15 menit", "2026-11-20 16:30")]
    [InlineData("2026-11-20 14:00", "1 hari", "2026-11-23 14:00")]
    [InlineData("2026-11-20 16:15", "1 hari", "2026-11-23 16:00")]
    [InlineData("2026-11-20 16:29", "1 hari", "2026-11-23 16:00")]
    [InlineData("2026-11-20 16:45", "1 hari", "2026-11-24 07:30")]
    // 2. Weekend.
    [InlineData("2026-11-22 11:49", "5 menit", "2026-11-23 07:35")]
    [InlineData("2026-11-21 10:00", "1 hari", "2026-11-24 07:30")]
    [InlineData("2026-11-21 10:00", "30 menit", "2026-11-23 08:00")]
    // 3. Nyepi and the long Idul Fitri break: Wed 18 Mar cuti, Thu 19 Nyepi, Fri 20 cuti, Sat 21, Sun 22 Idul Fitri,
    //    Mon 23 and Tue 24 cuti; the first working day after Tue 17 Mar is Wed 25 Mar.
    [InlineData("2026-03-17 15:00", "1 hari", "2026-03-25 15:00")]
    [InlineData("2026-03-17 15:50", "15 menit", "2026-03-25 07:35")]
    [InlineData("2026-03-17 15:00", "3 hari", "2026-03-27 15:00")]
    [InlineData("2026-03-16 10:00", "2 hari", "2026-03-25 10:00")]
    [InlineData("2026-03-19 09:00", "30 menit", "2026-03-25 08:00")]
    [InlineData("2026-03-19 09:00", "1 hari", "2026-03-26 07:30")]
    [InlineData("2026-03-19 09:00", "2 hari", "2026-03-27 07:30")]
    [InlineData("2026-03-13 16:20", "1 hari", "2026-03-16 16:00")]
    [InlineData("2026-03-13 16:20", "2 hari", "2026-03-17 16:00")]
    [InlineData("2026-03-17 16:30", "600 menit", "2026-03-26 09:00")]
    // Other 2026 days off next to a weekend.
    [InlineData("2026-02-13 10:00", "1 hari", "2026-02-18 10:00")]
    [InlineData("2026-04-02 10:00", "1 hari", "2026-04-06 10:00")]
    [InlineData("2026-05-13 10:00", "1 hari", "2026-05-18 10:00")]
    [InlineData("2026-05-26 10:00", "2 hari", "2026-06-02 10:00")]
    [InlineData("2026-08-14 10:00", "1 hari", "2026-08-18 10:00")]
    [InlineData("2026-08-24 10:00", "1 hari", "2026-08-26 10:00")]
    [InlineData("2026-06-15 10:00", "1 hari", "2026-06-17 10:00")]
    // 4. A request at 23.00 on a weekday, and one before opening.
    [InlineData("2026-11-18 23:00", "15 menit", "2026-11-19 07:45")]
    [InlineData("2026-11-18 23:00", "1 hari", "2026-11-20 07:30")]
    [InlineData("2026-11-16 06:00", "1 hari", "2026-11-17 07:30")]
    [InlineData("2026-11-16 00:00", "15 menit", "2026-11-16 07:45")]
    // 6. Christmas 2026: Thu 24 Dec cuti bersama, Fri 25 Natal.
    [InlineData("2026-12-23 15:00", "1 hari", "2026-12-28 15:00")]
    [InlineData("2026-12-23 15:45", "30 menit", "2026-12-28 07:45")]
    [InlineData("2026-12-23 15:45", "15 menit", "2026-12-23 16:00")]
    // At closing time the office is closed: a request made at 16.00 is counted from the next opening (Mon 28 Dec).
    [InlineData("2026-12-23 16:00", "1 hari", "2026-12-29 07:30")]
    [InlineData("2026-12-23 16:00", "15 menit", "2026-12-28 07:45")]
    // 7. "1 hari" is one working day.
    [InlineData("2026-11-18 10:00", "1 hari", "2026-11-19 10:00")]
    [InlineData("2026-11-16 10:00", "1 hari", "2026-11-17 10:00")]
    [InlineData("2026-11-16 10:00", "5 hari", "2026-11-23 10:00")]
    [InlineData("2026-11-16 10:00", "1440 menit", "2026-11-19 08:30")]
    [InlineData("2026-11-16 10:00", "510 menit", "2026-11-17 10:00")]
    // 9. Minutes over several days; landing exactly on closing time.
    [InlineData("2026-11-16 07:30", "600 menit", "2026-11-17 09:00")]
    [InlineData("2026-11-16 07:30", "510 menit", "2026-11-16 16:00")]
    [InlineData("2026-11-16 07:30", "511 menit", "2026-11-17 07:31")]
    [InlineData("2026-11-16 07:30", "2000 menit", "2026-11-19 15:20")]
    // The whole week: 4 × 8.5 h + 9 h = 43 h = 2580 minutes, ending at Friday's closing.
    [InlineData("2026-11-16 07:30", "2580 menit", "2026-11-20 16:30")]
    [InlineData("2026-11-16 07:30", "2581 menit", "2026-11-23 07:31")]
    [InlineData("2026-11-16 15:45", "15 menit", "2026-11-16 16:00")]
    [InlineData("2026-11-19 16:00", "15 menit", "2026-11-20 07:45")]
    [InlineData("2026-11-19 16:10", "1 hari", "2026-11-23 07:30")]
    public void DueAtFollowsTheHandComputedTable(string start, string standard, string expected)
    {
        var calendar = Calendar2026();

        var due = calendar.DueAt(Utc(start, Wib), Parse(standard));

        Assert.Equal(Utc(expected, Wib), due);
    }

    // 5. Offices in WIB, WITA and WIT.

    [Theory]
    [InlineData("2026-11-20 16:25", "15 menit", "2026-11-23 07:40")]
    [InlineData("2026-11-20 16:15", "1 hari", "2026-11-23 16:00")]
    [InlineData("2026-03-17 15:00", "1 hari", "2026-03-25 15:00")]
    [InlineData("2026-11-22 11:49", "5 menit", "2026-11-23 07:35")]
    public void TheSameLocalCaseGivesTheSameLocalAnswerInEveryZone(string start, string standard, string expected)
    {
        var wib = Calendar2026(Wib).DueAt(Utc(start, Wib), Parse(standard));
        var wita = Calendar2026(Wita).DueAt(Utc(start, Wita), Parse(standard));
        var wit = Calendar2026(Wit).DueAt(Utc(start, Wit), Parse(standard));

        Assert.Equal(Utc(expected, Wib), wib);
        Assert.Equal(Utc(expected, Wita), wita);
        Assert.Equal(Utc(expected, Wit), wit);
        Assert.Equal(TimeSpan.FromHours(1), wib - wita);
        Assert.Equal(TimeSpan.FromHours(1), wita - wit);
    }

    [Theory]
    // 24 Nov 23.00 UTC = Wed 25 Nov 06.00 WIB (closed), 07.00 WITA (closed), 08.00 WIT (open).
    [InlineData("2026-11-24T23:00:00Z", "30 menit", "2026-11-25T01:00:00Z", "2026-11-25T00:00:00Z", "2026-11-24T23:30:00Z")]
    [InlineData("2026-11-24T23:00:00Z", "1 hari", "2026-11-26T00:30:00Z", "2026-11-25T23:30:00Z", "2026-11-25T23:00:00Z")]
    // 25 Nov 00.45 UTC = 07.45 WIB, 08.45 WITA, 09.45 WIT: open everywhere, so the same instant plus 15 minutes.
    [InlineData("2026-11-25T00:45:00Z", "15 menit", "2026-11-25T01:00:00Z", "2026-11-25T01:00:00Z", "2026-11-25T01:00:00Z")]
    // 25 Nov 08.30 UTC = 15.30 WIB (open), 16.30 WITA and 17.30 WIT (closed).
    [InlineData("2026-11-25T08:30:00Z", "1 hari", "2026-11-26T08:30:00Z", "2026-11-26T23:30:00Z", "2026-11-26T22:30:00Z")]
    [InlineData("2026-11-25T08:30:00Z", "15 menit", "2026-11-25T08:45:00Z", "2026-11-25T23:45:00Z", "2026-11-25T22:45:00Z")]
    public void OneInstantHasADeadlinePerZone(string startUtc, string standard, string wib, string wita, string wit)
    {
        var start = ParseUtc(startUtc);

        Assert.Equal(ParseUtc(wib), Calendar2026(Wib).DueAt(start, Parse(standard)));
        Assert.Equal(ParseUtc(wita), Calendar2026(Wita).DueAt(start, Parse(standard)));
        Assert.Equal(ParseUtc(wit), Calendar2026(Wit).DueAt(start, Parse(standard)));
    }

    [Theory]
    [InlineData(Wib, "WIB", 7)]
    [InlineData(Wita, "WITA", 8)]
    [InlineData(Wit, "WIT", 9)]
    public void EachZoneHasItsLabelAndFixedOffset(string zone, string label, int hours)
    {
        var calendar = Calendar2026(zone);

        Assert.Equal(label, calendar.ZoneLabel);
        Assert.Equal(zone, calendar.TimeZoneId);
        Assert.Equal(new DateTime(2026, 6, 1, hours, 0, 0), calendar.ToLocal(new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateTime(2026, 12, 1, hours, 0, 0), calendar.ToLocal(new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void DueAtIsAUtcDateTime()
    {
        var due = Calendar2026(Wita).DueAt(Utc("2026-11-18 10:00", Wita), TimeStandard.WorkingDays(1));

        Assert.NotNull(due);
        Assert.Equal(DateTimeKind.Utc, due.Value.Kind);
        Assert.Equal(new DateTime(2026, 11, 19, 2, 0, 0, DateTimeKind.Utc), due.Value);
    }

    // 6. The year boundary: the 2027 list is not in the calendar unless given.

    [Fact]
    public void WithoutThe2027ListNewYearsDayCountsAsAWorkingDayAndIsReported()
    {
        var calendar = Calendar2026();
        var start = Utc("2026-12-31 15:00", Wib);

        var due = calendar.DueAt(start, TimeStandard.WorkingDays(1));

        Assert.Equal(Utc("2027-01-01 15:00", Wib), due);
        Assert.False(calendar.HasListFor(2027));
        Assert.True(calendar.HasListFor(2026));
        Assert.Equal(new[] { 2027 }, calendar.YearsWithoutList(start, due!.Value));
    }

    [Fact]
    public void WithNewYearsDay2027OffTheDeadlineIsTheNextMonday()
    {
        var calendar = WorkCalendar.Standard(Wib, [.. DaysOff2026, new DateOnly(2027, 1, 1)], [2026, 2027]);
        var start = Utc("2026-12-31 15:00", Wib);

        var due = calendar.DueAt(start, TimeStandard.WorkingDays(1));

        Assert.Equal(Utc("2027-01-04 15:00", Wib), due);
        Assert.Empty(calendar.YearsWithoutList(start, due!.Value));
    }

    [Theory]
    // 31 Dec 17.30 UTC is already 1 Jan 2027 00.30 WIB: the office's date, not the UTC one, decides.
    [InlineData(Wib, "2026-12-31T10:00:00Z", "2026-12-31T17:30:00Z", new[] { 2027 })]
    [InlineData(Wib, "2026-12-31T10:00:00Z", "2026-12-31T16:30:00Z", new int[0])]
    // 31 Dec 15.30 UTC is 22.30 WIB but 1 Jan 00.30 WIT.
    [InlineData(Wib, "2026-12-31T10:00:00Z", "2026-12-31T15:30:00Z", new int[0])]
    [InlineData(Wit, "2026-12-31T10:00:00Z", "2026-12-31T15:30:00Z", new[] { 2027 })]
    [InlineData(Wib, "2026-06-01T00:00:00Z", "2029-02-01T00:00:00Z", new[] { 2027, 2028, 2029 })]
    [InlineData(Wib, "2025-12-31T17:30:00Z", "2026-01-02T00:00:00Z", new int[0])]
    [InlineData(Wib, "2025-12-31T16:30:00Z", "2026-01-02T00:00:00Z", new[] { 2025 })]
    public void YearsWithoutListAreThoseOfTheOfficesDates(string zone, string from, string to, int[] expected)
    {
        var calendar = Calendar2026(zone);

        Assert.Equal(expected, calendar.YearsWithoutList(ParseUtc(from), ParseUtc(to)));
    }

    // 7. "1 hari" is one working day, not 24 hours nor three 8-hour slices.

    [Fact]
    public void OneHariIsOneWorkingDayNotTwentyFourHoursNorThreeSlices()
    {
        var calendar = Calendar2026();
        var start = Utc("2026-11-18 10:00", Wib);

        var due = calendar.DueAt(start, TimeStandard.WorkingDays(1));

        Assert.Equal(start.AddHours(24), due);
        Assert.Equal(TimeSpan.FromHours(8.5), calendar.WorkingTime(start, due!.Value));
        Assert.Equal(Utc("2026-11-23 08:00", Wib), calendar.DueAt(start, TimeStandard.Minutes(24 * 60)));
        Assert.Equal(Utc("2026-11-19 09:30", Wib), calendar.DueAt(start, TimeStandard.Minutes(8 * 60)));
        Assert.Equal(Utc("2026-11-18 10:00", Wib).AddDays(2), calendar.DueAt(start, TimeStandard.WorkingDays(2)));
    }

    // 8. The paused clock.

    [Theory]
    [InlineData("2026-11-20 16:00", "2026-11-23 08:00", 60)]
    [InlineData("2026-11-16 00:00", "2026-11-23 00:00", 2580)]
    [InlineData("2026-11-16 07:30", "2026-11-20 16:30", 2580)]
    [InlineData("2026-11-16 09:00", "2026-11-16 12:00", 180)]
    [InlineData("2026-11-16 05:00", "2026-11-16 20:00", 510)]
    [InlineData("2026-11-21 00:00", "2026-11-22 23:59", 0)]
    [InlineData("2026-11-18 10:00", "2026-11-19 10:00", 510)]
    // Only Mon 16 and Tue 17 Mar work in the week of Nyepi and Idul Fitri; Wed 25 Mar is the next.
    [InlineData("2026-03-16 00:00", "2026-03-23 00:00", 1020)]
    [InlineData("2026-03-17 15:00", "2026-03-25 08:00", 90)]
    [InlineData("2026-12-23 15:00", "2026-12-28 08:00", 90)]
    [InlineData("2026-11-20 16:00", "2026-11-20 16:00", 0)]
    [InlineData("2026-11-23 08:00", "2026-11-20 16:00", 0)]
    public void WorkingTimeCountsOnlyWorkingMinutes(string from, string to, int minutes)
    {
        var calendar = Calendar2026();

        Assert.Equal(TimeSpan.FromMinutes(minutes), calendar.WorkingTime(Utc(from, Wib), Utc(to, Wib)));
    }

    /// <summary>
    /// Mon–Thu 07.30–16.00 and Fri 07.30–16.30 are 4 × 8.5 h + 9 h = 43 h of working intervals, breaks not subtracted
    /// (the brief and the doc comment of <see cref="WorkCalendar.StandardWeek"/> say 37.5 h, which those hours are not).
    /// </summary>
    [Fact]
    public void AFullStandardWeekIsItsWorkingIntervalsInEveryZone()
    {
        foreach (var zone in OffsetHours.Keys)
        {
            var calendar = Calendar2026(zone);

            Assert.Equal(
                TimeSpan.FromHours(43),
                calendar.WorkingTime(Utc("2026-11-16 00:00", zone), Utc("2026-11-23 00:00", zone)));
        }
    }

    // 10. Null cases, regional days, a custom week.

    [Theory]
    [InlineData("n/a")]
    [InlineData("sesuai kebutuhan")]
    [InlineData("0 menit")]
    [InlineData("0 hari")]
    public void AStandardWithoutBoundHasNoDeadline(string standard)
    {
        Assert.Null(Calendar2026().DueAt(Utc("2026-11-18 10:00", Wib), Parse(standard)));
    }

    [Fact]
    public void AWeekWithoutWorkingDaysHasNoDeadline()
    {
        var empty = new WorkCalendar(Wib, new Dictionary<DayOfWeek, WorkingHours>(), [], [2026]);

        Assert.False(empty.HasWorkingTime);
        Assert.Null(empty.DueAt(Utc("2026-11-18 10:00", Wib), TimeStandard.Minutes(15)));
        Assert.Null(empty.DueAt(Utc("2026-11-18 10:00", Wib), TimeStandard.WorkingDays(1)));
        Assert.Equal(TimeSpan.Zero, empty.WorkingTime(Utc("2026-11-16 00:00", Wib), Utc("2026-11-23 00:00", Wib)));
    }

    [Fact]
    public void ARegionalDayOffShiftsTheDeadline()
    {
        var national = Calendar2026();
        var bali = WorkCalendar.Standard(Wita, [.. DaysOff2026, Galungan2026], [2026]);

        // Tue 16 Jun is 1 Muharam everywhere; Wed 17 Jun is Galungan in Bali only.
        Assert.Equal(Utc("2026-06-17 10:00", Wib), national.DueAt(Utc("2026-06-15 10:00", Wib), TimeStandard.WorkingDays(1)));
        Assert.Equal(Utc("2026-06-18 10:00", Wita), bali.DueAt(Utc("2026-06-15 10:00", Wita), TimeStandard.WorkingDays(1)));
        Assert.Equal(Utc("2026-06-18 07:45", Wita), bali.DueAt(Utc("2026-06-15 15:50", Wita), TimeStandard.Minutes(25)));
        Assert.False(bali.IsWorkingDay(Galungan2026));
        Assert.True(bali.IsDayOff(Galungan2026));
        Assert.True(national.IsWorkingDay(Galungan2026));
    }

    [Theory]
    [InlineData("2026-11-20 16:15", "1 hari", "2026-11-21 12:00")]
    [InlineData("2026-11-20 10:00", "1 hari", "2026-11-21 10:00")]
    [InlineData("2026-11-20 07:45", "1 hari", "2026-11-21 08:00")]
    [InlineData("2026-11-20 16:25", "15 menit", "2026-11-21 08:10")]
    [InlineData("2026-11-21 11:50", "30 menit", "2026-11-23 07:50")]
    [InlineData("2026-11-21 07:00", "1 hari", "2026-11-23 08:00")]
    [InlineData("2026-11-21 12:00", "1 hari", "2026-11-24 07:30")]
    [InlineData("2026-11-22 11:49", "5 menit", "2026-11-23 07:35")]
    public void ACustomWeekWithSaturdayMorningsCounts(string start, string standard, string expected)
    {
        var week = new Dictionary<DayOfWeek, WorkingHours>(WorkCalendar.StandardWeek)
        {
            [DayOfWeek.Saturday] = new(new TimeOnly(8, 0), new TimeOnly(12, 0)),
        };
        var calendar = new WorkCalendar(Wib, week, DaysOff2026, [2026]);

        Assert.Equal(Utc(expected, Wib), calendar.DueAt(Utc(start, Wib), Parse(standard)));
        Assert.Equal(TimeSpan.FromHours(47), calendar.WorkingTime(Utc("2026-11-16 00:00", Wib), Utc("2026-11-23 00:00", Wib)));
    }

    // 11. Properties over random starts in 2026.

    [Theory]
    [InlineData(Wib)]
    [InlineData(Wita)]
    [InlineData(Wit)]
    public void RandomStartsKeepTheRules(string zone)
    {
        var calendar = Calendar2026(zone);
        var random = new Random(20260317);
        var yearStart = Utc("2026-01-01 00:00", zone);
        for (var i = 0; i < 2000; i++)
        {
            var start = yearStart.AddSeconds(random.NextInt64(365L * 24 * 3600));
            var startLocal = start.AddHours(OffsetHours[zone]);
            var normalised = Normalise(startLocal);
            var normalisedUtc = normalised.AddHours(-OffsetHours[zone]);

            var minutes = random.Next(1, 601);
            var dueByMinutes = calendar.DueAt(start, TimeStandard.Minutes(minutes));
            Assert.NotNull(dueByMinutes);
            AssertIsWorkingInstant(dueByMinutes.Value, start, zone);
            Assert.Equal(TimeSpan.FromMinutes(minutes), calendar.WorkingTime(normalisedUtc, dueByMinutes.Value));
            Assert.Equal(TimeSpan.FromMinutes(minutes), WorkingTimeByHand(normalised, dueByMinutes.Value.AddHours(OffsetHours[zone])));

            for (var days = 1; days <= 5; days++)
            {
                var due = calendar.DueAt(start, TimeStandard.WorkingDays(days));
                Assert.NotNull(due);
                AssertIsWorkingInstant(due.Value, start, zone);
                var dueLocal = due.Value.AddHours(OffsetHours[zone]);
                var from = DateOnly.FromDateTime(normalised);
                var to = DateOnly.FromDateTime(dueLocal);
                var between = 0;
                for (var d = from.AddDays(1); d < to; d = d.AddDays(1))
                {
                    between += HoursOn(d) is null ? 0 : 1;
                }

                Assert.True(days - 1 == between, $"{startLocal:yyyy-MM-dd HH:mm:ss} + {days} hari: due {dueLocal:yyyy-MM-dd HH:mm:ss}, {between} working days between");
                var (opens, closes) = HoursOn(to) ?? default;
                var clock = TimeOnly.FromDateTime(normalised);
                var expectedClock = clock < opens ? opens : clock > closes ? closes : clock;
                Assert.Equal(to.ToDateTime(expectedClock), dueLocal);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers: an independent model of the standard week and the 2026 list, and the conversions
    // ---------------------------------------------------------------------------------------------------------------

    private static (TimeOnly Opens, TimeOnly Closes)? HoursOn(DateOnly date)
    {
        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || DaysOff2026.Contains(date))
        {
            return null;
        }

        return (new TimeOnly(7, 30), date.DayOfWeek == DayOfWeek.Friday ? new TimeOnly(16, 30) : new TimeOnly(16, 0));
    }

    /// <summary>Inside [opens, closes) counts from itself; before opening, that day's opening; else the next opening.</summary>
    private static DateTime Normalise(DateTime local)
    {
        for (var date = DateOnly.FromDateTime(local); ; date = date.AddDays(1))
        {
            if (HoursOn(date) is not { } hours)
            {
                continue;
            }

            if (local < date.ToDateTime(hours.Opens))
            {
                return date.ToDateTime(hours.Opens);
            }

            if (local < date.ToDateTime(hours.Closes))
            {
                return local;
            }
        }
    }

    private static TimeSpan WorkingTimeByHand(DateTime fromLocal, DateTime toLocal)
    {
        var total = TimeSpan.Zero;
        for (var date = DateOnly.FromDateTime(fromLocal); date <= DateOnly.FromDateTime(toLocal); date = date.AddDays(1))
        {
            if (HoursOn(date) is { } hours)
            {
                var begin = Max(fromLocal, date.ToDateTime(hours.Opens));
                var end = Min(toLocal, date.ToDateTime(hours.Closes));
                total += end > begin ? end - begin : TimeSpan.Zero;
            }
        }

        return total;
    }

    private static void AssertIsWorkingInstant(DateTime dueUtc, DateTime startUtc, string zone)
    {
        Assert.True(dueUtc >= startUtc, $"due {dueUtc:O} before start {startUtc:O}");
        var local = dueUtc.AddHours(OffsetHours[zone]);
        if (HoursOn(DateOnly.FromDateTime(local)) is not { } hours)
        {
            Assert.Fail($"due {local:yyyy-MM-dd HH:mm} local is not on a working day");
            return;
        }

        var clock = TimeOnly.FromDateTime(local);
        Assert.True(
            clock >= hours.Opens && clock <= hours.Closes,
            $"due {local:yyyy-MM-dd HH:mm} local is outside {hours.Opens}–{hours.Closes}");
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    /// <summary>"15 menit", "2 hari", "n/a" or "sesuai kebutuhan".</summary>
    private static TimeStandard Parse(string standard)
    {
        switch (standard)
        {
            case "n/a":
                return TimeStandard.NotApplicable;
            case "sesuai kebutuhan":
                return TimeStandard.AsNeeded;
        }

        var parts = standard.Split(' ');
        var value = int.Parse(parts[0], CultureInfo.InvariantCulture);
        return parts[1] switch
        {
            "menit" => TimeStandard.Minutes(value),
            "hari" => TimeStandard.WorkingDays(value),
            _ => throw new ArgumentException($"Unknown standard '{standard}'.", nameof(standard)),
        };
    }

    /// <summary>An office-local "yyyy-MM-dd HH:mm" in a zone, as the UTC instant it is.</summary>
    private static DateTime Utc(string local, string zone)
    {
        var time = DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return DateTime.SpecifyKind(time.AddHours(-OffsetHours[zone]), DateTimeKind.Utc);
    }

    private static DateTime ParseUtc(string utc) =>
        DateTime.ParseExact(utc, "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
