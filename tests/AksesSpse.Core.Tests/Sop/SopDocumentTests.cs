using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Sop.Document;
using static AksesSpse.Tests.Shared.Poppler;

namespace AksesSpse.Core.Tests.Sop;

/// <summary>
/// The SOP document generated from the definition (issue #11 §1): for each of the five seeds, every header field and every
/// cell of every step, as transcribed from the scan, is in the text pdftotext reads from the generated PDF; the pages are
/// A4 landscape; a page of each is rendered to $AKSESSPSE_TEST_ARTIFACTS/sop-document/ to look at. Then the drawing itself:
/// the symbols, the decision branches, the off-page connectors of a table over several pages, the SVG.
/// </summary>
public sealed partial class SopDocumentTests
{
    public static TheoryData<string> Seeds() => new(SeedTranscription.All().Select(s => s.Seed));

    private static SeedTranscription Seed(string id) => SeedTranscription.All().Single(s => s.Seed == id);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_generated_pdf_holds_every_field_of_the_seed_as_transcribed(string id)
    {
        var seed = Seed(id);
        var pdf = SopDocumentPdf.Render(seed.Sop, seed.Office);
        var text = Words(Text(pdf, "-raw"));

        var missing = new List<string>();
        void Expect(string what, string? expected)
        {
            if (!string.IsNullOrWhiteSpace(expected) && !text.Contains(Words(expected), StringComparison.Ordinal))
            {
                missing.Add($"{what}: \"{expected}\"");
            }
        }

        foreach (var field in seed.Header)
        {
            Expect("kepala", field);
        }

        foreach (var lane in seed.Lanes)
        {
            Expect("pelaksana", lane);
        }

        foreach (var step in seed.Steps)
        {
            Expect($"langkah {step.No} aktivitas", step.Activity);
            foreach (var item in step.Kelengkapan)
            {
                Expect($"langkah {step.No} kelengkapan", item);
            }

            Expect($"langkah {step.No} waktu", step.Waktu);
            foreach (var item in step.Output)
            {
                Expect($"langkah {step.No} output", item);
            }

            Expect($"langkah {step.No} keterangan", step.Keterangan);
        }

        Expect("total waktu", "Total Waktu Penyelesaian");
        Expect("total waktu", seed.TotalTime);
        Assert.True(missing.Count == 0, $"Seed {id}: {missing.Count} field(s) not in the PDF:\n" + string.Join("\n", missing));

        // Every step's row: its number and activity in order, one after the other as the table prints them.
        var position = 0;
        foreach (var step in seed.Steps)
        {
            var at = text.IndexOf(Words(step.Activity), position, StringComparison.Ordinal);
            Assert.True(at >= position, $"Seed {id}: step {step.No} is not after step {step.No - 1}");
            position = at;
        }

        var info = WithTempPdf(pdf, path => Run("pdfinfo", path));
        var pages = int.Parse(PagesLine().Match(info).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(pages, 2, 6);
        Assert.Matches(@"Page size:\s+841\.89 x 595\.28 pts", info);
        for (var page = 1; page <= pages; page++)
        {
            var png = SavePng(pdf, $"seed-{id}-page{page}", page);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        }
    }

    [Fact]
    public void A_decision_draws_a_diamond_with_its_Ya_and_Tidak_branches_going_where_the_definition_routes_them()
    {
        var sop = Seed("004").Sop;
        var drawing = SopDocumentLayout.Drawing(sop);
        var flow = SopFlow.Of(sop.Steps);

        Assert.Equal(FlowSymbol.Start, flow.Symbols[1]);
        Assert.Equal(FlowSymbol.Decision, flow.Symbols[2]);
        Assert.Equal(FlowSymbol.Decision, flow.Symbols[5]);
        Assert.Equal(FlowSymbol.End, flow.Symbols[9]);
        Assert.Contains(new FlowEdge(2, 5, "Ya"), flow.Edges);
        Assert.Contains(new FlowEdge(2, 3, "Tidak"), flow.Edges);
        Assert.Contains(new FlowEdge(5, 6, "Ya"), flow.Edges);
        Assert.Contains(new FlowEdge(5, 7, "Tidak"), flow.Edges);
        Assert.Contains(new FlowEdge(4, 2, null), flow.Edges);
        Assert.Contains(new FlowEdge(6, 8, null), flow.Edges);
        Assert.Contains(new FlowEdge(7, 9, null), flow.Edges);
        Assert.DoesNotContain(flow.Edges, e => e.From == 6 && e.To == 7);

        Assert.Equal(2, drawing.Marks.OfType<PolygonMark>().Count(p => p.Points.Count == 4));
        Assert.Equal(flow.Edges.Count, drawing.Marks.OfType<ArrowMark>().Count());
        Assert.Equal(2, drawing.Marks.OfType<TextMark>().Count(t => t.Text == "Ya"));
        Assert.Equal(2, drawing.Marks.OfType<TextMark>().Count(t => t.Text == "Tidak"));
        Assert.Single(drawing.Marks.OfType<TextMark>(), t => t.Text == "Mulai");
        Assert.Single(drawing.Marks.OfType<TextMark>(), t => t.Text == "Selesai");
        Assert.Contains(drawing.Marks.OfType<TextMark>(), t => t.Text == "1 jam (60 menit)");
    }

    [Fact]
    public void A_standing_instruction_no_step_leads_to_is_drawn_without_arrows()
    {
        var sop = Seed("002").Sop;
        var flow = SopFlow.Of(sop.Steps);

        Assert.DoesNotContain(5, flow.Reachable);
        Assert.DoesNotContain(flow.Edges, e => e.From == 5 || e.To == 5);
        Assert.Contains(new FlowEdge(3, 6, "Ya"), flow.Edges);
        Assert.Contains(new FlowEdge(3, 4, "Tidak"), flow.Edges);
        Assert.Contains(new FlowEdge(4, 3, null), flow.Edges);
    }

    [Fact]
    public void A_table_over_several_pages_never_splits_a_row_and_numbers_each_off_page_connector_on_both_pages()
    {
        var sop = Long(steps: 24);
        var pages = SopDocumentLayout.Document(sop, new Letterhead("LPSE Kabupaten Contoh", null, null, "LPSE", null));
        var procedure = pages.Where(p => p.Marks.OfType<TextMark>().Any(t => t.Text == "Aktivitas")).ToList();
        Assert.True(procedure.Count >= 2, $"{procedure.Count} procedure page(s)");

        // Each step's number and the first line of its activity are on the same page, inside the page above the footer.
        foreach (var step in sop.Steps)
        {
            var page = Assert.Single(procedure, p => p.Marks.OfType<TextMark>().Any(t => t.Text.StartsWith($"Langkah uji nomor {step.Number} ", StringComparison.Ordinal)));
            Assert.All(page.Marks.OfType<TextMark>().Where(t => !t.Muted), t => Assert.InRange(t.Baseline, 0, SopDocumentLayout.PageHeight - 40));
        }

        // Connectors: pentagons with a number; each number on exactly two pages (where the flow leaves and where it comes back).
        var numbers = new Dictionary<string, List<int>>();
        for (var i = 0; i < procedure.Count; i++)
        {
            var connectors = procedure[i].Marks.OfType<PolygonMark>().Where(p => p.Points.Count == 5).ToList();
            foreach (var connector in connectors)
            {
                var cx = connector.Points.Average(p => p.X);
                var labels = procedure[i].Marks.OfType<TextMark>().Where(t => Math.Abs(t.X - cx) < 0.5 && t.Baseline > connector.Points.Min(p => p.Y)
                    && t.Baseline < connector.Points.Max(p => p.Y) && t.Text.All(char.IsDigit)).ToList();
                Assert.True(labels.Count == 1, $"page {i}: connector at {cx:0.0},{connector.Points.Min(p => p.Y):0.0}: {string.Join(", ", labels.Select(l => l.Text))}");
                var label = labels[0];
                numbers.TryAdd(label.Text, []);
                numbers[label.Text].Add(i);
            }
        }

        Assert.NotEmpty(numbers);
        Assert.All(numbers, n => Assert.Equal(2, n.Value.Distinct().Count()));
        Assert.Equal(Enumerable.Range(1, numbers.Count).Select(n => n.ToString(CultureInfo.InvariantCulture)).Order(), numbers.Keys.Order());

        // The PDF: the same pages, A4 landscape, "Halaman i dari n" on each.
        var pdf = SopDocumentPdf.Render(sop, new Letterhead("LPSE Kabupaten Contoh", null, null, "LPSE", null));
        var text = Text(pdf);
        Assert.Contains($"Halaman {pages.Count} dari {pages.Count}", text, StringComparison.Ordinal);
        SavePng(pdf, "long-page" + (pages.Count - procedure.Count + 2), pages.Count - procedure.Count + 2);
    }

    [Fact]
    public void A_note_longer_than_a_page_and_ten_actor_columns_still_print_inside_the_page()
    {
        var sop = Long(steps: 6);
        sop.Steps[2].Note = string.Join(" ", Enumerable.Repeat("Keterangan panjang yang ditulis kantor untuk langkah ini.", 30));
        for (var i = 0; i < sop.Steps.Count; i++)
        {
            sop.Steps[i].ActorLabel = "Pelaksana nomor " + i;
        }

        sop.Steps.AddRange(Enumerable.Range(7, 4).Select(n => new SopStep
        {
            Number = n, Kind = StepKind.Instruction, ActorRole = Roles.AdminAgency, ActorLabel = "Pelaksana nomor " + n, Activity = "Langkah " + n,
        }));
        var pages = SopDocumentLayout.Document(sop, new Letterhead("LPSE Kabupaten Contoh", null, null, "LPSE", null));
        foreach (var page in pages)
        {
            Assert.All(page.Marks.OfType<TextMark>(), t => Assert.InRange(t.Baseline, 0, SopDocumentLayout.PageHeight - 20));
            Assert.All(page.Marks.OfType<LineMark>(), l => Assert.InRange(Math.Max(l.From.X, l.To.X), 0, SopDocumentLayout.PageWidth - 20));
            Assert.All(page.Marks.OfType<RectMark>(), r => Assert.InRange(r.X + r.Width, 0, SopDocumentLayout.PageWidth - 20));
        }

        Assert.Contains(pages.SelectMany(p => p.Marks.OfType<TextMark>()), t => t.Text.EndsWith(" …", StringComparison.Ordinal));
        var pdf = SopDocumentPdf.Render(sop, new Letterhead("LPSE Kabupaten Contoh", null, null, "LPSE", null));
        Assert.Contains("Langkah 9", Text(pdf, "-raw"), StringComparison.Ordinal); // the tenth column's step
    }

    [Fact]
    public void The_svg_is_the_procedure_table_with_a_fixed_width_and_escaped_text()
    {
        var sop = Seed("004").Sop;
        sop.Steps[0].Activity = "Menyampaikan <berkas> & \"surat\"";
        var svg = SopDocumentSvg.Render(SopDocumentLayout.Drawing(sop), sop.Title);

        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", svg, StringComparison.Ordinal);
        Assert.Matches("width=\"841.89\"", svg);
        Assert.Contains("Menyampaikan &lt;berkas&gt; &amp; &quot;surat&quot;", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<berkas>", svg, StringComparison.Ordinal);
        var xml = System.Xml.Linq.XDocument.Parse(svg);
        Assert.Equal("svg", xml.Root!.Name.LocalName);
        Assert.Contains("Total Waktu Penyelesaian", svg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { 1, 0, 0 }, null, "1 hari kerja")]
    [InlineData(new[] { 0, 10, 15 }, null, "25 menit")]
    [InlineData(new[] { 0, 60, 10 }, null, "1 jam 10 menit (70 menit)")]
    [InlineData(new[] { 3, 60, 30 }, null, "3 hari kerja 90 menit")]
    [InlineData(new[] { 0, 0, 0 }, null, "N/A")]
    [InlineData(new[] { 1, 0, 0 }, "Disesuaikan dengan kebutuhan", "Disesuaikan dengan kebutuhan")]
    public void Total_time_sums_the_standards_in_working_days_and_minutes(int[] days, string? printed, string expected)
    {
        var sop = new SopDefinition { TotalTime = printed };
        for (var i = 0; i < days.Length; i++)
        {
            var value = days[i];
            sop.Steps.Add(new SopStep
            {
                Number = i + 1,
                StandardKind = value == 0 ? TimeStandardKind.None : i == 0 ? TimeStandardKind.WorkingDays : TimeStandardKind.Minutes,
                StandardValue = value == 0 ? null : value,
            });
        }

        Assert.Equal(expected, SopFlow.TotalTime(sop));
    }

    /// <summary>An SOP long enough for several procedure pages, with a decision that loops back from near the end to the start.</summary>
    internal static SopDefinition Long(int steps)
    {
        var roles = new[] { (Roles.Pemohon, "Pemohon"), (Roles.HelpdeskLpse, "Helpdesk LPSE"), (Roles.AdminAgency, "Admin Agency"), (Roles.KepalaLpse, "Kepala LPSE") };
        var sop = new SopDefinition { Id = 99, Title = "Uji Tabel Panjang", Number = "UJI-01", Version = 1, LegalBasis = "Dasar uji" };
        for (var n = 1; n <= steps; n++)
        {
            var (role, label) = roles[(n * 7 / 3) % roles.Length];
            sop.Steps.Add(new SopStep
            {
                Number = n,
                Kind = StepKind.Instruction,
                ActorRole = role,
                ActorLabel = label,
                Activity = $"Langkah uji nomor {n} dengan uraian kegiatan yang cukup panjang agar baris tabel memakai beberapa baris teks",
                RequiredInputs = "Berkas permohonan\nSurat tugas yang berlaku\nData personal pemohon",
                StandardKind = TimeStandardKind.Minutes,
                StandardValue = 5,
                Output = "Hasil langkah " + n,
                Note = n % 3 == 0 ? "Catatan langkah yang menjelaskan pengecualian dan tembusan kepada pihak terkait" : null,
                NextStepNumber = n == 5 ? 20 : null,
                AlternateStepNumber = n == steps - 2 ? 2 : null,
            });
        }

        return sop;
    }

    /// <summary>Lower case, every run of non-letters and non-digits one space: the words in their order.</summary>
    private static string Words(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = true;
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (!space)
            {
                sb.Append(' ');
                space = true;
            }
        }

        return sb.ToString().Trim();
    }

    private static byte[] SavePng(byte[] pdf, string name, int page) => AksesSpse.Tests.Shared.Poppler.SavePng(pdf, "sop-document", name, page, dpi: 80);

    [GeneratedRegex(@"Pages:\s+(\d+)")]
    private static partial Regex PagesLine();
}
