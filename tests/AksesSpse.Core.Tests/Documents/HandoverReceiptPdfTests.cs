using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using AksesSpse.Core.Documents.Pdf;
using AksesSpse.Core.Offices;

using AksesSpse.Tests.Shared;
using static AksesSpse.Tests.Shared.Poppler;

namespace AksesSpse.Core.Tests.Documents;

[Trait("Sop", "Deactivation")]
public sealed partial class HandoverReceiptPdfTests
{
    private static readonly OfficeClock Wib = OfficeClock.For("Asia/Jakarta", TimeProvider.System);

    private static readonly string[] Documents =
    [
        "Surat permohonan penonaktifan user ID SPSE yang ditandatangani Kepala UKPBJ Kabupaten Contoh",
        "Salinan Surat Keputusan pemberhentian sebagai anggota Kelompok Kerja Pemilihan Tahun Anggaran 2026 beserta lampiran daftar nama",
        "Fotokopi KTP",
        "Pakta integritas",
    ];

    private static HandoverReceipt Receipt(string? url = null) => new(
        OfficeName: "LPSE Kabupaten Contoh",
        OfficeAddress: "Jl. Merdeka No. 17, Kecamatan Kota, Kabupaten Contoh, Jawa Tengah 50123 — Telp. (024) 555-0172",
        RequestNumber: "NA-2026-00042",
        ApplicantName: "Rina Kartikasari, S.E.",
        ApplicantNip: "198503122010012003",
        ApplicantAgency: "UKPBJ Kabupaten Contoh — Bagian Pengadaan Barang dan Jasa Sekretariat Daerah",
        RequestTitle: "Penonaktifan user ID SPSE Pokja Pemilihan",
        Channel: "Datang langsung",
        ReceivedAtUtc: new DateTime(2026, 11, 22, 2, 5, 0, DateTimeKind.Utc),
        Clock: Wib,
        ReceivedByName: "Budi Santoso",
        DocumentsReceived: Documents,
        StatusUrl: url ?? "https://lpse.contohkab.go.id/aksesspse/status/NA-2026-00042?k=7f3a9c");

    [Fact]
    public void ThePdfShowsEveryField()
    {
        var pdf = HandoverReceiptPdf.Render(Receipt());

        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        using var file = new TempPdf(pdf);
        var text = Collapse(Run("pdftotext", "-layout", file.Path, "-"));

        string[] expected =
        [
            "LPSE Kabupaten Contoh",
            "Jl. Merdeka No. 17",
            "FORMULIR SERAH TERIMA BERKAS",
            "NA-2026-00042",
            "Rina Kartikasari, S.E.",
            "19850312 201001 2 003",
            "UKPBJ Kabupaten Contoh — Bagian Pengadaan Barang dan Jasa Sekretariat Daerah",
            "Penonaktifan user ID SPSE Pokja Pemilihan",
            "Datang langsung",
            "22-11-2026 09:05 WIB",
            "Diterima oleh",
            "Budi Santoso",
            "Yang menyerahkan",
            "Yang menerima",
            "Pindai untuk melihat status permohonan",
            "https://lpse.contohkab.go.id/aksesspse/status/NA-2026-00042?k=7f3a9c",
        ];
        foreach (var field in expected.Concat(Documents))
        {
            Assert.Contains(Collapse(field), text);
        }

        foreach (var (document, index) in Documents.Select((d, i) => (d, i)))
        {
            Assert.Contains($"{index + 1}. {Collapse(document)}", text);
        }
    }

    [Fact]
    public void ItIsOneA4PageWithDocumentInformation()
    {
        using var file = new TempPdf(HandoverReceiptPdf.Render(Receipt()));

        var info = Run("pdfinfo", file.Path);

        Assert.Matches(@"(?m)^Pages:\s+1$", info);
        Assert.Matches(@"(?m)^Page size:\s+595(\.\d+)? x 842(\.\d+)? pts \(A4\)", info);
        Assert.Matches(@"(?m)^Title:\s+Formulir Serah Terima Berkas NA-2026-00042$", info);
        Assert.Matches(@"(?m)^Author:\s+AksesSpse$", info);
        Assert.Matches(@"(?m)^Subject:\s+.*NA-2026-00042", info);
    }

    [Fact]
    public void ItRendersToAPng()
    {
        using var file = new TempPdf(HandoverReceiptPdf.Render(Receipt()));
        var prefix = Path.Combine(Path.GetTempPath(), "aksesspse-receipt-" + Guid.NewGuid().ToString("N"));
        try
        {
            Run("pdftoppm", "-png", "-r", "60", "-singlefile", file.Path, prefix);

            var png = File.ReadAllBytes(prefix + ".png");
            Assert.True(png.Length > 1000);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        }
        finally
        {
            File.Delete(prefix + ".png");
        }
    }

    [Fact]
    public async Task RenderingInParallelWorks()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => HandoverReceiptPdf.Render(Receipt($"https://lpse.contohkab.go.id/aksesspse/status/NA-2026-{i:00000}")))));

        Assert.All(results, pdf => Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4)));
        using var file = new TempPdf(results[5]);
        Assert.Contains("https://lpse.contohkab.go.id/aksesspse/status/NA-2026-00005", Run("pdftotext", "-layout", file.Path, "-"));
    }

    [Fact]
    public void EnsureInitializedIsIdempotent()
    {
        PdfSetup.EnsureInitialized();
        PdfSetup.EnsureInitialized();

        Assert.IsType<SystemFontResolver>(PdfSharp.Fonts.GlobalFontSettings.FontResolver);
    }

    [Theory]
    [InlineData("https://lpse.contohkab.go.id/aksesspse/status/NA-2026-00042?k=7f3a9c")]
    [InlineData("https://x.id/s/1")]
    public void TheQrMatrixHasTheSizeOfItsVersionAndItsFinderPatterns(string url)
    {
        var modules = HandoverReceiptPdf.QrModules(url);
        var count = modules.GetLength(0);

        Assert.Equal(count, modules.GetLength(1));
        Assert.Equal(0, (count - 17) % 4); // 17 + 4 × version
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCoder.QRCodeGenerator.ECCLevel.M);
        Assert.Equal(17 + (4 * data.Version), count);

        // The three 7×7 finder patterns: a dark ring, a light ring, a dark 3×3 centre.
        foreach (var (top, left) in new[] { (0, 0), (0, count - 7), (count - 7, 0) })
        {
            for (var r = 0; r < 7; r++)
            {
                for (var c = 0; c < 7; c++)
                {
                    var ring = Math.Max(Math.Abs(r - 3), Math.Abs(c - 3));
                    Assert.Equal(ring != 2, modules[top + r, left + c]);
                }
            }
        }
    }

    [Fact]
    public void TheQrVersionFollowsTheUrlLength()
    {
        // 68 bytes at ECC level M exceed version 4 (62 bytes) and fit version 5 (37 modules); a 16-byte URL just exceeds version 1 (14 bytes): version 2 (25).
        Assert.Equal(68, Receipt().StatusUrl.Length);
        Assert.Equal(37, HandoverReceiptPdf.QrModules(Receipt().StatusUrl).GetLength(0));
        Assert.Equal(25, HandoverReceiptPdf.QrModules("https://x.id/s/1").GetLength(0));
    }

    [Fact]
    public void TheResolverFallsBackToDejaVuSansAndSimulatesItalic()
    {
        var resolver = new SystemFontResolver();

        var regular = resolver.ResolveTypeface("Arial", isBold: false, isItalic: false);
        var bold = resolver.ResolveTypeface("DejaVu Sans", isBold: true, isItalic: false);
        var italic = resolver.ResolveTypeface("Times New Roman", isBold: false, isItalic: true);

        Assert.Equal("DejaVuSans", regular.FaceName);
        Assert.Equal("DejaVuSans-Bold", bold.FaceName);
        Assert.Equal("DejaVuSans", italic.FaceName);
        Assert.True(italic.MustSimulateItalic);
        Assert.False(regular.MustSimulateItalic);
        Assert.Same(resolver.GetFont("DejaVuSans"), resolver.GetFont("DejaVuSans"));
        Assert.NotEqual(resolver.GetFont("DejaVuSans").Length, resolver.GetFont("DejaVuSans-Bold").Length);
    }

    [Fact]
    public void AMissingFontNamesThePackageToInstall()
    {
        var resolver = new SystemFontResolver(Path.Combine(Path.GetTempPath(), "no-fonts-" + Guid.NewGuid().ToString("N")));

        var error = Assert.Throws<FileNotFoundException>(() => resolver.GetFont("DejaVuSans"));

        Assert.Contains("fonts-dejavu-core", error.Message);
    }

    [Theory]
    [InlineData("Asia/Jakarta", "01-12-2026 23:30 WIB")]
    [InlineData("Asia/Makassar", "02-12-2026 00:30 WITA")]
    [InlineData("Asia/Jayapura", "02-12-2026 01:30 WIT")]
    public void TheReceivedTimeIsPrintedInTheOfficeZoneWithItsLabel(string zone, string expected)
    {
        var pdf = HandoverReceiptPdf.Render(Receipt() with
        {
            ReceivedAtUtc = new DateTime(2026, 12, 1, 16, 30, 0, DateTimeKind.Utc),
            Clock = OfficeClock.For(zone, TimeProvider.System),
        });

        using var file = new TempPdf(pdf);
        var text = Collapse(Run("pdftotext", "-layout", file.Path, "-"));
        Assert.Contains(expected, text);
        Assert.DoesNotContain("16:30", text);
    }

    [Fact]
    public void ALongListOfDocumentsStaysOnOnePage()
    {
        var many = Enumerable.Range(1, 30).Select(i => $"Lampiran {i}: salinan dokumen pendukung permohonan nomor {i} dengan keterangan yang cukup panjang").ToList();
        using var file = new TempPdf(HandoverReceiptPdf.Render(Receipt() with { DocumentsReceived = many, ApplicantNip = null }));

        Assert.Matches(@"(?m)^Pages:\s+1$", Run("pdfinfo", file.Path));
        var text = Collapse(Run("pdftotext", "-layout", file.Path, "-"));
        Assert.Contains("Lampiran 1:", text);
        Assert.Contains("berkas lainnya", text);
    }

    [Fact]
    public void AnEmptyListAndMissingNipAndAgencyArePrintedAsSuch()
    {
        using var file = new TempPdf(HandoverReceiptPdf.Render(Receipt() with { DocumentsReceived = [], ApplicantNip = null, ApplicantAgency = null, OfficeAddress = null }));

        var text = Collapse(Run("pdftotext", "-layout", file.Path, "-"));

        Assert.Contains("(tidak ada berkas)", text);
        Assert.Contains("NIP : -", text);
        Assert.Contains("Instansi : -", text);
        Assert.Contains("Diterima oleh : Budi Santoso", text);
    }

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
