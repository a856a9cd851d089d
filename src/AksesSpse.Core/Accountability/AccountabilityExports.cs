using System.Globalization;
using System.Text;
using AksesSpse.Core.Documents.Pdf;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PdfSharp.Pdf;

namespace AksesSpse.Core.Accountability;

/// <summary>Which table of the report a CSV holds (a CSV has one table; the PDF and the XLSX hold them all).</summary>
public enum ReportSection
{
    Steps = 1,
    Performers = 2,
    Register = 3,
}

/// <summary>
/// The monthly accountability report as PDF (to sign and file), CSV (one table each) and XLSX (every table on its own sheet):
/// the same tables, built once (<see cref="Table"/>). Text that a spreadsheet would run as a formula is written as text.
/// </summary>
public static class AccountabilityExports
{
    public const string PdfContentType = "application/pdf";
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const char CsvDelimiter = ';';

    private static readonly CultureInfo Indonesian = CultureInfo.GetCultureInfo("id-ID");

    /// <summary>One table: its title, its column headings, and its rows (a cell is text, a whole number, a share 0–1, or empty).</summary>
    public sealed record ReportTable(string Title, string SheetName, IReadOnlyList<string> Headers, IReadOnlyList<object?[]> Rows);

    /// <summary>The shares are kept as a fraction (0.875) in the XLSX and written as a percentage elsewhere.</summary>
    public readonly record struct Share(double Value);

    public static string FileName(AccountabilityReportData data, string extension, ReportSection? section = null) =>
        $"laporan-akuntabilitas-{data.Filter.From}{(data.Filter.From == data.Filter.To ? "" : "-sd-" + data.Filter.To)}" +
        (section is { } s ? "-" + SectionWord(s) : "") + "." + extension;

    public static string SectionWord(ReportSection section) => section switch
    {
        ReportSection.Steps => "langkah",
        ReportSection.Performers => "pelaksana",
        _ => "register",
    };

    public static ReportTable Table(AccountabilityReportData data, ReportSection section) => section switch
    {
        ReportSection.Steps => new ReportTable("A. Kinerja per SOP dan langkah", "Per langkah",
            ["SOP", "Langkah", "Kegiatan", "Pelaksana", "Standar waktu", "Selesai", "Berstandar waktu", "Tepat waktu", "Terlambat",
                "Tepat waktu (%)", "Rata-rata waktu kerja", "Penyimpangan"],
            data.Summary.Steps.Select(s => new object?[]
            {
                RunningSops.ShortTitle(s.Sop), s.StepNumber, s.Activity, Roles.Label(s.ActorRole), s.Standard.ToString(), s.Completed, s.Timed,
                s.OnTime, s.Late, s.OnTimeShare is { } share ? new Share(share) : null,
                s.AverageSeconds is { } seconds ? StepRecorder.FormatDuration(TimeSpan.FromSeconds(seconds)) : null, s.Deviations,
            }).ToList()),
        ReportSection.Performers => new ReportTable("B. Per pelaksana", "Per pelaksana",
            ["Pelaksana", "Langkah selesai", "Terlambat", "Penyimpangan waktu", "Penyimpangan kelengkapan", "Penyimpangan output",
                "Penjelasan diterima", "Penjelasan tidak diterima", "Menunggu telaah"],
            data.Performers.Select(p => new object?[]
            {
                p.Name, p.Completed, p.Late, p.TimeDeviations, p.CompletenessDeviations, p.OutputDeviations, p.Accepted, p.NotAccepted, p.Pending,
            }).ToList()),
        _ => new ReportTable("C. Register penyimpangan dan penjelasannya", "Register",
            ["Waktu", "Permohonan", "SOP", "Langkah", "Jenis", "Pelaksana", "Peran", "Yang terjadi", "Penjelasan pelaksana", "Telaah",
                "Penelaah", "Catatan telaah"],
            data.Register.Select(d => new object?[]
            {
                data.Clock.Format(d.OccurredAt), d.RequestNumber, RunningSops.ShortTitle(d.SopKind), d.StepNumber, d.Kind.Label(), d.PerformerName,
                Roles.Label(d.ActorRole), d.Fact, d.Explanation ?? "(belum ada penjelasan)", d.Review.Label(), d.ReviewerName, d.ReviewNote,
            }).ToList()),
    };

    /// <summary>What the report covers, as label–value lines (the PDF's head and the XLSX's first sheet).</summary>
    public static IReadOnlyList<(string Label, string Value)> Facts(AccountabilityReportData data)
    {
        var s = data.Summary;
        return
        [
            ("Kantor", data.OfficeName),
            ("Periode", data.PeriodLabel),
            ("Saringan", data.FilterText),
            ("Dibuat", data.Clock.FormatLong(data.GeneratedAtUtc)),
            ("Dibuat oleh", data.GeneratedBy),
            ("Langkah selesai", Count(s.Completed)),
            ("Langkah berstandar waktu", Count(s.Timed)),
            ("Tepat waktu", s.OnTimeShare is { } share ? $"{Count(s.OnTime)} ({Percent(share)})" : "-"),
            ("Terlambat", Count(s.Timed - s.OnTime)),
            ("Melewati standar saat ini", Count(s.OverdueNow)),
            ("Penyimpangan tercatat", Count(data.Performers.Sum(p => p.Deviations))),
            ("Register dalam laporan", data.RegisterTruncated
                ? $"{Count(data.Register.Count)} pertama dari {Count(data.RegisterTotal)} catatan; selebihnya di menu Register penyimpangan"
                : $"semua ({Count(data.Register.Count)} catatan)"),
        ];
    }

    // ---- PDF ----

    public static byte[] Pdf(AccountabilityReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        PdfSetup.EnsureInitialized();
        using var document = new PdfDocument();
        document.Info.Title = $"Laporan Akuntabilitas Pelaksanaan SOP — {data.PeriodLabel}";
        document.Info.Author = "AksesSpse";
        document.Info.Subject = $"{data.OfficeName} — {data.PeriodLabel}";
        document.Info.Creator = "AksesSpse";
        document.Options.CompressContentStreams = true;
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;

        var layout = new PdfReportLayout(document);
        layout.NewPage();
        layout.Letterhead(data.OfficeName, data.OfficeAddress);
        layout.Title("Laporan Akuntabilitas Pelaksanaan SOP Layanan Akun SPSE", "Periode: " + data.PeriodLabel);
        foreach (var (label, value) in Facts(data).Where(f => f.Label != "Kantor"))
        {
            layout.SummaryRow(label, value, 150);
        }

        layout.Space(6);
        layout.Paragraph(
            "Setiap SOP menyatakan bahwa pelaksana bertanggung jawab atas kegiatan yang dibakukan, dan setiap penyimpangan dari mutu baku " +
            "— kelengkapan, waktu, atau output — merupakan kegagalan yang harus dipertanggungjawabkan oleh pelaksananya. Laporan ini memuat " +
            "kinerja setiap langkah terhadap standar waktunya, rekap per pelaksana, dan register seluruh penyimpangan beserta penjelasan " +
            "pelaksana dan telaah atasannya. Waktu dihitung dalam jam kerja kantor.");

        layout.Table(Table(data, ReportSection.Steps).Title,
            [new("SOP", 58, 3), new("Lkh", 20, 1, Right: true), new("Pelaksana", 56, 3), new("Standar", 50, 3), new("Selesai", 32, 1, Right: true),
                new("Tepat", 30, 1, Right: true), new("Terlambat", 42, 1, Right: true), new("% tepat", 36, 1, Right: true),
                new("Rata-rata", 50, 2, Right: true), new("Kegiatan", 137, 3)],
            data.Summary.Steps.Select(s => new[]
            {
                RunningSops.ShortTitle(s.Sop), s.StepNumber.ToString(CultureInfo.InvariantCulture), Roles.Label(s.ActorRole), s.Standard.ToString(),
                Count(s.Completed), s.Timed == 0 ? "-" : Count(s.OnTime), s.Timed == 0 ? "-" : Count(s.Late),
                s.OnTimeShare is { } share ? Percent(share) : "N/A",
                s.AverageSeconds is { } seconds ? StepRecorder.FormatDuration(TimeSpan.FromSeconds(seconds)) : "-", s.Activity,
            }).ToList());

        layout.Table(Table(data, ReportSection.Performers).Title,
            [new("Pelaksana", 131, 2), new("Selesai", 42, 1, Right: true), new("Terlambat", 46, 1, Right: true), new("Pny. waktu", 46, 1, Right: true),
                new("Pny. kelengkapan", 56, 2, Right: true), new("Pny. output", 46, 1, Right: true), new("Diterima", 44, 1, Right: true),
                new("Tidak diterima", 50, 2, Right: true), new("Menunggu", 50, 1, Right: true)],
            data.Performers.Select(p => new[]
            {
                p.Name, Count(p.Completed), Count(p.Late), Count(p.TimeDeviations), Count(p.CompletenessDeviations), Count(p.OutputDeviations),
                Count(p.Accepted), Count(p.NotAccepted), Count(p.Pending),
            }).ToList());

        layout.Table(Table(data, ReportSection.Register).Title + (data.RegisterTruncated ? $" — {Count(data.Register.Count)} pertama dari {Count(data.RegisterTotal)}; selebihnya di menu Register penyimpangan" : ""),
            [new("Waktu", 56, 3), new("Permohonan / langkah", 68, 3), new("Jenis", 56, 1), new("Pelaksana", 60, 3), new("Yang terjadi", 93, 8),
                new("Penjelasan", 93, 8), new("Telaah", 85, 6)],
            data.Register.Select(d => new[]
            {
                data.Clock.Format(d.OccurredAt), $"{d.RequestNumber} langkah {d.StepNumber}", d.Kind.Label(), d.PerformerName, d.Fact,
                d.Explanation ?? "(belum ada penjelasan)",
                d.Review.Label() + (d.ReviewerName is null ? "" : $" — {d.ReviewerName}") + (d.ReviewNote is null ? "" : $": {d.ReviewNote}"),
            }).ToList());

        layout.Note($"Dibuat oleh sistem AksesSpse untuk {data.GeneratedBy}. Data yang sama tersedia sebagai CSV dan XLSX.");
        layout.Finish();
        layout.NumberPages($"Laporan akuntabilitas {data.PeriodLabel} — {data.OfficeName}");
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    // ---- CSV ----

    public static byte[] Csv(AccountabilityReportData data, ReportSection section)
    {
        var table = Table(data, section);
        var text = new StringBuilder();
        Line(text, table.Headers);
        foreach (var row in table.Rows)
        {
            Line(text, row.Select(CsvText).ToList());
        }

        return [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text.ToString())];

        static void Line(StringBuilder text, IReadOnlyList<string> cells)
        {
            text.AppendJoin(CsvDelimiter, cells.Select(Quote));
            text.Append("\r\n");
        }
    }

    private static string CsvText(object? cell) => cell switch
    {
        null => "",
        int i => i.ToString(CultureInfo.InvariantCulture),
        Share s => Math.Round(s.Value * 100, 1).ToString("0.0", Indonesian),
        _ => Guard(cell.ToString() ?? ""),
    };

    /// <summary>Quoted when it holds the delimiter, a quote or a line break.</summary>
    private static string Quote(string text) =>
        text.IndexOfAny([CsvDelimiter, '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    /// <summary>Text a spreadsheet would run as a formula ("=…", "+…", "-…", "@…") gets a leading apostrophe.</summary>
    public static string Guard(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    // ---- XLSX ----

    public static byte[] Xlsx(AccountabilityReportData data)
    {
        var tables = new List<ReportTable>
        {
            new("Ringkasan", "Ringkasan", ["Keterangan", "Nilai"], Facts(data).Select(f => new object?[] { f.Label, f.Value }).ToList()),
            Table(data, ReportSection.Steps),
            Table(data, ReportSection.Performers),
            Table(data, ReportSection.Register),
        };
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheets = new Sheets();
            uint id = 1;
            foreach (var table in tables)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                // Written as a stream of elements (no document tree of every cell): the register holds thousands of rows.
                using (var writer = OpenXmlWriter.Create(part))
                {
                    writer.WriteStartElement(new Worksheet());
                    writer.WriteElement(new Columns(table.Headers.Select((h, c) => new Column
                    {
                        Min = (uint)c + 1, Max = (uint)c + 1, CustomWidth = true,
                        Width = Math.Clamp(Math.Max(h.Length, table.Rows.Take(200).Select(r => CsvText(r[c]).Length).DefaultIfEmpty(0).Max()) + 2, 8, 60),
                    })));
                    writer.WriteStartElement(new SheetData());
                    writer.WriteElement(new Row(table.Headers.Select((h, c) => Text(c, 1, h, HeaderStyle))) { RowIndex = 1 });
                    for (var r = 0; r < table.Rows.Count; r++)
                    {
                        writer.WriteStartElement(new Row { RowIndex = (uint)r + 2 });
                        var cells = table.Rows[r];
                        for (var c = 0; c < cells.Length; c++)
                        {
                            if (CellOf(c, r + 2, cells[c]) is { } cell)
                            {
                                writer.WriteElement(cell);
                            }
                        }

                        writer.WriteEndElement();
                    }

                    writer.WriteEndElement();
                    writer.WriteEndElement();
                }

                sheets.Append(new Sheet { Name = table.SheetName, SheetId = id++, Id = workbook.GetIdOfPart(part) });
            }

            workbook.Workbook.AppendChild(sheets);
        }

        return stream.ToArray();
    }

    private const uint HeaderStyle = 1;
    private const uint PercentStyle = 2;

    private static Cell? CellOf(int column, int row, object? value) => value switch
    {
        null => null,
        int i => new Cell { CellReference = Reference(column, row), CellValue = new CellValue(i), DataType = CellValues.Number },
        Share s => new Cell { CellReference = Reference(column, row), CellValue = new CellValue(s.Value), DataType = CellValues.Number, StyleIndex = PercentStyle },
        // Inline strings are never formulas, whatever they start with.
        _ => Text(column, row, value.ToString() ?? "", 0),
    };

    private static Cell Text(int column, int row, string text, uint style) => new()
    {
        CellReference = Reference(column, row),
        DataType = CellValues.InlineString,
        StyleIndex = style,
        InlineString = new InlineString(new Text(text.Length > 32_000 ? text[..32_000] : text) { Space = SpaceProcessingModeValues.Preserve }),
    };

    private static string Reference(int column, int row) =>
        (column < 26 ? ((char)('A' + column)).ToString() : $"{(char)('A' + (column / 26) - 1)}{(char)('A' + (column % 26))}") +
        row.ToString(CultureInfo.InvariantCulture);

    private static Stylesheet Styles() => new(
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }))
        { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = 10, ApplyNumberFormat = true }) // 0.00%
        { Count = 3 });

    private static string Count(int value) => value.ToString("#,0", Indonesian);

    private static string Percent(double share) => (share * 100).ToString("0.0", Indonesian) + " %";
}
