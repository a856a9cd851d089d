using System.Text;
using AksesSpse.Core.Offices;

namespace AksesSpse.Core.Tests.Offices;

/// <summary>
/// The list of days off as an Administrator or a Kepala LPSE uploads it (docs/adr/0022): the shape of the shipped 2026
/// list, read whole or refused whole, each fault named by its line in Bahasa Indonesia.
/// </summary>
public sealed class DayOffListTests
{
    private const string Header = "tanggal,jenis,keterangan";

    private static DayOffListResult Read(string text) => DayOffList.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    private static DayOffListResult Read(byte[] bytes) => DayOffList.Read(new MemoryStream(bytes));

    private static string Errors(DayOffListResult result) => string.Join(" | ", result.Errors);

    private static string Single(DayOffListResult result)
    {
        Assert.False(result.Succeeded);
        Assert.Empty(result.Lines);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void The_shipped_2026_list_reads_to_its_25_days()
    {
        using var stream = typeof(DayOffList).Assembly.GetManifestResourceStream("AksesSpse.Core.Offices.hari-libur-2026.csv");
        Assert.NotNull(stream);

        var result = DayOffList.Read(stream);

        Assert.True(result.Succeeded, Errors(result));
        Assert.Equal(25, result.Lines.Count);
        Assert.All(result.Lines, l => Assert.Equal(2026, l.Date.Year));
        Assert.Equal(25, result.Lines.Select(l => l.Date).Distinct().Count());
        Assert.Equal(new DayOffLine(2, new DateOnly(2026, 1, 1), DayOffKind.NationalHoliday, "Tahun Baru 2026 Masehi"), result.Lines[0]);
        Assert.Contains(result.Lines, l => l.Date == new DateOnly(2026, 3, 21) && l.Kind == DayOffKind.NationalHoliday && l.Description == "Idul Fitri 1447 H");
        Assert.Contains(result.Lines, l => l.Date == new DateOnly(2026, 12, 24) && l.Kind == DayOffKind.CutiBersama);
        Assert.Equal(new DayOffLine(26, new DateOnly(2026, 12, 25), DayOffKind.NationalHoliday, "Kelahiran Yesus Kristus"), result.Lines[^1]);
        Assert.DoesNotContain(result.Lines, l => l.Kind == DayOffKind.Regional);
    }

    [Fact]
    public void Semicolons_a_BOM_CRLF_and_day_first_dates_read_as_a_spreadsheet_saves_them()
    {
        var text = "tanggal;jenis;keterangan\r\n01-01-2027;libur_nasional;Tahun Baru 2027 Masehi\r\n" +
                   "10/03/2027;cuti_bersama;Cuti bersama Idul Fitri 1448 H\r\n5-4-2027;Libur Daerah;Hari Raya Galungan\r\n";
        var bytes = new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        var result = Read(bytes);

        Assert.True(result.Succeeded, Errors(result));
        Assert.Equal(
        [
            new DayOffLine(2, new DateOnly(2027, 1, 1), DayOffKind.NationalHoliday, "Tahun Baru 2027 Masehi"),
            new DayOffLine(3, new DateOnly(2027, 3, 10), DayOffKind.CutiBersama, "Cuti bersama Idul Fitri 1448 H"),
            new DayOffLine(4, new DateOnly(2027, 4, 5), DayOffKind.Regional, "Hari Raya Galungan"),
        ], result.Lines);
    }

    [Fact]
    public void Commas_inside_a_quoted_description_stay_in_the_description()
    {
        var result = Read(Header + "\n2027-01-01,libur_nasional,\"Tahun Baru, 2027 Masehi\"\n");

        Assert.True(result.Succeeded, Errors(result));
        Assert.Equal("Tahun Baru, 2027 Masehi", Assert.Single(result.Lines).Description);
    }

    [Theory]
    [InlineData("date,kind,description")]
    [InlineData("tanggal,keterangan,jenis")]
    [InlineData("2027-01-01,libur_nasional,Tahun Baru 2027 Masehi")]
    public void A_file_without_the_header_is_refused(string firstLine)
    {
        var error = Single(Read(firstLine + "\n2027-01-02,libur_nasional,Hari libur\n"));

        Assert.Contains("Baris pertama harus judul kolom \"tanggal,jenis,keterangan\"", error);
    }

    [Theory]
    [InlineData("2027-02-30")]
    [InlineData("01/13/2027")]
    [InlineData("besok")]
    [InlineData("")]
    public void A_bad_date_names_its_line(string date)
    {
        var error = Single(Read($"{Header}\n2027-01-01,libur_nasional,Tahun Baru\n{date},libur_nasional,Hari libur\n"));

        Assert.StartsWith("Baris 3: tanggal", error);
        Assert.Contains("tidak dikenali; tulis seperti 2026-03-21", error);
    }

    [Fact]
    public void A_year_out_of_range_names_its_line()
    {
        var error = Single(Read($"{Header}\n1999-01-01,libur_nasional,Tahun Baru\n"));

        Assert.Equal("Baris 2: tahun 1999 di luar rentang 2000–2100.", error);
    }

    [Theory]
    [InlineData("holiday")]
    [InlineData("libur")]
    [InlineData("")]
    public void An_unknown_kind_names_its_line(string kind)
    {
        var error = Single(Read($"{Header}\n2027-01-01,{kind},Tahun Baru\n"));

        Assert.StartsWith("Baris 2: jenis", error);
        Assert.Contains("tulis libur_nasional, cuti_bersama atau libur_daerah", error);
    }

    [Theory]
    [InlineData("2027-01-01,libur_nasional,")]
    [InlineData("2027-01-01,libur_nasional,   ")]
    [InlineData("2027-01-01,libur_nasional")]
    public void An_empty_description_names_its_line(string line)
    {
        var error = Single(Read($"{Header}\n{line}\n"));

        Assert.Equal("Baris 2: keterangan kosong; tulis nama hari liburnya.", error);
    }

    [Fact]
    public void A_description_over_300_characters_names_its_line()
    {
        var error = Single(Read($"{Header}\n2027-01-01,libur_nasional,{new string('a', 301)}\n"));

        Assert.Equal("Baris 2: keterangan lebih dari 300 karakter.", error);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://contoh\")")]
    [InlineData("+62 libur")]
    [InlineData("-1+1")]
    [InlineData("@SUM(A1)")]
    [InlineData("  =1+1")]
    public void Formula_text_in_a_description_is_refused(string description)
    {
        var quoted = "\"" + description.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var error = Single(Read($"{Header}\n2027-01-01,libur_nasional,{quoted}\n"));

        Assert.Equal("Baris 2: keterangan tidak boleh diawali =, +, - atau @ dan tidak boleh memuat karakter kendali.", error);
    }

    [Fact]
    public void A_control_character_in_a_description_is_refused()
    {
        var error = Single(Read($"{Header}\n2027-01-01,libur_nasional,Tahun\u0007Baru\n"));

        Assert.StartsWith("Baris 2: keterangan tidak boleh", error);
    }

    [Fact]
    public void A_duplicate_date_names_both_lines_even_when_written_differently()
    {
        var error = Single(Read($"{Header}\n2027-01-01,libur_nasional,Tahun Baru\n2027-02-06,libur_nasional,Imlek\n01-01-2027,cuti_bersama,Lagi\n"));

        Assert.Equal("Baris 4: tanggal 2027-01-01 sudah ada di baris 2.", error);
    }

    [Fact]
    public void A_file_over_64_KB_is_refused_before_it_is_read()
    {
        var text = new StringBuilder(Header + "\n");
        while (text.Length <= DayOffList.MaxFileBytes)
        {
            text.Append("2027-01-01,libur_nasional,Tahun Baru\n");
        }

        var error = Single(Read(text.ToString()));

        Assert.StartsWith("Berkas lebih dari 64 KB", error);
    }

    [Fact]
    public void A_file_of_exactly_64_KB_is_read()
    {
        var line = Header + "\n2027-01-01,libur_nasional,Tahun Baru\n";
        var text = line + new string('\n', DayOffList.MaxFileBytes - line.Length); // a spreadsheet's trailing empty rows
        Assert.Equal(DayOffList.MaxFileBytes, Encoding.UTF8.GetByteCount(text));

        var result = Read(text);

        Assert.True(result.Succeeded, Errors(result));
        Assert.Single(result.Lines);
    }

    [Fact]
    public void A_file_of_more_than_400_lines_is_refused()
    {
        var text = new StringBuilder(Header + "\n");
        var day = new DateOnly(2027, 1, 1);
        for (var i = 0; i < DayOffList.MaxLines + 1; i++)
        {
            text.Append(day.AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(",libur_daerah,Hari\n");
        }

        var error = Single(Read(text.ToString()));

        Assert.StartsWith("Daftar lebih dari 400 baris", error);
    }

    [Fact]
    public void A_binary_file_is_refused_as_no_CSV_text()
    {
        var error = Single(Read(Png()));

        Assert.Contains("bukan teks CSV", error);
    }

    [Fact]
    public void A_NUL_character_is_refused_as_no_CSV_text()
    {
        var error = Single(Read($"{Header}\n2027-01-01,libur_nasional,Tahun\0Baru\n"));

        Assert.Contains("bukan teks CSV", error);
    }

    [Fact]
    public void Invalid_UTF8_is_refused_with_the_advice_to_save_as_CSV_UTF8()
    {
        // "Hari Raya Kuningan" saved by an old spreadsheet as Windows-1252 with a "é": 0xE9 is no UTF-8.
        var bytes = Encoding.ASCII.GetBytes($"{Header}\n2027-01-01,libur_daerah,Hari Raya ").Concat(new byte[] { 0xE9, 0x0A }).ToArray();

        var error = Single(Read(bytes));

        Assert.Equal("Berkas bukan teks CSV (UTF-8). Simpan daftar sebagai \"CSV UTF-8\", lalu unggah lagi.", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    [InlineData("\uFEFF\r\n\r\n")]
    [InlineData("   ")]
    public void An_empty_file_is_refused(string text)
    {
        var error = Single(Read(text));

        Assert.Contains("kosong", error);
    }

    [Theory]
    [InlineData(Header + "\n")]
    [InlineData(Header + "\n\n,,\n")]
    public void A_header_without_any_day_is_refused(string text)
    {
        var error = Single(Read(text));

        Assert.Equal("Daftar tidak memuat satu tanggal pun.", error);
    }

    [Fact]
    public void An_unclosed_quote_is_refused_whole()
    {
        var result = Read($"{Header}\n2027-01-01,libur_nasional,\"Tahun Baru\n2027-02-06,libur_nasional,Imlek\n");

        Assert.False(result.Succeeded);
        Assert.Empty(result.Lines);
    }

    [Fact]
    public void One_bad_line_refuses_the_whole_file_and_every_bad_line_is_named()
    {
        var text = $"{Header}\n2027-01-01,libur_nasional,Tahun Baru 2027 Masehi\n2027-02-06,libur_nasional,Tahun Baru Imlek\n" +
                   "2027-13-01,libur_nasional,Bulan ketiga belas\n2027-03-10,cuti_bersama,Cuti bersama\n2027-03-11,liburan,Salah jenis\n";

        var result = Read(text);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Lines);
        Assert.Equal(2, result.Errors.Count);
        Assert.StartsWith("Baris 4: tanggal \"2027-13-01\"", result.Errors[0]);
        Assert.StartsWith("Baris 6: jenis \"liburan\"", result.Errors[1]);
    }

    [Fact]
    public void Blank_lines_are_skipped_and_lines_are_still_named_as_the_file_numbers_them()
    {
        var result = Read($"{Header}\n\n2027-01-01,libur_nasional,Tahun Baru\n\n2027-02-30,libur_nasional,Salah\n");

        Assert.Equal("Baris 5: tanggal \"2027-02-30\" tidak dikenali; tulis seperti 2026-03-21.", Single(result));
    }

    [Fact]
    public void Several_years_in_one_file_are_read()
    {
        var result = Read($"{Header}\n2027-12-25,libur_nasional,Natal\n2028-01-01,libur_nasional,Tahun Baru 2028\n");

        Assert.True(result.Succeeded, Errors(result));
        Assert.Equal([2027, 2028], result.Lines.Select(l => l.Date.Year));
    }

    [Fact]
    public void A_null_stream_is_a_programming_error() => Assert.Throws<ArgumentNullException>(() => DayOffList.Read(null!));

    [Theory]
    [InlineData(DayOffKind.NationalHoliday, "libur_nasional")]
    [InlineData(DayOffKind.CutiBersama, "cuti_bersama")]
    [InlineData(DayOffKind.Regional, "libur_daerah")]
    public void Each_kind_is_written_as_the_list_reads_it(DayOffKind kind, string code)
    {
        Assert.Equal(code, DayOffList.KindCode(kind));
        var result = Read($"{Header}\n2027-01-01,{code},Hari libur\n");
        Assert.Equal(kind, Assert.Single(result.Lines).Kind);
    }

    private static byte[] Png() => AksesSpse.Tests.Shared.TestDocuments.Png();
}
