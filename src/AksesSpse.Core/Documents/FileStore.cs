using System.Security.Cryptography;

namespace AksesSpse.Core.Documents;

/// <summary>Where uploaded documents live. Paths are made by the app, never taken from the upload.</summary>
public interface IFileStore
{
    Task<string> SaveAsync(string folder, string extension, byte[] content, CancellationToken ct);
    Task<Stream?> OpenAsync(string storagePath, CancellationToken ct);
    Task DeleteAsync(string storagePath, CancellationToken ct);
}

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Folder for uploaded files; relative paths are under the app's content root.</summary>
    public string Root { get; set; } = "App_Data/files";
}

/// <summary>Files on a local (or mounted shared) folder.</summary>
public sealed class LocalFileStore(string root) : IFileStore
{
    private readonly string _root = Path.GetFullPath(root);

    public string Root => _root;

    public async Task<string> SaveAsync(string folder, string extension, byte[] content, CancellationToken ct)
    {
        var relative = Path.Combine(folder, $"{Guid.NewGuid():N}{extension}");
        var full = Resolve(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllBytesAsync(full, content, ct);
        return relative.Replace('\\', '/');
    }

    public Task<Stream?> OpenAsync(string storagePath, CancellationToken ct)
    {
        var full = Resolve(storagePath);
        return Task.FromResult<Stream?>(File.Exists(full) ? File.OpenRead(full) : null);
    }

    public Task DeleteAsync(string storagePath, CancellationToken ct)
    {
        var full = Resolve(storagePath);
        if (File.Exists(full))
        {
            File.Delete(full);
        }

        return Task.CompletedTask;
    }

    private string Resolve(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(_root, relative));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Storage path escapes the storage root.");
        }

        return full;
    }

    public static string Sha256Hex(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
