using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace AksesSpse.Core.Requests;

/// <summary>
/// The templates to download for SOP 1's member import (read back by <see cref="PokjaMemberImport"/>): the header row
/// "No" + <see cref="PokjaMember.ColumnTitles"/>, no sample row.
/// </summary>
public static class PokjaMemberTemplate
{
    public const string XlsxFileName = "templat-anggota-pokja.xlsx";
    public const string CsvFileName = "templat-anggota-pokja.csv";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>
    /// The CSV template's delimiter: ';', the list separator of Excel under Indonesian regional settings, so a double
    /// click opens it in columns there (the import accepts ',' as well).
    /// </summary>
    public const char CsvDelimiter = ';';

    private const uint TextStyle = 1;
    private const uint HeaderStyle = 2;
    private const uint WrapStyle = 3;

    private static readonly string[] Headers = ["No", .. PokjaMember.ColumnTitles];

    /// <summary>Widths of No, Nama, NIP, Jabatan, Pangkat/Golongan, Instansi, Email, No. HP (characters).</summary>
    private static readonly double[] Widths = [6, 32, 24, 28, 20, 32, 30, 18];

    private static readonly string[] Instructions =
    [
        "Petunjuk pengisian daftar anggota Pokja",
        "",
        "1. Isi lembar \"Anggota\": satu baris untuk satu anggota, mulai baris 2. Jangan mengubah atau menghapus baris judul.",
        "2. Semua kolom wajib diisi, kecuali No. Paling banyak 500 anggota per permohonan.",
        "3. NIP 18 digit, boleh dengan spasi (contoh: 19701106 199603 1 002). Kolom sudah berformat Teks agar Excel tidak membulatkan NIP; jangan ubah formatnya.",
        "4. Email harus milik anggota sendiri dan berbeda untuk setiap anggota; akun SPSE dikirim ke alamat ini.",
        "5. No. HP ditulis lengkap dengan angka 0 di depan atau +62 (contoh: 0812-3456-7890).",
        "6. Isi nilai biasa saja: rumus (diawali =, +, - atau @) akan ditolak.",
        "7. Simpan sebagai .xlsx (atau CSV UTF-8), lalu unggah pada formulir permohonan. Bila ada kesalahan, semua baris yang salah ditampilkan beserta nomor barisnya dan tidak ada data yang diimpor; perbaiki lalu unggah lagi.",
    ];

    /// <summary>The XLSX template: sheet "Anggota" (header, text-formatted columns) and sheet "Petunjuk".</summary>
    public static byte[] Xlsx()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();

            var members = workbookPart.AddNewPart<WorksheetPart>();
            members.Worksheet = new Worksheet(
                new SheetViews(new SheetView(
                    new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                    new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
                { TabSelected = true, WorkbookViewId = 0 }),
                new SheetFormatProperties { DefaultRowHeight = 15 },
                new Columns(Widths.Select((w, i) => new Column
                {
                    Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true, Style = TextStyle,
                })),
                new SheetData(new Row(Headers.Select((h, i) => TextCell(Reference(i, 1), h, HeaderStyle))) { RowIndex = 1 }));

            var help = workbookPart.AddNewPart<WorksheetPart>();
            help.Worksheet = new Worksheet(
                new Columns(new Column { Min = 1, Max = 1, Width = 110, CustomWidth = true }),
                new SheetData(Instructions.Select((text, i) => new Row(
                    TextCell(Reference(0, i + 1), text, i == 0 ? HeaderStyle : WrapStyle)) { RowIndex = (uint)i + 1 })));

            workbookPart.Workbook.AppendChild(new Sheets(
                new Sheet { Name = "Anggota", SheetId = 1, Id = workbookPart.GetIdOfPart(members) },
                new Sheet { Name = "Petunjuk", SheetId = 2, Id = workbookPart.GetIdOfPart(help) }));
        }

        return stream.ToArray();
    }

    /// <summary>The CSV template: UTF-8 with BOM (so Excel reads it as UTF-8), the header line only, ';'-separated.</summary>
    public static byte[] Csv()
    {
        var text = string.Join(CsvDelimiter, Headers) + "\r\n";
        return [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)];
    }

    private static Cell TextCell(string reference, string text, uint style) => new()
    {
        CellReference = reference,
        DataType = CellValues.InlineString,
        StyleIndex = style,
        InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
    };

    private static string Reference(int column, int row) => $"{(char)('A' + column)}{row}";

    /// <summary>0 default; 1 text (@, numFmt 49); 2 bold text; 3 wrapped text.</summary>
    private static Stylesheet Stylesheet() => new(
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }))
        { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }))
        { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 49, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 49, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true, ApplyFont = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top })
            { NumberFormatId = 49, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true, ApplyAlignment = true })
        { Count = 4 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
}
