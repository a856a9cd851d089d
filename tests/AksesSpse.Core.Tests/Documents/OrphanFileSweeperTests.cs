using AksesSpse.Core.Documents;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AksesSpse.Core.Tests.Documents;

/// <summary>Files a crash left in the storage root (written, but their row never saved) are removed; nothing else is.</summary>
public sealed class OrphanFileSweeperTests : IDisposable
{
    private readonly Engine.PasswordResetEngineHarness _h = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aksesspse-sweep-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task RemovesOldFilesThatNoRowNamesAndKeepsRecentOnesReferencedOnesAndForeignOnes()
    {
        var store = new LocalFileStore(_root);
        var submitted = await _h.TrySubmitAsync(engine: _h.Engine(files: store));
        Assert.True(submitted.Succeeded, submitted.Message);
        var documents = await _h.Query().RequestDocuments.Select(d => d.StoragePath).ToListAsync();
        Assert.Equal(2, documents.Count);

        var now = _h.Time.GetUtcNow().UtcDateTime;
        var orphan = await store.SaveAsync("requests/2026/03", ".pdf", TestFiles.Pdf(), CancellationToken.None);
        var orphanGenerated = await store.SaveAsync("generated/2026/03", ".pdf", TestFiles.Pdf(), CancellationToken.None);
        var uploadInProgress = await store.SaveAsync("requests/2026/03", ".pdf", TestFiles.Pdf(), CancellationToken.None);
        var attachment = await store.SaveAsync("generated/2026/03", ".pdf", TestFiles.Pdf(), CancellationToken.None);
        var foreign = Path.Combine(_root, "keys", "key-1.xml");
        Directory.CreateDirectory(Path.GetDirectoryName(foreign)!);
        await File.WriteAllTextAsync(foreign, "<key/>");
        await using (var db = _h.Database.NewContext())
        {
            db.OutboxMessages.Add(new OutboxMessage { Kind = "received", To = "rina@contoh.go.id", Subject = "Tanda terima", Body = "-", CreatedAt = now, NextAttemptAt = now, AttachmentPath = attachment });
            await db.SaveChangesAsync();
        }

        foreach (var path in documents.Append(orphan).Append(orphanGenerated).Append(attachment))
        {
            File.SetLastWriteTimeUtc(Full(path), now.AddHours(-2));
        }

        File.SetLastWriteTimeUtc(Full(uploadInProgress), now.AddMinutes(-10));
        File.SetLastWriteTimeUtc(foreign, now.AddDays(-30));

        var removed = await Sweeper(store).SweepAsync(CancellationToken.None);

        Assert.Equal(new[] { orphan, orphanGenerated }.Order(), removed.Order());
        Assert.False(File.Exists(Full(orphan)));
        Assert.False(File.Exists(Full(orphanGenerated)));
        Assert.All(documents, p => Assert.True(File.Exists(Full(p)), p));
        Assert.True(File.Exists(Full(attachment)));
        Assert.True(File.Exists(Full(uploadInProgress)));
        Assert.True(File.Exists(foreign));

        // An hour later the interrupted upload is old enough, and still nameless: it goes too.
        _h.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal([uploadInProgress], await Sweeper(store).SweepAsync(CancellationToken.None));
        Assert.Empty(await Sweeper(store).SweepAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AnEmptyOrMissingRootIsNoError()
    {
        Assert.Empty(await Sweeper(new LocalFileStore(_root)).SweepAsync(CancellationToken.None));
    }

    private OrphanFileSweeper Sweeper(IFileStore store) =>
        new(_h.Database.NewContext(), store, _h.Time, Options.Create(new FileSweepOptions()), NullLogger<OrphanFileSweeper>.Instance);

    private string Full(string storagePath) => Path.Combine(_root, storagePath);

    public void Dispose()
    {
        _h.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
