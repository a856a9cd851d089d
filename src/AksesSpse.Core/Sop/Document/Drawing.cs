using System.Collections.Concurrent;
using PdfSharp.Drawing;

namespace AksesSpse.Core.Sop.Document;

/// <summary>A point of a drawing, in PDF points from the page's top left corner.</summary>
public readonly record struct Pt(double X, double Y);

public enum TextAlign
{
    Left,
    Center,
    Right,
}

/// <summary>
/// One thing drawn on a page. The SOP document is laid out once as a list of marks; the PDF and the SVG renderers only
/// translate marks, so the page in the app and the printed document are the same drawing.
/// </summary>
public abstract record Mark;

/// <summary>One line of text; <see cref="Baseline"/> is where the letters sit.</summary>
public sealed record TextMark(double X, double Baseline, string Text, double Size, bool Bold = false, TextAlign Align = TextAlign.Left,
    bool Muted = false) : Mark;

public sealed record LineMark(Pt From, Pt To, double Width = 0.6) : Mark;

/// <summary>A rectangle, optionally filled and with rounded corners (a terminator is a rectangle with half-height corners).</summary>
public sealed record RectMark(double X, double Y, double Width, double Height, double Stroke = 0.6, bool Filled = false,
    double Radius = 0) : Mark;

/// <summary>A closed shape: a decision diamond or an off-page connector.</summary>
public sealed record PolygonMark(IReadOnlyList<Pt> Points, double Stroke = 0.8) : Mark;

/// <summary>A flow arrow: a polyline whose last segment ends in an arrowhead.</summary>
public sealed record ArrowMark(IReadOnlyList<Pt> Points) : Mark;

/// <summary>A PNG or JPEG image (the office's logo).</summary>
public sealed record ImageMark(double X, double Y, double Width, double Height, byte[] Data) : Mark;

/// <summary>An emblem drawn where an office has no logo: a circle with its code.</summary>
public sealed record EmblemMark(double CenterX, double CenterY, double Radius, string Text) : Mark;

/// <summary>One page of a drawing (for the SVG, the whole procedure table as one tall page).</summary>
public sealed class DrawnPage(double width, double height)
{
    public double Width { get; } = width;
    public double Height { get; set; } = height;
    public List<Mark> Marks { get; } = [];
}

/// <summary>
/// Text widths in DejaVu Sans, the font both renderers use (the PDF embeds it; the SVG names it first), from PDFsharp's
/// metrics. Widths are per character at 10 pt, cached, and scale with the size.
/// </summary>
public static class TextMeasure
{
    private const double Reference = 10;
    private static readonly ConcurrentDictionary<(char, bool), double> Widths = new();
    private static readonly Lock Gate = new();
    private static XGraphics? _context;
    private static XFont? _regular;
    private static XFont? _bold;

    public static double Width(string text, double size, bool bold = false)
    {
        var total = 0.0;
        foreach (var c in text)
        {
            total += Widths.TryGetValue((c, bold), out var w) ? w : Measure(c, bold);
        }

        return total * size / Reference;
    }

    private static double Measure(char c, bool bold)
    {
        lock (Gate)
        {
            if (_context is null)
            {
                Documents.Pdf.PdfSetup.EnsureInitialized();
                _context = XGraphics.CreateMeasureContext(new XSize(1000, 1000), XGraphicsUnit.Point, XPageDirection.Downwards);
                _regular = new XFont(Documents.Pdf.SystemFontResolver.DefaultFamily, Reference, XFontStyleEx.Regular);
                _bold = new XFont(Documents.Pdf.SystemFontResolver.DefaultFamily, Reference, XFontStyleEx.Bold);
            }

            var width = _context.MeasureString(c.ToString(), bold ? _bold! : _regular!).Width;
            Widths[(c, bold)] = width;
            return width;
        }
    }

    /// <summary>
    /// Greedy word wrap of one paragraph per input line; a word wider than the line breaks after a "/" where it can, else by
    /// character. Empty text gives no lines.
    /// </summary>
    public static List<string> Wrap(string? text, double size, double width, bool bold = false)
    {
        var lines = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return lines;
        }

        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Width(candidate, size, bold) <= width)
                {
                    line = candidate;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line);
                }

                line = word;
                while (Width(line, size, bold) > width && line.Length > 1)
                {
                    var cut = BreakPoint(line, size, width, bold);
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }

            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static int BreakPoint(string word, double size, double width, bool bold)
    {
        var fit = 1;
        while (fit < word.Length && Width(word[..(fit + 1)], size, bold) <= width)
        {
            fit++;
        }

        var slash = word.LastIndexOf('/', fit - 1);
        return slash > 0 ? slash + 1 : fit;
    }
}
