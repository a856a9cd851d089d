using AksesSpse.Core.Credentials;
using AksesSpse.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AksesSpse.Core.Documents;

public sealed class FileSweepOptions
{
    public const string Section = "Storage:Sweep";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A file younger than this is never removed: an upload in progress (on this node or another one sharing the storage
    /// root) writes its file before the row that names it is saved.
    /// </summary>
    public double MinAgeMinutes { get; set; } = 60;

    public double IntervalMinutes { get; set; } = 360;
}

/// <summary>
/// Removes files left behind in the storage root by a crash between writing an upload and saving its row: files in the
/// folders the app writes (requests/, generated/, campaigns/) that no request document, outbox attachment or campaign
/// notice names, and that are older than <see cref="FileSweepOptions.MinAgeMinutes"/>. Anything else in the root is left
/// alone.
/// </summary>
public sealed class OrphanFileSweeper(AppDbContext db, IFileStore store, TimeProvider time, IOptions<FileSweepOptions> options,
    ILogger<OrphanFileSweeper> logger)
{
    /// <summary>The top folders under which the app stores files (RequestFiles, PpkCampaignService).</summary>
    public static readonly IReadOnlyList<string> AppFolders = ["requests", "generated", "campaigns"];

    private const int Batch = 200;

    /// <summary>Deletes the orphaned files; returns their storage paths.</summary>
    public async Task<IReadOnlyList<string>> SweepAsync(CancellationToken ct)
    {
        if (store is not LocalFileStore local)
        {
            return [];
        }

        var cutoff = time.GetUtcNow().UtcDateTime.AddMinutes(-options.Value.MinAgeMinutes);
        var candidates = new List<string>();
        foreach (var folder in AppFolders)
        {
            var directory = Path.Combine(local.Root, folder);
            if (!Directory.Exists(directory))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            {
                if (File.GetLastWriteTimeUtc(file) < cutoff)
                {
                    candidates.Add(Path.GetRelativePath(local.Root, file).Replace('\\', '/'));
                }
            }
        }

        var removed = new List<string>();
        foreach (var chunk in candidates.Chunk(Batch))
        {
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            referenced.UnionWith(await db.RequestDocuments.Where(d => chunk.Contains(d.StoragePath)).Select(d => d.StoragePath).ToListAsync(ct));
            referenced.UnionWith(await db.OutboxMessages.Where(m => m.AttachmentPath != null && chunk.Contains(m.AttachmentPath))
                .Select(m => m.AttachmentPath!).ToListAsync(ct));
            referenced.UnionWith(await db.PpkCampaigns.Where(c => c.NoticeStoragePath != null && chunk.Contains(c.NoticeStoragePath))
                .Select(c => c.NoticeStoragePath!).ToListAsync(ct));
            foreach (var path in chunk.Where(p => !referenced.Contains(p)))
            {
                try
                {
                    await store.DeleteAsync(path, ct);
                    removed.Add(path);
                }
                catch (IOException e)
                {
                    logger.LogWarning("Orphaned upload {Path} could not be removed: {Reason}", path, e.Message);
                }
            }
        }

        if (removed.Count > 0)
        {
            logger.LogInformation("Removed {Count} orphaned files from the storage root", removed.Count);
        }

        return removed;
    }
}

/// <summary>
/// The periodic housekeeping, shortly after start-up and then every <see cref="FileSweepOptions.IntervalMinutes"/>: the sweep
/// of orphaned files, and the erasure of temporary passwords whose links expired unopened.
/// </summary>
public sealed class OrphanFileSweepService(IServiceProvider services, TimeProvider time, IOptions<FileSweepOptions> options,
    ILogger<OrphanFileSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, options.Value.IntervalMinutes)), time);
        do
        {
            try
            {
                using var scope = services.CreateScope();
                await scope.ServiceProvider.GetRequiredService<OrphanFileSweeper>().SweepAsync(stoppingToken);
                var erased = await scope.ServiceProvider.GetRequiredService<CredentialService>().PurgeExpiredAsync(stoppingToken);
                if (erased > 0)
                {
                    logger.LogInformation("Erased {Count} temporary passwords whose links expired unopened", erased);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Housekeeping (orphaned files, expired passwords) failed; it runs again later");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
