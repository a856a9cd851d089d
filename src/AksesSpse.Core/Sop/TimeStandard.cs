namespace AksesSpse.Core.Sop;

public enum TimeStandardKind
{
    /// <summary>"N/A" in the SOP: usually the applicant's own step.</summary>
    None = 0,
    Minutes = 1,
    WorkingDays = 2,

    /// <summary>"Disesuaikan dengan kebutuhan": no fixed standard.</summary>
    AsNeeded = 3,
}

/// <summary>The time part of a step's mutu baku.</summary>
public readonly record struct TimeStandard(TimeStandardKind Kind, int? Value)
{
    public static TimeStandard NotApplicable => new(TimeStandardKind.None, null);
    public static TimeStandard AsNeeded => new(TimeStandardKind.AsNeeded, null);
    public static TimeStandard Minutes(int value) => new(TimeStandardKind.Minutes, value);
    public static TimeStandard WorkingDays(int value) => new(TimeStandardKind.WorkingDays, value);

    /// <summary>True when the step can be late: it has a fixed amount of time.</summary>
    public bool IsBounded => Kind is TimeStandardKind.Minutes or TimeStandardKind.WorkingDays && Value > 0;

    public override string ToString() => Kind switch
    {
        TimeStandardKind.Minutes => $"{Value} menit",
        TimeStandardKind.WorkingDays => $"{Value} hari kerja",
        TimeStandardKind.AsNeeded => "Disesuaikan dengan kebutuhan",
        _ => "N/A",
    };
}
