using AksesSpse.Core.Common;
using AksesSpse.Core.Credentials;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AksesSpse.Core.Tests.Credentials;

[Trait("Sop", "ResetPassword")]
public sealed class CredentialServiceTests : IDisposable
{
    private const string LookAlikes = "0O1lI";
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _time = TestTime.NewClock();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void GeneratesSixteenCharacters()
    {
        Assert.Equal(16, CredentialService.GeneratePassword().Length);
    }

    [Fact]
    public void GeneratesEveryCharacterClassEveryTime()
    {
        for (var i = 0; i < 1000; i++)
        {
            var password = CredentialService.GeneratePassword();
            Assert.Contains(password, char.IsAsciiLetterUpper);
            Assert.Contains(password, char.IsAsciiLetterLower);
            Assert.Contains(password, char.IsAsciiDigit);
            Assert.Contains(password, c => !char.IsAsciiLetterOrDigit(c));
        }
    }

    [Fact]
    public void NeverUsesLookAlikeCharacters()
    {
        for (var i = 0; i < 1000; i++)
        {
            var password = CredentialService.GeneratePassword();
            Assert.True(password.IndexOfAny(LookAlikes.ToCharArray()) < 0, $"\"{password}\" has a look-alike character");
        }
    }

    [Fact]
    public void UsesOnlyPrintableAsciiWithoutSpaces()
    {
        var password = CredentialService.GeneratePassword();

        Assert.All(password, c => Assert.True(c is > ' ' and <= '~', $"unexpected character U+{(int)c:X4}"));
    }

    [Fact]
    public void NeverRepeatsAPasswordInAThousand()
    {
        var passwords = Enumerable.Range(0, 1000).Select(_ => CredentialService.GeneratePassword()).ToList();

        Assert.Equal(passwords.Count, passwords.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void GeneratesTheRequestedLength()
    {
        Assert.Equal(24, CredentialService.GeneratePassword(24).Length);
    }

    [Fact]
    public void HashesATokenAsLowercaseSha256Hex()
    {
        // SHA-256("abc"), the FIPS 180-2 test vector.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", CredentialService.Hash("abc"));
    }

    [Fact]
    public void MakesTheOneTimeLinkUnderTheConfiguredAddress()
    {
        var service = Service(new AppOptions { BaseUrl = "https://lpse.contoh.go.id/" });

        Assert.Equal("https://lpse.contoh.go.id/Kredensial/Buka?token=abc-_123", service.Link("abc-_123"));
    }

    [Fact]
    public void PrepareStoresThePasswordOnlyEncryptedWithAPlaceholderToken()
    {
        using var db = _database.NewContext();
        var service = new CredentialService(db, new EphemeralDataProtectionProvider(), _time, new OfficeCalendar(db, _time, new MemoryCache(new MemoryCacheOptions())), Options.Create(new AppOptions()));

        var delivery = service.Prepare(1, 2, "rina.pokja", "rina@contoh.go.id", "Secret#Pass2345x");

        Assert.NotNull(delivery.ProtectedSecret);
        Assert.DoesNotContain("Secret#Pass2345x", delivery.ProtectedSecret, StringComparison.Ordinal);
        Assert.StartsWith("pending-", delivery.TokenHash);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, delivery.CreatedAt);
        Assert.Equal(_time.GetUtcNow().UtcDateTime.AddHours(72), delivery.ExpiresAt);
        Assert.Null(delivery.RevealedAt);
    }

    [Fact]
    public void IssueTokenKeepsOnlyTheHashOfAFreshUrlSafeToken()
    {
        var service = Service(new AppOptions { CredentialLinkHours = 24 });
        var delivery = new CredentialDelivery { TokenHash = "pending-x", ExpiresAt = _time.GetUtcNow().UtcDateTime };
        _time.Advance(TimeSpan.FromMinutes(30));

        var token = service.IssueToken(delivery);
        var another = service.IssueToken(new CredentialDelivery());

        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.NotEqual(token, another);
        Assert.Equal(CredentialService.Hash(token), delivery.TokenHash);
        Assert.Equal(_time.GetUtcNow().UtcDateTime.AddHours(24), delivery.ExpiresAt);
    }

    private CredentialService Service(AppOptions options)
    {
        var db = _database.NewContext();
        return new(db, new EphemeralDataProtectionProvider(), _time, new OfficeCalendar(db, _time, new MemoryCache(new MemoryCacheOptions())), Options.Create(options));
    }
}
