using AksesSpse.Core.Common;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace AksesSpse.Web.Infrastructure;

/// <summary>
/// When App:BaseUrl is not set, email links and the receipt's QR code use the address the app listens on
/// (`--urls`, launchSettings, ASPNETCORE_URLS) instead of a fixed port. Production must set App:BaseUrl (see
/// <see cref="BaseUrlCheck"/>). The options are first read when a link is made, after the server has started.
/// </summary>
public sealed class ListeningBaseUrl(IServer server, IConfiguration config) : IPostConfigureOptions<AppOptions>
{
    public const string Setting = AppOptions.Section + ":BaseUrl";

    public void PostConfigure(string? name, AppOptions options)
    {
        if (!string.IsNullOrWhiteSpace(config[Setting]))
        {
            return;
        }

        if (Pick(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []) is { } listening)
        {
            options.BaseUrl = listening;
        }
    }

    /// <summary>
    /// The address to put in links: https before http, and a wildcard host (`+`, `*`, `0.0.0.0`, `[::]`) read as
    /// localhost. Null when the server reports no address (the in-memory test server).
    /// </summary>
    public static string? Pick(IEnumerable<string> addresses)
    {
        var candidates = addresses
            .Select(a => a.Trim())
            .Where(a => a.Length > 0)
            .Select(a => a
                .Replace("://+:", "://localhost:", StringComparison.Ordinal)
                .Replace("://*:", "://localhost:", StringComparison.Ordinal)
                .Replace("://0.0.0.0:", "://localhost:", StringComparison.Ordinal)
                .Replace("://[::]:", "://localhost:", StringComparison.Ordinal)
                .TrimEnd('/'))
            .Where(a => Uri.TryCreate(a, UriKind.Absolute, out _))
            .ToList();
        return candidates.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
               ?? candidates.FirstOrDefault();
    }
}

/// <summary>
/// Refuses a Production start without App:BaseUrl (links in email must carry the public https address, not the
/// address behind the proxy) and says, once the server listens, which address the links use.
/// </summary>
public sealed class BaseUrlCheck(IConfiguration config, IHostEnvironment environment, IOptions<AppOptions> options, ILogger<BaseUrlCheck> logger)
    : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (environment.IsProduction() && string.IsNullOrWhiteSpace(config[ListeningBaseUrl.Setting]))
        {
            throw new InvalidOperationException(
                "App:BaseUrl is not set. In Production set it to the public address of the app (e.g. App__BaseUrl=https://lpse.example.go.id): it is used in email links and on receipts.");
        }

        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Links in email and on receipts use {BaseUrl}", options.Value.BaseUrl);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
