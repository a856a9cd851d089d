using System.Globalization;
using System.Runtime.CompilerServices;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace AksesSpse.Core.Documents.Pdf;

/// <summary>A table column: its heading, its width in points, and how many lines a cell may take.</summary>
public sealed record PdfColumn(string Heading, double Width, int MaxLines, bool Right = false);

/// <summary>
/// An A4 report drawn top to bottom with PDFsharp: a letterhead, a title, paragraphs, label–value rows and tables that break
/// over pages with their header repeated, and "Halaman i dari n" in the footer. Used by the PPK campaign's notice and the
/// monthly accountability report.
/// </summary>
internal sealed class PdfReportLayout
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

    public PdfReportLayout(PdfDocument document)
    {
        _document = document;
    }

    private XGraphics Gfx => _gfx ?? throw new InvalidOperationException("No page is open.");

    private double Bottom => _pageHeight - Margin - FooterHeight + 10;

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

    public void NewPage()
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

    /// <summary>The office's name and address, centred, over a double rule: the top of the first page.</summary>
    public void Letterhead(string officeName, string? address)
    {
        foreach (var line in Wrap(officeName, _office, _width, 3))
        {
            Centered(line, _office, Ink, 16);
        }

        if (!string.IsNullOrWhiteSpace(address))
        {
            _y += 1;
            foreach (var line in Wrap(address, _address, _width, 3))
            {
                Centered(line, _address, Muted, 10.5);
            }
        }

        _y += 5;
        Gfx.DrawLine(Thick, _left, _y, _left + _width, _y);
        Gfx.DrawLine(Thin, _left, _y + 2.6, _left + _width, _y + 2.6);
        _y += 16;
    }

    /// <summary>The document's title, centred, and a line under it (its number, its period).</summary>
    public void Title(string title, string? subtitle)
    {
        foreach (var line in Wrap(title, _title, _width, 3))
        {
            Centered(line, _title, Ink, 15);
        }

        if (subtitle is not null)
        {
            Centered(subtitle, _body, Ink, 13);
        }

        _y += 8;
    }

    /// <summary>A small grey line (who or what made the document).</summary>
    public void Note(string text)
    {
        EnsureRoom(40);
        _y += 8;
        Gfx.DrawString(text, _small, Muted, _left, _y, XStringFormats.TopLeft);
        _y += 10;
    }

    public void Space(double points) => _y += points;

    /// <summary>Closes the last page's drawing; call before <see cref="NumberPages"/>.</summary>
    public void Finish()
    {
        _gfx?.Dispose();
        _gfx = null;
    }

    public void EnsureRoom(double height)
    {
        if (_y + height > Bottom)
        {
            NewPage();
        }
    }

    public void Paragraph(string text)
    {
        foreach (var line in Wrap(text, _body, _width, int.MaxValue))
        {
            EnsureRoom(12);
            Gfx.DrawString(line, _body, Ink, _left, _y, XStringFormats.TopLeft);
            _y += 12;
        }

        _y += 4;
    }

    public void SummaryRow(string label, string value, double labelWidth = 190)
    {
        EnsureRoom(13);
        Gfx.DrawString(label, _body, Ink, _left, _y, XStringFormats.TopLeft);
        Gfx.DrawString(":", _body, Ink, _left + labelWidth, _y, XStringFormats.TopLeft);
        Gfx.DrawString(value, _bodyBold, Ink, _left + labelWidth + 8, _y, XStringFormats.TopLeft);
        _y += 13;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Table(string heading, PdfColumn[] columns, IReadOnlyList<string[]> rows)
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
            var values = rows[i];
            var lines = 1;
            for (var c = 0; c < columns.Length; c++)
            {
                wrapped[c] = Wrap(c < values.Length ? values[c] : "", _cell, columns[c].Width - (2 * CellPadding), columns[c].MaxLines);
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

    private void TableHeader(PdfColumn[] columns)
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

    public void Centered(string text, XFont font, XBrush brush, double lineHeight)
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
