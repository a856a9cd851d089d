using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AksesSpse.Core.Documents.Pdf;
using AksesSpse.Core.Offices;

using AksesSpse.Tests.Shared;
using static AksesSpse.Tests.Shared.Poppler;

namespace AksesSpse.Core.Tests.Campaigns;

[Trait("Sop", "Deactivation")]
public sealed partial class CampaignNoticePdfTests
{
    private static readonly OfficeClock Wib = OfficeClock.For("Asia/Jakarta", TimeProvider.System);

    private static CampaignNoticeAccount Account(int i) => new(
        $"ppk.{i:D5}", $"Pemegang Akun {i:D5}", "198503122010012003", $"Dinas Nomor {i % 40} Kabupaten Contoh",
        $"900/{i:D5}/SK-PPK/2026", new DateOnly(2026, 12, 31), null);

    private static CampaignNotice Notice(int deactivated, IReadOnlyList<CampaignNoticeAccount>? excluded = null,
        IReadOnlyList<CampaignNoticeAccount>? failed = null)
    {
        excluded ??=
        [
            new("citra.ppk", "Citra Lestari, S.T.", "198807212012122001", "Dinas Perhubungan", "900/7/SK/2026", new DateOnly(2026, 12, 31),
                "Masih menjabat PPK kontrak tahun jamak pembangunan jembatan sampai serah terima Maret 2027"),
        ];
        failed ??=
        [
            new("andi.ppk", "Andi Saputra", null, "Dinas Kesehatan", "900/3/SK/2026", null, "Permohonan NA-2026-000007 sedang berjalan"),
        ];
        var list = Enumerable.Range(1, deactivated).Select(Account).ToList();
        return new CampaignNotice("LPSE Kabupaten Contoh", "Jl. Merdeka No. 17, Kabupaten Contoh, Jawa Tengah 50123",
            "KAB-CONTOH/PPK-NONAKTIF/2026/0003", 2026, new DateTime(2026, 12, 10, 3, 5, 0, DateTimeKind.Utc), Wib, "Budi Santoso",
            list.Count + excluded.Count + failed.Count, list, excluded, failed);
    }

    [Fact]
    public void TheNoticeShowsTheHeaderCountsAndEveryAccount()
    {
        var notice = Notice(120);
        using var file = new TempPdf(CampaignNoticePdf.Render(notice));

        var text = Collapse(Run("pdftotext", "-layout", file.Path, "-"));

        string[] expected =
        [
            "LPSE Kabupaten Contoh",
            "Jl. Merdeka No. 17, Kabupaten Contoh, Jawa Tengah 50123",
            "Pemberitahuan Penonaktifan Akun PPK Tahun Anggaran 2026",
            "Nomor: KAB-CONTOH/PPK-NONAKTIF/2026/0003",
            "Tanggal : 10 Desember 2026 10:05 WIB",
            "Dijalankan oleh : Budi Santoso (Admin Agency)",
            "Akun PPK aktif sebelum kampanye : 122",
            "Dinonaktifkan : 120",
            "Dikecualikan (tetap aktif) : 1",
            "Gagal dinonaktifkan : 1",
            "A. Akun PPK yang dinonaktifkan (120)",
            "B. Akun PPK yang dikecualikan (1)",
            "C. Akun PPK yang gagal dinonaktifkan (1)",
            "SOP 2",
            "SK penetapan yang baru",
            "Halaman 1 dari ",
            "1 ppk.00001 Pemegang Akun 00001 19850312 201001 2 003",
            "120 ppk.00120 Pemegang Akun 00120",
            "citra.ppk",
            "Masih menjabat PPK kontrak tahun jamak",
            "andi.ppk",
            "Permohonan NA-2026-000007 sedang berjalan",
            "31-12-2026",
            "900/00042/SK-", // the SK number wraps after a separator
        ];
        foreach (var field in expected)
        {
            Assert.Contains(Collapse(field), text);
        }

        foreach (var account in notice.Deactivated)
        {
            Assert.Contains(account.UserId, text);
        }

        var pages = PageCount(file.Path);
        Assert.True(pages >= 3, $"{pages} pages for 120 rows");
        for (var i = 1; i <= pages; i++)
        {
            Assert.Contains($"Halaman {i} dari {pages}", text);
        }
    }

    [Fact]
    public void ItIsA4WithDocumentInformation_AndRendersToPng()
    {
        using var file = new TempPdf(CampaignNoticePdf.Render(Notice(3)));

        var info = Run("pdfinfo", file.Path);

        Assert.Matches(@"(?m)^Pages:\s+1$", info);
        Assert.Matches(@"(?m)^Page size:\s+595(\.\d+)? x 842(\.\d+)? pts \(A4\)", info);
        Assert.Matches(@"(?m)^Title:\s+Pemberitahuan Penonaktifan Akun PPK Tahun Anggaran 2026$", info);
        Assert.Matches(@"(?m)^Author:\s+AksesSpse$", info);
        Assert.Matches(@"(?m)^Subject:\s+KAB-CONTOH/PPK-NONAKTIF/2026/0003", info);
        Assert.Contains("Halaman 1 dari 1", Run("pdftotext", "-layout", file.Path, "-"));

        var prefix = Path.Combine(Path.GetTempPath(), "aksesspse-campaign-" + Guid.NewGuid().ToString("N"));
        try
        {
            Run("pdftoppm", "-png", "-r", "50", "-singlefile", file.Path, prefix);
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
    public void EmptyListsSayTheresNothing_AndLongTextIsWrappedNotLost()
    {
        var longName = "Prof. Dr. Ir. Raden Mas Bagus Hadiningrat Wicaksono Adiwinata Soerjopranoto, S.T., M.T., M.Sc., Ph.D.";
        var account = new CampaignNoticeAccount("raden.bagus.hadiningrat.ppk", longName, "197001011995031001",
            "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah Kabupaten Contoh", "050/1234/BAPPELITBANGDA/SK-PPK/XII/2026",
            new DateOnly(2026, 12, 31), null);
        var notice = Notice(0, excluded: [], failed: []) with { Deactivated = [account], ActiveBefore = 1 };
        using var file = new TempPdf(CampaignNoticePdf.Render(notice));

        var raw = Run("pdftotext", "-raw", file.Path, "-");
        var text = Collapse(raw);

        Assert.Equal(2, Regex.Matches(text, Regex.Escape("(tidak ada)")).Count);
        Assert.Contains("raden.bagus.hadiningrat.ppk", raw.Replace("\n", "", StringComparison.Ordinal));
        Assert.Contains("Prof. Dr. Ir. Raden Mas", text);
        Assert.Contains("Badan Perencanaan Pembangunan", text);
    }

    [Fact]
    public void TenThousandRowsMakeAnotherPageEveryFewDozenRows()
    {
        var notice = Notice(10_000);
        using var file = new TempPdf(CampaignNoticePdf.Render(notice));

        var pages = PageCount(file.Path);

        // 30 to 60 rows a page (one or two lines each): a sanity range, not a layout contract.
        Assert.InRange(pages, 150, 400);
        var last = Collapse(Run("pdftotext", "-f", pages.ToString(CultureInfo.InvariantCulture), "-l", pages.ToString(CultureInfo.InvariantCulture),
            "-layout", file.Path, "-"));
        Assert.Contains($"Halaman {pages} dari {pages}", last);
        Assert.Contains("C. Akun PPK yang gagal dinonaktifkan (1)", last);
        var middle = Collapse(Run("pdftotext", "-f", "100", "-l", "100", "-layout", file.Path, "-"));
        Assert.Contains($"Halaman 100 dari {pages}", middle);
        Assert.Contains("No User ID Nama NIP Instansi No. SK", middle); // the table header repeats
        var all = Run("pdftotext", "-layout", file.Path, "-");
        Assert.Contains("ppk.10000", all);
        Assert.Contains("ppk.05000", all);
    }

    [Theory]
    [InlineData("Asia/Jakarta", "1 Desember 2026 23:30 WIB")]
    [InlineData("Asia/Makassar", "2 Desember 2026 00:30 WITA")]
    [InlineData("Asia/Jayapura", "2 Desember 2026 01:30 WIT")]
    public void TheIssueTimeIsPrintedInTheOfficeZoneWithItsLabel(string zone, string expected)
    {
        var pdf = CampaignNoticePdf.Render(Notice(1) with
        {
            IssuedAtUtc = new DateTime(2026, 12, 1, 16, 30, 0, DateTimeKind.Utc),
            Clock = OfficeClock.For(zone, TimeProvider.System),
        });

        using var file = new TempPdf(pdf);
        Assert.Contains(expected, Collapse(Run("pdftotext", "-layout", file.Path, "-")));
    }

    [Fact]
    public void TheIssueTimeMustBeUtc()
    {
        Assert.Throws<ArgumentException>(() => CampaignNoticePdf.Render(Notice(1) with { IssuedAtUtc = new DateTime(2026, 12, 10, 10, 0, 0, DateTimeKind.Local) }));
    }

    private static int PageCount(string path) =>
        int.Parse(Regex.Match(Run("pdfinfo", path), @"(?m)^Pages:\s+(\d+)$").Groups[1].Value, CultureInfo.InvariantCulture);

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
