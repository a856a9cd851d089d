using System.Globalization;
using System.Text.Json;
using AksesSpse.Core.Notifications;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AksesSpse.Web.Infrastructure;

/// <summary>
/// /health's outbox entry (M4): how many messages wait and have failed, and the age of the oldest waiting one, from one
/// query. Degraded when that age passes Email:HealthMaxWaitingSeconds (the mail server has been unreachable for a while).
/// </summary>
public sealed class OutboxHealthCheck(OutboxAdmin outbox, TimeProvider time, IOptions<EmailOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        OutboxHealth health;
        try
        {
            health = await outbox.HealthAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("outbox unreadable: database unreachable");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var age = health.OldestWaitingCreatedAt is { } oldest ? (long)Math.Max(0, (now - oldest).TotalSeconds) : 0;
        var limit = options.Value.HealthMaxWaitingSeconds;
        var data = new Dictionary<string, object>
        {
            ["waiting"] = health.Waiting,
            ["failed"] = health.Failed,
            ["oldestWaitingSeconds"] = age,
            ["maxWaitingSeconds"] = limit,
        };
        var description = string.Create(CultureInfo.InvariantCulture,
            $"{health.Waiting} waiting, {health.Failed} failed, oldest waiting {age} s");
        return age > limit
            ? HealthCheckResult.Degraded(description + $" (over {limit} s)", data: data)
            : HealthCheckResult.Healthy(description, data);
    }

    /// <summary>The /health answer: overall status and each check's status, description and data as JSON (no exception text).</summary>
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data,
            }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
