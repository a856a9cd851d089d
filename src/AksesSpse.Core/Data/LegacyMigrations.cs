using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;

namespace AksesSpse.Core.Data;

/// <summary>
/// Databases made by release 20261122 carry the ids of the hand-written migrations that were replaced by the
/// generated ones (docs/adr/0017). Their schema is exactly what the generated baseline builds, so the baseline is
/// recorded as applied in their place, and Migrate then applies only what came after it. Rows of any other
/// migration are left alone.
/// </summary>
public static class LegacyMigrations
{
    /// <summary>The hand-written migrations of release 20261122, in order.</summary>
    public static readonly IReadOnlyList<string> Release20261122 = ["20261122000000_InitialSchema", "20261122120000_AccessActivation"];

    /// <summary>The generated migration whose schema equals the last hand-written one's (same id for every provider).</summary>
    public const string BaselineId = "20261129000000_Baseline";

    /// <summary>
    /// Replaces the legacy history rows by the baseline's, in one transaction. Returns true when it did.
    /// Safe to run on every start and from two nodes at once; does nothing on a new or already bridged database.
    /// </summary>
    public static async Task<bool> BridgeAsync(AppDbContext db, ILogger logger, CancellationToken ct)
    {
        var history = db.GetService<IHistoryRepository>();
        if (!await history.ExistsAsync(ct))
        {
            return false;
        }

        var applied = await AppliedAsync(history, ct);
        var legacy = Release20261122.Where(applied.Contains).ToList();
        if (legacy.Count == 0)
        {
            return false;
        }

        if (!applied.Contains(Release20261122[^1]))
        {
            throw new InvalidOperationException(
                $"The database has only part of release 20261122's migrations ({string.Join(", ", legacy)}): " +
                "upgrade it with release 20261122 first, then with this one.");
        }

        if (!db.Database.GetMigrations().Contains(BaselineId))
        {
            throw new InvalidOperationException($"The migrations of {db.GetType().Name} have no baseline {BaselineId}.");
        }

        var sql = new List<string>();
        if (!applied.Contains(BaselineId))
        {
            sql.Add(history.GetInsertScript(new HistoryRow(BaselineId, ProductInfo.GetVersion())));
        }

        sql.AddRange(legacy.Select(history.GetDeleteScript));
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var statement in sql)
            {
                await db.Database.ExecuteSqlRawAsync(statement, ct);
            }

            await tx.CommitAsync(ct);
        }
        catch (DbException) when (!ct.IsCancellationRequested)
        {
            // Another node bridged the same database at the same moment: fine if its work is done.
            var now = await AppliedAsync(history, ct);
            if (!now.Contains(BaselineId) || Release20261122.Any(now.Contains))
            {
                throw;
            }
        }

        logger.LogInformation("Database of release 20261122 recognised: migrations {Legacy} recorded as {Baseline}",
            string.Join(", ", legacy), BaselineId);
        return true;
    }

    private static async Task<HashSet<string>> AppliedAsync(IHistoryRepository history, CancellationToken ct) =>
        (await history.GetAppliedMigrationsAsync(ct)).Select(r => r.MigrationId).ToHashSet(StringComparer.Ordinal);
}
