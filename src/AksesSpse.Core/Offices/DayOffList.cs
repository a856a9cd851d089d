using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace AksesSpse.Core.Offices;

/// <summary>One line of a list of days off.</summary>
public sealed record DayOffLine(int Line, DateOnly Date, DayOffKind Kind, string Description);

/// <summary>What a list of days off read to: its lines, or the faults that refused the whole file.</summary>
public sealed record DayOffListResult(IReadOnlyList<DayOffLine> Lines, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Reads a year's list of days off in the shape of the shipped <c>hari-libur-2026.csv</c> (docs/adr/0022): a header
/// <c>tanggal,jenis,keterangan</c>, then one day per line — the date (2026-03-21, 21-03-2026 or 21/03/2026), the kind
/// (<c>libur_nasional</c>, <c>cuti_bersama</c> or <c>libur_daerah</c>) and its description. Comma or semicolon. Any fault
/// refuses the whole file and names its line: half a holiday list would move deadlines silently.
/// </summary>
public static class DayOffList
{
    public const int MaxFileBytes = 64 * 1024;
    public const int MaxLines = 400;
    public const int MaxDescription = 300;

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd-MM-yyyy", "dd/MM/yyyy", "d/M/yyyy", "d-M-yyyy"];

    /// <summary>The header of the shape, as the template and the shipped file write it.</summary>
    public const string Header = "tanggal,jenis,keterangan";

    public static DayOffListResult Read(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var buffer = new byte[MaxFileBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = content.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        if (length > MaxFileBytes)
        {
            return Fail($"Berkas lebih dari {MaxFileBytes / 1024} KB. Daftar hari libur satu tahun jauh lebih kecil; periksa berkasnya.");
        }

        if (length == 0)
        {
            return Fail("Berkas kosong. Unggah daftar dengan baris judul tanggal,jenis,keterangan.");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(buffer, 0, length).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return Fail("Berkas bukan teks CSV (UTF-8). Simpan daftar sebagai \"CSV UTF-8\", lalu unggah lagi.");
        }

        if (text.Trim().Length == 0)
        {
            // Only a BOM or empty rows (as a spreadsheet saves an empty sheet): as empty as a file of no bytes.
            return Fail("Berkas kosong. Unggah daftar dengan baris judul tanggal,jenis,keterangan.");
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return Fail("Berkas bukan teks CSV. Simpan daftar sebagai \"CSV UTF-8\", lalu unggah lagi.");
        }

        try
        {
            return Analyse(text);
        }
        catch (CsvHelperException)
        {
            return Fail("Berkas CSV tidak dapat dibaca (tanda kutip tidak berpasangan atau isian terlalu panjang).");
        }
    }

    private static DayOffListResult Analyse(string text)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = FirstLine(text).Count(c => c == ';') > FirstLine(text).Count(c => c == ',') ? ";" : ",",
            HasHeaderRecord = false,
            DetectColumnCountChanges = false,
            MissingFieldFound = null,
            BadDataFound = null,
            Mode = CsvMode.RFC4180,
            MaxFieldSize = 2_000,
        };
        using var parser = new CsvParser(new StringReader(text), config);
        var errors = new List<string>();
        var lines = new List<DayOffLine>();
        var seen = new Dictionary<DateOnly, int>();
        var header = true;
        while (parser.Read())
        {
            var row = parser.Row;
            var cells = (parser.Record ?? []).Select(c => c.Trim()).ToArray();
            if (cells.All(c => c.Length == 0))
            {
                continue;
            }

            if (header)
            {
                header = false;
                if (!string.Equals(string.Join(",", cells.Take(3)), Header, StringComparison.OrdinalIgnoreCase))
                {
                    return Fail($"Baris pertama harus judul kolom \"{Header}\" (seperti berkas daftar hari libur 2026).");
                }

                continue;
            }

            if (lines.Count + errors.Count >= MaxLines)
            {
                return Fail($"Daftar lebih dari {MaxLines} baris. Satu berkas memuat daftar satu atau beberapa tahun saja.");
            }

            if (Line(row, cells, seen, out var problem) is { } line)
            {
                lines.Add(line);
            }
            else
            {
                errors.Add(problem!);
            }
        }

        if (errors.Count == 0 && lines.Count == 0)
        {
            errors.Add("Daftar tidak memuat satu tanggal pun.");
        }

        return errors.Count > 0 ? new DayOffListResult([], errors) : new DayOffListResult(lines, []);
    }

    private static DayOffLine? Line(int row, string[] cells, Dictionary<DateOnly, int> seen, out string? problem)
    {
        problem = null;
        var date = cells.Length > 0 ? cells[0] : "";
        var kind = cells.Length > 1 ? cells[1] : "";
        var description = cells.Length > 2 ? cells[2] : "";
        if (!DateOnly.TryParseExact(date, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            problem = $"Baris {row}: tanggal \"{Shorten(date)}\" tidak dikenali; tulis seperti 2026-03-21.";
            return null;
        }

        if (day.Year is < 2000 or > 2100)
        {
            problem = $"Baris {row}: tahun {day.Year} di luar rentang 2000–2100.";
            return null;
        }

        if (ParseKind(kind) is not { } dayKind)
        {
            problem = $"Baris {row}: jenis \"{Shorten(kind)}\" tidak dikenali; tulis libur_nasional, cuti_bersama atau libur_daerah.";
            return null;
        }

        if (description.Length == 0)
        {
            problem = $"Baris {row}: keterangan kosong; tulis nama hari liburnya.";
            return null;
        }

        if (description.Length > MaxDescription)
        {
            problem = $"Baris {row}: keterangan lebih dari {MaxDescription} karakter.";
            return null;
        }

        if (description[0] is '=' or '+' or '-' or '@' || description.Any(char.IsControl))
        {
            problem = $"Baris {row}: keterangan tidak boleh diawali =, +, - atau @ dan tidak boleh memuat karakter kendali.";
            return null;
        }

        if (seen.TryGetValue(day, out var first))
        {
            problem = $"Baris {row}: tanggal {day:yyyy-MM-dd} sudah ada di baris {first}.";
            return null;
        }

        seen[day] = row;
        return new DayOffLine(row, day, dayKind, description);
    }

    private static DayOffKind? ParseKind(string text) =>
        text.Trim().Replace(' ', '_').ToLowerInvariant() switch
        {
            "libur_nasional" => DayOffKind.NationalHoliday,
            "cuti_bersama" => DayOffKind.CutiBersama,
            "libur_daerah" or "libur_kantor" => DayOffKind.Regional,
            _ => null,
        };

    /// <summary>The kind as the list writes it.</summary>
    public static string KindCode(DayOffKind kind) => kind switch
    {
        DayOffKind.NationalHoliday => "libur_nasional",
        DayOffKind.CutiBersama => "cuti_bersama",
        _ => "libur_daerah",
    };

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private static DayOffListResult Fail(string message) => new([], [message]);
}
