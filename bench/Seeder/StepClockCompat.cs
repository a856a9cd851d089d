using AksesSpse.Core.Offices;
using AksesSpse.Core.Sop;

/// <summary>
/// The seeder's deadlines by the wall clock in the office's zone, as they were written before IStepClock took the office's
/// WorkCalendar (docs/adr/0022): the wall clock ignores the working week, so the standard week in the zone is enough. Kept
/// out of Program.cs so that the seed cache's key (a hash of Program.cs) still finds the databases seeded before.
/// </summary>
internal static class StepClockCompat
{
    public static DateTime? DueAt(this WallClockStepClock clock, DateTime actionableAtUtc, TimeStandard standard, string timeZoneId) =>
        clock.DueAt(actionableAtUtc, standard, WorkCalendar.Standard(timeZoneId));
}
