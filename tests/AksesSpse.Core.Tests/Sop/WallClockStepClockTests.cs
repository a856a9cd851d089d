using AksesSpse.Core.Offices;
using AksesSpse.Core.Sop;

namespace AksesSpse.Core.Tests.Sop;

public sealed class WallClockStepClockTests
{
    private static readonly DateTime Start = new(2026, 3, 6, 9, 30, 0, DateTimeKind.Utc); // a Friday
    private readonly WallClockStepClock _clock = new();
    private static readonly WorkCalendar Jakarta = WorkCalendar.Standard("Asia/Jakarta");

    [Theory]
    [InlineData(5)]
    [InlineData(15)]
    [InlineData(60)]
    public void DueAtAddsTheMinutesOfTheStandard(int minutes)
    {
        Assert.Equal(Start.AddMinutes(minutes), _clock.DueAt(Start, TimeStandard.Minutes(minutes), Jakarta));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void DueAtCountsAWorkingDayAsTwentyFourHoursForNow(int days)
    {
        // Across a weekend too: the working-day calendar is not there yet (docs/adr/0006).
        Assert.Equal(Start.AddHours(24 * days), _clock.DueAt(Start, TimeStandard.WorkingDays(days), WorkCalendar.Standard("Asia/Makassar")));
    }

    [Fact]
    public void DueAtIsNullWhenTheStandardIsNotApplicable()
    {
        Assert.Null(_clock.DueAt(Start, TimeStandard.NotApplicable, Jakarta));
    }

    [Fact]
    public void DueAtIsNullWhenTheStandardIsAsNeeded()
    {
        Assert.Null(_clock.DueAt(Start, TimeStandard.AsNeeded, Jakarta));
    }

    [Theory]
    [InlineData(TimeStandardKind.Minutes, 0)]
    [InlineData(TimeStandardKind.Minutes, -5)]
    [InlineData(TimeStandardKind.WorkingDays, 0)]
    public void DueAtIsNullForAStandardWithoutAPositiveAmount(TimeStandardKind kind, int value)
    {
        Assert.Null(_clock.DueAt(Start, new TimeStandard(kind, value), Jakarta));
    }

    [Fact]
    public void DueAtIsNullForABoundedKindWithoutValue()
    {
        Assert.Null(_clock.DueAt(Start, new TimeStandard(TimeStandardKind.Minutes, null), Jakarta));
    }

    [Fact]
    public void ElapsedIsTheWallClockTimeBetweenTwoInstants()
    {
        Assert.Equal(TimeSpan.FromMinutes(63), _clock.Elapsed(Start, Start.AddMinutes(63), WorkCalendar.Standard("Asia/Jayapura")));
    }

    [Fact]
    public void ElapsedIsZeroForTheSameInstant()
    {
        Assert.Equal(TimeSpan.Zero, _clock.Elapsed(Start, Start, Jakarta));
    }

    [Fact]
    public void ElapsedIsNeverNegative()
    {
        Assert.Equal(TimeSpan.Zero, _clock.Elapsed(Start, Start.AddMinutes(-10), Jakarta));
    }
}
