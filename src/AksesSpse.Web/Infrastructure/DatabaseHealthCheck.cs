using AksesSpse.Core.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AksesSpse.Web.Infrastructure;

/// <summary>/health answers Unhealthy when the database cannot be reached (for load balancers and compose).</summary>
public sealed class DatabaseHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("database unreachable");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("database unreachable", ex);
        }
    }
}
