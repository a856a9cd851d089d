// Issue #11 §4: the PDF of the longest SOP is generated in under 200 ms after warm-up. Measured here against the one-page
// handover receipt (the baseline), each generated the same number of times in the same process, alternating, so both see
// the same machine load. Prints per-document median, p95 and max in milliseconds and PASS/FAIL; exit 0 on PASS.
using System.Diagnostics;
using System.Globalization;
using AksesSpse.Core.Documents.Pdf;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Sop.Document;

var rounds = int.Parse(Environment.GetEnvironmentVariable("BENCH_ROUNDS") ?? "200", CultureInfo.InvariantCulture);
var warmup = int.Parse(Environment.GetEnvironmentVariable("BENCH_WARMUP") ?? "30", CultureInfo.InvariantCulture);
var target = double.Parse(Environment.GetEnvironmentVariable("BENCH_TARGET_MS") ?? "200", CultureInfo.InvariantCulture);

// The longest SOP the product ships: the seed with the most text in its steps and sections (SOP 2, three pages).
var seeds = Enum.GetValues<SopVariant>().SelectMany(v => SopSeed.ForOffice(1, v)).ToList();
var longest = seeds.OrderByDescending(s => s.Steps.Count * 1000 + s.Steps.Sum(x => x.Activity.Length + x.RequiredInputs.Length + (x.Note?.Length ?? 0)))
    .First();
var letterhead = new Letterhead("LPSE Kabupaten Contoh", "Pemerintah Kabupaten Contoh", "Jl. Merdeka No. 17, Kabupaten Contoh", "LPSE", null);
var receipt = new HandoverReceipt("LPSE Kabupaten Contoh", "Jl. Merdeka No. 17, Kabupaten Contoh", "NA-2026-00042", "Rina Kartikasari, S.E.",
    "198503122010012003", "UKPBJ Kabupaten Contoh", "Penonaktifan user ID SPSE", "Datang langsung", new DateTime(2026, 11, 22, 2, 5, 0, DateTimeKind.Utc),
    OfficeClock.For("Asia/Jakarta", TimeProvider.System), "Budi Santoso", ["Surat permohonan", "SK Pokja", "Fotokopi KTP"],
    "https://lpse.contohkab.go.id/status/NA-2026-00042?k=7f3a9c");

var sopBytes = SopDocumentPdf.Render(longest, letterhead).Length;
var receiptBytes = HandoverReceiptPdf.Render(receipt).Length;
for (var i = 0; i < warmup; i++)
{
    SopDocumentPdf.Render(longest, letterhead);
    HandoverReceiptPdf.Render(receipt);
}

var sopTimes = new List<double>(rounds);
var receiptTimes = new List<double>(rounds);
for (var i = 0; i < rounds; i++)
{
    var watch = Stopwatch.StartNew();
    SopDocumentPdf.Render(longest, letterhead);
    sopTimes.Add(watch.Elapsed.TotalMilliseconds);
    watch.Restart();
    HandoverReceiptPdf.Render(receipt);
    receiptTimes.Add(watch.Elapsed.TotalMilliseconds);
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    var rank = p * (sorted.Count - 1);
    var lo = (int)Math.Floor(rank);
    var hi = (int)Math.Ceiling(rank);
    return sorted[lo] + ((sorted[hi] - sorted[lo]) * (rank - lo));
}

var pages = SopDocumentLayout.Document(longest, letterhead).Count;
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {warmup} warm-up + {rounds} timed generations of each, alternating");
Console.WriteLine();
Console.WriteLine("| document | pages | bytes | median ms | p95 ms | max ms | median / receipt |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
var receiptMedian = Percentile(receiptTimes, 0.5);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| handover receipt (baseline) | 1 | {receiptBytes:N0} | {receiptMedian:0.0} | {Percentile(receiptTimes, 0.95):0.0} | {receiptTimes.Max():0.0} | 1.00 |"));
var sopMedian = Percentile(sopTimes, 0.5);
var sopP95 = Percentile(sopTimes, 0.95);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| SOP document: {longest.Title} ({longest.Steps.Count} steps) | {pages} | {sopBytes:N0} | {sopMedian:0.0} | {sopP95:0.0} | {sopTimes.Max():0.0} | {sopMedian / receiptMedian:0.00} |"));
Console.WriteLine();
var pass = sopP95 < target;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target: the SOP document's p95 under {target:0} ms after warm-up → {(pass ? "PASS" : "FAIL")}"));
return pass ? 0 : 1;
