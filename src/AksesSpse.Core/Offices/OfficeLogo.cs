namespace AksesSpse.Core.Offices;

/// <summary>The office's logo as its documents print it: a PNG or JPEG of at most <see cref="MaxBytes"/>.</summary>
public static class OfficeLogo
{
    public const int MaxBytes = 256 * 1024;

    /// <summary>The content type of a logo judged by its first bytes, or null when it is neither a PNG nor a JPEG.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes) =>
        bytes.Length > 8 && bytes[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }) ? "image/png"
        : bytes.Length > 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF ? "image/jpeg"
        : null;
}
