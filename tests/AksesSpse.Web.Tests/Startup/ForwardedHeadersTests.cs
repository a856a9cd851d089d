using AksesSpse.Web.Tests.Infrastructure;
using Xunit;

namespace AksesSpse.Web.Tests.Startup;

/// <summary>
/// Behind a TLS-terminating proxy: X-Forwarded-Proto is believed only from a proxy named in ReverseProxy:KnownProxies
/// (M6). Over a real loopback socket, so the proxy's address is 127.0.0.1. The test environment sets a cookie Secure
/// when the request is https, so the antiforgery cookie shows how the app saw the request.
/// </summary>
public sealed class ForwardedHeadersTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]  // the proxy in front of us: its X-Forwarded-Proto counts
    [InlineData("10.20.30.40", false)] // another address: anyone could send the header, it is ignored
    public async Task ForwardedProtoCountsOnlyFromAKnownProxy(string knownProxy, bool treatedAsHttps)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings
        {
            RealServer = true,
            OutboxWorker = false,
            Extra = new Dictionary<string, string?> { ["ReverseProxy:KnownProxies:0"] = knownProxy },
        });
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = factory.ServerAddress };

        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/Akun/Masuk");
        forwarded.Headers.Add("X-Forwarded-Proto", "https");
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.7");
        var viaProxy = await http.SendAsync(forwarded);
        var cookie = Assert.Single(viaProxy.Headers.GetValues("Set-Cookie"), c => c.StartsWith("AksesSpse.Csrf=", StringComparison.Ordinal));
        Assert.Equal(treatedAsHttps, cookie.Contains("; secure", StringComparison.OrdinalIgnoreCase));

        // Without the header the request is plain http, whoever sends it.
        var direct = await http.GetAsync("/Akun/Masuk");
        var plainCookie = Assert.Single(direct.Headers.GetValues("Set-Cookie"), c => c.StartsWith("AksesSpse.Csrf=", StringComparison.Ordinal));
        Assert.DoesNotContain("; secure", plainCookie, StringComparison.OrdinalIgnoreCase);
    }
}
