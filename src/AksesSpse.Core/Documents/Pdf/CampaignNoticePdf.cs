using System.Globalization;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Validation;
using PdfSharp.Pdf;

namespace AksesSpse.Core.Documents.Pdf;

/// <summary>One account in the collective notice of a year-end PPK campaign.</summary>
/// <param name="Detail">For an excluded account the reason; for a failed one why it failed; unused for a deactivated one.</param>
public sealed record CampaignNoticeAccount(
    string UserId,
    string HolderName,
    string? HolderNip,
    string Agency,
    string SkNumber,
    DateOnly? ValidUntil,
    string? Detail);

/// <summary>
/// What the collective notice ("Pemberitahuan Penonaktifan Akun PPK Tahun Anggaran …") of a year-end PPK campaign
/// shows: the office, the notice number and date, who ran it, the counts, and the three lists.
/// </summary>
/// <param name="IssuedAtUtc">When the campaign ran, in UTC (an unspecified kind is taken as UTC).</param>
/// <param name="Clock">The office's clock: the notice is dated in its zone, with its label (WIB, WITA, WIT).</param>
/// <param name="ActiveBefore">Active PPK accounts of the office when the campaign ran.</param>
public sealed record CampaignNotice(
    string OfficeName,
    string? OfficeAddress,
    string NoticeNumber,
    int FiscalYear,
    DateTime IssuedAtUtc,
    OfficeClock Clock,
    string IssuedByName,
    int ActiveBefore,
    IReadOnlyList<CampaignNoticeAccount> Deactivated,
    IReadOnlyList<CampaignNoticeAccount> Excluded,
    IReadOnlyList<CampaignNoticeAccount> Failed);

/// <summary>
/// Renders a <see cref="CampaignNotice"/> as an A4 PDF of as many pages as the lists need (PDFsharp, drawn with
/// XGraphics; the table header is repeated on every page and every page carries "Halaman i dari n").
/// Text widths come from a per-character cache, so 10,000 rows render in well under a second.
/// </summary>
public static class CampaignNoticePdf
{
    public static string Title(int fiscalYear) =>
        string.Create(CultureInfo.InvariantCulture, $"Pemberitahuan Penonaktifan Akun PPK Tahun Anggaran {fiscalYear}");

    public static byte[] Render(CampaignNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(notice.Clock);
        ArgumentNullException.ThrowIfNull(notice.Deactivated);
        ArgumentNullException.ThrowIfNull(notice.Excluded);
        ArgumentNullException.ThrowIfNull(notice.Failed);
        if (notice.IssuedAtUtc.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("IssuedAtUtc must be a UTC time, not a local one.", nameof(notice));
        }

        PdfSetup.EnsureInitialized();

        using var document = new PdfDocument();
        document.Info.Title = Title(notice.FiscalYear);
        document.Info.Author = "AksesSpse";
        document.Info.Subject = $"{notice.NoticeNumber} — {notice.OfficeName}";
        document.Info.Creator = "AksesSpse";
        document.Options.CompressContentStreams = true;
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;

        var layout = new PdfReportLayout(document);
        Draw(layout, notice);
        layout.NumberPages(notice.NoticeNumber);

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static string Date(DateOnly? date) =>
        date?.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture) ?? "-";

    private static string Nip(string? nip) => string.IsNullOrWhiteSpace(nip) ? "-" : NipValidator.Format(nip);

    private static string Count(int value) => value.ToString("#,0", CultureInfo.GetCultureInfo("id-ID"));

    private static void Draw(PdfReportLayout layout, CampaignNotice n)
    {
        layout.NewPage();
        layout.Letterhead(n.OfficeName, n.OfficeAddress);
        layout.Title(Title(n.FiscalYear), "Nomor: " + n.NoticeNumber);
        layout.SummaryRow("Tanggal", n.Clock.FormatLong(n.IssuedAtUtc));
        layout.SummaryRow("Dijalankan oleh", n.IssuedByName + " (Admin Agency)");
        layout.Space(6);

        layout.Paragraph(
            $"Sesuai SOP Penonaktifan dan Pengaktifan Hak Akses SPSE, pada akhir tahun anggaran Admin Agency menonaktifkan akun " +
            $"SPSE PPK. Dengan ini diberitahukan bahwa akun PPK pada {n.OfficeName} yang tercantum di bagian A telah dinonaktifkan " +
            $"untuk Tahun Anggaran {n.FiscalYear.ToString(CultureInfo.InvariantCulture)}. Akun pada bagian B tetap aktif atas " +
            "keputusan Admin Agency, dan akun pada bagian C tidak dinonaktifkan karena masih memiliki permohonan yang sedang berjalan.");
        layout.Paragraph(
            "Pemegang akun yang masih ditetapkan sebagai PPK pada tahun anggaran berikutnya mengajukan aktivasi kembali melalui " +
            "permohonan aktivasi akses SPSE (SOP 2) seperti biasa, dengan melampirkan SK penetapan yang baru.");

        layout.Space(4);
        layout.SummaryRow("Akun PPK aktif sebelum kampanye", Count(n.ActiveBefore));
        layout.SummaryRow("Dinonaktifkan", Count(n.Deactivated.Count));
        layout.SummaryRow("Dikecualikan (tetap aktif)", Count(n.Excluded.Count));
        layout.SummaryRow("Gagal dinonaktifkan", Count(n.Failed.Count));
        layout.Space(6);

        layout.Table($"A. Akun PPK yang dinonaktifkan ({Count(n.Deactivated.Count)})",
            [new("No", 26, 1, Right: true), new("User ID", 72, 6), new("Nama", 104, 3), new("NIP", 95, 1), new("Instansi", 104, 3),
                new("No. SK", 63, 3), new("Berlaku s.d.", 47, 1)],
            Numbered(n.Deactivated, a => [a.UserId, a.HolderName, Nip(a.HolderNip), a.Agency, a.SkNumber, Date(a.ValidUntil)]));

        layout.Table($"B. Akun PPK yang dikecualikan ({Count(n.Excluded.Count)})",
            [new("No", 26, 1, Right: true), new("User ID", 80, 6), new("Nama", 98, 3), new("NIP", 95, 1), new("Instansi", 90, 3),
                new("Alasan pengecualian", 122, 8)],
            Numbered(n.Excluded, a => [a.UserId, a.HolderName, Nip(a.HolderNip), a.Agency, a.Detail ?? "-"]));

        layout.Table($"C. Akun PPK yang gagal dinonaktifkan ({Count(n.Failed.Count)})",
            [new("No", 26, 1, Right: true), new("User ID", 80, 6), new("Nama", 110, 3), new("Instansi", 120, 3), new("Keterangan", 175, 6)],
            Numbered(n.Failed, a => [a.UserId, a.HolderName, a.Agency, a.Detail ?? "-"]));

        layout.Note("Dibuat oleh sistem AksesSpse atas tindakan Admin Agency " + n.IssuedByName + ".");
        layout.Finish();
    }

    private static List<string[]> Numbered(IReadOnlyList<CampaignNoticeAccount> rows, Func<CampaignNoticeAccount, string[]> cells) =>
        rows.Select((row, i) => (string[])[(i + 1).ToString(CultureInfo.InvariantCulture), .. cells(row)]).ToList();
}
