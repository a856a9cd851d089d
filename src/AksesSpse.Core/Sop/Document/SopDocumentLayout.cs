using System.Globalization;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Validation;

namespace AksesSpse.Core.Sop.Document;

/// <summary>The office as its SOP documents print it at the top of the identity block.</summary>
public sealed record Letterhead(string OfficeName, string? ParentAuthority, string? Address, string OfficeCode, byte[]? Logo)
{
    public static Letterhead Of(Office office) =>
        new(office.Name, office.ParentAuthority, office.Address, office.Code, office.Logo);
}

/// <summary>
/// Lays out an SOP version as the PermenPAN-RB 35/2012 document (docs/adr/0027): the documentation part (the identity block and
/// the numbered sections) and the procedure part (the swimlane table with the mutu baku columns), both on A4 landscape. Rows
/// never split across pages: an arrow that leaves a page ends in a numbered off-page connector and the next page starts from
/// the same number. <see cref="Drawing"/> lays the procedure table out as one tall page for the SOP's page in the app.
/// </summary>
public static class SopDocumentLayout
{
    public const double PageWidth = 841.89;
    public const double PageHeight = 595.28;
    private const double Margin = 28;
    private const double FooterSpace = 16;
    private const double Cell = 7;
    private const double Line = 8.6;
    private const double Pad = 3;
    private const double Ascent = 6.6;
    private const double MinRow = 42;
    private const double Band = 24;

    private const double NoWidth = 20;
    private const double WaktuWidth = 46;

    /// <summary>The whole document, page by page: the documentation part, then the procedure part.</summary>
    public static IReadOnlyList<DrawnPage> Document(SopDefinition sop, Letterhead letterhead)
    {
        var pages = new List<DrawnPage>();
        Documentation(sop, letterhead, pages);
        Procedure(sop, pages, paged: true);
        Footers(sop, pages);
        return pages;
    }

    /// <summary>The procedure part as one page as tall as the table: the drawing on the SOP's page.</summary>
    public static DrawnPage Drawing(SopDefinition sop)
    {
        var pages = new List<DrawnPage>();
        Procedure(sop, pages, paged: false);
        return pages[0];
    }

    /// <summary>The actors' columns, in the order the SOP first names them.</summary>
    public static IReadOnlyList<string> Lanes(SopDefinition sop) =>
        sop.Steps.OrderBy(s => s.Number).Select(LaneOf).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static string LaneOf(SopStep step) => string.IsNullOrWhiteSpace(step.ActorLabel) ? step.ActorRole : step.ActorLabel.Trim();

    // ---------------------------------------------------------------- documentation part

    private static void Documentation(SopDefinition sop, Letterhead head, List<DrawnPage> pages)
    {
        var page = new DrawnPage(PageWidth, PageHeight);
        pages.Add(page);
        var width = PageWidth - (2 * Margin);
        var y = Margin;

        // The identity block: the office on the left, the SOP's identity on the right.
        const double leftWidth = 330;
        const double labelWidth = 100;
        var rightX = Margin + leftWidth;
        var rightWidth = width - leftWidth;
        var valueWidth = rightWidth - labelWidth - 14;
        var identity = new List<(string Label, List<string> Lines, bool Bold)>
        {
            ("Nomor SOP", Wrap(Or(sop.Number), 8, valueWidth), false),
            ("Tanggal Pembuatan", Wrap(DateText(sop.MadeOn), 8, valueWidth), false),
            ("Tanggal Revisi", Wrap(DateText(sop.RevisedOn), 8, valueWidth), false),
            ("Tanggal Efektif", Wrap(DateText(sop.EffectiveOn), 8, valueWidth), false),
            ("Disahkan oleh", Approver(sop, valueWidth), false),
            ("Nama SOP", Wrap(sop.Title.ToUpperInvariant(), 8.5, valueWidth, bold: true), true),
        };
        var rightHeight = identity.Sum(r => RowHeight(r.Lines.Count, 10));
        var officeLines = new List<(string Text, double Size)>();
        foreach (var text in new[] { head.ParentAuthority, head.OfficeName, UnitLine(sop, head) })
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                officeLines.AddRange(Wrap(text.ToUpperInvariant(), 10, leftWidth - 90, bold: true).Select(l => (l, 10.0)));
            }
        }

        var addressLines = Wrap(head.Address, 7, leftWidth - 90);
        var leftHeight = Math.Max(80, 16 + (officeLines.Count * 12.5) + (addressLines.Count * 9));
        var blockHeight = Math.Max(leftHeight, rightHeight);

        page.Marks.Add(new RectMark(Margin, y, width, blockHeight, 0.9));
        page.Marks.Add(new LineMark(new Pt(rightX, y), new Pt(rightX, y + blockHeight), 0.9));
        if (head.Logo is { Length: > 0 } logo)
        {
            page.Marks.Add(new ImageMark(Margin + 12, y + ((blockHeight - 60) / 2), 60, 60, logo));
        }
        else
        {
            page.Marks.Add(new EmblemMark(Margin + 42, y + (blockHeight / 2), 28, head.OfficeCode));
        }

        var textTop = y + ((blockHeight - (officeLines.Count * 12.5) - (addressLines.Count * 9)) / 2);
        var textX = Margin + 84 + ((leftWidth - 90) / 2);
        foreach (var (text, size) in officeLines)
        {
            page.Marks.Add(new TextMark(textX, textTop + 10, text, size, Bold: true, Align: TextAlign.Center));
            textTop += 12.5;
        }

        foreach (var text in addressLines)
        {
            page.Marks.Add(new TextMark(textX, textTop + 8, text, 7, Align: TextAlign.Center, Muted: true));
            textTop += 9;
        }

        var ry = y;
        foreach (var (label, lines, bold) in identity)
        {
            var h = RowHeight(lines.Count, 10);
            if (ry > y)
            {
                page.Marks.Add(new LineMark(new Pt(rightX, ry), new Pt(Margin + width, ry), 0.5));
            }

            page.Marks.Add(new TextMark(rightX + 6, ry + Pad + 7.5, label, 8, Bold: true));
            page.Marks.Add(new TextMark(rightX + labelWidth, ry + Pad + 7.5, ":", 8));
            var ly = ry + Pad + 7.5;
            foreach (var l in lines)
            {
                page.Marks.Add(new TextMark(rightX + labelWidth + 8, ly, l, bold ? 8.5 : 8, Bold: bold));
                ly += 10;
            }

            ry += h;
        }

        y += blockHeight + 10;

        // The numbered sections, two to a row as the format prints them.
        var sections = new List<(string Title, string Text)>
        {
            ("DASAR HUKUM", sop.LegalBasis),
            ("KUALIFIKASI PELAKSANA", sop.Qualifications),
            ("KETERKAITAN", sop.RelatedSops),
            ("PERALATAN/PERLENGKAPAN", sop.Equipment),
            ("PERINGATAN", sop.Warnings),
            ("PENCATATAN DAN PENDATAAN", sop.Records),
        };
        foreach (var optional in new[] { ("PENJELASAN SINGKAT", sop.Summary), ("TUJUAN", sop.Purpose), ("DEFINISI", sop.Definitions) })
        {
            if (!string.IsNullOrWhiteSpace(optional.Item2))
            {
                sections.Add(optional);
            }
        }

        var half = width / 2;
        var bottom = PageHeight - Margin - FooterSpace;
        for (var i = 0; i < sections.Count; i += 2)
        {
            var left = SectionLines(sections[i].Text, half - (2 * Pad) - 4);
            var right = i + 1 < sections.Count ? SectionLines(sections[i + 1].Text, half - (2 * Pad) - 4) : [];
            var leftTitle = sections[i].Title;
            var rightTitle = i + 1 < sections.Count ? sections[i + 1].Title : null;
            var continued = false;
            while (true)
            {
                var room = (int)Math.Floor((bottom - y - 14 - (2 * Pad)) / Line);
                var need = Math.Max(Math.Max(left.Count, right.Count), 1);
                if (room < Math.Min(need, 3))
                {
                    page = new DrawnPage(PageWidth, PageHeight);
                    pages.Add(page);
                    y = Margin;
                    continue;
                }

                var take = Math.Min(room, need);
                var h = 14 + (take * Line) + (2 * Pad);
                page.Marks.Add(new RectMark(Margin, y, half, h, 0.6));
                page.Marks.Add(new RectMark(Margin + half, y, half, h, 0.6));
                DrawSection(page, Margin, y, leftTitle + (continued ? " (lanjutan)" : "") + ":", left, take);
                if (rightTitle is not null)
                {
                    DrawSection(page, Margin + half, y, rightTitle + (continued ? " (lanjutan)" : "") + ":", right, take);
                }

                left = left.Skip(take).ToList();
                right = right.Skip(take).ToList();
                y += h;
                if (left.Count == 0 && right.Count == 0)
                {
                    break;
                }

                continued = true;
                page = new DrawnPage(PageWidth, PageHeight);
                pages.Add(page);
                y = Margin;
            }
        }
    }

    private static string? UnitLine(SopDefinition sop, Letterhead head) =>
        string.IsNullOrWhiteSpace(sop.Unit) || head.OfficeName.Contains(sop.Unit.Trim(), StringComparison.OrdinalIgnoreCase) ? null : sop.Unit;

    private static List<string> Approver(SopDefinition sop, double width)
    {
        var lines = new List<string>();
        lines.AddRange(Wrap(sop.ApproverTitle, 8, width));
        lines.AddRange(Wrap(sop.ApproverName, 8, width, bold: false));
        if (!string.IsNullOrWhiteSpace(sop.ApproverNip))
        {
            lines.Add("NIP. " + NipValidator.Format(sop.ApproverNip));
        }

        return lines.Count == 0 ? ["-"] : lines;
    }

    private static double RowHeight(int lines, double lineHeight) => (Math.Max(lines, 1) * lineHeight) + (2 * Pad) + 2;

    /// <summary>A section's items as lines: "1. " before each item, later lines of an item indented under its text.</summary>
    private static List<(string Marker, string Text)> SectionLines(string text, double width)
    {
        var items = SopDefinition.Lines(text);
        var lines = new List<(string, string)>();
        if (items.Count == 0)
        {
            lines.Add(("", "-"));
            return lines;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var wrapped = Wrap(items[i], Cell + 0.5, width - 14);
            for (var j = 0; j < wrapped.Count; j++)
            {
                lines.Add((j == 0 ? (i + 1).ToString(CultureInfo.InvariantCulture) + "." : "", wrapped[j]));
            }
        }

        return lines;
    }

    private static void DrawSection(DrawnPage page, double x, double y, string title, List<(string Marker, string Text)> lines, int take)
    {
        page.Marks.Add(new TextMark(x + Pad + 2, y + Pad + 8, title, 8, Bold: true));
        var baseline = y + 14 + Pad + Ascent;
        foreach (var (marker, text) in lines.Take(take))
        {
            if (marker.Length > 0)
            {
                page.Marks.Add(new TextMark(x + Pad + 2, baseline, marker, Cell + 0.5));
            }

            page.Marks.Add(new TextMark(x + Pad + 16, baseline, text, Cell + 0.5));
            baseline += Line;
        }
    }

    // ---------------------------------------------------------------- procedure part

    private sealed record Columns(double[] X, double[] W, int Lanes)
    {
        // 0 No, 1 Aktivitas, 2..2+L-1 lanes, then Kelengkapan, Waktu, Output, Keterangan.
        public int Kelengkapan => 2 + Lanes;
        public int Waktu => 3 + Lanes;
        public int Output => 4 + Lanes;
        public int Keterangan => 5 + Lanes;
        public double Right => X[^1] + W[^1];
    }

    private sealed class Row
    {
        public required SopStep Step { get; init; }
        public required int Index { get; init; }
        public required List<string>[] Cells { get; init; }
        public double Height { get; init; }
        public int Page { get; set; }
        public double Top { get; set; }
        public double Center => Top + (Height / 2);
        public double Bottom => Top + Height;
    }

    private sealed class ProcedurePage
    {
        public required DrawnPage Page { get; init; }
        public double TableTop { get; init; }
        public double RowsTop { get; init; }
        public bool HasTopBand { get; init; }
        public bool HasBottomBand { get; set; }
        public double RowsBottom { get; set; }
        public double HeaderBottom { get; init; }
        public double BottomBandCenter => RowsBottom + (Band / 2);
    }

    private static Columns Layout(int lanes)
    {
        var usable = PageWidth - (2 * Margin);
        double activity = 165, kelengkapan = 150, output = 100;
        var rest = usable - NoWidth - activity - kelengkapan - WaktuWidth - output;
        var lane = Math.Clamp((rest - 70) / Math.Max(lanes, 1), 48, 120);
        var keterangan = rest - (lane * lanes);
        if (keterangan < 60)
        {
            // Many actors: the text columns give way down to their least, then the lanes narrow (the publish check keeps an SOP
            // at SopPublishChecks.MaxLanes; an older version with more still prints inside the page).
            var shortBy = 60 - keterangan;
            var give = Math.Min(shortBy, (activity - 110) + (kelengkapan - 100) + (output - 70));
            activity -= give * 55 / 125;
            kelengkapan -= give * 50 / 125;
            output -= give * 20 / 125;
            keterangan = 60;
            if (shortBy > give)
            {
                lane = Math.Max(24, (usable - NoWidth - activity - kelengkapan - WaktuWidth - output - keterangan) / lanes);
            }
        }

        var widths = new List<double> { NoWidth, activity };
        widths.AddRange(Enumerable.Repeat(lane, lanes));
        widths.AddRange([kelengkapan, WaktuWidth, output, keterangan]);
        var xs = new double[widths.Count];
        var x = Margin;
        for (var i = 0; i < widths.Count; i++)
        {
            xs[i] = x;
            x += widths[i];
        }

        return new Columns(xs, [.. widths], lanes);
    }

    private static void Procedure(SopDefinition sop, List<DrawnPage> pages, bool paged)
    {
        var flow = SopFlow.Of(sop.Steps);
        var lanes = Lanes(sop);
        var laneIndex = lanes.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.OrdinalIgnoreCase);
        var cols = Layout(lanes.Count);
        var laneHeaders = lanes.Select((l, i) => Wrap(l, 6.5, cols.W[2 + i] - 4, bold: true)).ToList();
        var headerHeight = 13 + Math.Max(2, laneHeaders.Max(h => h.Count)) * 8 + 6;
        var title = "SOP " + sop.Title.ToUpperInvariant();
        var titleLines = Wrap(title, 10, cols.Right - Margin, bold: true);
        var titleHeight = (titleLines.Count * 12.5) + 6;

        var rows = flow.Steps.Select((s, i) =>
        {
            var cells = new List<string>[cols.Keterangan + 1];
            for (var c = 0; c < cells.Length; c++)
            {
                cells[c] = [];
            }

            cells[0] = [s.Number.ToString(CultureInfo.InvariantCulture)];
            cells[1] = Wrap(s.Activity, Cell, cols.W[1] - (2 * Pad));
            cells[cols.Kelengkapan] = Wrap(Items(s.RequiredInputs), Cell, cols.W[cols.Kelengkapan] - (2 * Pad));
            cells[cols.Waktu] = Wrap(s.Standard.ToString(), Cell, cols.W[cols.Waktu] - (2 * Pad));
            cells[cols.Output] = Wrap(Items(s.Output), Cell, cols.W[cols.Output] - (2 * Pad));
            cells[cols.Keterangan] = Wrap(s.Note, Cell, cols.W[cols.Keterangan] - (2 * Pad));
            var lines = cells.Max(c => c.Count);
            return new Row { Step = s, Index = i, Cells = cells, Height = Math.Max(MinRow, (lines * Line) + (2 * Pad) + 2) };
        }).ToList();

        if (paged)
        {
            // Rows never split: a row taller than a continued page (a very long note) keeps what fits, ending in "…".
            var room = PageHeight - Margin - FooterSpace - (Margin + titleHeight + headerHeight + Band) - Band;
            var maxLines = (int)Math.Floor((room - (2 * Pad) - 2) / Line);
            rows = rows.Select(r => r.Height <= room ? r : new Row
            {
                Step = r.Step, Index = r.Index, Height = (maxLines * Line) + (2 * Pad) + 2,
                Cells = r.Cells.Select(c => c.Count <= maxLines ? c : [.. c.Take(maxLines - 1), c[maxLines - 1] + " …"]).ToArray(),
            }).ToList();
        }

        var total = SopFlow.TotalTime(sop);
        var totalSpan = cols.Right - cols.X[cols.Waktu];
        var totalLines = Wrap(total, Cell + 0.5, totalSpan - (2 * Pad), bold: true);
        var totalHeight = (totalLines.Count * Line) + (2 * Pad) + 4;

        // Pages: rows never split; a page that continues keeps a band at its foot for the connectors, and the next page one
        // under its header.
        var procedurePages = new List<ProcedurePage>();
        var limit = PageHeight - Margin - FooterSpace;
        ProcedurePage NewPage(bool continued)
        {
            var drawn = new DrawnPage(PageWidth, paged ? PageHeight : 0);
            pages.Add(drawn);
            var y = Margin;
            foreach (var line in titleLines)
            {
                drawn.Marks.Add(new TextMark(PageWidth / 2, y + 10, line, 10, Bold: true, Align: TextAlign.Center));
                y += 12.5;
            }

            var tableTop = Margin + titleHeight;
            var headerBottom = tableTop + headerHeight;
            var page = new ProcedurePage
            {
                Page = drawn,
                TableTop = tableTop,
                HeaderBottom = headerBottom,
                HasTopBand = continued,
                RowsTop = headerBottom + (continued ? Band : 0),
            };
            page.RowsBottom = page.RowsTop;
            procedurePages.Add(page);
            return page;
        }

        var current = NewPage(continued: false);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var last = i == rows.Count - 1;
            var need = row.Height + (last ? totalHeight : Band);
            if (paged && current.RowsBottom + need > limit && current.RowsBottom > current.RowsTop)
            {
                current.HasBottomBand = true;
                current = NewPage(continued: true);
            }

            row.Page = procedurePages.Count - 1;
            row.Top = current.RowsBottom;
            current.RowsBottom += row.Height;
        }

        foreach (var page in procedurePages)
        {
            DrawGrid(page, cols, lanes, laneHeaders, rows.Where(r => procedurePages[r.Page] == page).ToList());
        }

        // The total time under the last row.
        var lastPage = procedurePages[^1];
        var ty = lastPage.RowsBottom;
        var marks = lastPage.Page.Marks;
        marks.Add(new RectMark(Margin, ty, cols.Right - Margin, totalHeight, 0.6));
        marks.Add(new LineMark(new Pt(cols.X[cols.Waktu], ty), new Pt(cols.X[cols.Waktu], ty + totalHeight)));
        marks.Add(new TextMark(cols.X[cols.Waktu] - Pad - 2, ty + Pad + Ascent + 1, "Total Waktu Penyelesaian", Cell + 0.5, Bold: true,
            Align: TextAlign.Right));
        var tl = ty + Pad + Ascent + 1;
        foreach (var line in totalLines)
        {
            marks.Add(new TextMark(cols.X[cols.Waktu] + Pad, tl, line, Cell + 0.5, Bold: true));
            tl += Line;
        }

        if (!paged)
        {
            lastPage.Page.Height = ty + totalHeight + Margin;
        }

        // Symbols, then arrows.
        // Symbols leave room beside them for the channels of the arrows that jump over rows.
        var symbolWidth = Math.Clamp(cols.W[2] - 32, 22, 40);
        var shapes = new Dictionary<int, (double Cx, double Cy, double W, double H)>();
        foreach (var row in rows)
        {
            var lane = laneIndex[LaneOf(row.Step)];
            var cx = cols.X[2 + lane] + (cols.W[2 + lane] / 2);
            var symbol = flow.Symbols[row.Step.Number];
            var (w, h) = symbol switch
            {
                FlowSymbol.Decision => (symbolWidth + 8, 26.0),
                FlowSymbol.Start or FlowSymbol.End => (symbolWidth, 16.0),
                _ => (symbolWidth, 18.0),
            };
            shapes[row.Step.Number] = (cx, row.Center, w, h);
            var pageMarks = procedurePages[row.Page].Page.Marks;
            switch (symbol)
            {
                case FlowSymbol.Decision:
                    pageMarks.Add(new PolygonMark([new Pt(cx, row.Center - (h / 2)), new Pt(cx + (w / 2), row.Center), new Pt(cx, row.Center + (h / 2)),
                        new Pt(cx - (w / 2), row.Center)]));
                    break;
                case FlowSymbol.Start or FlowSymbol.End:
                    pageMarks.Add(new RectMark(cx - (w / 2), row.Center - (h / 2), w, h, 0.8, Radius: h / 2));
                    pageMarks.Add(new TextMark(cx, row.Center + 2, symbol == FlowSymbol.Start ? "Mulai" : "Selesai", 5.5, Align: TextAlign.Center));
                    break;
                default:
                    pageMarks.Add(new RectMark(cx - (w / 2), row.Center - (h / 2), w, h, 0.8));
                    break;
            }
        }

        DrawArrows(flow, rows, shapes, procedurePages, cols, laneIndex, paged);
    }

    private static string Items(string? text)
    {
        var lines = SopDefinition.Lines(text ?? "");
        return lines.Count > 1 ? string.Join("\n", lines.Select(l => "- " + l)) : lines.Count == 1 ? lines[0] : "";
    }

    private static void DrawGrid(ProcedurePage page, Columns cols, IReadOnlyList<string> lanes, List<List<string>> laneHeaders, List<Row> rows)
    {
        var marks = page.Page.Marks;
        var top = page.TableTop;
        var mid = top + 13;
        var headerBottom = page.HeaderBottom;
        var tableBottom = page.RowsBottom + (page.HasBottomBand ? Band : 0);
        var left = Margin;
        var right = cols.Right;

        marks.Add(new RectMark(left, top, right - left, headerBottom - top, 0, Filled: true));
        marks.Add(new RectMark(left, top, right - left, tableBottom - top, 0.9));
        marks.Add(new LineMark(new Pt(left, headerBottom), new Pt(right, headerBottom), 0.9));

        // Header: No, Aktivitas and Keterangan span both header lines; Pelaksana and Mutu Baku head their columns.
        void Heading(double x, double w, double y0, double y1, string text)
        {
            var lines = Wrap(text, 7, w - 4, bold: true);
            var y = y0 + ((y1 - y0 - (lines.Count * 8)) / 2) + 6;
            foreach (var l in lines)
            {
                marks.Add(new TextMark(x + (w / 2), y, l, 7, Bold: true, Align: TextAlign.Center));
                y += 8;
            }
        }

        Heading(cols.X[0], cols.W[0], top, headerBottom, "No");
        Heading(cols.X[1], cols.W[1], top, headerBottom, "Aktivitas");
        var lanesLeft = cols.X[2];
        var lanesRight = cols.X[cols.Kelengkapan];
        Heading(lanesLeft, lanesRight - lanesLeft, top, mid, "Pelaksana");
        Heading(lanesRight, cols.X[cols.Keterangan] - lanesRight, top, mid, "Mutu Baku");
        Heading(cols.X[cols.Keterangan], cols.W[cols.Keterangan], top, headerBottom, "Keterangan");
        marks.Add(new LineMark(new Pt(lanesLeft, mid), new Pt(cols.X[cols.Keterangan], mid)));
        for (var i = 0; i < lanes.Count; i++)
        {
            var x = cols.X[2 + i];
            var w = cols.W[2 + i];
            var y = mid + ((headerBottom - mid - (laneHeaders[i].Count * 8)) / 2) + 6;
            foreach (var l in laneHeaders[i])
            {
                marks.Add(new TextMark(x + (w / 2), y, l, 6.5, Bold: true, Align: TextAlign.Center));
                y += 8;
            }
        }

        Heading(cols.X[cols.Kelengkapan], cols.W[cols.Kelengkapan], mid, headerBottom, "Kelengkapan");
        Heading(cols.X[cols.Waktu], cols.W[cols.Waktu], mid, headerBottom, "Waktu");
        Heading(cols.X[cols.Output], cols.W[cols.Output], mid, headerBottom, "Output");

        for (var c = 1; c < cols.X.Length; c++)
        {
            var spansHeader = c == 1 || c == 2 || c == cols.Kelengkapan || c == cols.Keterangan;
            var from = spansHeader ? top : mid;
            marks.Add(new LineMark(new Pt(cols.X[c], from), new Pt(cols.X[c], tableBottom), c >= 2 && c < cols.Kelengkapan ? 0.4 : 0.6));
        }

        if (page.HasTopBand)
        {
            marks.Add(new LineMark(new Pt(left, page.RowsTop), new Pt(right, page.RowsTop), 0.4));
        }

        foreach (var row in rows)
        {
            if (row.Top > page.RowsTop + 0.01)
            {
                marks.Add(new LineMark(new Pt(left, row.Top), new Pt(right, row.Top), 0.5));
            }

            // Each cell's lines one after the other, so a text extractor reads a cell whole.
            for (var c = 0; c < row.Cells.Length; c++)
            {
                var lines = row.Cells[c];
                if (lines.Count == 0)
                {
                    continue;
                }

                var centred = c == 0 || c == cols.Waktu;
                var y = row.Top + Pad + Ascent + 1;
                foreach (var l in lines)
                {
                    marks.Add(centred
                        ? new TextMark(cols.X[c] + (cols.W[c] / 2), y, l, Cell, Align: TextAlign.Center)
                        : new TextMark(cols.X[c] + Pad, y, l, Cell));
                    y += Line;
                }
            }
        }

        if (page.HasBottomBand)
        {
            marks.Add(new LineMark(new Pt(left, page.RowsBottom), new Pt(right, page.RowsBottom), 0.4));
        }
    }

    private enum Side
    {
        Right,
        Left,
    }

    private static void DrawArrows(SopFlow flow, List<Row> rows, Dictionary<int, (double Cx, double Cy, double W, double H)> shapes,
        List<ProcedurePage> pages, Columns cols, Dictionary<string, int> laneIndex, bool paged)
    {
        var byNumber = rows.ToDictionary(r => r.Step.Number);
        var bottomUsed = new HashSet<int>();
        var sidesUsed = new Dictionary<int, int>();
        var channels = new List<(int Lane, Side Side, int From, int To, int K)>();
        var connector = 0;

        foreach (var edge in flow.Edges)
        {
            var source = byNumber[edge.From];
            var target = byNumber[edge.To];
            var s = shapes[edge.From];
            var t = shapes[edge.To];
            var sourceMarks = pages[source.Page].Page.Marks;
            var targetMarks = pages[target.Page].Page.Marks;

            if (target.Index == source.Index + 1 && bottomUsed.Add(edge.From))
            {
                var start = new Pt(s.Cx, s.Cy + (s.H / 2));
                var end = new Pt(t.Cx, t.Cy - (t.H / 2));
                if (edge.Label is not null)
                {
                    sourceMarks.Add(new TextMark(s.Cx + 3, start.Y + 7, edge.Label, 6, Bold: true));
                }

                if (source.Page == target.Page)
                {
                    var turn = (start.Y + source.Bottom) / 2;
                    sourceMarks.Add(new ArrowMark(Math.Abs(s.Cx - t.Cx) < 0.5
                        ? [start, end]
                        : [start, new Pt(s.Cx, turn), new Pt(t.Cx, turn), end]));
                }
                else
                {
                    connector++;
                    var down = pages[source.Page].BottomBandCenter;
                    sourceMarks.Add(new ArrowMark([start, new Pt(s.Cx, down - 7)]));
                    Connector(sourceMarks, s.Cx, down, connector);
                    var up = pages[target.Page].HeaderBottom + (Band / 2);
                    Connector(targetMarks, t.Cx, up, connector);
                    targetMarks.Add(new ArrowMark([new Pt(t.Cx, up + 7), end]));
                }

                continue;
            }

            // A jump: out of the source's side, along a channel at the edge of its lane, into the target's side.
            var used = sidesUsed.GetValueOrDefault(edge.From);
            sidesUsed[edge.From] = used + 1;
            var side = used % 2 == 0 ? Side.Right : Side.Left;
            var lane = laneIndex[LaneOf(source.Step)];
            var lo = Math.Min(source.Index, target.Index);
            var hi = Math.Max(source.Index, target.Index);
            var k = 0;
            while (channels.Any(c => c.Lane == lane && c.Side == side && c.K == k && c.From <= hi && lo <= c.To))
            {
                k++;
            }

            channels.Add((lane, side, lo, hi, k));
            var laneLeft = cols.X[2 + lane];
            var laneRight = laneLeft + cols.W[2 + lane];
            var offset = Math.Min(4 + (5 * k), (cols.W[2 + lane] - s.W) / 2 - 1);
            var channel = side == Side.Right ? laneRight - offset : laneLeft + offset;
            var exit = new Pt(side == Side.Right ? s.Cx + (s.W / 2) : s.Cx - (s.W / 2), s.Cy);
            var entry = new Pt(channel < t.Cx ? t.Cx - (t.W / 2) : t.Cx + (t.W / 2), t.Cy);
            if (edge.Label is not null)
            {
                sourceMarks.Add(new TextMark(side == Side.Right ? exit.X + 1.5 : exit.X - 1.5, exit.Y - 2.5, edge.Label, 6, Bold: true,
                    Align: side == Side.Right ? TextAlign.Left : TextAlign.Right));
            }

            if (source.Page == target.Page || !paged)
            {
                sourceMarks.Add(new ArrowMark([exit, new Pt(channel, exit.Y), new Pt(channel, entry.Y), entry]));
                continue;
            }

            connector++;
            var forward = target.Page > source.Page;
            var sourceBand = forward ? pages[source.Page].BottomBandCenter : pages[source.Page].HeaderBottom + (Band / 2);
            var targetBand = forward ? pages[target.Page].HeaderBottom + (Band / 2) : pages[target.Page].BottomBandCenter;
            sourceMarks.Add(new ArrowMark([exit, new Pt(channel, exit.Y), new Pt(channel, sourceBand + (forward ? -7 : 7))]));
            Connector(sourceMarks, channel, sourceBand, connector);
            Connector(targetMarks, channel, targetBand, connector);
            targetMarks.Add(new ArrowMark([new Pt(channel, targetBand + (forward ? 7 : -7)), new Pt(channel, entry.Y), entry]));
        }
    }

    /// <summary>The off-page connector: a pentagon pointing down, with its number.</summary>
    private static void Connector(List<Mark> marks, double x, double y, int number)
    {
        marks.Add(new PolygonMark([new Pt(x - 7, y - 7), new Pt(x + 7, y - 7), new Pt(x + 7, y + 2), new Pt(x, y + 7), new Pt(x - 7, y + 2)]));
        marks.Add(new TextMark(x, y + 1.5, number.ToString(CultureInfo.InvariantCulture), 6.5, Bold: true, Align: TextAlign.Center));
    }

    private static void Footers(SopDefinition sop, List<DrawnPage> pages)
    {
        var label = string.IsNullOrWhiteSpace(sop.Number) ? "SOP " + sop.Title : $"SOP {sop.Number} — {sop.Title}";
        label += $" (versi {sop.Version.ToString(CultureInfo.InvariantCulture)})";
        for (var i = 0; i < pages.Count; i++)
        {
            var y = PageHeight - Margin + 4;
            pages[i].Marks.Add(new TextMark(Margin, y, label, 6.5, Muted: true));
            pages[i].Marks.Add(new TextMark(PageWidth - Margin, y, string.Create(CultureInfo.InvariantCulture, $"Halaman {i + 1} dari {pages.Count}"),
                6.5, Align: TextAlign.Right, Muted: true));
        }
    }

    private static List<string> Wrap(string? text, double size, double width, bool bold = false) => TextMeasure.Wrap(text, size, width, bold);

    private static string Or(string? text) => string.IsNullOrWhiteSpace(text) ? "-" : text.Trim();

    private static string DateText(DateOnly? date) => date is { } d ? OfficeClock.LongDate(d) : "-";
}
