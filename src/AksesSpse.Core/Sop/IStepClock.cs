using AksesSpse.Core.Offices;

namespace AksesSpse.Core.Sop;

/// <summary>
/// Measures a step against its time standard (docs/adr/0006, 0022), in the office's <see cref="WorkCalendar"/> (its zone,
/// working hours and days off, from <see cref="OfficeCalendar.WorkCalendarAsync"/>).
/// </summary>
public interface IStepClock
{
    /// <summary>When a step that became actionable at <paramref name="actionableAtUtc"/> is due, or null if it has no bound.</summary>
    DateTime? DueAt(DateTime actionableAtUtc, TimeStandard standard, WorkCalendar calendar);

    /// <summary>The time that counts against the standard between two instants.</summary>
    TimeSpan Elapsed(DateTime fromUtc, DateTime toUtc, WorkCalendar calendar);

    /// <summary>When the performer is reminded: at 80 % of the standard (docs/adr/0023); null without a bound.</summary>
    DateTime? ReminderAt(DateTime actionableAtUtc, TimeStandard standard, WorkCalendar calendar);
}

/// <summary>The product's clock: working time only, as the SOPs mean it (docs/adr/0022).</summary>
public sealed class WorkingTimeStepClock : IStepClock
{
    public DateTime? DueAt(DateTime actionableAtUtc, TimeStandard standard, WorkCalendar calendar) => calendar.DueAt(actionableAtUtc, standard);

    public TimeSpan Elapsed(DateTime fromUtc, DateTime toUtc, WorkCalendar calendar) => calendar.WorkingTime(fromUtc, toUtc);

    public DateTime? ReminderAt(DateTime actionableAtUtc, TimeStandard standard, WorkCalendar calendar) => calendar.ReminderAt(actionableAtUtc, standard);
}

/// <summary>
/// Counts every minute of the day; one working day is read as 24 hours. The product's clock before docs/adr/0022; kept for
/// unit tests of the engine that are about the order of steps rather than about time, and for rows upgraded from before
/// the step log.
/// </summary>
public sealed class WallClockStepClock : IStepClock
{
    public DateTime? DueAt(DateTime actionableAtUtc, TimeStandard standard, WorkCalendar calendar) =>
        standard switch
        {
            { Kind: TimeStandardKind.Minutes, Value: > 0 } => actionableAtUtc.AddMinutes(standard.Value!.Value),
            { Kind: TimeStandardKind.WorkingDays, Value: > 0 } => actionableAtUtc.AddDays(standard.Value!.Value),
            _ => null,
        };

    public TimeSpan Elapsed(DateTime fromUtc, DateTime toUtc, WorkCalendar calendar) =>
        toUtc > fromUtc ? toUtc - fromUtc : TimeSpan.Zero;

    public DateTime? ReminderAt(DateTime actionableAtUtc, TimeStandard standard, WorkCalendar calendar) =>
        DueAt(actionableAtUtc, standard, calendar) is { } due ? actionableAtUtc + (due - actionableAtUtc) * 0.8 : null;
}
