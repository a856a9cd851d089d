using AksesSpse.Core.Common;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AksesSpse.Core.Tests.Requests;

/// <summary>The sealed links (<see cref="RequestLinks"/>): the status page on the handover form and SOP 2's receipt confirmation.</summary>
[Trait("Sop", "Deactivation")]
public sealed class RequestLinksTests
{
    private readonly FakeTimeProvider _time = TestTime.NewClock();
    private readonly RequestLinks _links;

    public RequestLinksTests()
    {
        _links = new RequestLinks(new EphemeralDataProtectionProvider(), _time,
            Options.Create(new AppOptions { BaseUrl = "https://lpse.contoh.go.id/aksesspse/" }));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(int.MaxValue)]
    public void AStatusTokenReadsBackAsItsRequest(int id)
    {
        Assert.Equal(id, _links.ReadStatusToken(_links.StatusToken(id)));
    }

    [Fact]
    public void AStatusTokenNeverExpires()
    {
        var token = _links.StatusToken(7);
        _time.Advance(TimeSpan.FromDays(3650));

        Assert.Equal(7, _links.ReadStatusToken(token));
    }

    [Fact]
    public void AConfirmTokenReadsBackAsItsRequest()
    {
        Assert.Equal(42, _links.ReadConfirmToken(_links.ConfirmToken(42)));
    }

    [Fact]
    public void AConfirmTokenHoldsForItsLifetimeAndNotAMinuteLonger()
    {
        var token = _links.ConfirmToken(42);

        _time.Advance(RequestLinks.ConfirmLifetime - TimeSpan.FromMinutes(1));
        Assert.Equal(42, _links.ReadConfirmToken(token));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(_links.ReadConfirmToken(token));
    }

    [Fact]
    public void ATamperedTokenReadsAsNothing()
    {
        var status = _links.StatusToken(42);
        var confirm = _links.ConfirmToken(42);

        Assert.Null(_links.ReadStatusToken(Tamper(status)));
        Assert.Null(_links.ReadConfirmToken(Tamper(confirm)));
        Assert.Null(_links.ReadStatusToken(status[..^2]));
    }

    [Fact]
    public void ThePurposesAreNotInterchangeable()
    {
        Assert.Null(_links.ReadStatusToken(_links.ConfirmToken(42)));
        Assert.Null(_links.ReadConfirmToken(_links.StatusToken(42)));
    }

    [Fact]
    public void ATokenOfAnotherKeyRingReadsAsNothing()
    {
        var other = new RequestLinks(new EphemeralDataProtectionProvider(), _time, Options.Create(new AppOptions()));

        Assert.Null(_links.ReadStatusToken(other.StatusToken(42)));
        Assert.Null(_links.ReadConfirmToken(other.ConfirmToken(42)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("42")]
    [InlineData("bukan-token")]
    [InlineData("abcde")]
    [InlineData("%%%")]
    public void NonsenseReadsAsNothing(string? token)
    {
        Assert.Null(_links.ReadStatusToken(token));
        Assert.Null(_links.ReadConfirmToken(token));
    }

    [Fact]
    public void AnOverlongTokenIsNotEvenTried()
    {
        var token = new string('A', 2001);

        Assert.Null(_links.ReadStatusToken(token));
        Assert.Null(_links.ReadConfirmToken(token));
    }

    [Fact]
    public void TheUrlsCarryTheTokensUnderTheAppsAddress()
    {
        var status = _links.StatusUrl(42);
        var confirm = _links.ConfirmUrl(42);

        Assert.StartsWith("https://lpse.contoh.go.id/aksesspse/Status?t=", status);
        Assert.StartsWith("https://lpse.contoh.go.id/aksesspse/Status/Konfirmasi?t=", confirm);
        Assert.Equal(42, _links.ReadStatusToken(status[(status.IndexOf("?t=", StringComparison.Ordinal) + 3)..]));
        Assert.Equal(42, _links.ReadConfirmToken(confirm[(confirm.IndexOf("?t=", StringComparison.Ordinal) + 3)..]));
    }

    private static string Tamper(string token)
    {
        var chars = token.ToCharArray();
        var i = chars.Length / 2;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        return new string(chars);
    }
}
