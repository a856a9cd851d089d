using AksesSpse.Core.Sop;

namespace AksesSpse.Core.Tests.Sop;

public sealed class TimeStandardTests
{
    public static TheoryData<TimeStandard, string> Texts => new()
    {
        { TimeStandard.Minutes(5), "5 menit" },
        { TimeStandard.Minutes(15), "15 menit" },
        { TimeStandard.WorkingDays(1), "1 hari kerja" },
        { TimeStandard.WorkingDays(3), "3 hari kerja" },
        { TimeStandard.NotApplicable, "N/A" },
        { TimeStandard.AsNeeded, "Disesuaikan dengan kebutuhan" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void ReadsAsTheSopWritesIt(TimeStandard standard, string text)
    {
        Assert.Equal(text, standard.ToString());
    }

    public static TheoryData<TimeStandard, bool> Bounds => new()
    {
        { TimeStandard.Minutes(5), true },
        { TimeStandard.WorkingDays(1), true },
        { TimeStandard.NotApplicable, false },
        { TimeStandard.AsNeeded, false },
        { TimeStandard.Minutes(0), false },
        { new TimeStandard(TimeStandardKind.WorkingDays, null), false },
        { new TimeStandard(TimeStandardKind.Minutes, -1), false },
    };

    [Theory]
    [MemberData(nameof(Bounds))]
    public void IsBoundedOnlyWithAPositiveAmountOfTime(TimeStandard standard, bool bounded)
    {
        Assert.Equal(bounded, standard.IsBounded);
    }

    [Fact]
    public void FactoriesSetKindAndValue()
    {
        Assert.Equal(new TimeStandard(TimeStandardKind.Minutes, 10), TimeStandard.Minutes(10));
        Assert.Equal(new TimeStandard(TimeStandardKind.WorkingDays, 2), TimeStandard.WorkingDays(2));
        Assert.Equal(new TimeStandard(TimeStandardKind.None, null), TimeStandard.NotApplicable);
        Assert.Equal(new TimeStandard(TimeStandardKind.AsNeeded, null), TimeStandard.AsNeeded);
    }
}
