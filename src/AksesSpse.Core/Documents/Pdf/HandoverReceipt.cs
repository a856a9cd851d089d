using System.Globalization;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Validation;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace AksesSpse.Core.Documents.Pdf;

/// <summary>What the handover form ("formulir serah terima berkas") of a request shows.</summary>
/// <param name="Channel">How the documents came in: "Daring", "Datang langsung" or "Email".</param>
/// <param name="ReceivedAtUtc">When the documents were received, in UTC (an unspecified kind is taken as UTC).</param>
/// <param name="Clock">The office's clock; the form prints the local time in its zone, with its label (WIB, WITA, WIT).</param>
/// <param name="StatusUrl">Where the applicant follows the request; printed and encoded as a QR code.</param>
public sealed record HandoverReceipt(
    string OfficeName,
    string? OfficeAddress,
    string RequestNumber,
    string ApplicantName,
    string? ApplicantNip,
    string? ApplicantAgency,
    string RequestTitle,
    string Channel,
    DateTime ReceivedAtUtc,
    OfficeClock Clock,
    string ReceivedByName,
    IReadOnlyList<string> DocumentsReceived,
    string StatusUrl);

/// <summary>Renders a <see cref="HandoverReceipt"/> as a one-page A4 PDF (PDFsharp, drawn with XGraphics).</summary>
public static class HandoverReceiptPdf
{
    public const string Title = "FORMULIR SERAH TERIMA BERKAS";
    public const string QrCaption = "Pindai untuk melihat status permohonan";

    public static byte[] Render(HandoverReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(receipt.Clock);
        ArgumentNullException.ThrowIfNull(receipt.DocumentsReceived);
        if (receipt.ReceivedAtUtc.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("ReceivedAtUtc must be a UTC time, not a local one.", nameof(receipt));
        }

        PdfSetup.EnsureInitialized();

        using var document = new PdfDocument();
        document.Info.Title = $"Formulir Serah Terima Berkas {receipt.RequestNumber}";
        document.Info.Author = "AksesSpse";
        document.Info.Subject = $"Serah terima berkas permohonan {receipt.RequestNumber} — {receipt.RequestTitle} — {receipt.OfficeName}";
        document.Info.Creator = "AksesSpse";

        var page = document.AddPage();
        page.Size = PageSize.A4;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            new Layout(gfx, page.Width.Point, page.Height.Point).Draw(receipt);
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    /// <summary>The QR code's modules (true = dark), without the quiet zone; ECC level M.</summary>
    internal static bool[,] QrModules(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        const int quiet = 4; // QRCoder includes a 4-module quiet zone in ModuleMatrix
        var size = data.ModuleMatrix.Count - (2 * quiet);
        var modules = new bool[size, size];
        for (var row = 0; row < size; row++)
        {
            var bits = data.ModuleMatrix[row + quiet];
            for (var col = 0; col < size; col++)
            {
                modules[row, col] = bits[col + quiet];
            }
        }

        return modules;
    }

    /// <summary>Greedy word wrap by measured width; words wider than the line are broken by character.</summary>
    internal static List<string> Wrap(XGraphics gfx, string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = string.Empty;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (gfx.MeasureString(candidate, font).Width <= width)
                {
                    line = candidate;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line);
                }

                line = word;
                while (line.Length > 1 && gfx.MeasureString(line, font).Width > width)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && gfx.MeasureString(line[..cut], font).Width > width)
                    {
                        cut--;
                    }

                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }

            lines.Add(line);
        }

        return lines;
    }

    private sealed class Layout
    {
        private const string Family = SystemFontResolver.DefaultFamily;
        private const double Margin = 56.7; // 2 cm
        private const double TopMargin = 42;
        private const double BottomMargin = 36;
        private const double LabelWidth = 150;
        private const double QrSize = 84;

        private static readonly XBrush Ink = XBrushes.Black;
        private static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(80, 80, 80));
        private static readonly XPen Thick = new(XColors.Black, 1.6);
        private static readonly XPen Thin = new(XColors.Black, 0.5);
        private static readonly XPen Hair = new(XColor.FromArgb(150, 150, 150), 0.4);

        private readonly XGraphics _gfx;
        private readonly double _pageHeight;
        private readonly double _left;
        private readonly double _width;

        private readonly XFont _office = new(Family, 14, XFontStyleEx.Bold);
        private readonly XFont _address = new(Family, 8.5, XFontStyleEx.Regular);
        private readonly XFont _title = new(Family, 13, XFontStyleEx.Bold);
        private readonly XFont _number = new(Family, 10, XFontStyleEx.Regular);
        private readonly XFont _section = new(Family, 10, XFontStyleEx.Bold);
        private readonly XFont _body = new(Family, 9.5, XFontStyleEx.Regular);
        private readonly XFont _bodyBold = new(Family, 9.5, XFontStyleEx.Bold);
        private readonly XFont _small = new(Family, 7.5, XFontStyleEx.Regular);
        private readonly XFont _caption = new(Family, 8, XFontStyleEx.Bold);

        private double _y;

        public Layout(XGraphics gfx, double pageWidth, double pageHeight)
        {
            _gfx = gfx;
            _pageHeight = pageHeight;
            _left = Margin;
            _width = pageWidth - (2 * Margin);
            _y = TopMargin;
        }

        public void Draw(HandoverReceipt r)
        {
            DrawHeader(r);
            DrawTitle(r);

            Section("A. Data pemohon");
            Row("Nama", r.ApplicantName);
            Row("NIP", string.IsNullOrWhiteSpace(r.ApplicantNip) ? "-" : NipValidator.Format(r.ApplicantNip));
            Row("Instansi", string.IsNullOrWhiteSpace(r.ApplicantAgency) ? "-" : r.ApplicantAgency);

            Section("B. Data permohonan");
            Row("Nomor permohonan", r.RequestNumber);
            Row("Jenis permohonan", r.RequestTitle);
            Row("Saluran", r.Channel);
            Row("Tanggal dan waktu diterima", r.Clock.Format(r.ReceivedAtUtc));

            Section("C. Berkas yang diterima");
            var bottomTop = DrawBottom(r);
            DrawDocuments(r.DocumentsReceived, r.ReceivedByName, bottomTop);
        }

        private void DrawHeader(HandoverReceipt r)
        {
            foreach (var line in Wrap(_gfx, r.OfficeName, _office, _width))
            {
                Centered(line, _office, Ink, 18);
            }

            if (!string.IsNullOrWhiteSpace(r.OfficeAddress))
            {
                _y += 2;
                foreach (var line in Wrap(_gfx, r.OfficeAddress, _address, _width))
                {
                    Centered(line, _address, Muted, 11);
                }
            }

            _y += 6;
            _gfx.DrawLine(Thick, _left, _y, _left + _width, _y);
            _gfx.DrawLine(Thin, _left, _y + 2.6, _left + _width, _y + 2.6);
            _y += 20;
        }

        private void DrawTitle(HandoverReceipt r)
        {
            Centered(Title, _title, Ink, 17);
            Centered("Nomor: " + r.RequestNumber, _number, Ink, 14);
            _y += 8;
        }

        private void Section(string heading)
        {
            _y += 6;
            _gfx.DrawString(heading, _section, Ink, _left, _y, XStringFormats.TopLeft);
            _y += 14;
            _gfx.DrawLine(Hair, _left, _y, _left + _width, _y);
            _y += 5;
        }

        private void Row(string label, string value)
        {
            const double indent = 12;
            var valueX = _left + indent + LabelWidth + 10;
            var lines = Wrap(_gfx, value, _body, _left + _width - valueX);
            _gfx.DrawString(label, _body, Ink, _left + indent, _y, XStringFormats.TopLeft);
            _gfx.DrawString(":", _body, Ink, _left + indent + LabelWidth, _y, XStringFormats.TopLeft);
            foreach (var line in lines)
            {
                _gfx.DrawString(line, _body, Ink, valueX, _y, XStringFormats.TopLeft);
                _y += 13;
            }

            _y += 1.5;
        }

        /// <summary>The numbered list; smaller type when it does not fit above the signatures, then a remainder note.</summary>
        private void DrawDocuments(IReadOnlyList<string> documents, string receivedBy, double limit)
        {
            const double numberWidth = 22;
            var textX = _left + 12 + numberWidth + 4;
            var textWidth = _left + _width - textX;
            var available = limit - _y - 34; // room for the statement and "Diterima oleh"

            if (documents.Count == 0)
            {
                _gfx.DrawString("(tidak ada berkas)", _body, Ink, textX, _y, XStringFormats.TopLeft);
                _y += 14;
            }

            foreach (var size in documents.Count == 0 ? Array.Empty<double>() : new[] { 9.5, 8.5, 7.5 })
            {
                var font = new XFont(Family, size, XFontStyleEx.Regular);
                var lineHeight = size * 1.36;
                var wrapped = documents.Select(d => Wrap(_gfx, d, font, textWidth)).ToList();
                var height = wrapped.Sum(w => (w.Count * lineHeight) + 2);
                if (height <= available || size == 7.5)
                {
                    var shown = 0;
                    var used = 0.0;
                    for (; shown < wrapped.Count; shown++)
                    {
                        var need = (wrapped[shown].Count * lineHeight) + 2;
                        var reserve = shown < wrapped.Count - 1 && used + need + lineHeight > available ? lineHeight : 0;
                        if (used + need + reserve > available && height > available)
                        {
                            break;
                        }

                        used += need;
                    }

                    for (var i = 0; i < shown; i++)
                    {
                        var number = (i + 1).ToString(CultureInfo.InvariantCulture) + ".";
                        _gfx.DrawString(number, font, Ink, new XRect(_left + 12, _y, numberWidth, lineHeight), XStringFormats.TopRight);
                        foreach (var line in wrapped[i])
                        {
                            _gfx.DrawString(line, font, Ink, textX, _y, XStringFormats.TopLeft);
                            _y += lineHeight;
                        }

                        _y += 2;
                    }

                    if (shown < wrapped.Count)
                    {
                        var rest = wrapped.Count - shown;
                        _gfx.DrawString($"… dan {rest} berkas lainnya (lihat status permohonan).", font, Ink, textX, _y, XStringFormats.TopLeft);
                        _y += lineHeight;
                    }

                    break;
                }
            }

            _y += 6;
            _gfx.DrawString("Berkas tersebut di atas telah diserahkan dan diterima pada tanggal dan waktu yang tercantum.", _small, Muted, _left + 12, _y, XStringFormats.TopLeft);
            _y += 14;
            _gfx.DrawString("Diterima oleh", _body, Ink, _left + 12, _y, XStringFormats.TopLeft);
            _gfx.DrawString(":", _body, Ink, _left + 12 + LabelWidth, _y, XStringFormats.TopLeft);
            _gfx.DrawString(receivedBy, _bodyBold, Ink, _left + 12 + LabelWidth + 10, _y, XStringFormats.TopLeft);
        }

        /// <summary>Signatures and the QR code, anchored to the bottom of the page. Returns the zone's top.</summary>
        private double DrawBottom(HandoverReceipt r)
        {
            // Footer
            var footerY = _pageHeight - BottomMargin - 9;
            _gfx.DrawString(
                "Formulir ini dibuat oleh sistem AksesSpse dan disimpan bersama berkas permohonan.",
                _small, Muted, new XRect(_left, footerY, _width, 9), XStringFormats.TopCenter);

            // QR block: code, caption, URL (one line, shrunk to fit the width when long)
            var urlSize = 7.5;
            var urlFont = new XFont(Family, urlSize, XFontStyleEx.Regular);
            while (urlSize > 5 && _gfx.MeasureString(r.StatusUrl, urlFont).Width > _width)
            {
                urlSize -= 0.25;
                urlFont = new XFont(Family, urlSize, XFontStyleEx.Regular);
            }

            var urlY = footerY - 14 - 10;
            var captionY = urlY - 12;
            var qrY = captionY - 5 - QrSize;
            var qrX = _left + ((_width - QrSize) / 2);
            DrawQr(r.StatusUrl, qrX, qrY, QrSize);
            _gfx.DrawString(QrCaption, _caption, Ink, new XRect(_left, captionY, _width, 10), XStringFormats.TopCenter);
            _gfx.DrawString(r.StatusUrl, urlFont, Ink, new XRect(_left, urlY, _width, 10), XStringFormats.TopCenter);

            // Signatures: two columns
            var signTop = qrY - 22 - 98;
            var columnWidth = _width / 2;
            Signature(_left, columnWidth, signTop, "Yang menyerahkan,", r.ApplicantName,
                string.IsNullOrWhiteSpace(r.ApplicantNip) ? null : "NIP " + NipValidator.Format(r.ApplicantNip));
            Signature(_left + columnWidth, columnWidth, signTop, "Yang menerima,", r.ReceivedByName, "Petugas penerima berkas");

            _gfx.DrawLine(Hair, _left, signTop - 12, _left + _width, signTop - 12);
            return signTop - 12;
        }

        private void Signature(double x, double width, double top, string role, string name, string? note)
        {
            var y = top;
            _gfx.DrawString(role, _body, Ink, new XRect(x, y, width, 12), XStringFormats.TopCenter);
            y += 62;
            var nameLines = Wrap(_gfx, name, _bodyBold, width - 40);
            var lineWidth = Math.Max(120, nameLines.Max(l => _gfx.MeasureString(l, _bodyBold).Width) + 16);
            _gfx.DrawLine(Thin, x + ((width - lineWidth) / 2), y, x + ((width + lineWidth) / 2), y);
            y += 3;
            foreach (var line in nameLines.Take(2))
            {
                _gfx.DrawString(line, _bodyBold, Ink, new XRect(x, y, width, 12), XStringFormats.TopCenter);
                y += 12;
            }

            if (note is not null)
            {
                _gfx.DrawString(note, _small, Muted, new XRect(x, y, width, 10), XStringFormats.TopCenter);
            }
        }

        private void DrawQr(string text, double x, double y, double size)
        {
            var modules = QrModules(text);
            var count = modules.GetLength(0);
            var module = size / count;
            for (var row = 0; row < count; row++)
            {
                var col = 0;
                while (col < count)
                {
                    if (!modules[row, col])
                    {
                        col++;
                        continue;
                    }

                    var start = col;
                    while (col < count && modules[row, col])
                    {
                        col++;
                    }

                    // A hair of overlap to avoid anti-aliasing seams between neighbouring modules.
                    _gfx.DrawRectangle(Ink, x + (start * module), y + (row * module), ((col - start) * module) + 0.05, module + 0.05);
                }
            }
        }

        private void Centered(string text, XFont font, XBrush brush, double lineHeight)
        {
            _gfx.DrawString(text, font, brush, new XRect(_left, _y, _width, lineHeight), XStringFormats.TopCenter);
            _y += lineHeight;
        }
    }
}
