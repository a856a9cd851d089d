using System.Globalization;
using System.Runtime.CompilerServices;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Validation;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace AksesSpse.Core.Documents.Pdf;

/// <summary>What SOP 1's account-request form ("Formulir Permohonan Pembuatan Akun Pokja") says besides its members.</summary>
/// <param name="OfficeName">The heading's first line, e.g. "PEMERINTAH KABUPATEN BATANG".</param>
/// <param name="UnitName">The heading's second line, e.g. "UNIT LAYANAN PENGADAAN"; blank for none.</param>
/// <param name="HeadTitle">The office's name for the role that signs: "Kepala ULP" (Batang) or "Kepala Bagian Pengadaan Barang/Jasa" (Badung).</param>
/// <param name="RequestNumber">The request's number; null when the form is printed before it is submitted ("Draf — belum diajukan").</param>
/// <param name="CopyTo">Who gets the tembusan: "LPSE" (Batang) or "Kepala LPSE" (Badung).</param>
public sealed record PokjaAccountForm(
    string OfficeName,
    string UnitName,
    string HeadTitle,
    string? RequestNumber,
    string PokjaName,
    string SkNumber,
    DateOnly? SkDate,
    string AssignmentLetterNumber,
    string CopyTo);

/// <summary>
/// SOP 1's "Formulir Permohonan Pembuatan Akun Pokja", drawn from the members entered in the app for the Kepala UKPBJ to
/// sign and upload back (PDFsharp, the house style of <see cref="CampaignNoticePdf"/>): A4 landscape so the eight
/// columns stay readable; long cells wrap inside their column, a row is never split across pages, the table header is
/// repeated on every page, and every page's foot carries the number (or "Draf"), "Halaman i dari n" and the print time.
/// It holds no user ID and no password.
/// </summary>
public static class PokjaAccountFormPdf
{
    public const string Title = "FORMULIR PERMOHONAN PEMBUATAN AKUN POKJA";
    public const string Draft = "Draf — belum diajukan";
    public const string Addressee = "Admin Agency LPSE";

    private static readonly string[] Months =
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    public static byte[] Render(PokjaAccountForm form, IReadOnlyList<PokjaMember> members, string printedAt)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("The account-request form needs at least one Pokja member.", nameof(members));
        }

        if (members.Any(m => m is null))
        {
            throw new ArgumentException("The member list holds a null entry.", nameof(members));
        }

        PdfSetup.EnsureInitialized();

        using var document = new PdfDocument();
        document.Info.Title = $"Formulir Permohonan Pembuatan Akun Pokja {form.RequestNumber ?? "(draf)"}";
        document.Info.Author = "AksesSpse";
        document.Info.Subject = $"{Value(form.PokjaName)} — {Value(form.OfficeName)}";
        document.Info.Creator = "AksesSpse";
        document.Options.CompressContentStreams = true;
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;

        var layout = new Layout(document);
        layout.Draw(form, members);
        layout.NumberPages(string.IsNullOrWhiteSpace(form.RequestNumber) ? "Draf" : "Nomor " + form.RequestNumber.Trim(),
            Value(printedAt));

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    /// <summary>"20 November 2026", as letters write dates; "-" for none.</summary>
    internal static string LongDate(DateOnly? date) =>
        date is { } d ? string.Create(CultureInfo.InvariantCulture, $"{d.Day} {Months[d.Month - 1]} {d.Year}") : "-";

    private static string Value(string? text) => string.IsNullOrWhiteSpace(text) ? "-" : text.Trim();

    private static string Nip(string? nip) => string.IsNullOrWhiteSpace(nip) ? "-" : NipValidator.Format(nip.Trim());

    /// <summary>A table column: its heading, its width in points, right-aligned or not.</summary>
    private sealed record Column(string Heading, double Width, bool Right = false);

    private sealed class Layout
    {
        private const string Family = SystemFontResolver.DefaultFamily;
        private const double Margin = 32;
        private const double TopMargin = 34;
        private const double FooterHeight = 22;
        private const double CellPadding = 3;
        private const double CellSize = 8;
        private const double CellLine = 9.8;
        private const double BodyLine = 13;
        private const double LabelWidth = 130;
        private const double AddressWidth = 220;
        private const double SignatureSpace = 52;

        // Landscape A4 is 778 points wide between the margins: the NIP (formatted, "19850312 201001 2 003") and a phone
        // number fit one line; names, positions, agencies and emails wrap.
        private static readonly Column[] Columns =
        [
            new("No", 24, Right: true), new("Nama", 122), new("NIP", 108), new("Jabatan", 106), new("Pangkat/Golongan", 76),
            new("Instansi", 104), new("Email", 160), new("No. HP", 78),
        ];

        private static readonly XBrush Ink = XBrushes.Black;
        private static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(80, 80, 80));
        private static readonly XBrush HeaderFill = new XSolidBrush(XColor.FromArgb(226, 232, 240));
        private static readonly XPen Thick = new(XColors.Black, 1.6);
        private static readonly XPen Thin = new(XColors.Black, 0.5);
        private static readonly XPen Grid = new(XColor.FromArgb(110, 110, 110), 0.4);
        private static readonly XPen Hair = new(XColor.FromArgb(170, 170, 170), 0.3);

        private readonly PdfDocument _document;
        private readonly XFont _office = new(Family, 13, XFontStyleEx.Bold);
        private readonly XFont _unit = new(Family, 11, XFontStyleEx.Bold);
        private readonly XFont _title = new(Family, 12, XFontStyleEx.Bold);
        private readonly XFont _body = new(Family, 9.5, XFontStyleEx.Regular);
        private readonly XFont _bodyBold = new(Family, 9.5, XFontStyleEx.Bold);
        private readonly XFont _cell = new(Family, CellSize, XFontStyleEx.Regular);
        private readonly XFont _cellBold = new(Family, CellSize, XFontStyleEx.Bold);
        private readonly XFont _small = new(Family, 7, XFontStyleEx.Regular);
        private readonly Dictionary<XFont, double[]> _widths = new(ReferenceEqualityComparer.Instance);

        private XGraphics? _gfx;
        private double _pageHeight;
        private double _left;
        private double _width;
        private double _y;
        private string _runningHead = "";

        public Layout(PdfDocument document)
        {
            _document = document;
        }

        private XGraphics Gfx => _gfx ?? throw new InvalidOperationException("No page is open.");

        private double Bottom => _pageHeight - Margin - FooterHeight + 8;

        public void Draw(PokjaAccountForm f, IReadOnlyList<PokjaMember> members)
        {
            _runningHead = $"{Title} — {Value(f.PokjaName)} (lanjutan)";
            NewPage(continuation: false);
            DrawHeader(f);

            // The fields on the left, the addressee on the right, as a letter has them.
            var top = _y;
            var addressX = _left + _width - AddressWidth;
            foreach (var (text, font) in new[] { ("Kepada Yth.", _body), (Addressee, _bodyBold), ("di tempat", _body) })
            {
                Gfx.DrawString(text, font, Ink, addressX, _y, XStringFormats.TopLeft);
                _y += BodyLine;
            }

            var addressBottom = _y;
            _y = top;
            var valueWidth = addressX - 24 - (_left + LabelWidth + 10);
            Field("Nama Pokja", Value(f.PokjaName), valueWidth);
            Field("Nomor SK penetapan", Value(f.SkNumber), valueWidth);
            Field("Tanggal SK", LongDate(f.SkDate), valueWidth);
            Field("Nomor surat penugasan", Value(f.AssignmentLetterNumber), valueWidth);
            _y = Math.Max(_y, addressBottom) + 6;

            Line("Dengan hormat,", _body);
            var skDate = f.SkDate is null ? "" : " tanggal " + LongDate(f.SkDate);
            Paragraph(
                $"Berdasarkan Surat Keputusan Nomor {Value(f.SkNumber)}{skDate} tentang penetapan anggota {Value(f.PokjaName)} dan " +
                $"Surat Penugasan Nomor {Value(f.AssignmentLetterNumber)}, bersama ini kami mohon kepada {Addressee} untuk " +
                "membuatkan user ID dan password SPSE bagi setiap anggota Pokja yang tercantum dalam daftar berikut " +
                $"({members.Count.ToString(CultureInfo.InvariantCulture)} orang):");
            _y += 2;

            Table(members);

            DrawClosing(f);
            _gfx?.Dispose();
            _gfx = null;
        }

        /// <summary>The number (or "Draf"), the print time and "Halaman i dari n" at the foot of every page.</summary>
        public void NumberPages(string number, string printedAt)
        {
            var count = _document.PageCount;
            for (var i = 0; i < count; i++)
            {
                var page = _document.Pages[i];
                using var gfx = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
                var width = page.Width.Point - (2 * Margin);
                var y = page.Height.Point - Margin + 6;
                gfx.DrawLine(Hair, Margin, y - 4, Margin + width, y - 4);
                gfx.DrawString(number, _small, Muted, Margin, y, XStringFormats.TopLeft);
                gfx.DrawString("Dicetak " + printedAt, _small, Muted, new XRect(Margin, y, width, 9), XStringFormats.TopCenter);
                gfx.DrawString(string.Create(CultureInfo.InvariantCulture, $"Halaman {i + 1} dari {count}"), _small, Muted,
                    new XRect(Margin, y, width, 9), XStringFormats.TopRight);
            }
        }

        private void NewPage(bool continuation)
        {
            _gfx?.Dispose();
            var page = _document.AddPage();
            page.Size = PageSize.A4;
            page.Orientation = PageOrientation.Landscape;
            _pageHeight = page.Height.Point;
            _left = Margin;
            _width = page.Width.Point - (2 * Margin);
            _y = TopMargin;
            _gfx = XGraphics.FromPdfPage(page);
            if (continuation)
            {
                foreach (var line in Wrap(_runningHead, _small, _width))
                {
                    Gfx.DrawString(line, _small, Muted, _left, _y, XStringFormats.TopLeft);
                    _y += 9;
                }

                _y += 6;
            }
        }

        private void DrawHeader(PokjaAccountForm f)
        {
            foreach (var line in Wrap(Value(f.OfficeName), _office, _width))
            {
                Centered(line, _office, Ink, 16);
            }

            if (!string.IsNullOrWhiteSpace(f.UnitName))
            {
                foreach (var line in Wrap(f.UnitName.Trim(), _unit, _width))
                {
                    Centered(line, _unit, Ink, 14);
                }
            }

            _y += 4;
            Gfx.DrawLine(Thick, _left, _y, _left + _width, _y);
            Gfx.DrawLine(Thin, _left, _y + 2.6, _left + _width, _y + 2.6);
            _y += 12;

            Centered(Title, _title, Ink, 15);
            var number = string.IsNullOrWhiteSpace(f.RequestNumber) ? Draft : f.RequestNumber.Trim();
            Centered("Nomor: " + number, _body, Ink, 14);
            _y += 6;
        }

        private void Line(string text, XFont font)
        {
            foreach (var part in Wrap(text, font, _width))
            {
                EnsureRoom(BodyLine);
                Gfx.DrawString(part, font, Ink, _left, _y, XStringFormats.TopLeft);
                _y += BodyLine;
            }
        }

        private void Paragraph(string text)
        {
            Line(text, _body);
            _y += 3;
        }

        private void Field(string label, string value, double valueWidth)
        {
            var valueX = _left + LabelWidth + 10;
            var lines = Wrap(value, _bodyBold, valueWidth);
            EnsureRoom(lines.Count * BodyLine);
            Gfx.DrawString(label, _body, Ink, _left, _y, XStringFormats.TopLeft);
            Gfx.DrawString(":", _body, Ink, _left + LabelWidth, _y, XStringFormats.TopLeft);
            foreach (var line in lines)
            {
                Gfx.DrawString(line, _bodyBold, Ink, valueX, _y, XStringFormats.TopLeft);
                _y += BodyLine;
            }
        }

        private void EnsureRoom(double height)
        {
            if (_y + height > Bottom)
            {
                NewPage(continuation: true);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Table(IReadOnlyList<PokjaMember> members)
        {
            var headerHeight = HeaderHeight();

            // The header stays with at least its first row.
            var first = Cells(1, members[0]);
            EnsureRoom(headerHeight + RowHeight(first));
            TableHeader(headerHeight);

            for (var i = 0; i < members.Count; i++)
            {
                var cells = i == 0 ? first : Cells(i + 1, members[i]);
                var height = RowHeight(cells);
                if (_y + height > Bottom)
                {
                    NewPage(continuation: true);
                    TableHeader(headerHeight);
                    if (_y + height > Bottom)
                    {
                        // Only text far beyond PokjaMember's maximum lengths can get here: cut it rather than run off the page.
                        var lines = (int)Math.Floor((Bottom - _y - (2 * CellPadding)) / CellLine);
                        cells = cells.Select((c, i) => Truncate(c, lines, Columns[i].Width - (2 * CellPadding))).ToArray();
                        height = RowHeight(cells);
                    }
                }

                var x = _left;
                for (var c = 0; c < Columns.Length; c++)
                {
                    var ty = _y + CellPadding;
                    foreach (var line in cells[c])
                    {
                        var lx = Columns[c].Right ? x + Columns[c].Width - CellPadding - Width(line, _cell) : x + CellPadding;
                        Gfx.DrawString(line, _cell, Ink, lx, ty, XStringFormats.TopLeft);
                        ty += CellLine;
                    }

                    x += Columns[c].Width;
                }

                Borders(_y, height, Grid);
                _y += height;
            }

            _y += 10;
        }

        private List<string>[] Cells(int number, PokjaMember m)
        {
            string[] values =
            [
                number.ToString(CultureInfo.InvariantCulture), Value(m.FullName), Nip(m.Nip), Value(m.Position), Value(m.RankGrade),
                Value(m.Agency), Value(m.Email), Value(m.Phone),
            ];
            var cells = new List<string>[Columns.Length];
            for (var c = 0; c < Columns.Length; c++)
            {
                cells[c] = Wrap(values[c], _cell, Columns[c].Width - (2 * CellPadding));
            }

            return cells;
        }

        private static double RowHeight(List<string>[] cells) => (cells.Max(c => c.Count) * CellLine) + (2 * CellPadding);

        private double HeaderHeight() =>
            (Columns.Max(c => Wrap(c.Heading, _cellBold, c.Width - (2 * CellPadding)).Count) * CellLine) + (2 * CellPadding);

        private void TableHeader(double height)
        {
            Gfx.DrawRectangle(HeaderFill, _left, _y, _width, height);
            var x = _left;
            foreach (var column in Columns)
            {
                var ty = _y + CellPadding;
                foreach (var line in Wrap(column.Heading, _cellBold, column.Width - (2 * CellPadding)))
                {
                    Gfx.DrawString(line, _cellBold, Ink, new XRect(x, ty, column.Width, CellLine), XStringFormats.TopCenter);
                    ty += CellLine;
                }

                x += column.Width;
            }

            Borders(_y, height, Thin);
            _y += height;
        }

        /// <summary>A row's frame: its top and bottom, and a line at every column edge.</summary>
        private void Borders(double top, double height, XPen pen)
        {
            Gfx.DrawLine(pen, _left, top, _left + _width, top);
            Gfx.DrawLine(pen, _left, top + height, _left + _width, top + height);
            var x = _left;
            Gfx.DrawLine(pen, x, top, x, top + height);
            foreach (var column in Columns)
            {
                x += column.Width;
                Gfx.DrawLine(pen, x, top, x, top + height);
            }
        }

        /// <summary>
        /// The closing sentence, then the signature box on the right (place and date left blank, the head's title, room to
        /// sign, a line for the name, "NIP.") and the tembusan on the left at its foot: kept together on one page.
        /// </summary>
        private void DrawClosing(PokjaAccountForm f)
        {
            const double boxWidth = 250;
            var closing = Wrap(
                "Demikian permohonan ini kami sampaikan. Atas perhatian dan kerja sama Saudara, kami ucapkan terima kasih.",
                _body, _width);
            var title = Wrap(Value(f.HeadTitle) + ",", _body, boxWidth);
            var copy = Wrap("Tembusan: " + Value(f.CopyTo), _body, _width - boxWidth - 40);
            var signHeight = BodyLine + (title.Count * BodyLine) + SignatureSpace + 3 + BodyLine;
            var copyAbove = Math.Max(0, (copy.Count - 1) * BodyLine);
            EnsureRoom((closing.Count * BodyLine) + 10 + Math.Max(signHeight, copyAbove + BodyLine));

            foreach (var line in closing)
            {
                Gfx.DrawString(line, _body, Ink, _left, _y, XStringFormats.TopLeft);
                _y += BodyLine;
            }

            _y += 10;
            var x = _left + _width - boxWidth;
            var y = _y;
            // Place and date are written by hand when the form is signed.
            Gfx.DrawString("................................, ..................................", _body, Ink, x, y,
                XStringFormats.TopLeft);
            y += BodyLine;
            foreach (var line in title)
            {
                Gfx.DrawString(line, _body, Ink, x, y, XStringFormats.TopLeft);
                y += BodyLine;
            }

            y += SignatureSpace;
            Gfx.DrawLine(Thin, x, y, x + 220, y);
            y += 3;
            Gfx.DrawString("NIP.", _body, Ink, x, y, XStringFormats.TopLeft);

            // The tembusan's last line on the level of "NIP.".
            var cy = Math.Max(_y, y - copyAbove);
            foreach (var line in copy)
            {
                Gfx.DrawString(line, _body, Ink, _left, cy, XStringFormats.TopLeft);
                cy += BodyLine;
            }

            _y = Math.Max(y + BodyLine, cy);
        }

        private void Centered(string text, XFont font, XBrush brush, double lineHeight)
        {
            Gfx.DrawString(text, font, brush, new XRect(_left, _y, _width, lineHeight), XStringFormats.TopCenter);
            _y += lineHeight;
        }

        /// <summary>At most <paramref name="maxLines"/> lines, the last one ending in "…" when text was cut.</summary>
        private List<string> Truncate(List<string> lines, int maxLines, double width)
        {
            maxLines = Math.Max(1, maxLines);
            if (lines.Count <= maxLines)
            {
                return lines;
            }

            var kept = lines.Take(maxLines).ToList();
            var last = kept[^1];
            while (last.Length > 1 && Width(last + "…", _cell) > width)
            {
                last = last[..^1];
            }

            kept[^1] = last + "…";
            return kept;
        }

        /// <summary>
        /// Width of a text from the cached advance width of each character (PDFsharp does not kern): one array per font,
        /// filled as characters are met, so 200 rows measure fast.
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
        /// Greedy word wrap by width, nothing left out; a word wider than the line (an email, an SK number) is broken
        /// after a separator that fits, else by character.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private List<string> Wrap(string text, XFont font, double width)
        {
            if (text.IndexOf('\n') < 0 && Width(text, font) <= width)
            {
                return [text];
            }

            var lines = new List<string>();
            var line = "";
            foreach (var word in text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ')
                         .Split(' ', StringSplitOptions.RemoveEmptyEntries))
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

            return lines.Count == 0 ? ["-"] : lines;
        }
    }
}
