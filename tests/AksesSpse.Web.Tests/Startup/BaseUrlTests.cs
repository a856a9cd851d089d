using AksesSpse.Core.Common;
using AksesSpse.Core.Requests;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace AksesSpse.Web.Tests.Startup;

/// <summary>
/// Without App:BaseUrl, links in email and the receipt's QR code use the address the app listens on (`--urls`), not a
/// fixed port 5080; with App:BaseUrl set, that address.
/// </summary>
public sealed class BaseUrlTests
{
    [Theory]
    [InlineData("http://localhost:6123", "http://localhost:6123")]
    [InlineData("http://[::]:8080", "http://localhost:8080")]
    [InlineData("http://+:8080", "http://localhost:8080")]
    [InlineData("http://0.0.0.0:5000/", "http://localhost:5000")]
    [InlineData("http://127.0.0.1:5123|https://127.0.0.1:5124", "https://127.0.0.1:5124")]
    [InlineData("", null)]
    public void PicksTheListeningAddress_HttpsFirst(string addresses, string? expected) =>
        Assert.Equal(expected, ListeningBaseUrl.Pick(addresses.Split('|', StringSplitOptions.RemoveEmptyEntries)));

    [Fact]
    public async Task WithoutBaseUrl_LinksUseThePortTheAppListensOn()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings
        {
            RealServer = true,
            OutboxWorker = false,
            Extra = new Dictionary<string, string?> { ["App:BaseUrl"] = "" },
        });
        var listening = factory.ServerAddress;
        Assert.NotEqual(5080, listening.Port);

        using var scope = factory.Services.CreateScope();
        var status = new Uri(scope.ServiceProvider.GetRequiredService<RequestLinks>().StatusUrl(1));
        Assert.Equal(listening.Port, status.Port);
        Assert.Equal("/Status", status.AbsolutePath);
        Assert.Equal(listening.Port, new Uri(scope.ServiceProvider.GetRequiredService<IOptions<AppOptions>>().Value.BaseUrl).Port);
    }

    [Fact]
    public async Task WithBaseUrl_LinksUseIt()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings
        {
            RealServer = true,
            OutboxWorker = false,
            Extra = new Dictionary<string, string?> { ["App:BaseUrl"] = "https://lpse.contoh.go.id/aksesspse/" },
        });

        using var scope = factory.Services.CreateScope();
        Assert.StartsWith("https://lpse.contoh.go.id/aksesspse/Status?t=", scope.ServiceProvider.GetRequiredService<RequestLinks>().StatusUrl(1));
    }

    [Fact]
    public async Task ProductionWithoutBaseUrl_RefusesToStart()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AppFactory.CreateAsync(new AppSettings
        {
            Environment = "Production",
            OutboxWorker = false,
            Extra = new Dictionary<string, string?> { ["App:BaseUrl"] = "" },
        }));
        Assert.Contains("App:BaseUrl", error.ToString());
    }
}
