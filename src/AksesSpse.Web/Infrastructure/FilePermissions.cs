using System.Runtime.InteropServices;

namespace AksesSpse.Web.Infrastructure;

/// <summary>
/// Everything the app writes — the SQLite database, uploads, logs, .eml files, the development certificate — is readable
/// by the app's own user only: the process umask is set to 077 at start (Unix), so every file is created 0600 and every
/// folder 0700 whichever library creates it; folders left by an older release are narrowed to 0700 at start.
/// </summary>
public static partial class FilePermissions
{
    public const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const uint OwnerOnlyMask = 0x3F; // 077

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint SetUmask(uint mask);

    /// <summary>Sets the process umask to 077 (no-op on Windows); returns the previous mask, or null.</summary>
    public static uint? RestrictNewFilesToOwner()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        return SetUmask(OwnerOnlyMask);
    }

    /// <summary>Narrows existing folders (e.g. App_Data from an older release) to 0700; a folder that is not ours is left alone.</summary>
    public static void RestrictFolders(IEnumerable<string> folders)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var folder in folders.Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f))).Distinct(StringComparer.Ordinal))
        {
            // Never a top-level folder such as /tmp or /srv, should a setting point there.
            if (folder.Split('/', StringSplitOptions.RemoveEmptyEntries).Length < 2)
            {
                continue;
            }

            try
            {
                if (Directory.Exists(folder) && (File.GetUnixFileMode(folder) & ~OwnerOnlyFolder) != 0)
                {
                    File.SetUnixFileMode(folder, OwnerOnlyFolder);
                }
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                Serilog.Log.ForContext(typeof(FilePermissions)).Warning("Cannot restrict {Folder} to its owner: {Error}", folder, e.Message);
            }
        }
    }
}
