namespace AksesSpse.Core.Tests.TestSupport;

/// <summary>A clock the test moves by hand (Microsoft.Extensions.TimeProvider.Testing is not available here).</summary>
internal sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    private DateTimeOffset _now = start;

    public FakeTimeProvider()
        : this(DefaultStart)
    {
    }

    public DateTime UtcNow => _now.UtcDateTime;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
