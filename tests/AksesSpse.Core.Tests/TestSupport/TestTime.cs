namespace AksesSpse.Core.Tests.TestSupport;

/// <summary>Where the tests' <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/> starts: a Monday, 09:00 WIB.</summary>
internal static class TestTime
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    public static Microsoft.Extensions.Time.Testing.FakeTimeProvider NewClock() => new(DefaultStart);
}
