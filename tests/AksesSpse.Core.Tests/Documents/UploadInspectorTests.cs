using AksesSpse.Core.Documents;
using AksesSpse.Core.Tests.TestSupport;

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
        var content = new byte[1024];
        TestFiles.Pdf().CopyTo(content, 0);

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
}
