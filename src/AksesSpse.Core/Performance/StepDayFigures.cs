using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;

namespace AksesSpse.Core.Performance;

/// <summary>
/// One office-day's completed steps and deviation-ledger records, summed per SOP step, standard, role, performer and channel
/// (docs/adr/0026): the dashboard and the monthly report add these up instead of reading millions of step rows. Written once
/// per closed day by <see cref="StepRollups"/>, from the step log and the ledger; today is always read live.
/// </summary>
public sealed class StepDayFigures
{
    public long Id { get; set; }
    public int OfficeId { get; set; }

    /// <summary>The day at the office (its own time zone).</summary>
    public DateOnly Day { get; set; }

    /// <summary>The day's month as yyyymm (202611), so that a year is grouped by month in SQL without date functions.</summary>
    public int MonthKey { get; set; }

    public SopKind Sop { get; set; }
    public IntakeChannel Channel { get; set; }
    public int StepNumber { get; set; }
    public TimeStandardKind StandardKind { get; set; }
    public int? StandardValue { get; set; }
    public string ActorRole { get; set; } = "";
    public string Activity { get; set; } = "";

    /// <summary>The staff member who performed the steps; null for the applicant's own steps (the dashboard lists staff).</summary>
    public string? PerformerUserId { get; set; }
    public string? PerformerName { get; set; }

    public int Completed { get; set; }

    /// <summary>Completed steps with a fixed time standard, performed by a person: the ones that can be on time or late.</summary>
    public int Timed { get; set; }
    public int OnTime { get; set; }

    /// <summary>Completed steps marked late (timed or not).</summary>
    public int Late { get; set; }
    public long ElapsedSum { get; set; }
    public int ElapsedCount { get; set; }

    /// <summary>Kelengkapan and output records of the deviation ledger that occurred that day.</summary>
    public int Recorded { get; set; }

    public static int MonthKeyOf(DateOnly day) => day.Year * 100 + day.Month;

    public static int MonthKeyOf(Month month) => month.Year * 100 + month.Number;
}

/// <summary>
/// The mark that an office-day has been rolled up into <see cref="StepDayFigures"/>: the UTC bounds it was summed over (a
/// day whose bounds no longer match the office's zone is summed again) and when. One per office and day, so two nodes
/// rolling up the same day add it once.
/// </summary>
public sealed class StepDayRollup
{
    public int OfficeId { get; set; }
    public DateOnly Day { get; set; }
    public DateTime StartUtc { get; set; }
    public DateTime EndUtc { get; set; }
    public DateTime RolledAt { get; set; }
    public int Rows { get; set; }
}
