using AksesSpse.Core.Documents;
using AksesSpse.Core.Tests.TestSupport;
using AksesSpse.Tests.Shared;

namespace AksesSpse.Core.Tests.Documents;

public sealed class UploadInspectorTests
{
    private const string DocumentName = "Surat Permohonan";
    private readonly UploadInspector _inspector = new();

    [Theory]
    [InlineData("surat.pdf", "pdf", "application/pdf", ".pdf")]
    [InlineData("scan.png", "png", "image/png", ".png")]
    [InlineData("foto.jpg", "jpg", "image/jpeg", ".jpg")]
    [InlineData("foto.jpeg", "jpg", "image/jpeg", ".jpg")]
    public void AcceptsPdfPngAndJpgByTheirContent(string fileName, string content, string contentType, string extension)
    {
        var (file, error) = _inspector.Inspect(fileName, Bytes(content), DocumentName);

        Assert.Null(error);
        Assert.Equal(new InspectedFile(contentType, extension), file);
    }

    [Theory]
    [InlineData("SURAT.PDF", "pdf")]
    [InlineData("Scan.Png", "png")]
    [InlineData("FOTO.JPEG", "jpg")]
    [InlineData("foto.JpG", "jpg")]
    public void ReadsTheExtensionWithoutRegardToCase(string fileName, string content)
    {
        var (file, error) = _inspector.Inspect(fileName, Bytes(content), DocumentName);

        Assert.Null(error);
        Assert.NotNull(file);
    }

    [Theory]
    [InlineData("surat.pdf", "png", ".pdf", "PNG")]
    [InlineData("scan.png", "pdf", ".png", "PDF")]
    [InlineData("foto.jpg", "png", ".jpg", "PNG")]
    [InlineData("surat.docx", "pdf", ".docx", "PDF")]
    public void RefusesANameThatClaimsAnotherTypeThanTheContent(string fileName, string content, string claimed, string actual)
    {
        var (file, error) = _inspector.Inspect(fileName, Bytes(content), DocumentName);

        Assert.Null(file);
        Assert.Equal($"Berkas \"{DocumentName}\" bernama {claimed} tetapi isinya {actual}. Unggah berkas dengan nama dan isi yang sesuai.", error);
    }

    [Fact]
    public void RefusesAFileWithoutExtension()
    {
        var (file, error) = _inspector.Inspect("surat", TestFiles.Pdf(), DocumentName);

        Assert.Null(file);
        Assert.Contains("isinya PDF", error);
    }

    [Theory]
    [InlineData("program.pdf", "exe")]
    [InlineData("surat.pdf", "text")]
    [InlineData("surat.pdf", "random")]
    [InlineData("program.exe", "exe")]
    public void RefusesContentThatIsNoneOfTheAcceptedTypes(string fileName, string content)
    {
        var (file, error) = _inspector.Inspect(fileName, Bytes(content), DocumentName);

        Assert.Null(file);
        Assert.Equal($"Berkas \"{DocumentName}\" bukan PDF, JPG, atau PNG yang sah. Isi berkas diperiksa, bukan hanya namanya.", error);
    }

    [Fact]
    public void RefusesAnEmptyFile()
    {
        var (file, error) = _inspector.Inspect("surat.pdf", [], DocumentName);

        Assert.Null(file);
        Assert.Equal($"Berkas \"{DocumentName}\" kosong. Unggah ulang berkas yang benar.", error);
    }

    [Fact]
    public void RefusesAFileLargerThanTheLimit()
    {
        var inspector = new UploadInspector(maxBytes: 2 * 1024 * 1024);

        var (file, error) = inspector.Inspect("surat.pdf", TestFiles.PdfLargerThan(3 * 1024 * 1024 - 1), DocumentName);

        Assert.Null(file);
        Assert.NotNull(error);
        Assert.StartsWith($"Berkas \"{DocumentName}\" berukuran ", error);
        Assert.EndsWith(" MB, melebihi batas 2 MB.", error);
    }

    [Fact]
    public void AcceptsAFileOfExactlyTheLimit()
    {
        var inspector = new UploadInspector(maxBytes: 1024);
        var content = TestFiles.PdfOfSize(1024);

        var (file, error) = inspector.Inspect("surat.pdf", content, DocumentName);

        Assert.Null(error);
        Assert.NotNull(file);
    }

    [Fact]
    public void DefaultLimitIsFiveMegabytes()
    {
        Assert.Equal(5 * 1024 * 1024, new UploadInspector().MaxBytes);
        Assert.NotNull(_inspector.Inspect("surat.pdf", TestFiles.PdfLargerThan(UploadInspector.DefaultMaxBytes), DocumentName).Error);
    }

    [Fact]
    public void RefusesAFileThatOnlyStartsLikeAKnownType()
    {
        // "%PD" is not "%PDF-": a truncated signature is not a PDF.
        var (file, error) = _inspector.Inspect("surat.pdf", "%PD"u8.ToArray(), DocumentName);

        Assert.Null(file);
        Assert.NotNull(error);
    }

    private static byte[] Bytes(string content) => content switch
    {
        "pdf" => TestFiles.Pdf(),
        "png" => TestFiles.Png(),
        "jpg" => TestFiles.Jpeg(),
        "exe" => TestFiles.Exe(),
        "text" => TestFiles.Text(),
        "random" => TestFiles.RandomBytes(),
        _ => throw new ArgumentOutOfRangeException(nameof(content)),
    };

    // ---- content checks: a PDF must parse and carry no JavaScript or launch action; an image must decode ----

    public static TheoryData<string, byte[]> HostilePdfs() => new()
    {
        { "OpenAction JavaScript", TestDocuments.PdfWithOpenActionJavaScript() },
        { "JavaScript in a compressed object stream", TestDocuments.PdfWithJavaScriptInObjectStream() },
        { "#-escaped JavaScript names", TestDocuments.PdfWithEscapedJavaScriptNames() },
        { "Launch action", TestDocuments.PdfWithLaunchAction() },
    };

    [Theory]
    [MemberData(nameof(HostilePdfs))]
    public void RefusesAPdfWithJavaScriptOrALaunchAction(string kind, byte[] content)
    {
        var (file, error) = _inspector.Inspect("surat-permohonan.pdf", content, DocumentName);

        Assert.True(file is null, kind);
        Assert.Equal($"Berkas \"{DocumentName}\" (surat-permohonan.pdf) ditolak karena PDF-nya memuat JavaScript atau perintah menjalankan program (Launch). " +
                     "Cetak ulang dokumen ke PDF biasa (mis. \"Print to PDF\" atau pindai ulang), lalu unggah kembali.", error);
    }

    [Fact]
    public void ReadsObjectsInsideCompressedObjectStreams()
    {
        // The same file without the JavaScript action parses and is accepted: the refusal above comes from the object
        // stream's content, which the raw bytes never show.
        var clean = TestDocuments.PdfWithJavaScriptInObjectStream(withJavaScript: false);
        var hostile = TestDocuments.PdfWithJavaScriptInObjectStream(withJavaScript: true);
        Assert.DoesNotContain("JavaScript", System.Text.Encoding.Latin1.GetString(hostile));

        Assert.Null(_inspector.Inspect("surat.pdf", clean, DocumentName).Error);
        Assert.NotNull(_inspector.Inspect("surat.pdf", hostile, DocumentName).Error);
    }

    [Theory]
    [InlineData("header only")]
    [InlineData("truncated")]
    [InlineData("no pages")]
    public void RefusesAPdfThatDoesNotParse(string kind)
    {
        var pdf = TestDocuments.Pdf();
        var content = kind switch
        {
            "header only" => "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"u8.ToArray(),
            "truncated" => pdf[..(pdf.Length / 3)],
            _ => "%PDF-1.4\nsekadar teks yang diawali tanda PDF\n"u8.ToArray(),
        };

        var (file, error) = _inspector.Inspect("surat.pdf", content, DocumentName);

        Assert.True(file is null, kind);
        Assert.Equal($"Berkas \"{DocumentName}\" (surat.pdf) bukan PDF yang dapat dibaca: isinya rusak, terpotong, atau terkunci kata sandi. " +
                     "Simpan ulang atau pindai ulang dokumennya sebagai PDF, lalu unggah kembali.", error);
    }

    [Theory]
    [InlineData("scan.png", "png")]
    [InlineData("foto.jpg", "jpg")]
    public void RefusesAnImageThatDoesNotDecode(string fileName, string kind)
    {
        var image = kind == "png" ? TestDocuments.Png(64, 64) : TestDocuments.Jpeg(64, 64);
        var truncated = image[..(image.Length / 2)];
        var garbled = (byte[])image.Clone();
        for (var i = 40; i < garbled.Length - 4; i++)
        {
            garbled[i] ^= 0x5A;
        }

        foreach (var content in new[] { truncated, garbled, image[..16] })
        {
            var (file, error) = _inspector.Inspect(fileName, content, DocumentName);

            Assert.Null(file);
            Assert.Equal($"Berkas \"{DocumentName}\" ({fileName}) bukan gambar {kind.ToUpperInvariant()} yang dapat dibuka: isinya rusak atau terpotong. " +
                         "Simpan ulang atau pindai ulang dokumennya, lalu unggah kembali.", error);
        }
    }

    [Fact]
    public void AcceptsImagesThatDecode()
    {
        Assert.Null(_inspector.Inspect("scan.png", TestDocuments.Png(300, 200), DocumentName).Error);
        Assert.Null(_inspector.Inspect("scan.jpeg", TestDocuments.Jpeg(300, 200), DocumentName).Error);
    }
}
