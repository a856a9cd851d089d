namespace AksesSpse.Core.Sop;

/// <summary>
/// Measures a step against its time standard. The first implementation counts wall-clock time; the
/// working-day calendar (office time zone, working hours, holidays, cuti bersama) will implement the
/// same contract (docs/adr/0006), reading the office's calendar from <see cref="Offices.OfficeCalendar"/> (docs/adr/0018).
/// </summary>
public interface IStepClock
{
    /// <summary>When a step that became actionable at <paramref name="actionableAtUtc"/> is due, or null if it has no bound.</summary>
    DateTime? DueAt(DateTime actionableAtUtc, TimeStandard standard, string officeTimeZoneId);

    /// <summary>The time that counts against the standard between two instants.</summary>
    TimeSpan Elapsed(DateTime fromUtc, DateTime toUtc, string officeTimeZoneId);
}

/// <summary>Counts every minute of the day; one working day is read as 24 hours.</summary>
public sealed class WallClockStepClock : IStepClock
{
    public DateTime? DueAt(DateTime actionableAtUtc, TimeStandard standard, string officeTimeZoneId) =>
        standard switch
        {
            { Kind: TimeStandardKind.Minutes, Value: > 0 } => actionableAtUtc.AddMinutes(standard.Value!.Value),
            { Kind: TimeStandardKind.WorkingDays, Value: > 0 } => actionableAtUtc.AddDays(standard.Value!.Value),
            _ => null,
        };

    public TimeSpan Elapsed(DateTime fromUtc, DateTime toUtc, string officeTimeZoneId) =>
        toUtc > fromUtc ? toUtc - fromUtc : TimeSpan.Zero;
}
