using System.Globalization;
using System.Text;
using AksesSpse.Core.Documents.Pdf;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace AksesSpse.Core.Sop.Document;

/// <summary>Draws the laid-out SOP document into a PDF with PDFsharp (DejaVu Sans embedded).</summary>
public static class SopDocumentPdf
{
    private static readonly XColor HeaderFill = XColor.FromArgb(230, 234, 240);
    private static readonly XBrush MutedBrush = new XSolidBrush(XColor.FromArgb(90, 90, 90));

    public static byte[] Render(SopDefinition sop, Letterhead letterhead)
    {
        PdfSetup.EnsureInitialized();
        var pages = SopDocumentLayout.Document(sop, letterhead);
        using var document = new PdfDocument();
        document.Info.Title = "SOP " + sop.Title;
        document.Info.Subject = $"Standar Operasional Prosedur, versi {sop.Version.ToString(CultureInfo.InvariantCulture)}";
        document.Info.Creator = "AksesSpse";
        var fonts = new Dictionary<(double, bool), XFont>();
        XFont Font(double size, bool bold)
        {
            if (!fonts.TryGetValue((size, bold), out var font))
            {
                font = new XFont(SystemFontResolver.DefaultFamily, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
                fonts[(size, bold)] = font;
            }

            return font;
        }

        foreach (var drawn in pages)
        {
            var page = document.AddPage();
            page.Width = XUnitPt.FromPoint(drawn.Width);
            page.Height = XUnitPt.FromPoint(drawn.Height);
            using var gfx = XGraphics.FromPdfPage(page);
            foreach (var mark in drawn.Marks)
            {
                switch (mark)
                {
                    case TextMark t:
                        var font = Font(t.Size, t.Bold);
                        var x = t.Align switch
                        {
                            TextAlign.Center => t.X - (TextMeasure.Width(t.Text, t.Size, t.Bold) / 2),
                            TextAlign.Right => t.X - TextMeasure.Width(t.Text, t.Size, t.Bold),
                            _ => t.X,
                        };
                        gfx.DrawString(t.Text, font, t.Muted ? MutedBrush : XBrushes.Black, x, t.Baseline, XStringFormats.BaseLineLeft);
                        break;
                    case LineMark l:
                        gfx.DrawLine(new XPen(XColors.Black, l.Width), l.From.X, l.From.Y, l.To.X, l.To.Y);
                        break;
                    case RectMark r when r.Filled:
                        gfx.DrawRectangle(new XSolidBrush(HeaderFill), r.X, r.Y, r.Width, r.Height);
                        break;
                    case RectMark r when r.Radius > 0:
                        gfx.DrawRoundedRectangle(new XPen(XColors.Black, r.Stroke), XBrushes.White, r.X, r.Y, r.Width, r.Height, r.Radius * 2, r.Radius * 2);
                        break;
                    case RectMark r:
                        gfx.DrawRectangle(new XPen(XColors.Black, r.Stroke), r.X, r.Y, r.Width, r.Height);
                        break;
                    case PolygonMark p:
                        gfx.DrawPolygon(new XPen(XColors.Black, p.Stroke), XBrushes.White, p.Points.Select(q => new XPoint(q.X, q.Y)).ToArray(), XFillMode.Winding);
                        break;
                    case ArrowMark a:
                        DrawArrow(gfx, a);
                        break;
                    case ImageMark i:
                        DrawLogo(gfx, i);
                        break;
                    case EmblemMark e:
                        gfx.DrawEllipse(new XPen(XColors.Black, 1.2), e.CenterX - e.Radius, e.CenterY - e.Radius, e.Radius * 2, e.Radius * 2);
                        gfx.DrawEllipse(new XPen(XColors.Black, 0.5), e.CenterX - e.Radius + 3, e.CenterY - e.Radius + 3, (e.Radius - 3) * 2, (e.Radius - 3) * 2);
                        var size = SopDrawingText.EmblemSize(e);
                        var ef = Font(size, true);
                        gfx.DrawString(e.Text, ef, XBrushes.Black, e.CenterX - (TextMeasure.Width(e.Text, size, true) / 2), e.CenterY + (size * 0.35),
                            XStringFormats.BaseLineLeft);
                        break;
                }
            }
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>The logo, fitted into its box; a logo PDFsharp cannot read leaves the box empty rather than failing the document.</summary>
    private static void DrawLogo(XGraphics gfx, ImageMark mark)
    {
        try
        {
            using var stream = new MemoryStream(mark.Data, writable: false);
            using var image = XImage.FromStream(stream);
            var scale = Math.Min(mark.Width / image.PointWidth, mark.Height / image.PointHeight);
            var w = image.PointWidth * scale;
            var h = image.PointHeight * scale;
            gfx.DrawImage(image, mark.X + ((mark.Width - w) / 2), mark.Y + ((mark.Height - h) / 2), w, h);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            gfx.DrawRectangle(new XPen(XColors.Gray, 0.5), mark.X, mark.Y, mark.Width, mark.Height);
        }
    }

    private static void DrawArrow(XGraphics gfx, ArrowMark arrow)
    {
        var pen = new XPen(XColors.Black, 0.7);
        var points = arrow.Points;
        for (var i = 1; i < points.Count; i++)
        {
            gfx.DrawLine(pen, points[i - 1].X, points[i - 1].Y, points[i].X, points[i].Y);
        }

        var head = SopDrawingText.ArrowHead(points[^2], points[^1]);
        gfx.DrawPolygon(XBrushes.Black, head.Select(p => new XPoint(p.X, p.Y)).ToArray(), XFillMode.Winding);
    }
}

/// <summary>
/// Draws the procedure table as SVG for the SOP's page: the same marks as the PDF, text in DejaVu Sans (Verdana, a close
/// match, where the browser has no DejaVu). The SVG has a fixed width, so on a phone the table scrolls, not the page.
/// </summary>
public static class SopDocumentSvg
{
    public static string Render(DrawnPage page, string title)
    {
        var sb = new StringBuilder(64 * 1024);
        sb.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sop-drawing\" role=\"img\" width=\"{N(page.Width)}\" height=\"{N(page.Height)}\" viewBox=\"0 0 {N(page.Width)} {N(page.Height)}\" font-family=\"'DejaVu Sans', Verdana, sans-serif\">");
        sb.Append("<title>").Append(Escape(title)).Append("</title>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{N(page.Width)}\" height=\"{N(page.Height)}\" fill=\"#fff\"/>");
        foreach (var mark in page.Marks)
        {
            switch (mark)
            {
                case TextMark t:
                    var anchor = t.Align switch { TextAlign.Center => "middle", TextAlign.Right => "end", _ => "start" };
                    sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(t.X)}\" y=\"{N(t.Baseline)}\" font-size=\"{N(t.Size)}\"");
                    if (t.Bold)
                    {
                        sb.Append(" font-weight=\"bold\"");
                    }

                    if (anchor != "start")
                    {
                        sb.Append(" text-anchor=\"").Append(anchor).Append('"');
                    }

                    if (t.Muted)
                    {
                        sb.Append(" fill=\"#555\"");
                    }

                    sb.Append('>').Append(Escape(t.Text)).Append("</text>");
                    break;
                case LineMark l:
                    sb.Append(CultureInfo.InvariantCulture,
                        $"<line x1=\"{N(l.From.X)}\" y1=\"{N(l.From.Y)}\" x2=\"{N(l.To.X)}\" y2=\"{N(l.To.Y)}\" stroke=\"#000\" stroke-width=\"{N(l.Width)}\"/>");
                    break;
                case RectMark r when r.Filled:
                    sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(r.X)}\" y=\"{N(r.Y)}\" width=\"{N(r.Width)}\" height=\"{N(r.Height)}\" fill=\"#e6eaf0\"/>");
                    break;
                case RectMark r:
                    sb.Append(CultureInfo.InvariantCulture,
                        $"<rect x=\"{N(r.X)}\" y=\"{N(r.Y)}\" width=\"{N(r.Width)}\" height=\"{N(r.Height)}\" rx=\"{N(r.Radius)}\" fill=\"{(r.Radius > 0 ? "#fff" : "none")}\" stroke=\"#000\" stroke-width=\"{N(r.Stroke)}\"/>");
                    break;
                case PolygonMark p:
                    sb.Append("<polygon points=\"").Append(Points(p.Points)).Append(CultureInfo.InvariantCulture,
                        $"\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"{N(p.Stroke)}\"/>");
                    break;
                case ArrowMark a:
                    sb.Append("<polyline points=\"").Append(Points(a.Points)).Append("\" fill=\"none\" stroke=\"#000\" stroke-width=\"0.7\"/>");
                    sb.Append("<polygon points=\"").Append(Points(SopDrawingText.ArrowHead(a.Points[^2], a.Points[^1]))).Append("\" fill=\"#000\"/>");
                    break;
                case ImageMark i:
                    var type = Offices.OfficeLogo.Sniff(i.Data) ?? "image/png";
                    sb.Append(CultureInfo.InvariantCulture,
                        $"<image x=\"{N(i.X)}\" y=\"{N(i.Y)}\" width=\"{N(i.Width)}\" height=\"{N(i.Height)}\" href=\"data:{type};base64,{Convert.ToBase64String(i.Data)}\"/>");
                    break;
                case EmblemMark e:
                    var size = SopDrawingText.EmblemSize(e);
                    sb.Append(CultureInfo.InvariantCulture,
                        $"<circle cx=\"{N(e.CenterX)}\" cy=\"{N(e.CenterY)}\" r=\"{N(e.Radius)}\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.2\"/>");
                    sb.Append(CultureInfo.InvariantCulture,
                        $"<text x=\"{N(e.CenterX)}\" y=\"{N(e.CenterY + (size * 0.35))}\" font-size=\"{N(size)}\" font-weight=\"bold\" text-anchor=\"middle\">{Escape(e.Text)}</text>");
                    break;
            }
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string Points(IEnumerable<Pt> points) => string.Join(' ', points.Select(p => N(p.X) + "," + N(p.Y)));

    private static string N(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}

/// <summary>Geometry both renderers share.</summary>
internal static class SopDrawingText
{
    /// <summary>The filled triangle at the end of an arrow, pointing from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static Pt[] ArrowHead(Pt from, Pt to)
    {
        var dx = to.X - from.X;
        var dy = to.Y - from.Y;
        var length = Math.Sqrt((dx * dx) + (dy * dy));
        if (length < 0.001)
        {
            return [to, to, to];
        }

        var ux = dx / length;
        var uy = dy / length;
        const double size = 4.5;
        const double half = 2.2;
        var bx = to.X - (ux * size);
        var by = to.Y - (uy * size);
        return [to, new Pt(bx - (uy * half), by + (ux * half)), new Pt(bx + (uy * half), by - (ux * half))];
    }

    /// <summary>The emblem's text size: as large as fits the circle.</summary>
    public static double EmblemSize(EmblemMark e)
    {
        var size = 11.0;
        while (size > 5 && TextMeasure.Width(e.Text, size, true) > (e.Radius - 5) * 2)
        {
            size -= 0.5;
        }

        return size;
    }
}
