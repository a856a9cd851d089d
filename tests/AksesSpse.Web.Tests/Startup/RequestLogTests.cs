using System.Text.Json;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace AksesSpse.Web.Tests.Startup;

/// <summary>
/// Serilog writes one compact line per request (method, path, status, elapsed ms, user id) and never the query string,
/// where one-time tokens travel. The old multi-line HTTP log block is gone.
/// </summary>
public sealed class RequestLogTests
{
    private const string RequestLogger = "Serilog.AspNetCore.RequestLoggingMiddleware";

    [Fact]
    public async Task EveryRequestIsOneCompactLine_WithoutTheQueryString()
    {
        await using var factory = await AppFactory.CreateAsync();
        using var client = factory.CreateFormClient();
        const string token = "QueryTokenMustNotBeLogged7f3a9c";

        Assert.NotNull(await client.GetAsync("/Kredensial/Buka?token=" + token));
        Assert.NotNull(await client.GetAsync("/Status?t=" + token + "2"));
        await client.SignInAsync(DemoUsers.Pokja);
        Assert.NotNull(await client.GetAsync("/Permohonan?cari=" + token + "3"));
        var pokjaId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == DemoUsers.Pokja).Select(u => u.Id).SingleAsync());

        var text = await ProductionStartupTests.WaitForLogAsync(factory,
            t => t.Contains("\"RequestPath\":\"/Permohonan\"", StringComparison.Ordinal) && t.Contains("\"RequestPath\":\"/Status\"", StringComparison.Ordinal));
        Assert.DoesNotContain(token, text);
        Assert.DoesNotContain("Microsoft.AspNetCore.HttpLogging", text);

        var requests = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.TryGetProperty("SourceContext", out var source) && source.GetString() == RequestLogger)
            .ToList();

        var open = Assert.Single(requests, e => e.GetProperty("RequestPath").GetString() == "/Kredensial/Buka");
        Assert.Matches(@"^HTTP GET /Kredensial/Buka \d{3} \d+ ms user -$", open.GetProperty("@m").GetString());
        Assert.Equal("GET", open.GetProperty("RequestMethod").GetString());
        Assert.True(open.GetProperty("Elapsed").GetDouble() >= 0);
        Assert.InRange(open.GetProperty("StatusCode").GetInt32(), 200, 499);

        var signedIn = Assert.Single(requests, e => e.GetProperty("RequestPath").GetString() == "/Permohonan");
        Assert.Matches($@"^HTTP GET /Permohonan 200 \d+ ms user {pokjaId}$", signedIn.GetProperty("@m").GetString());
        Assert.Equal(pokjaId, signedIn.GetProperty("UserId").GetString());
    }
}
