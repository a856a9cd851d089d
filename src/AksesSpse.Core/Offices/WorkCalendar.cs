using AksesSpse.Core.Sop;

namespace AksesSpse.Core.Offices;

/// <summary>One working day's hours at an office, in its local time. Breaks are not subtracted (docs/adr/0022).</summary>
public readonly record struct WorkingHours(TimeOnly Opens, TimeOnly Closes)
{
    public TimeSpan Length => Closes - Opens;

    public override string ToString() => $"{Opens:HH\\.mm}–{Closes:HH\\.mm}";
}

/// <summary>
/// An office's working calendar (docs/adr/0022): its time zone, its working hours per day of the week, and its days off
/// (libur nasional, cuti bersama and the office's own regional days). Time standards count working time only: "N menit"
/// is N minutes inside working hours; "N hari" ends at the same working-clock time N working days later. Immutable; get
/// one from <see cref="OfficeCalendar.WorkCalendarAsync"/>.
/// </summary>
public sealed class WorkCalendar
{
    /// <summary>How far ahead a deadline is looked for before the calendar is judged to have no working time at all.</summary>
    private const int SearchDays = 3660;

    private readonly Dictionary<DayOfWeek, WorkingHours> _week;
    private readonly HashSet<DateOnly> _daysOff;
    private readonly HashSet<int> _yearsWithList;

    public WorkCalendar(string? timeZoneId, IReadOnlyDictionary<DayOfWeek, WorkingHours> week, IEnumerable<DateOnly> daysOff, IEnumerable<int> yearsWithList)
    {
        ArgumentNullException.ThrowIfNull(week);
        var clock = OfficeClock.For(timeZoneId, TimeProvider.System);
        TimeZoneId = clock.TimeZoneId;
        Zone = clock.Zone;
        ZoneLabel = clock.Label;
        _week = week.Where(d => d.Value.Closes > d.Value.Opens).ToDictionary(d => d.Key, d => d.Value);
        _daysOff = [.. daysOff];
        _yearsWithList = [.. yearsWithList];
    }

    /// <summary>
    /// The working week of Indonesian government offices the product assumes until an office sets its own: Monday to
    /// Thursday 07.30–16.00, Friday 07.30–16.30 (43 hours, breaks included: the counted hours are the opening hours).
    /// </summary>
    public static IReadOnlyDictionary<DayOfWeek, WorkingHours> StandardWeek { get; } = new Dictionary<DayOfWeek, WorkingHours>
    {
        [DayOfWeek.Monday] = new(new TimeOnly(7, 30), new TimeOnly(16, 0)),
        [DayOfWeek.Tuesday] = new(new TimeOnly(7, 30), new TimeOnly(16, 0)),
        [DayOfWeek.Wednesday] = new(new TimeOnly(7, 30), new TimeOnly(16, 0)),
        [DayOfWeek.Thursday] = new(new TimeOnly(7, 30), new TimeOnly(16, 0)),
        [DayOfWeek.Friday] = new(new TimeOnly(7, 30), new TimeOnly(16, 30)),
    };

    /// <summary>The standard week in a zone, with the given days off and years whose national list is known.</summary>
    public static WorkCalendar Standard(string? timeZoneId, IEnumerable<DateOnly>? daysOff = null, IEnumerable<int>? yearsWithList = null) =>
        new(timeZoneId, StandardWeek, daysOff ?? [], yearsWithList ?? []);

    public string TimeZoneId { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>WIB, WITA or WIT.</summary>
    public string ZoneLabel { get; }

    /// <summary>The working week, Monday first; a day that is not in it is not a working day.</summary>
    public IReadOnlyDictionary<DayOfWeek, WorkingHours> Week => _week;

    /// <summary>True when the week has at least one working day, so deadlines can be counted.</summary>
    public bool HasWorkingTime => _week.Count > 0;

    public bool IsDayOff(DateOnly date) => _daysOff.Contains(date);

    /// <summary>True when the national list of holidays and cuti bersama of that year is in the calendar.</summary>
    public bool HasListFor(int year) => _yearsWithList.Contains(year);

    /// <summary>The hours of a date, or null when it is not a working day (weekend, holiday, cuti bersama, regional day).</summary>
    public WorkingHours? HoursOn(DateOnly date) =>
        _week.TryGetValue(date.DayOfWeek, out var hours) && !_daysOff.Contains(date) ? hours : null;

    public bool IsWorkingDay(DateOnly date) => HoursOn(date) is not null;

    /// <summary>
    /// When a step that became actionable at <paramref name="startUtc"/> is due under <paramref name="standard"/>, in
    /// UTC; null when the standard has no bound (N/A, "disesuaikan dengan kebutuhan") or the week has no working day.
    /// </summary>
    public DateTime? DueAt(DateTime startUtc, TimeStandard standard)
    {
        if (!standard.IsBounded || !HasWorkingTime)
        {
            return null;
        }

        var start = FirstWorkingMoment(ToLocal(startUtc));
        var due = standard.Kind == TimeStandardKind.Minutes
            ? AddWorkingMinutes(start, standard.Value!.Value)
            : AddWorkingDays(start, standard.Value!.Value);
        return ToUtc(due);
    }

    /// <summary>
    /// When the performer of a step is reminded (docs/adr/0023): once <paramref name="share"/> of the working time between
    /// the step's start and its deadline has passed (0.8: at 80 %), in UTC; null when the standard has no bound.
    /// </summary>
    public DateTime? ReminderAt(DateTime startUtc, TimeStandard standard, double share = 0.8)
    {
        if (DueAt(startUtc, standard) is not { } due)
        {
            return null;
        }

        var total = WorkingTime(startUtc, due);
        var part = TimeSpan.FromSeconds(Math.Floor(total.TotalSeconds * share));
        return ToUtc(AddWorking(FirstWorkingMoment(ToLocal(startUtc)), part));
    }

    /// <summary>The working time between two instants: only the minutes inside working hours count.</summary>
    public TimeSpan WorkingTime(DateTime fromUtc, DateTime toUtc)
    {
        if (toUtc <= fromUtc)
        {
            return TimeSpan.Zero;
        }

        var from = ToLocal(fromUtc);
        var to = ToLocal(toUtc);
        var total = TimeSpan.Zero;
        for (var date = DateOnly.FromDateTime(from); date <= DateOnly.FromDateTime(to); date = date.AddDays(1))
        {
            if (HoursOn(date) is not { } hours)
            {
                continue;
            }

            var opens = date.ToDateTime(hours.Opens);
            var closes = date.ToDateTime(hours.Closes);
            var begin = from > opens ? from : opens;
            var end = to < closes ? to : closes;
            if (end > begin)
            {
                total += end - begin;
            }
        }

        return total;
    }

    /// <summary>
    /// The years between two instants (by the office's dates) whose national list of holidays is not in the calendar: a
    /// deadline counted across them knows only weekends and the office's own days, and the page says so.
    /// </summary>
    public IReadOnlyList<int> YearsWithoutList(DateTime fromUtc, DateTime toUtc)
    {
        var first = ToLocal(fromUtc).Year;
        var last = ToLocal(toUtc < fromUtc ? fromUtc : toUtc).Year;
        return Enumerable.Range(first, last - first + 1).Where(y => !_yearsWithList.Contains(y)).ToList();
    }

    /// <summary>The office's local time of a stored (UTC) instant.</summary>
    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    private DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);

    /// <summary>The instant itself inside working hours; before opening, that day's opening; otherwise the next working day's opening.</summary>
    private DateTime FirstWorkingMoment(DateTime local)
    {
        var date = DateOnly.FromDateTime(local);
        for (var i = 0; i < SearchDays; i++, date = date.AddDays(1))
        {
            if (HoursOn(date) is not { } hours)
            {
                continue;
            }

            var opens = date.ToDateTime(hours.Opens);
            if (local < opens)
            {
                return opens;
            }

            if (local < date.ToDateTime(hours.Closes))
            {
                return local;
            }
        }

        throw new InvalidOperationException("The office calendar has no working time within ten years.");
    }

    private DateTime AddWorkingMinutes(DateTime start, int minutes) => AddWorking(start, TimeSpan.FromMinutes(minutes));

    private DateTime AddWorking(DateTime start, TimeSpan amount)
    {
        var left = amount;
        var at = start;
        while (true)
        {
            var date = DateOnly.FromDateTime(at);
            var closes = date.ToDateTime(HoursOn(date)!.Value.Closes);
            var available = closes - at;
            if (left <= available)
            {
                return at + left;
            }

            left -= available;
            at = FirstWorkingMoment(closes);
        }
    }

    /// <summary>The same working-clock time N working days later, kept inside that day's hours when they differ.</summary>
    private DateTime AddWorkingDays(DateTime start, int days)
    {
        var date = DateOnly.FromDateTime(start);
        var clockTime = TimeOnly.FromDateTime(start);
        for (var counted = 0; counted < days;)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }

        var hours = HoursOn(date)!.Value;
        var time = clockTime < hours.Opens ? hours.Opens : clockTime > hours.Closes ? hours.Closes : clockTime;
        return date.ToDateTime(time);
    }
}
