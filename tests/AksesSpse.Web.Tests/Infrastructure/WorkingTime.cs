using AksesSpse.Core.Offices;

namespace AksesSpse.Web.Tests.Infrastructure;

/// <summary>
/// Start times for tests whose steps must be able to run late (docs/adr/0022): standards count working time, so a test
/// that started at the machine's "now" on a Saturday evening would never see a late step.
/// </summary>
public static class WorkingTime
{
    private static readonly HashSet<DateOnly> ShippedDaysOff = ReadShipped();

    /// <summary>
    /// 09.00 WIB (02.00 UTC) on the first Tuesday, Wednesday or Thursday after today that is, with the day after it, a
    /// working day of the shipped list: a few days from the real date, so dates typed relative to today stay sensible.
    /// </summary>
    public static DateTimeOffset NextMorning()
    {
        var date = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).AddDays(1);
        while (date.DayOfWeek is not (DayOfWeek.Tuesday or DayOfWeek.Wednesday or DayOfWeek.Thursday)
               || ShippedDaysOff.Contains(date) || ShippedDaysOff.Contains(date.AddDays(1)))
        {
            date = date.AddDays(1);
        }

        return new DateTimeOffset(date.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero);
    }

    private static HashSet<DateOnly> ReadShipped()
    {
        using var stream = typeof(DayOffList).Assembly.GetManifestResourceStream("AksesSpse.Core.Offices.hari-libur-2026.csv")!;
        return [.. DayOffList.Read(stream).Lines.Select(l => l.Date)];
    }
}
