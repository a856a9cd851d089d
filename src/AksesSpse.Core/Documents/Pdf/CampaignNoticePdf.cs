using System.Globalization;
using System.Runtime.CompilerServices;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Validation;
using PdfSharp;
using PdfSharp.Drawing;
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

        var layout = new Layout(document);
        layout.Draw(notice);
        layout.NumberPages(notice.NoticeNumber);

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static string Date(DateOnly? date) =>
        date?.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture) ?? "-";

    private static string Nip(string? nip) => string.IsNullOrWhiteSpace(nip) ? "-" : NipValidator.Format(nip);

    private static string Count(int value) => value.ToString("#,0", CultureInfo.GetCultureInfo("id-ID"));

    /// <summary>A table column: its heading, its share of the width, and how many lines a cell may take.</summary>
    private sealed record Column(string Heading, double Width, int MaxLines, bool Right = false);

    private sealed class Layout
    {
        private const string Family = SystemFontResolver.DefaultFamily;
        private const double Margin = 42;
        private const double TopMargin = 40;
        private const double FooterHeight = 26;
        private const double CellPadding = 2.5;
        private const double CellSize = 7;
        private const double CellLine = 8.6;

        private static readonly XBrush Ink = XBrushes.Black;
        private static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(80, 80, 80));
        private static readonly XBrush HeaderFill = new XSolidBrush(XColor.FromArgb(226, 232, 240));
        private static readonly XPen Thick = new(XColors.Black, 1.6);
        private static readonly XPen Thin = new(XColors.Black, 0.5);
        private static readonly XPen Hair = new(XColor.FromArgb(170, 170, 170), 0.3);

        private readonly PdfDocument _document;
        private readonly XFont _office = new(Family, 13, XFontStyleEx.Bold);
        private readonly XFont _address = new(Family, 8, XFontStyleEx.Regular);
        private readonly XFont _title = new(Family, 11.5, XFontStyleEx.Bold);
        private readonly XFont _body = new(Family, 9, XFontStyleEx.Regular);
        private readonly XFont _bodyBold = new(Family, 9, XFontStyleEx.Bold);
        private readonly XFont _section = new(Family, 9.5, XFontStyleEx.Bold);
        private readonly XFont _cell = new(Family, CellSize, XFontStyleEx.Regular);
        private readonly XFont _cellBold = new(Family, CellSize, XFontStyleEx.Bold);
        private readonly XFont _small = new(Family, 7, XFontStyleEx.Regular);
        private readonly Dictionary<XFont, double[]> _widths = new(ReferenceEqualityComparer.Instance);

        private XGraphics? _gfx;
        private double _pageWidth;
        private double _pageHeight;
        private double _left;
        private double _width;
        private double _y;

        public Layout(PdfDocument document)
        {
            _document = document;
        }

        private XGraphics Gfx => _gfx ?? throw new InvalidOperationException("No page is open.");

        private double Bottom => _pageHeight - Margin - FooterHeight + 10;

        public void Draw(CampaignNotice n)
        {
            NewPage();
            DrawHeader(n);

            var active = n.ActiveBefore;
            Paragraph(
                $"Sesuai SOP Penonaktifan dan Pengaktifan Hak Akses SPSE, pada akhir tahun anggaran Admin Agency menonaktifkan akun " +
                $"SPSE PPK. Dengan ini diberitahukan bahwa akun PPK pada {n.OfficeName} yang tercantum di bagian A telah dinonaktifkan " +
                $"untuk Tahun Anggaran {n.FiscalYear.ToString(CultureInfo.InvariantCulture)}. Akun pada bagian B tetap aktif atas " +
                "keputusan Admin Agency, dan akun pada bagian C tidak dinonaktifkan karena masih memiliki permohonan yang sedang berjalan.");
            Paragraph(
                "Pemegang akun yang masih ditetapkan sebagai PPK pada tahun anggaran berikutnya mengajukan aktivasi kembali melalui " +
                "permohonan aktivasi akses SPSE (SOP 2) seperti biasa, dengan melampirkan SK penetapan yang baru.");

            _y += 4;
            SummaryRow("Akun PPK aktif sebelum kampanye", Count(active));
            SummaryRow("Dinonaktifkan", Count(n.Deactivated.Count));
            SummaryRow("Dikecualikan (tetap aktif)", Count(n.Excluded.Count));
            SummaryRow("Gagal dinonaktifkan", Count(n.Failed.Count));
            _y += 6;

            Table($"A. Akun PPK yang dinonaktifkan ({Count(n.Deactivated.Count)})",
                [new("No", 26, 1, Right: true), new("User ID", 72, 6), new("Nama", 104, 3), new("NIP", 95, 1), new("Instansi", 104, 3),
                    new("No. SK", 63, 3), new("Berlaku s.d.", 47, 1)],
                n.Deactivated, a => [a.UserId, a.HolderName, Nip(a.HolderNip), a.Agency, a.SkNumber, Date(a.ValidUntil)]);

            Table($"B. Akun PPK yang dikecualikan ({Count(n.Excluded.Count)})",
                [new("No", 26, 1, Right: true), new("User ID", 80, 6), new("Nama", 98, 3), new("NIP", 95, 1), new("Instansi", 90, 3),
                    new("Alasan pengecualian", 122, 8)],
                n.Excluded, a => [a.UserId, a.HolderName, Nip(a.HolderNip), a.Agency, a.Detail ?? "-"]);

            Table($"C. Akun PPK yang gagal dinonaktifkan ({Count(n.Failed.Count)})",
                [new("No", 26, 1, Right: true), new("User ID", 80, 6), new("Nama", 110, 3), new("Instansi", 120, 3), new("Keterangan", 175, 6)],
                n.Failed, a => [a.UserId, a.HolderName, a.Agency, a.Detail ?? "-"]);

            EnsureRoom(40);
            _y += 8;
            Gfx.DrawString("Dibuat oleh sistem AksesSpse atas tindakan Admin Agency " + n.IssuedByName + ".", _small, Muted, _left, _y, XStringFormats.TopLeft);
            _gfx?.Dispose();
            _gfx = null;
        }

        /// <summary>"Halaman i dari n" and the notice number at the foot of every page, once the page count is known.</summary>
        public void NumberPages(string noticeNumber)
        {
            var count = _document.PageCount;
            for (var i = 0; i < count; i++)
            {
                var page = _document.Pages[i];
                using var gfx = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
                var width = page.Width.Point;
                var y = page.Height.Point - Margin + 6;
                gfx.DrawLine(Hair, Margin, y - 4, width - Margin, y - 4);
                gfx.DrawString(noticeNumber, _small, Muted, Margin, y, XStringFormats.TopLeft);
                gfx.DrawString(string.Create(CultureInfo.InvariantCulture, $"Halaman {i + 1} dari {count}"), _small, Muted,
                    new XRect(Margin, y, width - (2 * Margin), 9), XStringFormats.TopRight);
            }
        }

        private void NewPage()
        {
            _gfx?.Dispose();
            var page = _document.AddPage();
            page.Size = PageSize.A4;
            _pageWidth = page.Width.Point;
            _pageHeight = page.Height.Point;
            _left = Margin;
            _width = _pageWidth - (2 * Margin);
            _y = TopMargin;
            _gfx = XGraphics.FromPdfPage(page);
        }

        private void EnsureRoom(double height)
        {
            if (_y + height > Bottom)
            {
                NewPage();
            }
        }

        private void DrawHeader(CampaignNotice n)
        {
            foreach (var line in Wrap(n.OfficeName, _office, _width, 3))
            {
                Centered(line, _office, Ink, 16);
            }

            if (!string.IsNullOrWhiteSpace(n.OfficeAddress))
            {
                _y += 1;
                foreach (var line in Wrap(n.OfficeAddress, _address, _width, 3))
                {
                    Centered(line, _address, Muted, 10.5);
                }
            }

            _y += 5;
            Gfx.DrawLine(Thick, _left, _y, _left + _width, _y);
            Gfx.DrawLine(Thin, _left, _y + 2.6, _left + _width, _y + 2.6);
            _y += 16;

            foreach (var line in Wrap(Title(n.FiscalYear), _title, _width, 3))
            {
                Centered(line, _title, Ink, 15);
            }

            Centered("Nomor: " + n.NoticeNumber, _body, Ink, 13);
            _y += 8;
            SummaryRow("Tanggal", n.Clock.FormatLong(n.IssuedAtUtc));
            SummaryRow("Dijalankan oleh", n.IssuedByName + " (Admin Agency)");
            _y += 6;
        }

        private void Paragraph(string text)
        {
            foreach (var line in Wrap(text, _body, _width, int.MaxValue))
            {
                EnsureRoom(12);
                Gfx.DrawString(line, _body, Ink, _left, _y, XStringFormats.TopLeft);
                _y += 12;
            }

            _y += 4;
        }

        private void SummaryRow(string label, string value)
        {
            const double labelWidth = 190;
            EnsureRoom(13);
            Gfx.DrawString(label, _body, Ink, _left, _y, XStringFormats.TopLeft);
            Gfx.DrawString(":", _body, Ink, _left + labelWidth, _y, XStringFormats.TopLeft);
            Gfx.DrawString(value, _bodyBold, Ink, _left + labelWidth + 8, _y, XStringFormats.TopLeft);
            _y += 13;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Table(string heading, Column[] columns, IReadOnlyList<CampaignNoticeAccount> rows,
            Func<CampaignNoticeAccount, string[]> cells)
        {
            // The heading stays with the table header and at least one row.
            EnsureRoom(16 + (3 * CellLine) + (4 * CellPadding) + 1);
            _y += 4;
            Gfx.DrawString(heading, _section, Ink, _left, _y, XStringFormats.TopLeft);
            _y += 15;
            TableHeader(columns);

            if (rows.Count == 0)
            {
                Gfx.DrawString("(tidak ada)", _cell, Muted, _left + CellPadding, _y + CellPadding, XStringFormats.TopLeft);
                _y += CellLine + (2 * CellPadding);
                Gfx.DrawLine(Hair, _left, _y, _left + _width, _y);
                _y += 8;
                return;
            }

            var wrapped = new List<string>[columns.Length];
            for (var i = 0; i < rows.Count; i++)
            {
                var values = cells(rows[i]);
                var lines = 1;
                wrapped[0] = [(i + 1).ToString(CultureInfo.InvariantCulture)];
                for (var c = 1; c < columns.Length; c++)
                {
                    wrapped[c] = Wrap(values[c - 1], _cell, columns[c].Width - (2 * CellPadding), columns[c].MaxLines);
                    lines = Math.Max(lines, wrapped[c].Count);
                }

                var height = (lines * CellLine) + (2 * CellPadding);
                if (_y + height > Bottom)
                {
                    NewPage();
                    TableHeader(columns);
                }

                var x = _left;
                for (var c = 0; c < columns.Length; c++)
                {
                    var ty = _y + CellPadding;
                    foreach (var line in wrapped[c])
                    {
                        if (columns[c].Right)
                        {
                            // Right-aligned from the cached width: cheaper than letting PDFsharp measure every row number.
                            Gfx.DrawString(line, _cell, Ink, x + columns[c].Width - CellPadding - Width(line, _cell), ty, XStringFormats.TopLeft);
                        }
                        else
                        {
                            Gfx.DrawString(line, _cell, Ink, x + CellPadding, ty, XStringFormats.TopLeft);
                        }

                        ty += CellLine;
                    }

                    x += columns[c].Width;
                }

                _y += height;
                Gfx.DrawLine(Hair, _left, _y, _left + _width, _y);
            }

            _y += 8;
        }

        private void TableHeader(Column[] columns)
        {
            var headings = columns.Select(c => Wrap(c.Heading, _cellBold, c.Width - (2 * CellPadding), 2)).ToList();
            var height = (headings.Max(h => h.Count) * CellLine) + (2 * CellPadding) + 1;
            Gfx.DrawRectangle(HeaderFill, _left, _y, _width, height);
            var x = _left;
            for (var c = 0; c < columns.Length; c++)
            {
                var ty = _y + CellPadding;
                foreach (var line in headings[c])
                {
                    if (columns[c].Right)
                    {
                        Gfx.DrawString(line, _cellBold, Ink, new XRect(x, ty, columns[c].Width - CellPadding, CellLine), XStringFormats.TopRight);
                    }
                    else
                    {
                        Gfx.DrawString(line, _cellBold, Ink, x + CellPadding, ty, XStringFormats.TopLeft);
                    }

                    ty += CellLine;
                }

                x += columns[c].Width;
            }

            _y += height;
            Gfx.DrawLine(Thin, _left, _y, _left + _width, _y);
        }

        private void Centered(string text, XFont font, XBrush brush, double lineHeight)
        {
            Gfx.DrawString(text, font, brush, new XRect(_left, _y, _width, lineHeight), XStringFormats.TopCenter);
            _y += lineHeight;
        }

        /// <summary>
        /// Width of a text from the cached advance width of each character (PDFsharp does not kern): one array per font,
        /// filled as characters are met. Called for every cell, so it is compiled optimized from the first call.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double Width(string text, XFont font)
        {
            if (!_widths.TryGetValue(font, out var widths))
            {
                widths = new double[char.MaxValue + 1];
                Array.Fill(widths, -1);
                _widths[font] = widths;
            }

            var total = 0.0;
            foreach (var c in text)
            {
                var w = widths[c];
                if (w < 0)
                {
                    w = widths[c] = Gfx.MeasureString(c.ToString(), font).Width;
                }

                total += w;
            }

            return total;
        }

        /// <summary>
        /// Greedy word wrap by width; a word wider than the line is broken by character. At most
        /// <paramref name="maxLines"/> lines: the last one shown ends with "…" when text was left out.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private List<string> Wrap(string? text, XFont font, double width, int maxLines)
        {
            text = string.IsNullOrWhiteSpace(text) ? "-" : text.Trim();
            if (text.IndexOf('\n') < 0 && Width(text, font) <= width)
            {
                return [text];
            }

            var lines = new List<string>();
            var line = "";
            foreach (var word in text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Width(candidate, font) <= width)
                {
                    line = candidate;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line);
                }

                line = word;
                while (line.Length > 1 && Width(line, font) > width)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && Width(line[..cut], font) > width)
                    {
                        cut--;
                    }

                    // Prefer to break an SK number or a user ID after a separator that fits.
                    var separator = line.LastIndexOfAny(['/', '-', '.', '_', '@'], cut - 1);
                    if (separator >= cut / 2)
                    {
                        cut = separator + 1;
                    }

                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }

            if (line.Length > 0)
            {
                lines.Add(line);
            }

            if (lines.Count > maxLines)
            {
                lines.RemoveRange(maxLines, lines.Count - maxLines);
                var last = lines[^1];
                while (last.Length > 1 && Width(last + "…", font) > width)
                {
                    last = last[..^1];
                }

                lines[^1] = last.TrimEnd() + "…";
            }

            return lines;
        }
    }
}
