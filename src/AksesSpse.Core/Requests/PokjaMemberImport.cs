using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using AksesSpse.Core.Validation;
using CsvHelper;
using CsvHelper.Configuration;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace AksesSpse.Core.Requests;

/// <summary>
/// One fault of an imported member list. <paramref name="Line"/> is the line (row) of the file, the header being 1;
/// 0 means the file as a whole. <paramref name="Column"/> is the template's column title, when one cell is at fault.
/// </summary>
public sealed record PokjaImportError(int Line, string? Column, string Message)
{
    /// <summary>The fault as one sentence for a page: "Baris 7, kolom NIP: ...".</summary>
    public string Text => (Line, Column) switch
    {
        (0, _) => Message,
        (_, null) => $"Baris {Line}: {Message}",
        _ => $"Baris {Line}, kolom {Column}: {Message}",
    };

    public override string ToString() => Text;
}

/// <summary>The members read from a file, or every fault found; never both (nothing is half-imported).</summary>
public sealed record PokjaImportResult(IReadOnlyList<PokjaMember> Rows, IReadOnlyList<PokjaImportError> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Reads SOP 1's list of Pokja members from an uploaded CSV or XLSX file (the template of <see cref="PokjaMemberTemplate"/>,
/// or any sheet with its columns). The kind of file is told by its content, never by its name. The file is treated as
/// hostile: at most 2 MB and 500 members, an XLSX is checked as a zip (entries, inflated size, compression ratio) before
/// it is opened and is read as a stream, formulas are refused rather than evaluated, and a cell that a spreadsheet would
/// run as a formula (=, @, +, -, tab, CR at its start) is refused too, so the list can be exported again safely.
/// </summary>
public static partial class PokjaMemberImport
{
    public const int MaxFileBytes = 2 * 1024 * 1024;
    public const int MaxMembers = 500;
    public const int MaxZipEntries = 50;
    public const long MaxInflatedPartBytes = 20L * 1024 * 1024;
    public const long MaxInflatedTotalBytes = 40L * 1024 * 1024;
    public const int MaxCompressionRatio = 100;

    /// <summary>Below this size an entry's compression ratio is not judged: a small part cannot be a bomb.</summary>
    private const long RatioFloorBytes = 64 * 1024;

    private const string NotSpreadsheet =
        "Berkas bukan CSV atau XLSX. Simpan daftar anggota sebagai .xlsx atau .csv dari templat, lalu unggah lagi.";
    private const string Unreadable =
        "Berkas XLSX rusak atau tidak dapat dibaca. Salin data anggota ke templat, simpan sebagai .xlsx, lalu unggah lagi.";
    private const string FormulaMessage = "berisi rumus; isi nilai biasa (bukan rumus).";
    private const string NipAsNumberHint =
        "Format kolom NIP sebagai Teks (atau pakai templat yang sudah berformat Teks), lalu ketik ulang NIP-nya.";

    private enum Field { No, Name, Nip, Position, RankGrade, Agency, Email, Phone }

    private enum CellKind { Text, Number, Formula, ErrorValue }

    private readonly record struct RawCell(string Text, CellKind Kind);

    private sealed record SheetRow(int Line, IReadOnlyDictionary<int, RawCell> Cells, string? Problem = null);

    /// <summary>A fault of the file as a whole, raised while rows are read.</summary>
    private sealed class BadFileException(string message) : Exception(message);

    private static readonly Dictionary<string, Field> HeaderNames = new(StringComparer.Ordinal)
    {
        ["no"] = Field.No, ["nomor"] = Field.No, ["nourut"] = Field.No, ["nomorurut"] = Field.No,
        ["nama"] = Field.Name, ["namalengkap"] = Field.Name,
        ["nip"] = Field.Nip,
        ["jabatan"] = Field.Position,
        ["pangkatgolongan"] = Field.RankGrade, ["pangkatgol"] = Field.RankGrade, ["golonganpangkat"] = Field.RankGrade,
        ["golpangkat"] = Field.RankGrade, ["pangkatgolruang"] = Field.RankGrade, ["pangkatgolonganruang"] = Field.RankGrade,
        ["instansi"] = Field.Agency,
        ["email"] = Field.Email, ["alamatemail"] = Field.Email, ["surel"] = Field.Email,
        ["nohp"] = Field.Phone, ["nomorhp"] = Field.Phone, ["hp"] = Field.Phone, ["nohandphone"] = Field.Phone,
        ["nomorhandphone"] = Field.Phone,
    };

    private static readonly Field[] RequiredFields =
        [Field.Name, Field.Nip, Field.Position, Field.RankGrade, Field.Agency, Field.Email, Field.Phone];

    /// <summary>
    /// Reads the members from <paramref name="content"/> (a seekable stream; read from where it stands). <paramref name="today"/>
    /// is the office's date, for the NIP check (birth and appointment dates in the NIP). Any fault → no rows.
    /// </summary>
    public static PokjaImportResult Read(Stream content, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.CanSeek && content.Length - content.Position > MaxFileBytes)
        {
            return Fail(TooLarge);
        }

        var bytes = ReadAtMost(content, MaxFileBytes + 1);
        if (bytes.Length > MaxFileBytes)
        {
            return Fail(TooLarge);
        }

        try
        {
            var (problem, isXlsx, text) = Detect(bytes);
            if (problem is not null)
            {
                return Fail(problem);
            }

            return Analyse(isXlsx ? XlsxRows(bytes) : CsvRows(text!), today);
        }
        catch (BadFileException e)
        {
            return Fail(e.Message);
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or FileFormatException or OpenXmlPackageException
                                      or InvalidOperationException or NotSupportedException or FormatException or IOException
                                      or ArgumentException or KeyNotFoundException or OverflowException)
        {
            return Fail(Unreadable);
        }
        catch (CsvHelperException)
        {
            return Fail("Berkas CSV tidak dapat dibaca (tanda kutip tidak berpasangan atau isian terlalu panjang). " +
                        "Simpan ulang dari templat sebagai CSV UTF-8, lalu unggah lagi.");
        }
    }

    private static string TooLarge =>
        $"Berkas lebih dari {MaxFileBytes / 1024 / 1024} MB. Daftar {MaxMembers} anggota dari templat jauh lebih kecil: " +
        "salin data ke templat, lalu unggah lagi.";

    private static PokjaImportResult Fail(string message) => new([], [new PokjaImportError(0, null, message)]);

    private static byte[] ReadAtMost(Stream content, int limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length < limit && (read = content.Read(chunk, 0, (int)Math.Min(chunk.Length, limit - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    // ------------------------------------------------------------------------------------------------------------
    // What kind of file: by content only
    // ------------------------------------------------------------------------------------------------------------

    private static (string? Problem, bool IsXlsx, string? Text) Detect(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return ("Berkas kosong. Isi templat daftar anggota, simpan sebagai .xlsx atau .csv, lalu unggah lagi.", false, null);
        }

        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith("PK\u0003\u0004"u8))
        {
            return (ZipProblem(bytes), true, null);
        }

        if (span.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }))
        {
            return ("Berkas ini berformat Excel lama (.xls) atau dilindungi kata sandi, jadi tidak dapat dibaca. " +
                    "Buka di Excel lalu simpan sebagai .xlsx (tanpa kata sandi) atau .csv dari templat.", false, null);
        }

        if (span.StartsWith("%PDF"u8))
        {
            return ("Berkas ini PDF, bukan CSV atau XLSX. Isi daftar anggota pada templat lalu simpan sebagai .xlsx atau .csv.", false, null);
        }

        if (span.IndexOf((byte)0) >= 0 || span.ContainsAnyInRange((byte)0x01, (byte)0x08) ||
            span.ContainsAnyInRange((byte)0x0B, (byte)0x0C) || span.ContainsAnyInRange((byte)0x0E, (byte)0x1F) ||
            span.Contains((byte)0x7F))
        {
            return (NotSpreadsheet, false, null);
        }

        var body = span.StartsWith(Encoding.UTF8.Preamble) ? span[Encoding.UTF8.Preamble.Length..] : span;
        try
        {
            return (null, false, new UTF8Encoding(false, true).GetString(body));
        }
        catch (DecoderFallbackException)
        {
            return ("Berkas CSV harus disimpan dengan pengodean UTF-8. Di Excel pilih \"Simpan Sebagai\" → " +
                    "\"CSV UTF-8 (dibatasi koma)\", atau pakai templat .xlsx.", false, null);
        }
    }

    /// <summary>Null when the zip is a workbook small enough to open; otherwise why it is refused.</summary>
    private static string? ZipProblem(byte[] bytes)
    {
        using var zip = OpenZip(bytes);
        if (zip is null || zip.GetEntry("xl/workbook.xml") is null)
        {
            return NotSpreadsheet;
        }

        if (zip.Entries.Count > MaxZipEntries)
        {
            return $"Berkas XLSX berisi terlalu banyak bagian ({zip.Entries.Count}; paling banyak {MaxZipEntries}). " +
                   "Salin data anggota ke templat, simpan sebagai .xlsx, lalu unggah lagi.";
        }

        const string bomb = "Berkas XLSX tidak wajar: isinya menjadi terlalu besar setelah dibuka. " +
                            "Salin data anggota ke templat, simpan sebagai .xlsx, lalu unggah lagi.";
        long total = 0;
        var chunk = new byte[81920];
        foreach (var entry in zip.Entries)
        {
            if (entry.Length > MaxInflatedPartBytes)
            {
                return bomb;
            }

            long inflated = 0;
            try
            {
                using var data = entry.Open();
                int read;
                while ((read = data.Read(chunk, 0, chunk.Length)) > 0)
                {
                    inflated += read;
                    total += read;
                    if (inflated > MaxInflatedPartBytes || total > MaxInflatedTotalBytes ||
                        (inflated > RatioFloorBytes && inflated > MaxCompressionRatio * Math.Max(1, entry.CompressedLength)))
                    {
                        return bomb;
                    }
                }
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException)
            {
                return Unreadable;
            }
        }

        return null;
    }

    private static ZipArchive? OpenZip(byte[] bytes)
    {
        try
        {
            return new ZipArchive(new MemoryStream(bytes, false), ZipArchiveMode.Read);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException or ArgumentException)
        {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // XLSX: the first worksheet, read as a stream of rows (SAX), shared and inline strings resolved, formulas seen
    // ------------------------------------------------------------------------------------------------------------

    private static IEnumerable<SheetRow> XlsxRows(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, false);
        using var document = SpreadsheetDocument.Open(stream, false,
            new OpenSettings { AutoSave = false, MaxCharactersInPart = MaxInflatedPartBytes });
        var workbook = document.WorkbookPart ?? throw new BadFileException(Unreadable);
        var sheet = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault()
                    ?? throw new BadFileException("Berkas XLSX tidak berisi lembar kerja. Pakai templat daftar anggota.");
        if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
        {
            throw new BadFileException("Lembar pertama berkas XLSX bukan lembar data. Isi daftar anggota pada lembar pertama (\"Anggota\") templat.");
        }

        var shared = SharedStrings(workbook.SharedStringTablePart);
        using var reader = OpenXmlReader.Create(part);
        var lastLine = 0;
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            var row = (Row)reader.LoadCurrentElement()!;
            var line = row.RowIndex?.Value is { } r ? checked((int)r) : lastLine + 1;
            lastLine = line;
            var cells = new Dictionary<int, RawCell>();
            var lastColumn = -1;
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : lastColumn + 1;
                lastColumn = column;
                cells[column] = ReadCell(cell, shared);
            }

            yield return new SheetRow(line, cells);
        }
    }

    private static List<string> SharedStrings(SharedStringTablePart? part)
    {
        var strings = new List<string>();
        if (part is null)
        {
            return strings;
        }

        // Plain XmlReader rather than OpenXmlReader, which makes an object per element: the table is workbook-wide and
        // may be far longer than the 500 rows read (80,000 strings: 2 s with OpenXmlReader, a few ms with this).
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxInflatedPartBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        var text = new StringBuilder();
        bool inItem = false, inPhonetic = false, inText = false;
        using var stream = part.GetStream(FileMode.Open, FileAccess.Read);
        using var xml = XmlReader.Create(stream, settings);
        while (xml.Read())
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.LocalName == "si":
                    text.Clear();
                    inItem = !xml.IsEmptyElement;
                    if (xml.IsEmptyElement)
                    {
                        strings.Add("");
                    }

                    break;
                case XmlNodeType.Element when xml.LocalName == "rPh":
                    inPhonetic = !xml.IsEmptyElement;
                    break;
                case XmlNodeType.Element when xml.LocalName == "t":
                    inText = inItem && !inPhonetic && !xml.IsEmptyElement;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace when inText:
                    text.Append(xml.Value);
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "t":
                    inText = false;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "rPh":
                    inPhonetic = false;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "si":
                    strings.Add(text.ToString());
                    inItem = false;
                    break;
            }
        }

        return strings;
    }

    /// <summary>The text of an inline string: its plain text, or its runs (without phonetic hints).</summary>
    private static string TextOf(OpenXmlElement item) =>
        item.GetFirstChild<Text>() is { } plain
            ? plain.Text
            : string.Concat(item.Elements<Run>().Select(run => run.Text?.Text));

    private static RawCell ReadCell(Cell cell, List<string> shared)
    {
        if (cell.CellFormula is not null)
        {
            return new RawCell("", CellKind.Formula);
        }

        var value = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= shared.Count)
            {
                throw new BadFileException(Unreadable);
            }

            return new RawCell(shared[index], CellKind.Text);
        }

        if (type == CellValues.InlineString || (type is null && cell.InlineString is not null))
        {
            return new RawCell(cell.InlineString is { } inline ? TextOf(inline) : "", CellKind.Text);
        }

        if (type == CellValues.Error)
        {
            return new RawCell(value, CellKind.ErrorValue);
        }

        if (type is null || type == CellValues.Number)
        {
            return new RawCell(value, value.Length == 0 ? CellKind.Text : CellKind.Number);
        }

        return new RawCell(value, CellKind.Text); // str, b, d: their text as written
    }

    /// <summary>"B7" → 1. A reference outside A..XFD is a broken file.</summary>
    private static int ColumnIndex(string reference)
    {
        var column = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            column = column * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
            if (++letters > 3)
            {
                throw new BadFileException(Unreadable);
            }
        }

        if (letters == 0 || column > 16384)
        {
            throw new BadFileException(Unreadable);
        }

        return column - 1;
    }

    private static string ColumnLetter(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + (n - 1) % 26) + letters;
        }

        return letters;
    }

    // ------------------------------------------------------------------------------------------------------------
    // CSV: delimiter , or ; from the header line; line numbers are the rows a spreadsheet shows
    // ------------------------------------------------------------------------------------------------------------

    private static IEnumerable<SheetRow> CsvRows(string text)
    {
        var badLines = new HashSet<int>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = args => badLines.Add(args.Context.Parser?.Row ?? 0),
            Delimiter = DelimiterOf(text),
            HasHeaderRecord = false,
            IgnoreBlankLines = false,
            DetectColumnCountChanges = false,
            MissingFieldFound = null,
            TrimOptions = TrimOptions.None,
            Mode = CsvMode.RFC4180,
            MaxFieldSize = 10_000,
        };
        using var parser = new CsvParser(new StringReader(text), config);
        while (parser.Read())
        {
            var line = parser.Row;
            var record = parser.Record ?? [];
            var cells = new Dictionary<int, RawCell>();
            for (var i = 0; i < record.Length; i++)
            {
                cells[i] = new RawCell(record[i], CellKind.Text);
            }

            yield return new SheetRow(line, cells, badLines.Contains(line)
                ? "tanda kutip (\") tidak pada tempatnya; hapus tanda kutip itu atau apit seluruh isian dengan tanda kutip."
                : null);
        }
    }

    /// <summary>Indonesian Excel writes ';' (the list separator of its locale), others ','; the header line tells.</summary>
    private static string DelimiterOf(string text)
    {
        int commas = 0, semicolons = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                break;
            }
            else if (!quoted && c == ',')
            {
                commas++;
            }
            else if (!quoted && c == ';')
            {
                semicolons++;
            }
        }

        return semicolons > commas ? ";" : ",";
    }

    // ------------------------------------------------------------------------------------------------------------
    // The rows: header, then each member
    // ------------------------------------------------------------------------------------------------------------

    private static PokjaImportResult Analyse(IEnumerable<SheetRow> rows, DateOnly today)
    {
        using var enumerator = rows.GetEnumerator();
        if (!enumerator.MoveNext() || enumerator.Current.Line != 1 || enumerator.Current.Cells.Values.All(c => c.Text.Trim().Length == 0 && c.Kind != CellKind.Formula))
        {
            return Fail("Baris 1 harus berisi judul kolom templat: " + string.Join(", ", ["No", .. PokjaMember.ColumnTitles]) +
                        ". Pakai templat daftar anggota.");
        }

        var (columns, headerErrors) = Header(enumerator.Current);
        if (headerErrors.Count > 0)
        {
            return new PokjaImportResult([], headerErrors);
        }

        var errors = new List<PokjaImportError>();
        var members = new List<PokjaMember>();
        var nipLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var emailLines = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        while (enumerator.MoveNext())
        {
            var row = enumerator.Current;
            if (IsEmpty(row, columns))
            {
                continue;
            }

            if (members.Count == MaxMembers)
            {
                return Fail($"Berkas berisi lebih dari {MaxMembers} baris anggota; paling banyak {MaxMembers} anggota per permohonan. " +
                            "Bagi daftar ke beberapa permohonan.");
            }

            var member = Member(row, columns, today, errors);
            if (member.Nip.Length > 0) // a valid NIP
            {
                if (nipLines.TryGetValue(member.Nip, out var nipLine))
                {
                    errors.Add(new PokjaImportError(row.Line, Title(Field.Nip),
                        $"NIP {NipValidator.Format(member.Nip)} tercantum dua kali: di baris {nipLine} dan baris {row.Line}. Setiap anggota cukup satu baris."));
                }
                else
                {
                    nipLines[member.Nip] = row.Line;
                }
            }

            if (member.Email.Length is > 0 and <= PokjaMember.EmailMax && IsEmail(member.Email))
            {
                if (emailLines.TryGetValue(member.Email, out var emailLine))
                {
                    errors.Add(new PokjaImportError(row.Line, Title(Field.Email),
                        $"Email {member.Email} tercantum dua kali: di baris {emailLine} dan baris {row.Line}. Setiap anggota memerlukan email sendiri."));
                }
                else
                {
                    emailLines[member.Email] = row.Line;
                }
            }

            members.Add(member);
        }

        if (errors.Count > 0)
        {
            return new PokjaImportResult([], errors);
        }

        return members.Count == 0
            ? Fail("Tidak ada baris anggota dalam berkas: isi data anggota mulai baris 2, di bawah baris judul kolom.")
            : new PokjaImportResult(members, []);
    }

    private static (Dictionary<int, Field> Columns, List<PokjaImportError> Errors) Header(SheetRow header)
    {
        var columns = new Dictionary<int, Field>();
        var errors = new List<PokjaImportError>();
        foreach (var (index, cell) in header.Cells.OrderBy(c => c.Key))
        {
            var title = cell.Text.Trim();
            if (cell.Kind is CellKind.Formula or CellKind.ErrorValue)
            {
                errors.Add(new PokjaImportError(1, null, $"judul kolom {ColumnLetter(index)} " + FormulaMessage));
                continue;
            }

            if (title.Length == 0)
            {
                continue;
            }

            if (!HeaderNames.TryGetValue(HeaderKey(title), out var field))
            {
                errors.Add(new PokjaImportError(1, null,
                    $"kolom \"{Shown(title)}\" (kolom {ColumnLetter(index)}) tidak dikenal. Judul kolom yang dipakai: " +
                    string.Join(", ", ["No", .. PokjaMember.ColumnTitles]) + "."));
            }
            else if (columns.ContainsValue(field))
            {
                errors.Add(new PokjaImportError(1, null,
                    $"kolom {Title(field)} ada dua kali (kolom {ColumnLetter(columns.First(c => c.Value == field).Key)} dan {ColumnLetter(index)}). Hapus salah satunya."));
            }
            else
            {
                columns[index] = field;
            }
        }

        foreach (var missing in RequiredFields.Where(f => !columns.ContainsValue(f)))
        {
            errors.Add(new PokjaImportError(1, null, $"kolom {Title(missing)} tidak ada. Tambahkan kolom itu seperti pada templat."));
        }

        return (columns, errors);
    }

    /// <summary>"No. HP", "No HP", "nomor_hp" → "nohp": case, spaces and punctuation do not count.</summary>
    private static string HeaderKey(string title) =>
        new(title.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    /// <summary>A title as the file wrote it, short and without control characters, for a message.</summary>
    private static string Shown(string text)
    {
        var clean = new string(text.Where(c => !char.IsControl(c)).ToArray());
        return clean.Length <= 40 ? clean : clean[..40] + "…";
    }

    private static string Title(Field field) => field == Field.No ? "No" : PokjaMember.ColumnTitles[(int)field - 1];

    /// <summary>A row with nothing in the template's member columns (a number alone in "No" does not count).</summary>
    private static bool IsEmpty(SheetRow row, Dictionary<int, Field> columns) =>
        row.Problem is null && row.Cells.All(c =>
            c.Value.Kind is not (CellKind.Formula or CellKind.ErrorValue) &&
            (c.Value.Text.Trim().Length == 0 || (columns.TryGetValue(c.Key, out var f) && f == Field.No)));

    private static PokjaMember Member(SheetRow row, Dictionary<int, Field> columns, DateOnly today, List<PokjaImportError> errors)
    {
        void Error(Field? field, string message) =>
            errors.Add(new PokjaImportError(row.Line, field is { } f ? Title(f) : null, message));

        if (row.Problem is not null)
        {
            Error(null, row.Problem);
        }

        var outside = row.Cells.Where(c => !columns.ContainsKey(c.Key) && (c.Value.Text.Trim().Length > 0 || c.Value.Kind != CellKind.Text))
            .Select(c => ColumnLetter(c.Key)).ToList();
        if (outside.Count > 0)
        {
            Error(null, $"ada isi di luar kolom templat (kolom {string.Join(", ", outside.Take(5))}{(outside.Count > 5 ? ", …" : "")}). " +
                        "Hapus isi itu atau pindahkan ke kolom yang benar.");
        }

        var values = new Dictionary<Field, (string Text, CellKind Kind)>();
        foreach (var (index, field) in columns)
        {
            var cell = row.Cells.TryGetValue(index, out var c) ? c : new RawCell("", CellKind.Text);
            var text = cell.Text.Trim();
            if (cell.Kind == CellKind.Formula || LooksLikeFormula(cell.Text))
            {
                Error(field, FormulaMessage);
                continue;
            }

            if (cell.Kind == CellKind.ErrorValue)
            {
                Error(field, $"berisi nilai galat Excel ({Shown(cell.Text)}); isi nilai biasa.");
                continue;
            }

            if (text.Any(char.IsControl))
            {
                Error(field, "berisi baris baru atau karakter kendali; tulis isinya dalam satu baris.");
                continue;
            }

            values[field] = (text, cell.Kind);
        }

        string Required(Field field, int max)
        {
            if (!values.TryGetValue(field, out var v))
            {
                return "";
            }

            if (v.Text.Length == 0)
            {
                Error(field, $"{Title(field)} wajib diisi.");
            }
            else if (v.Text.Length > max)
            {
                Error(field, $"{Title(field)} paling panjang {max} karakter; yang diisi {v.Text.Length} karakter.");
            }

            return v.Text;
        }

        var name = Required(Field.Name, PokjaMember.FullNameMax);
        var nip = Nip(values.GetValueOrDefault(Field.Nip, ("", CellKind.Text)), values.ContainsKey(Field.Nip), today, m => Error(Field.Nip, m));
        var position = Required(Field.Position, PokjaMember.PositionMax);
        var rank = Required(Field.RankGrade, PokjaMember.RankGradeMax);
        var agency = Required(Field.Agency, PokjaMember.AgencyMax);
        var email = Required(Field.Email, PokjaMember.EmailMax);
        if (email.Length is > 0 and <= PokjaMember.EmailMax && !IsEmail(email))
        {
            Error(Field.Email, $"alamat email \"{Shown(email)}\" tidak sah (contoh yang benar: nama@instansi.go.id).");
        }

        var phone = Phone(values.GetValueOrDefault(Field.Phone, ("", CellKind.Text)), values.ContainsKey(Field.Phone), m => Error(Field.Phone, m));
        return new PokjaMember(name, nip, position, rank, agency, email, phone);
    }

    private static string Nip((string Text, CellKind Kind) value, bool present, DateOnly today, Action<string> error)
    {
        if (!present)
        {
            return "";
        }

        if (value.Kind == CellKind.Number)
        {
            error("NIP tersimpan sebagai angka di Excel sehingga digit terakhirnya hilang (Excel hanya menyimpan 15 digit angka). " + NipAsNumberHint);
            return "";
        }

        if (ScientificNumber().IsMatch(value.Text))
        {
            error($"NIP tertulis sebagai angka berpangkat ({Shown(value.Text)}): Excel telah membulatkannya dan digit NIP hilang. " + NipAsNumberHint);
            return "";
        }

        var nip = value.Text.Replace('\u00A0', ' '); // a non-breaking space pasted from a document
        var problems = NipValidator.Validate(nip, today);
        if (problems.Count > 0)
        {
            var message = string.Join(" ", problems);
            if (NipValidator.Normalize(nip) is { Length: 18 } digits && digits.EndsWith("000", StringComparison.Ordinal))
            {
                message += " Bila NIP pernah diketik di Excel sebagai angka, digit terakhirnya menjadi 0: " + NipAsNumberHint;
            }

            error(message);
            return "";
        }

        return NipValidator.Normalize(nip)!;
    }

    private static string Phone((string Text, CellKind Kind) value, bool present, Action<string> error)
    {
        if (!present)
        {
            return "";
        }

        var text = value.Text;
        if (value.Kind == CellKind.Number)
        {
            if (!(text.All(char.IsAsciiDigit) && text.StartsWith("62", StringComparison.Ordinal)))
            {
                error("No. HP tersimpan sebagai angka di Excel sehingga angka 0 di depannya hilang. " +
                      "Format kolom No. HP sebagai Teks (atau pakai templat), lalu ketik ulang nomornya.");
                return "";
            }
        }

        if (text.Length == 0)
        {
            error("No. HP wajib diisi.");
        }
        else if (!PhonePattern().IsMatch(text))
        {
            error($"No. HP \"{Shown(text)}\" tidak sah: 6–{PokjaMember.PhoneMax} karakter, hanya angka, spasi, tanda kurung, " +
                  "tanda hubung, dan + di depan (contoh: 0812-3456-7890 atau +62 812 3456 7890).");
        }

        return text;
    }

    /// <summary>The same check as the SOP 3 form (StaffRegistrationModule): a plain address with a dotted domain.</summary>
    private static bool IsEmail(string email) =>
        System.Net.Mail.MailAddress.TryCreate(email, out var address) && address.Address == email && address.Host.Contains('.');

    /// <summary>
    /// A cell a spreadsheet would run as a formula when the list is opened again (CSV/formula injection):
    /// starting with =, @, a tab or CR, or + / - unless what follows is a number ("+62 812-3456", "-1" and a lone "-"
    /// meaning "none" are data; "-2+3+cmd|…" is a formula, though a digit follows the sign).
    /// </summary>
    private static bool LooksLikeFormula(string raw)
    {
        if (raw.Length > 0 && raw[0] is '\t' or '\r')
        {
            return true;
        }

        var text = raw.Trim();
        return text.Length > 0 && (text[0] is '=' or '@' or '＝' or '＠' ||
                                   (text[0] is '+' or '-' && text.Length > 1 && !SignedNumber().IsMatch(text)));
    }

    [GeneratedRegex(@"^\+?[0-9 ()-]{6,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[+-][0-9][0-9 ().,/-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SignedNumber();

    [GeneratedRegex(@"^[0-9]+([.,][0-9]+)?[eE][+-]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ScientificNumber();
}
