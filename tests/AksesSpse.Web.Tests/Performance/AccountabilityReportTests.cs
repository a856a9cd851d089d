using System.Net;
using System.Text;
using AksesSpse.Core.Accountability;
using AksesSpse.Core.Common;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Performance;
using AksesSpse.Tests.Shared;
using AksesSpse.Web.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AksesSpse.Web.Tests.Performance;

/// <summary>
/// The monthly accountability report (issue #10 §4) against the hand-counted <see cref="DashboardFixture"/> plus ledger records
/// written here: the PDF read with pdftotext and rendered with pdftoppm, the XLSX read back cell by cell, the CSV (with a
/// formula written as text), only the office's month, and a bad filter answered in Bahasa Indonesia.
/// </summary>
public sealed class AccountabilityReportTests
{
    private const string Query = "dari=2026-11&sampai=2026-11";
    private const string Formula = "=HYPERLINK(\"http://contoh.invalid\";\"klik\")";

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Xlsx_ReadBack_HoldsTheHandCountedFigures_PerStep_PerPerformer_AndTheRegister(DatabaseKind database)
    {
        await using var factory = await DashboardFixture.AppAsync(database);
        var fx = await SeedAsync(factory);
        using var head = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);

        using var response = await head.GetAsync("/Dasbor/Laporan/Xlsx?" + Query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AccountabilityExports.XlsxContentType, response.Content.Headers.ContentType?.ToString());
        Assert.Equal("laporan-akuntabilitas-2026-11.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var sheets = ReadWorkbook(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["Ringkasan", "Per langkah", "Per pelaksana", "Register"], sheets.Keys);

        var summary = sheets["Ringkasan"].ToDictionary(r => r[0], r => r[1]);
        Assert.Equal("November 2026", summary["Periode"]);
        Assert.Equal("8", summary["Langkah selesai"]);
        Assert.Equal("5", summary["Langkah berstandar waktu"]);
        Assert.Equal("3 (60,0 %)", summary["Tepat waktu"]);
        Assert.Equal("1", summary["Melewati standar saat ini"]);

        // SOP 4 step 2: 3 completed, 3 timed, 2 on time (0.6667), average 1400 s = 23 menit; step 3: 1 timed, late, one kelengkapan record.
        var steps = sheets["Per langkah"];
        Assert.Equal("SOP", steps[0][0]);
        var step2 = Assert.Single(steps, r => r[0] == "Reset password" && r[1] == "2");
        Assert.Equal(["3", "3", "2", "1"], step2[5..9]);
        Assert.Equal(2.0 / 3, double.Parse(step2[9], System.Globalization.CultureInfo.InvariantCulture), 4);
        Assert.Equal("23 menit", step2[10]);
        var step3 = Assert.Single(steps, r => r[0] == "Reset password" && r[1] == "3");
        Assert.Equal(["1", "1", "0", "1"], step3[5..9]);
        Assert.Equal("1", step3[11]);

        // Per performer: completed and late from the step log, the ledger's records by kind and review.
        var performers = sheets["Per pelaksana"].Skip(1).ToDictionary(r => r[0]);
        Assert.Equal(["2", "1", "1", "1", "0", "1", "0", "1"], performers[fx.P1Name][1..]);
        Assert.Equal(["3", "1", "0", "0", "1", "0", "0", "1"], performers[fx.P2Name][1..]);

        // The register: November's records of this office only, oldest first, with the explanations and the reviews.
        var register = sheets["Register"].Skip(1).ToList();
        Assert.Equal(3, register.Count);
        Assert.Equal(["Kelengkapan", "Waktu", "Output"], register.Select(r => r[4]));
        Assert.All(register, r => Assert.StartsWith("DSB-", r[1]));
        Assert.Equal("Server SPSE lambat sepanjang pagi; sudah dilaporkan ke LKPP.", register[1][8]);
        Assert.Equal("Penjelasan diterima", register[1][9]);
        Assert.Equal("Gangguan server SPSE diakui.", register[1][11]);
        Assert.Equal(Formula, register[2][8]); // an inline string, never a formula
        Assert.Equal("Menunggu telaah", register[2][9]);
    }

    [Fact]
    public async Task Pdf_ReadsAsTheRegister_AndRendersToAnImage()
    {
        await using var factory = await DashboardFixture.AppAsync(DatabaseKind.Sqlite);
        var fx = await SeedAsync(factory);
        using var head = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaUkpbj);

        var dashboard = await head.GetPageAsync("/Dasbor?" + Query);
        Assert.Equal($"/Dasbor/Laporan/Pdf?{Query}", dashboard.QuerySelector("#report-pdf")?.GetAttribute("href"));
        using var response = await head.GetAsync("/Dasbor/Laporan/Pdf?" + Query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "");
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Save("laporan-akuntabilitas.pdf", pdf);

        var text = string.Join(' ', Poppler.Text(pdf, "-raw").Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Laporan Akuntabilitas Pelaksanaan SOP Layanan Akun SPSE", text);
        Assert.Contains("Periode: November 2026", text);
        Assert.Contains("A. Kinerja per SOP dan langkah", text);
        Assert.Contains("B. Per pelaksana", text);
        Assert.Contains("C. Register penyimpangan dan penjelasannya", text);
        Assert.Contains("3 (60,0 %)", text);
        Assert.Contains(fx.P1Name, text);
        Assert.Contains(fx.P2Name, text);
        Assert.Contains("Server SPSE lambat sepanjang pagi", text);
        Assert.Contains("Gangguan server SPSE diakui", text);
        Assert.Contains("Dinyatakan sah walau register tidak cocok", text);
        Assert.DoesNotContain("kantor Batang", text);
        Assert.DoesNotContain("Oktober ditelaah", text);
        Assert.Contains("Halaman 1 dari", text);

        using var file = new TempPdf(pdf);
        var prefix = Path.Combine(Path.GetTempPath(), "laporan-" + Guid.NewGuid().ToString("N"));
        try
        {
            Poppler.Run("pdftoppm", "-png", "-r", "60", "-f", "1", "-singlefile", file.Path, prefix);
            var png = await File.ReadAllBytesAsync(prefix + ".png");
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
            Assert.True(png.Length > 5000, $"page 1 renders to only {png.Length} bytes");
            Save("laporan-akuntabilitas-halaman-1.png", png);
        }
        finally
        {
            File.Delete(prefix + ".png");
        }
    }

    [Fact]
    public async Task A_register_longer_than_the_report_holds_says_how_many_records_there_are_and_where_the_rest_are()
    {
        await using var factory = await DashboardFixture.AppAsync(DatabaseKind.Sqlite);
        var fx = await SeedAsync(factory);
        using var scope = factory.Services.CreateScope();
        var head = await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == DemoUsers.KepalaLpse));
        var actor = new Actor(head.Id, head.FullName, fx.OfficeId, new HashSet<string> { Roles.KepalaLpse });
        var data = await scope.ServiceProvider.GetRequiredService<AccountabilityReports>()
            .BuildAsync(actor, PerformanceFilter.ForMonth(new Month(2026, 11)), "Semua", CancellationToken.None);

        // Everything fits: the summary says so.
        Assert.False(data.RegisterTruncated);
        Assert.Equal(data.Register.Count, data.RegisterTotal);
        Assert.Contains($"semua ({data.Register.Count} catatan)", Poppler.Text(AccountabilityExports.Pdf(data), "-raw"));

        // The same month with one record listed of them all, as when a month holds more than MaxRegisterRows.
        var cut = data with { Register = [data.Register[0]] };
        Assert.True(cut.RegisterTruncated);
        var text = string.Join(' ', Poppler.Text(AccountabilityExports.Pdf(cut), "-raw").Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"1 pertama dari {data.RegisterTotal}", text);
        Assert.Contains("selebihnya di menu Register penyimpangan", text);
        using var xlsx = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(AccountabilityExports.Xlsx(cut)), false);
        var summary = xlsx.WorkbookPart!.WorksheetParts.Select(w => w.Worksheet.InnerText).First(t => t.Contains("Register dalam laporan", StringComparison.Ordinal));
        Assert.Contains($"1 pertama dari {data.RegisterTotal} catatan", summary);
    }

    [Fact]
    public async Task Csv_OneTablePerSection_WithBomAndSemicolons_AFormulaStaysText_AndABadSectionOrFilterIsRefusedInIndonesian()
    {
        await using var factory = await DashboardFixture.AppAsync(DatabaseKind.Sqlite);
        var fx = await SeedAsync(factory);
        using var auditor = factory.CreateFormClient();
        await auditor.SignInAsync(DemoUsers.Auditor);

        using (var response = await auditor.GetAsync("/Dasbor/Laporan/Csv?bagian=register&" + Query))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
            var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("Waktu;Permohonan;SOP;Langkah;Jenis;Pelaksana;", lines[0]);
            Assert.Equal(4, lines.Length);
            Assert.Contains(";\"'=HYPERLINK(\"\"http://contoh.invalid\"\";\"\"klik\"\")\";", lines[3]);
        }

        using (var response = await auditor.GetAsync("/Dasbor/Laporan/Csv?bagian=langkah&" + Query))
        {
            var text = Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync())[3..]);
            Assert.Contains("Reset password;2;", text);
            Assert.Contains(";66,7;23 menit;", text);
        }

        using (var response = await auditor.GetAsync("/Dasbor/Laporan/Csv?bagian=pelaksana&" + Query))
        {
            var text = Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync())[3..]);
            Assert.Contains($"{fx.P1Name};2;1;1;1;0;1;0;1", text);
        }

        var wrongSection = await auditor.GetAsync("/Dasbor/Laporan/Csv?bagian=semua&" + Query);
        Assert.Equal(HttpStatusCode.BadRequest, wrongSection.StatusCode);
        Assert.Contains("Pilih bagian laporan", await wrongSection.Content.ReadAsStringAsync());
        var wrongMonth = await auditor.GetAsync("/Dasbor/Laporan/Pdf?dari=2026-13");
        Assert.Equal(HttpStatusCode.BadRequest, wrongMonth.StatusCode);
        Assert.NotNull((await FormClient.ParseAsync(wrongMonth)).QuerySelector("#filter-errors"));

        // An applicant may not have it at all.
        using var applicant = factory.CreateFormClient();
        await applicant.SignInAsync(DemoUsers.Pokja);
        using var refused = await applicant.GetAsync("/Dasbor/Laporan/Csv?" + Query);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }

    // ---------------------------------------------------------------------------------------------

    /// <summary>
    /// The fixture, and four ledger records: R1 step 3 late (P1, explained, accepted), R3 step 2 output (P2, a formula for an
    /// explanation, waiting), R5 step 3 late in October (not November's), R6 step 2 late at the Batang office (not this office's).
    /// R1 step 3's kelengkapan record comes with the fixture.
    /// </summary>
    private static async Task<DashboardFixture> SeedAsync(AppFactory factory)
    {
        var fx = await DashboardFixture.SeedAsync(factory);
        await factory.WithDbAsync(async db =>
        {
            async Task AddAsync(string request, int step, DeviationKind kind, string fact, string? explanation, DeviationReview review = DeviationReview.Pending,
                string? note = null, DateTime? at = null)
            {
                var s = await db.RequestSteps.SingleAsync(x => x.AccessRequestId == fx.Requests[request] && x.StepNumber == step);
                var r = await db.AccessRequests.SingleAsync(x => x.Id == fx.Requests[request]);
                db.StepDeviations.Add(new StepDeviation
                {
                    OfficeId = r.OfficeId, AccessRequestId = r.Id, RequestStepId = s.Id, SopKind = r.Kind, StepNumber = step, Kind = kind,
                    ActorRole = s.ActorRole, PerformerUserId = s.PerformerUserId, PerformerName = s.PerformerName ?? "", OccurredAt = at ?? s.CompletedAt!.Value,
                    Fact = fact, Explanation = explanation, ExplainedAt = explanation is null ? null : s.CompletedAt, Review = review,
                    ReviewerName = review == DeviationReview.Pending ? null : "Kepala LPSE Demo", ReviewNote = note,
                    ReviewedAt = review == DeviationReview.Pending ? null : s.CompletedAt,
                });
            }

            await AddAsync("R1", 3, DeviationKind.Time, "Langkah selesai setelah 1 jam 30 menit waktu kerja; standar waktunya 60 menit.",
                "Server SPSE lambat sepanjang pagi; sudah dilaporkan ke LKPP.", DeviationReview.Accepted, "Gangguan server SPSE diakui.");
            await AddAsync("R3", 2, DeviationKind.Output, "Output langkah tidak sampai: surel tidak dapat dikirim.", Formula, at: new DateTime(2026, 11, 10, 4, 0, 0, DateTimeKind.Utc));
            await AddAsync("R5", 3, DeviationKind.Time, "Oktober ditelaah", null);
            await AddAsync("R6", 2, DeviationKind.Time, "Terlambat di kantor Batang", null);
            return await db.SaveChangesAsync();
        });
        return fx;
    }

    /// <summary>Every sheet as rows of cell texts (numbers in invariant form), in workbook order.</summary>
    private static Dictionary<string, List<string[]>> ReadWorkbook(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var result = new Dictionary<string, List<string[]>>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            var rows = part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().Select(row =>
            {
                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = ColumnIndex(cell.CellReference!.Value!);
                    while (cells.Count < column)
                    {
                        cells.Add("");
                    }

                    cells.Add(cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText : cell.CellValue?.Text ?? "");
                }

                return cells.ToArray();
            }).ToList();
            result[sheet.Name!.Value!] = rows;
        }

        return result;
    }

    private static int ColumnIndex(string reference)
    {
        var letters = new string(reference.TakeWhile(char.IsLetter).ToArray());
        return letters.Aggregate(0, (n, c) => (n * 26) + (c - 'A' + 1)) - 1;
    }

    private static void Save(string name, byte[] content)
    {
        var dir = Environment.GetEnvironmentVariable("AKSESSPSE_TEST_ARTIFACTS");
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(Path.Combine(dir, "reports"));
            File.WriteAllBytes(Path.Combine(dir, "reports", name), content);
        }
    }
}
