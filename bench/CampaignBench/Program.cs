// bench/CampaignBench: the year-end PPK campaign on 10,000 accounts, for bench/campaign.sh.
//
//   dotnet CampaignBench.dll --connection CS --files DIR [--provider sqlite|postgresql] [--count 10000]
//                            [--excluded 25] [--open 10] [--target 10] [--warmup]
//
// On an EMPTY database: applies the app's migrations, seeds an office "BENCH" with --count active PPK accounts and noise
// around them (1,000 Pokja and 500 Pejabat Pengadaan accounts and 500 inactive PPK accounts of the same office, 1,000
// active PPK accounts of another office), excludes --excluded accounts through the service (with a reason) and opens an
// SOP 2 request on --open others (the run must report those as failed). Then it runs the campaign once through the real
// PpkCampaignService — a cold run, as in production, where a campaign runs once a year — and prints its elapsed seconds
// (with --warmup, a 50-account campaign of a third office runs first, so the figure is the warm one). Finally it checks
// the outcome in the database (accounts, history, outbox, results, counts, noise untouched, the notice file and its hash)
// and prints PASS or FAIL against --target seconds. Exit status: 0 PASS, 1 FAIL (slow or wrong), 2 usage or setup error.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Campaigns;
using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

var settings = Settings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine("usage: CampaignBench --connection CS --files DIR [--provider sqlite|postgresql] [--count 10000] [--excluded 25] [--open 10] [--target 10] [--warmup]");
    return 2;
}

var year = DateTime.UtcNow.Year;
var clock = new FixedClock(new DateTimeOffset(year, 12, 10, 3, 0, 0, TimeSpan.Zero)); // 10 December, 10:00 WIB: inside the window
// The provider's own context type, so that MigrateAsync finds its generated migrations (docs/adr/0017).
var provider = settings.Postgres ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
AppDbContext NewContext() => AppDbContexts.Create(provider, settings.Connection);

using var logging = LoggerFactory.Create(b => b
    .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; })
    .SetMinimumLevel(LogLevel.Warning)
    .AddFilter("AksesSpse", LogLevel.Information));
var files = new LocalFileStore(settings.Files);
var campaignOptions = Options.Create(new CampaignOptions());
PpkCampaignService Service(AppDbContext db) => new(db, clock, files, campaignOptions, logging.CreateLogger<PpkCampaignService>());

var setup = Stopwatch.StartNew();
await using (var db = NewContext())
{
    if ((await db.Database.GetAppliedMigrationsAsync()).Any())
    {
        Console.Error.WriteLine("campaign-bench: the database is not empty; give it a fresh one.");
        return 2;
    }

    await db.Database.MigrateAsync();
}

// ---- seed ----
var bench = new Office { Code = "BENCH", Name = "LPSE Kabupaten Bench", Address = "Jl. Pengukuran No. 10, Kabupaten Bench", TimeZoneId = "Asia/Jakarta" };
var other = new Office { Code = "LAIN", Name = "LPSE Kota Lain", TimeZoneId = "Asia/Jakarta" };
var warm = new Office { Code = "WARM", Name = "LPSE Pemanasan", TimeZoneId = "Asia/Jakarta" };
await using (var db = NewContext())
{
    db.Offices.AddRange(bench, other, warm);
    await db.SaveChangesAsync();
    db.SopDefinitions.AddRange(SopSeed.ForOffice(bench.Id));
    db.Users.Add(new ApplicationUser
    {
        Id = "bench-applicant",
        UserName = "pemohon@bench.contoh.go.id",
        NormalizedUserName = "PEMOHON@BENCH.CONTOH.GO.ID",
        Email = "pemohon@bench.contoh.go.id",
        NormalizedEmail = "PEMOHON@BENCH.CONTOH.GO.ID",
        EmailConfirmed = true,
        SecurityStamp = Guid.NewGuid().ToString("N"),
        FullName = "Pemohon Bench",
        OfficeId = bench.Id,
        CreatedAt = clock.GetUtcNow().UtcDateTime,
    });
    await db.SaveChangesAsync();
}

await SeedAsync(bench.Id, "ppk", settings.Count, SpseRole.Ppk, SpseAccountStatus.Active);
await SeedAsync(bench.Id, "pokja", 1000, SpseRole.Pokja, SpseAccountStatus.Active);
await SeedAsync(bench.Id, "pp", 500, SpseRole.PejabatPengadaan, SpseAccountStatus.Active);
await SeedAsync(bench.Id, "lama", 500, SpseRole.Ppk, SpseAccountStatus.Inactive);
await SeedAsync(other.Id, "lain", 1000, SpseRole.Ppk, SpseAccountStatus.Active);
if (settings.Warmup)
{
    await SeedAsync(warm.Id, "warm", 50, SpseRole.Ppk, SpseAccountStatus.Active);
}

var admin = new Actor("bench-admin", "Budi Santoso", bench.Id, new HashSet<string> { Roles.AdminAgency });
List<int> ppkIds;
await using (var db = NewContext())
{
    ppkIds = await db.SpseAccounts.Where(a => a.OfficeId == bench.Id && a.Role == SpseRole.Ppk && a.Status == SpseAccountStatus.Active)
        .OrderBy(a => a.Id).Select(a => a.Id).ToListAsync();
}

// Excluded and "request in progress" accounts spread over the list.
var step = Math.Max(1, ppkIds.Count / Math.Max(1, settings.Excluded + settings.Open));
var picked = Enumerable.Range(0, settings.Excluded + settings.Open).Select(i => ppkIds[Math.Min(ppkIds.Count - 1, (i * step) + (step / 2))]).Distinct().ToList();
var excludedIds = picked.Take(settings.Excluded).ToList();
var openIds = picked.Skip(settings.Excluded).ToList();
foreach (var id in excludedIds)
{
    await using var db = NewContext();
    var result = await Service(db).ExcludeAsync(year, id, "Masih menjabat PPK kontrak tahun jamak (data benchmark)", admin, CancellationToken.None);
    if (!result.Succeeded)
    {
        Console.Error.WriteLine($"campaign-bench: exclusion refused: {result.Message}");
        return 2;
    }
}

await using (var db = NewContext())
{
    var sop = await db.SopDefinitions.FirstAsync(s => s.OfficeId == bench.Id && s.Kind == SopKind.AccessActivation);
    var accounts = await db.SpseAccounts.AsNoTracking().Where(a => openIds.Contains(a.Id)).ToListAsync();
    var n = 0;
    foreach (var account in accounts)
    {
        n++;
        db.AccessRequests.Add(new AccessRequest
        {
            Number = string.Create(CultureInfo.InvariantCulture, $"NA-{year}-{n:D6}"),
            OfficeId = bench.Id,
            SopDefinitionId = sop.Id,
            Kind = SopKind.AccessActivation,
            Type = RequestType.Deactivate,
            ApplicantUserId = "bench-applicant",
            ApplicantName = account.HolderName,
            ApplicantEmail = account.HolderEmail,
            SpseUserId = account.UserId,
            SpseAccountId = account.Id,
            Reason = "Mutasi jabatan (data benchmark)",
            Status = RequestStatus.Submitted,
            SubmissionKey = Guid.NewGuid(),
            SubmittedAt = clock.GetUtcNow().UtcDateTime.AddDays(-2),
        });
    }

    await db.SaveChangesAsync();
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"campaign-bench: seeded in {setup.Elapsed.TotalSeconds:0.0} s: {settings.Count} active PPK accounts of office BENCH ({excludedIds.Count} excluded, {openIds.Count} with a request in progress), 2,000 other accounts of BENCH, 1,000 PPK accounts of another office"));

// ---- the run ----
if (settings.Warmup)
{
    var warmAdmin = admin with { OfficeId = warm.Id };
    await using var db = NewContext();
    var warmResult = await Service(db).RunAsync(new RunCampaignCommand(year, null, true, Year(year)), warmAdmin, CancellationToken.None);
    Console.WriteLine($"campaign-bench: warm-up campaign of office WARM: {(warmResult.Succeeded ? "ok" : warmResult.Message)}");
}

int version;
await using (var db = NewContext())
{
    version = await db.PpkCampaigns.Where(c => c.OfficeId == bench.Id && c.FiscalYear == year).Select(c => c.Version).SingleAsync();
}

OperationResult<CampaignRunSummary> run;
var watch = Stopwatch.StartNew();
await using (var db = NewContext())
{
    run = await Service(db).RunAsync(new RunCampaignCommand(year, version, true, Year(year)), admin, CancellationToken.None);
}

watch.Stop();
var seconds = watch.Elapsed.TotalSeconds;
if (!run.Succeeded)
{
    Console.WriteLine($"campaign-bench: the run was refused: {run.Message}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT elapsed_seconds={seconds:0.000} verdict=FAIL"));
    return 1;
}

var summary = run.Value!;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"campaign-bench: run of {settings.Count} accounts took {seconds:0.000} s ({summary.Deactivated} deactivated, {summary.Excluded} excluded, {summary.Failed} failed; notice {summary.NoticeNumber})"));

// ---- checks ----
var expected = settings.Count - excludedIds.Count - openIds.Count;
var checks = new List<(string What, long Expected, long Actual)>();
string? noticePath;
await using (var db = NewContext())
{
    var campaign = await db.PpkCampaigns.AsNoTracking().SingleAsync(c => c.Id == summary.CampaignId);
    noticePath = campaign.NoticeStoragePath is null ? null : Path.Combine(settings.Files, campaign.NoticeStoragePath);
    checks.Add(("summary: deactivated", expected, summary.Deactivated));
    checks.Add(("summary: excluded", excludedIds.Count, summary.Excluded));
    checks.Add(("summary: failed", openIds.Count, summary.Failed));
    checks.Add(("campaign completed (1 = yes)", 1, campaign.Status == PpkCampaignStatus.Completed ? 1 : 0));
    checks.Add(("campaign counts: deactivated + excluded + failed", settings.Count, campaign.DeactivatedCount + campaign.ExcludedCount + campaign.FailedCount));
    checks.Add(("BENCH PPK accounts now inactive, version 1", expected,
        await db.SpseAccounts.CountAsync(a => a.OfficeId == bench.Id && a.Role == SpseRole.Ppk && a.Status == SpseAccountStatus.Inactive && a.Version == 1)));
    checks.Add(("BENCH PPK accounts still active (excluded + failed)", excludedIds.Count + openIds.Count,
        await db.SpseAccounts.CountAsync(a => a.OfficeId == bench.Id && a.Role == SpseRole.Ppk && a.Status == SpseAccountStatus.Active)));
    checks.Add(("excluded accounts still active", excludedIds.Count,
        await db.SpseAccounts.CountAsync(a => excludedIds.Contains(a.Id) && a.Status == SpseAccountStatus.Active)));
    checks.Add(("accounts with a request in progress still active", openIds.Count,
        await db.SpseAccounts.CountAsync(a => openIds.Contains(a.Id) && a.Status == SpseAccountStatus.Active)));
    checks.Add(("BENCH inactive PPK accounts untouched (version 0)", 500,
        await db.SpseAccounts.CountAsync(a => a.OfficeId == bench.Id && a.UserId.StartsWith("lama.") && a.Version == 0)));
    checks.Add(("BENCH Pokja / Pejabat Pengadaan still active", 1500,
        await db.SpseAccounts.CountAsync(a => a.OfficeId == bench.Id && a.Role != SpseRole.Ppk && a.Status == SpseAccountStatus.Active)));
    checks.Add(("other office's PPK accounts still active", 1000,
        await db.SpseAccounts.CountAsync(a => a.OfficeId == other.Id && a.Status == SpseAccountStatus.Active)));
    checks.Add(("history rows (Deactivated) of the campaign", expected,
        await db.SpseAccountHistory.CountAsync(h => h.PpkCampaignId == summary.CampaignId && h.Change == SpseAccountChange.Deactivated)));
    checks.Add(("history rows at the run's time (read back through EF)", expected,
        await db.SpseAccountHistory.CountAsync(h => h.PpkCampaignId == summary.CampaignId && h.ChangedAt == clock.GetUtcNow().UtcDateTime)));
    checks.Add(("outbox mails (campaign-deactivated) to BENCH holders", expected,
        await db.OutboxMessages.CountAsync(m => m.Kind == PpkCampaignService.MailKind && m.To.StartsWith("ppk."))));
    checks.Add(("results rows", settings.Count, await db.PpkCampaignResults.CountAsync(r => r.PpkCampaignId == summary.CampaignId)));
    var hashOk = noticePath is not null && File.Exists(noticePath) &&
                 Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(noticePath))) == campaign.NoticeSha256;
    checks.Add(("notice PDF stored with its SHA-256 (1 = yes)", 1, hashOk ? 1 : 0));
}

var wrong = checks.Where(c => c.Expected != c.Actual).ToList();
foreach (var (what, want, got) in checks)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"check: {(want == got ? "ok  " : "FAIL")} {what}: {got}{(want == got ? "" : $" (expected {want})")}"));
}

var fast = seconds <= settings.Target;
var verdict = fast && wrong.Count == 0 ? "PASS" : "FAIL";
Console.WriteLine($"notice: {noticePath}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"RESULT elapsed_seconds={seconds:0.000} target_seconds={settings.Target} deactivated={summary.Deactivated} excluded={summary.Excluded} failed={summary.Failed} checks_failed={wrong.Count} verdict={verdict}"));
return verdict == "PASS" ? 0 : 1;

async Task SeedAsync(int officeId, string prefix, int count, SpseRole role, SpseAccountStatus status)
{
    const int batch = 2_000;
    var now = clock.GetUtcNow().UtcDateTime.AddMonths(-11);
    for (var start = 1; start <= count; start += batch)
    {
        await using var db = NewContext();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = start; i < start + batch && i <= count; i++)
        {
            db.SpseAccounts.Add(new SpseAccount
            {
                OfficeId = officeId,
                UserId = string.Create(CultureInfo.InvariantCulture, $"{prefix}.{i:D5}"),
                HolderName = Names[i % Names.Length] + string.Create(CultureInfo.InvariantCulture, $" {i:D5}"),
                HolderNip = string.Create(CultureInfo.InvariantCulture, $"19{70 + (i % 25)}0{1 + (i % 9)}1{i % 10}20{10 + (i % 14)}0{1 + (i % 9)}{1 + (i % 2)}{i % 1000:D3}"),
                HolderEmail = string.Create(CultureInfo.InvariantCulture, $"{prefix}.{i:D5}@bench.contoh.go.id"),
                HolderPhone = "081234567890",
                Agency = Agencies[i % Agencies.Length],
                Role = role,
                SkNumber = string.Create(CultureInfo.InvariantCulture, $"900/{i:D5}/SK-{prefix.ToUpperInvariant()}/{year}"),
                SkDate = new DateOnly(year, 1, 2),
                ValidFrom = new DateOnly(year, 1, 2),
                ValidUntil = i % 7 == 0 ? new DateOnly(year, 6, 30) : new DateOnly(year, 12, 31),
                Status = status,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        await db.SaveChangesAsync();
    }
}

static string Year(int value) => value.ToString(CultureInfo.InvariantCulture);

internal partial class Program
{
    private static readonly string[] Names =
        ["Agus Setiawan", "Sri Wahyuni", "Bambang Irawan", "Lina Marlina", "Rudi Hartanto", "Dewi Anggraini", "Eko Prasetyo", "Siti Rahmawati",
            "Hendra Wijaya", "Maya Puspitasari", "Andi Saputra, S.T.", "Citra Lestari, S.E., M.Si."];

    private static readonly string[] Agencies =
        ["Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan", "RSUD Kabupaten Bench",
            "Badan Perencanaan Pembangunan Daerah", "Dinas Perhubungan", "Sekretariat Daerah", "Dinas Sosial"];
}

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

internal sealed record Settings(string Connection, string Files, bool Postgres, int Count, int Excluded, int Open, double Target, bool Warmup)
{
    public static Settings? Parse(string[] args)
    {
        string? connection = null, files = null;
        var provider = "sqlite";
        int count = 10_000, excluded = 25, open = 10;
        var target = 10.0;
        var warmup = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--connection": connection = Next(); break;
                case "--files": files = Next(); break;
                case "--provider": provider = Next().ToLowerInvariant(); break;
                case "--count": count = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--excluded": excluded = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--open": open = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--target": target = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = true; break;
                default: return null;
            }
        }

        if (string.IsNullOrWhiteSpace(connection) || string.IsNullOrWhiteSpace(files) || count < 1 || excluded < 0 || open < 0 ||
            excluded + open >= count || provider is not ("sqlite" or "postgresql" or "postgres"))
        {
            return null;
        }

        return new Settings(connection, files, provider.StartsWith("postgres", StringComparison.Ordinal), count, excluded, open, target, warmup);
    }
}
