namespace AksesSpse.Core.Offices;

/// <summary>The office's logo as its documents print it: a PNG or JPEG of at most <see cref="MaxBytes"/>.</summary>
public static class OfficeLogo
{
    public const int MaxBytes = 256 * 1024;

    /// <summary>Why a logo of <paramref name="bytes"/> is refused for its size, in Bahasa Indonesia.</summary>
    public static string TooLarge(long bytes) =>
        $"Logo kantor berukuran {(bytes + 1023) / 1024} KB, melebihi batas {MaxBytes / 1024} KB. Perkecil gambarnya, lalu unggah kembali.";

    /// <summary>The content type of a logo judged by its first bytes, or null when it is neither a PNG nor a JPEG.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes) =>
        bytes.Length > 8 && bytes[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }) ? "image/png"
        : bytes.Length > 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF ? "image/jpeg"
        : null;

    /// <summary>
    /// The logo as the documents store it: decoded and written again as a plain PNG at most <paramref name="maxSide"/> pixels on its
    /// longer side, so that what any renderer reads is a file this code wrote. Null when the image does not decode.
    /// </summary>
    public static byte[]? Normalize(byte[] content, int maxSide = 512)
    {
        try
        {
            using var bitmap = SkiaSharp.SKBitmap.Decode(content);
            if (bitmap is null || bitmap.Width <= 0 || bitmap.Height <= 0)
            {
                return null;
            }

            var scale = Math.Min(1.0, (double)maxSide / Math.Max(bitmap.Width, bitmap.Height));
            using var sized = scale < 1
                ? bitmap.Resize(new SkiaSharp.SKImageInfo(Math.Max(1, (int)(bitmap.Width * scale)), Math.Max(1, (int)(bitmap.Height * scale))),
                    new SkiaSharp.SKSamplingOptions(SkiaSharp.SKFilterMode.Linear))
                : bitmap.Copy();
            using var image = SkiaSharp.SKImage.FromBitmap(sized);
            using var png = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            return png?.ToArray();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }
}
