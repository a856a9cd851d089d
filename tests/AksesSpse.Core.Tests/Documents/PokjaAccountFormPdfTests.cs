using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AksesSpse.Core.Documents.Pdf;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Validation;
using AksesSpse.Tests.Shared;
using static AksesSpse.Tests.Shared.Poppler;

namespace AksesSpse.Core.Tests.Documents;

/// <summary>
/// SOP 1's account-request form as a PDF. Page images go to $AKSESSPSE_TEST_ARTIFACTS/pdf/pokja-*.png (a temp folder
/// outside scripts/test.sh) for a person to look at.
/// </summary>
[Trait("Sop", "PokjaAccounts")]
public sealed partial class PokjaAccountFormPdfTests
{
    private const string PrintedAt = "29-11-2026 09.00 WIB";

    private static readonly PokjaAccountForm Batang = new(
        OfficeName: "PEMERINTAH KABUPATEN BATANG",
        UnitName: "UNIT LAYANAN PENGADAAN",
        HeadTitle: "Kepala ULP",
        RequestNumber: "PKJ-2026-000012",
        PokjaName: "Pokja Pemilihan Konstruksi III",
        SkNumber: "027/145/ULP/2026",
        SkDate: new DateOnly(2026, 11, 20),
        AssignmentLetterNumber: "027/146/ULP/2026",
        CopyTo: "LPSE");

    private static readonly PokjaAccountForm Badung = new(
        OfficeName: "PEMERINTAH KABUPATEN BADUNG",
        UnitName: "BAGIAN PENGADAAN BARANG/JASA SEKRETARIAT DAERAH",
        HeadTitle: "Kepala Bagian Pengadaan Barang/Jasa",
        RequestNumber: "PKJ-2026-000013",
        PokjaName: "Pokja Pemilihan Barang dan Jasa Lainnya I",
        SkNumber: "188.45/2211/PBJ/2026",
        SkDate: new DateOnly(2026, 3, 2),
        AssignmentLetterNumber: "800/311/PBJ/2026",
        CopyTo: "Kepala LPSE");

    private static readonly PokjaMember[] Five =
    [
        new("Rina Kartikasari, S.E.", "198503122010012003", "Analis Pengadaan Barang/Jasa", "Penata / III.c",
            "Bagian Pengadaan Barang/Jasa Setda", "rina.kartikasari@batangkab.go.id", "0812-2701-4455"),
        new("Ir. Bambang Setiawan, M.T.", "197608152003121005", "Pengelola Pengadaan Barang/Jasa Ahli Muda", "Penata Tk. I / III.d",
            "Dinas Pekerjaan Umum dan Penataan Ruang", "bambang.setiawan@batangkab.go.id", "0813-2566-1020"),
        new("Dewi Lestari, S.Kom.", "199002202015032004", "Pengelola Pengadaan Barang/Jasa Pertama", "Penata Muda Tk. I / III.b",
            "Bagian Pengadaan Barang/Jasa Setda", "dewi.lestari@batangkab.go.id", "0857-4000-3321"),
        new("Agus Prasetyo, S.T.", "198711052011011002", "Analis Kebijakan", "Penata Muda / III.a",
            "Dinas Perumahan dan Kawasan Permukiman", "agus.prasetyo@batangkab.go.id", "0878-1234-5678"),
        new("Hj. Siti Nurhaliza, S.H., M.H.", "198112302006042001", "Kepala Subbagian Pengelolaan LPSE", "Pembina / IV.a",
            "Bagian Pengadaan Barang/Jasa Setda", "siti.nurhaliza@batangkab.go.id", "0821-3344-5566"),
    ];

    /// <summary>Member i of a large list: a distinct valid NIP ("19800101 200501 1 iii") and a distinct name.</summary>
    private static PokjaMember Numbered(int i) => new(
        $"Anggota Ke-{i.ToString("000", CultureInfo.InvariantCulture)} Wibowo", $"198001012005011{i.ToString("000", CultureInfo.InvariantCulture)}",
        "Pengelola Pengadaan Barang/Jasa", "Penata / III.c", "Dinas Pekerjaan Umum dan Penataan Ruang",
        $"anggota{i.ToString(CultureInfo.InvariantCulture)}@batangkab.go.id", "0812-0000-0000");

    [Theory]
    [InlineData("Batang")]
    [InlineData("Badung")]
    public void TheFormShowsTheTitlePokjaSkEveryMemberTheTembusanAndTheOfficesHeadTitle(string variant)
    {
        var form = variant == "Batang" ? Batang : Badung;

        var pdf = PokjaAccountFormPdf.Render(form, Five, PrintedAt);

        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        var text = Collapse(Text(pdf));
        var raw = Collapse(Text(pdf, "-raw")); // cell by cell: a name that wraps in its cell reads whole
        Assert.Contains(form.OfficeName, text);
        Assert.Contains(form.UnitName, text);
        Assert.Contains(PokjaAccountFormPdf.Title, text);
        Assert.Contains("Nomor: " + form.RequestNumber, text);
        Assert.Contains("Kepada Yth.", text);
        Assert.Contains("Admin Agency LPSE", text);
        Assert.Contains("Nama Pokja : " + form.PokjaName, text);
        Assert.Contains("Nomor SK penetapan : " + form.SkNumber, text);
        Assert.Contains("Nomor surat penugasan : " + form.AssignmentLetterNumber, text);
        Assert.Contains("user ID dan password SPSE bagi setiap anggota Pokja", text);
        Assert.Contains("No Nama NIP Jabatan", text);
        foreach (var member in Five)
        {
            Assert.Contains(NipValidator.Format(member.Nip), text);
            Assert.Contains(member.FullName, raw);
            Assert.Contains(member.Email, text);
        }

        Assert.Contains("Tembusan: " + form.CopyTo, text);
        Assert.Contains(form.HeadTitle + ",", text);
        Assert.Contains("NIP.", text);
        Assert.Contains("Nomor " + form.RequestNumber, text); // the footer
        Assert.Contains("Dicetak " + PrintedAt, text);
        Assert.DoesNotContain("Draf", text);
        Assert.DoesNotContain((variant == "Batang" ? Badung : Batang).HeadTitle + ",", text);
    }

    [Fact]
    public void TheSkDateIsWrittenAsInALetter()
    {
        var text = Collapse(Text(PokjaAccountFormPdf.Render(Badung, Five, PrintedAt)));

        Assert.Contains("Tanggal SK : 2 Maret 2026", text);
        Assert.Contains("Surat Keputusan Nomor 188.45/2211/PBJ/2026 tanggal 2 Maret 2026", text);
        Assert.Equal("20 November 2026", PokjaAccountFormPdf.LongDate(new DateOnly(2026, 11, 20)));
        Assert.Equal("-", PokjaAccountFormPdf.LongDate(null));
    }

    [Fact]
    public void FiveMembersFitOneLandscapeA4Page()
    {
        var info = WithTempPdf(PokjaAccountFormPdf.Render(Batang, Five, PrintedAt), path => Run("pdfinfo", path));

        Assert.Matches(@"(?m)^Pages:\s+1$", info);
        Assert.Matches(@"(?m)^Page size:\s+842(\.\d+)? x 595(\.\d+)? pts \(A4\)", info);
        Assert.Matches(@"(?m)^Title:\s+Formulir Permohonan Pembuatan Akun Pokja PKJ-2026-000012$", info);
        Assert.Matches(@"(?m)^Author:\s+AksesSpse$", info);
        Assert.Contains("Halaman 1 dari 1", Text(PokjaAccountFormPdf.Render(Batang, Five, PrintedAt)));
    }

    [Fact]
    public void ADraftSaysSoUnderTheTitleAndInTheFooter()
    {
        var text = Collapse(Text(PokjaAccountFormPdf.Render(Batang with { RequestNumber = null }, Five, PrintedAt)));

        Assert.Contains("Nomor: " + PokjaAccountFormPdf.Draft, text);
        Assert.Matches(@"Draf Dicetak 29-11-2026 09\.00 WIB Halaman 1 dari 1", text);
        Assert.DoesNotContain("PKJ-2026", text);
    }

    [Fact]
    public void TwoHundredMembersTakeSeveralPages_EveryNipOnce_NoRowSplit_TheHeaderOnEveryPage()
    {
        var members = Enumerable.Range(1, 200).Select(Numbered).ToList();

        var pdf = PokjaAccountFormPdf.Render(Batang, members, PrintedAt);

        using var file = new TempPdf(pdf);
        var pages = int.Parse(Regex.Match(Run("pdfinfo", file.Path), @"(?m)^Pages:\s+(\d+)$").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(pages, 3, 20);
        var all = Collapse(Run("pdftotext", "-layout", file.Path, "-"));
        foreach (var member in members)
        {
            Assert.Single(Regex.Matches(all, Regex.Escape(NipValidator.Format(member.Nip))));
        }

        var seen = 0;
        for (var page = 1; page <= pages; page++)
        {
            var number = page.ToString(CultureInfo.InvariantCulture);
            var text = Collapse(Run("pdftotext", "-layout", "-f", number, "-l", number, file.Path, "-"));
            Assert.Contains($"Halaman {page} dari {pages}", text);
            Assert.Contains("Nomor PKJ-2026-000012", text);
            var onPage = members.Where(m => text.Contains(NipValidator.Format(m.Nip), StringComparison.Ordinal)).ToList();
            if (page < pages)
            {
                Assert.NotEmpty(onPage);
            }

            if (onPage.Count > 0)
            {
                // The header row repeated above the rows of every page, once.
                Assert.Single(Regex.Matches(text, @"No Nama NIP Jabatan"));
                Assert.Contains("Instansi", text);
                Assert.Contains("No. HP", text);
            }

            // A row is whole on its page: its name, email and phone are beside its NIP.
            foreach (var member in onPage)
            {
                Assert.Contains($"{member.FullName} {NipValidator.Format(member.Nip)}", text);
                Assert.Contains(member.Email, text);
            }

            seen += onPage.Count;
        }

        Assert.Equal(200, seen);
        var last = Collapse(Run("pdftotext", "-layout", "-f", pages.ToString(CultureInfo.InvariantCulture), "-l",
            pages.ToString(CultureInfo.InvariantCulture), file.Path, "-"));
        Assert.Contains("Tembusan: LPSE", last);
        Assert.Contains("Kepala ULP,", last);
        SavePng(pdf, "pokja-account-form-200-page2", page: 2);
    }

    [Fact]
    public void AVeryLongNameAndEmailWrapInsideTheirCells_NothingLeavesThePage()
    {
        var longName = "Prof. Dr. Ir. Raden Mas Bagus Hadiningrat Wicaksono Adiwinata Soerjopranoto Kusumadiningrat Tjokroaminoto, " +
            "S.T., M.T., M.Sc., Ph.D., IPU, ASEAN Eng.";
        var longEmail = "raden.mas.bagus.hadiningrat.wicaksono.adiwinata.soerjopranoto@dinaspekerjaanumumdanpenataanruang.batangkab.go.id";
        var phone = "0812-9876-5432";
        var members = Five.Take(2).Append(Five[2] with { FullName = longName, Email = longEmail, Phone = phone }).ToList();

        var pdf = PokjaAccountFormPdf.Render(Badung, members, PrintedAt);

        var bbox = WithTempPdf(pdf, path => Run("pdftotext", "-bbox", path, "-"));
        var page = PageSize().Match(bbox);
        var pageWidth = double.Parse(page.Groups["w"].Value, CultureInfo.InvariantCulture);
        var pageHeight = double.Parse(page.Groups["h"].Value, CultureInfo.InvariantCulture);
        var words = Word().Matches(bbox).Select(m => (
            Text: System.Net.WebUtility.HtmlDecode(m.Groups["t"].Value),
            XMin: double.Parse(m.Groups["x0"].Value, CultureInfo.InvariantCulture),
            XMax: double.Parse(m.Groups["x1"].Value, CultureInfo.InvariantCulture),
            YMin: double.Parse(m.Groups["y0"].Value, CultureInfo.InvariantCulture),
            YMax: double.Parse(m.Groups["y1"].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.NotEmpty(words);
        Assert.All(words, w =>
        {
            Assert.InRange(w.XMin, 30, pageWidth - 30);
            Assert.InRange(w.XMax, 30, pageWidth - 30);
            Assert.InRange(w.YMin, 20, pageHeight - 20);
        });

        // The row's cells, by position: the email's pieces lie in the column left of the phone number and read back
        // as the whole address, over several lines; the name's pieces lie left of the NIP and read back as the whole name.
        var phoneWord = Assert.Single(words, w => w.Text == phone);
        var nipWord = Assert.Single(words, w => w.Text == "19900220");
        var rowBottom = words.First(w => w.Text == "Demikian").YMin;
        var row = words.Where(w => w.YMin >= phoneWord.YMin - 1 && w.YMax <= rowBottom).OrderBy(w => w.YMin).ThenBy(w => w.XMin).ToList();
        var emailLeft = Assert.Single(words, w => w.Text == Five[0].Email).XMin; // the first row's email: one line
        var nameLeft = Assert.Single(words, w => w.Text == "Rina").XMin;
        var emailCell = row.Where(w => w.XMin > emailLeft - 0.5 && w.XMax < phoneWord.XMin).ToList();
        Assert.Equal(longEmail, string.Concat(emailCell.Select(w => w.Text)));
        Assert.True(emailCell.Select(w => Math.Round(w.YMin)).Distinct().Count() >= 3, "the email is not wrapped");
        var nameCell = row.Where(w => w.XMin > nameLeft - 0.5 && w.XMax < nipWord.XMin).ToList();
        Assert.Equal(longName, string.Join(" ", nameCell.Select(w => w.Text)));

        // And by the picture: the page's margins stay blank (no text run off the right or bottom edge).
        var (width, height, pixels) = Gray(pdf);
        var margin = (int)(width * 20 / pageWidth); // 20 points of the 36-point margin
        for (var y = 0; y < height; y++)
        {
            for (var x = width - margin; x < width; x++)
            {
                Assert.True(pixels[(y * width) + x] > 250, $"ink at ({x}, {y}) in the right margin");
            }
        }

        SavePng(pdf, "pokja-account-form-long-cells", page: 1);
    }

    [Fact]
    public void TextFarBeyondTheMemberLimitsIsCutToOnePageRatherThanRunningOffIt()
    {
        var huge = string.Join(" ", Enumerable.Repeat("Hadiningrat", 600));
        var members = new List<PokjaMember> { Five[0], Five[1] with { FullName = huge, Agency = huge } };

        var pdf = PokjaAccountFormPdf.Render(Batang, members, PrintedAt);

        using var file = new TempPdf(pdf);
        var pages = int.Parse(Regex.Match(Run("pdfinfo", file.Path), @"(?m)^Pages:\s+(\d+)$").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(pages, 2, 3);
        var second = Collapse(Run("pdftotext", "-layout", "-f", "2", "-l", "2", file.Path, "-"));
        Assert.Contains("No Nama NIP Jabatan", second);
        Assert.Contains(NipValidator.Format(Five[1].Nip), second);
        Assert.Contains("…", second);
        var bbox = Run("pdftotext", "-bbox", file.Path, "-");
        var height = double.Parse(PageSize().Match(bbox).Groups["h"].Value, CultureInfo.InvariantCulture);
        Assert.All(Word().Matches(bbox), m => Assert.InRange(double.Parse(m.Groups["y1"].Value, CultureInfo.InvariantCulture), 20, height - 12));
        SavePng(pdf, "pokja-account-form-cut-page2", page: 2);
    }

    [Fact]
    public void AnEmptyMemberListIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => PokjaAccountFormPdf.Render(Batang, [], PrintedAt));

        Assert.Equal("members", error.ParamName);
        Assert.Throws<ArgumentNullException>(() => PokjaAccountFormPdf.Render(Batang, null!, PrintedAt));
        Assert.Throws<ArgumentNullException>(() => PokjaAccountFormPdf.Render(null!, Five, PrintedAt));
    }

    [Fact]
    public void MissingSkDateAndBlankCellsArePrintedAsADash()
    {
        var member = Five[0] with { Position = "", RankGrade = " ", Phone = "" };

        var text = Collapse(Text(PokjaAccountFormPdf.Render(Batang with { SkDate = null, UnitName = "" }, [member], PrintedAt)));

        Assert.Contains("Tanggal SK : -", text);
        Assert.Contains("Surat Keputusan Nomor 027/145/ULP/2026 tentang", text);
        Assert.Contains("Rina Kartikasari, S.E. 19850312 201001 2 003 - - Bagian Pengadaan", text);
    }

    [Theory]
    [InlineData("Batang")]
    [InlineData("Badung")]
    public void PageOneRendersToAPng(string variant)
    {
        var pdf = PokjaAccountFormPdf.Render(variant == "Batang" ? Batang : Badung with { RequestNumber = null }, Five, PrintedAt);

        var png = SavePng(pdf, "pokja-account-form-" + variant.ToLowerInvariant(), page: 1);

        Assert.True(png.Length > 1000);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
    }

    /// <summary>Renders one page at 100 dpi and keeps it in the artifacts folder; returns the PNG.</summary>
    private static byte[] SavePng(byte[] pdf, string name, int page) => AksesSpse.Tests.Shared.Poppler.SavePng(pdf, "pdf", name, page, dpi: 100);

    /// <summary>Page 1 as 8-bit gray pixels (pdftoppm's binary PGM).</summary>
    private static (int Width, int Height, byte[] Pixels) Gray(byte[] pdf) => WithTempPdf(pdf, path =>
    {
        var prefix = path + "-gray";
        try
        {
            Run("pdftoppm", "-gray", "-r", "72", "-f", "1", "-l", "1", "-singlefile", path, prefix);
            var bytes = File.ReadAllBytes(prefix + ".pgm");
            var header = Regex.Match(Encoding.ASCII.GetString(bytes, 0, 64), @"^P5\s+(\d+)\s+(\d+)\s+255\s");
            Assert.True(header.Success, "not a binary PGM");
            var width = int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture);
            var height = int.Parse(header.Groups[2].Value, CultureInfo.InvariantCulture);
            return (width, height, bytes[header.Length..]);
        }
        finally
        {
            File.Delete(prefix + ".pgm");
        }
    });

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("""<page width="(?<w>[\d.]+)" height="(?<h>[\d.]+)">""")]
    private static partial Regex PageSize();

    [GeneratedRegex("""<word xMin="(?<x0>[\d.]+)" yMin="(?<y0>[\d.]+)" xMax="(?<x1>[\d.]+)" yMax="(?<y1>[\d.]+)">(?<t>[^<]*)</word>""")]
    private static partial Regex Word();
}
