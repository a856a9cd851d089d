using System.Globalization;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;

namespace AksesSpse.Core.Performance;

/// <summary>A calendar month at an office ("2026-11"): the dashboard's unit of time (docs/adr/0024).</summary>
public readonly record struct Month(int Year, int Number) : IComparable<Month>
{
    private static readonly string[] Names =
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    public static Month Of(DateOnly date) => new(date.Year, date.Month);

    /// <summary>"2026-11" (an &lt;input type=month&gt;'s value); null when the text is not such a month between 2000 and 2100.</summary>
    public static Month? Parse(string? text) =>
        text is { Length: 7 } && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) &&
        d.Year is >= 2000 and <= 2100
            ? Of(d)
            : null;

    public DateOnly FirstDay => new(Year, Number, 1);

    public Month AddMonths(int months) => Of(FirstDay.AddMonths(months));

    /// <summary>How many months from this one to <paramref name="other"/> (0 for the same month).</summary>
    public int MonthsUntil(Month other) => (other.Year - Year) * 12 + other.Number - Number;

    /// <summary>The UTC instant the month starts at in an office's zone (its local midnight on the 1st).</summary>
    public DateTime StartUtc(TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(Year, Number, 1, 0, 0, 0, DateTimeKind.Unspecified), zone);

    /// <summary>"November 2026".</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"{Names[Number - 1]} {Year}");

    /// <summary>"Nov 2026", for chart axes.</summary>
    public string ShortLabel => string.Create(CultureInfo.InvariantCulture, $"{Names[Number - 1][..3]} {Year}");

    public int CompareTo(Month other) => (Year * 12 + Number).CompareTo(other.Year * 12 + other.Number);

    public static bool operator <(Month a, Month b) => a.CompareTo(b) < 0;
    public static bool operator >(Month a, Month b) => a.CompareTo(b) > 0;
    public static bool operator <=(Month a, Month b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Month a, Month b) => a.CompareTo(b) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Number:D2}");
}

/// <summary>
/// What the heads look at: a period of whole months at the office (<see cref="From"/> to <see cref="To"/>, both included)
/// and, optionally, one SOP, one step number, one performer and one intake channel.
/// </summary>
public sealed record PerformanceFilter(Month From, Month To, SopKind? Sop = null, int? StepNumber = null, string? PerformerUserId = null,
    IntakeChannel? Channel = null)
{
    /// <summary>The longest period the dashboard reads at once.</summary>
    public const int MaxMonths = 24;

    public static PerformanceFilter ForMonth(Month month) => new(month, month);
}

/// <summary>What a count on the dashboard counts, to list the requests behind it.</summary>
public enum PerformanceMeasure
{
    /// <summary>Steps completed in the period.</summary>
    Completed = 1,

    /// <summary>Completed steps with a time standard that were done within it.</summary>
    OnTime = 2,

    /// <summary>Completed steps with a time standard that were done late.</summary>
    Late = 3,

    /// <summary>Open steps past their deadline now.</summary>
    OverdueNow = 4,

    /// <summary>Completed steps with a recorded deviation (a decision against what a check showed).</summary>
    Deviation = 5,

    /// <summary>Completed steps with a time standard (the base of the on-time share).</summary>
    Timed = 6,
}

/// <summary>One count clicked on the dashboard: the measure, and what the row or point adds to the filter.</summary>
public sealed record PerformanceDrillDown(PerformanceMeasure Measure, Month? Month = null, string? ActorRole = null);

/// <summary>One step of one SOP in the period. Only steps with a time standard (<see cref="Timed"/>) count toward the on-time share.</summary>
public sealed record StepFigures(SopKind Sop, int StepNumber, string Activity, string ActorRole, TimeStandard Standard, int Completed, int Timed, int OnTime,
    int Deviations, long? AverageSeconds)
{
    public int Late => Timed - OnTime;

    /// <summary>On-time steps over timed steps; null when no step had a time standard (N/A, as needed, automatic).</summary>
    public double? OnTimeShare => Timed == 0 ? null : (double)OnTime / Timed;

    /// <summary>The standard in seconds of counted working time, for "N menit" standards (a working day's length depends on the office week).</summary>
    public long? StandardSeconds => Standard.Kind == TimeStandardKind.Minutes && Standard.Value is { } minutes ? minutes * 60L : null;
}

/// <summary>One SOP's totals in the period.</summary>
public sealed record SopFigures(SopKind Sop, int Completed, int Timed, int OnTime, int Deviations)
{
    public int Late => Timed - OnTime;
    public double? OnTimeShare => Timed == 0 ? null : (double)OnTime / Timed;
}

/// <summary>One month of a trend: timed steps completed in it and how many of them on time.</summary>
public sealed record MonthShare(Month Month, int Timed, int OnTime)
{
    public double? OnTimeShare => Timed == 0 ? null : (double)OnTime / Timed;
}

/// <summary>The 12 months ending with the period's last month, for one SOP (or for all, <see cref="Sop"/> null).</summary>
public sealed record TrendLine(SopKind? Sop, IReadOnlyList<MonthShare> Months);

/// <summary>Open steps of one SOP step past their deadline now.</summary>
public sealed record OverdueFigures(SopKind Sop, int StepNumber, string Activity, string ActorRole, int Count);

/// <summary>Open steps past their deadline now, per actor role.</summary>
public sealed record RoleOverdue(string ActorRole, int Count);

/// <summary>One performer's completed steps in the period, the late ones and those with a deviation.</summary>
public sealed record PerformerFigures(string PerformerUserId, string PerformerName, int Completed, int Late, int Deviations);

/// <summary>A staff member of the office, for the performer filter.</summary>
public sealed record PerformerOption(string UserId, string Name);

/// <summary>Everything the dashboard shows for one office and filter.</summary>
public sealed record PerformanceSummary(
    PerformanceFilter Filter,
    DateTime NowUtc,
    IReadOnlyList<SopFigures> Sops,
    IReadOnlyList<StepFigures> Steps,
    TrendLine Overall,
    IReadOnlyList<TrendLine> TrendPerSop,
    IReadOnlyList<OverdueFigures> Overdue,
    IReadOnlyList<RoleOverdue> OverdueByRole,
    IReadOnlyList<PerformerFigures> Performers)
{
    public int Completed => Sops.Sum(s => s.Completed);
    public int Timed => Sops.Sum(s => s.Timed);
    public int OnTime => Sops.Sum(s => s.OnTime);
    public double? OnTimeShare => Timed == 0 ? null : (double)OnTime / Timed;
    public int OverdueNow => Overdue.Sum(o => o.Count);
}

/// <summary>A request behind a count.</summary>
public sealed record PerformanceRequestRow(int Id, string Number, SopKind Kind, RequestType Type, string ApplicantName, IntakeChannel Channel,
    RequestOutcome Outcome, DateTime SubmittedAt, DateTime? ClosedAt);
