namespace AksesSpse.Core.Documents;

/// <summary>A file as it arrived from a form, read into memory (uploads are small and size-limited).</summary>
public sealed record IncomingFile(string DocumentCode, string FileName, byte[] Content);

/// <summary>What an accepted upload turned out to be.</summary>
public sealed record InspectedFile(string ContentType, string Extension);

/// <summary>
/// Accepts PDF, JPG and PNG files by their content (magic bytes), never by name, and refuses files that
/// are too large, empty, or whose name claims another type than their content.
/// </summary>
public sealed class UploadInspector
{
    public const long DefaultMaxBytes = 5 * 1024 * 1024;

    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];

    public UploadInspector(long maxBytes = DefaultMaxBytes) => MaxBytes = maxBytes;

    public long MaxBytes { get; }

    /// <summary>Returns the detected type, or a message in Bahasa Indonesia saying what is wrong (naming the document and the file).</summary>
    public (InspectedFile? File, string? Error) Inspect(string fileName, byte[] content, string documentName)
    {
        if (content.Length == 0)
        {
            return (null, $"Berkas \"{documentName}\" kosong. Unggah ulang berkas yang benar.");
        }

        if (content.Length > MaxBytes)
        {
            return (null, $"Berkas \"{documentName}\" berukuran {content.Length / 1024.0 / 1024.0:0.0} MB, melebihi batas {MaxBytes / 1024 / 1024} MB.");
        }

        var detected = Detect(content);
        if (detected is null)
        {
            return (null, $"Berkas \"{documentName}\" bukan PDF, JPG, atau PNG yang sah. Isi berkas diperiksa, bukan hanya namanya.");
        }

        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var nameMatches = detected.Extension switch
        {
            ".jpg" => extension is ".jpg" or ".jpeg",
            _ => extension == detected.Extension,
        };
        if (!nameMatches)
        {
            return (null, $"Berkas \"{documentName}\" bernama {extension} tetapi isinya {detected.Extension.TrimStart('.').ToUpperInvariant()}. Unggah berkas dengan nama dan isi yang sesuai.");
        }

        var shown = Requests.RequestFiles.SafeFileName(fileName);
        var problem = detected.Extension == ".pdf" ? PdfCheck.Inspect(content) : ImageCheck.Inspect(content, detected.Extension);
        return problem switch
        {
            ContentProblem.None => (detected, null),
            ContentProblem.Unreadable when detected.Extension == ".pdf" => (null,
                $"Berkas \"{documentName}\" ({shown}) bukan PDF yang dapat dibaca: isinya rusak, terpotong, atau terkunci kata sandi. Simpan ulang atau pindai ulang dokumennya sebagai PDF, lalu unggah kembali."),
            ContentProblem.Unreadable => (null,
                $"Berkas \"{documentName}\" ({shown}) bukan gambar {detected.Extension.TrimStart('.').ToUpperInvariant()} yang dapat dibuka: isinya rusak atau terpotong. Simpan ulang atau pindai ulang dokumennya, lalu unggah kembali."),
            ContentProblem.ImageTooLarge => (null,
                $"Berkas \"{documentName}\" ({shown}) berukuran gambar terlalu besar (lebih dari {ImageCheck.MaxPixels / 1_000_000} megapiksel). Perkecil resolusi pindaiannya, lalu unggah kembali."),
            _ => (null,
                $"Berkas \"{documentName}\" ({shown}) ditolak karena PDF-nya memuat JavaScript atau perintah menjalankan program (Launch). Cetak ulang dokumen ke PDF biasa (mis. \"Print to PDF\" atau pindai ulang), lalu unggah kembali."),
        };
    }

    private static InspectedFile? Detect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(Pdf))
        {
            return new InspectedFile("application/pdf", ".pdf");
        }

        if (content.StartsWith(Png))
        {
            return new InspectedFile("image/png", ".png");
        }

        if (content.StartsWith(Jpeg))
        {
            return new InspectedFile("image/jpeg", ".jpg");
        }

        return null;
    }
}
