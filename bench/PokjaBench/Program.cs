// bench/PokjaBench: SOP 1's bulk step on a real database, for bench/pokja.sh (issue #9, section 4).
//
//   dotnet PokjaBench.dll --provider sqlite|postgresql --connection CS --work DIR --report FILE [--rounds 5] [--members 200]
//                         [--register 5000] [--target 5]
//
// On an EMPTY database: applies the app's migrations (the provider's own context type, as the app builds it), seeds an office
// with SopSeed.ForOffice (Badung's variant of SOP 1), a Kepala UKPBJ, two Admin Agency officers and a Kepala LPSE with their
// Identity roles, and a register of --register SPSE accounts of the office (Pokja, PPK and Pejabat Pengadaan, some inactive)
// plus 1,000 of another office, so that the move's conflict queries do not run on an empty table.
//
// Each round (1 warm-up, not reported, then --rounds):
//   - starts a --members request through PokjaAccountsModule.StartAsync (distinct valid NIPs and emails, three small PDFs in a
//     local-folder file store) and a 1-member request (untimed);
//   - times the request page's data read (SopEngine.LoadAsync untracked) of the --members request, as Admin Agency opens it;
//   - times step 2, SopEngine.MoveAsync with one PersonDecision(create) per member, from the call to its commit, on a fresh
//     DbContext as a web request has: --members register accounts with their history rows, as many temporary passwords
//     encrypted by Data Protection (keys persisted to a folder) and one-time links, as many outbox mails, one copy (tembusan)
//     to Kepala LPSE; the same for the 1-member request (the baseline: per-member cost); and the floor: --members plain
//     SpseAccount rows inserted in one SaveChanges;
//   - times the page's data read again after the move (every member made and sent);
//   - checks the outcome in the database (accounts, deliveries, mails, copy, step 3 open).
// Then one interrupted --members move, twice: cancelled (its CancellationToken, as a client that goes away) by a command
// interceptor right after the account INSERTs, and failed by an interceptor that throws on the outbox INSERT; after each it
// checks in the database that the request is still on step 2 with its version and that no account, history row, credential
// delivery, outbox mail or notification of the move exists; finally the same move runs through and must succeed.
// A command interceptor counts the move's statements (round trips and statements by table) and their time in the driver.
// Writes a Markdown section to --report and prints a summary; exit status 0 PASS, 1 FAIL (slow, wrong or half-done), 2 setup.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using AksesSpse.Bench.Pokja;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Credentials;
using AksesSpse.Core.Data;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Procedures;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

var settings = Settings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine("usage: PokjaBench --provider sqlite|postgresql --connection CS --work DIR --report FILE [--rounds 5] [--members 200] [--register 5000] [--target 5]");
    return 2;
}

var inv = CultureInfo.InvariantCulture;
var provider = settings.Postgres ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
var counter = new StatementCounter();
var faults = new FaultInterceptor();
AppDbContext NewContext() => AppDbContexts.Create(provider, settings.Connection, o => o.AddInterceptors(counter, faults));

// The app's singletons: the real clock, the office-zone cache, the options, and a real Data Protection provider whose key ring is
// persisted to a folder (the app keeps it in the database, encrypted with a certificate: only the key ring's first load differs).
var time = TimeProvider.System;
var zoneCache = new MemoryCache(new MemoryCacheOptions());
var appOptions = Options.Create(new AppOptions { BaseUrl = "https://lpse.badungkab.contoh.go.id" });
Directory.CreateDirectory(settings.Work);
var protection = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(settings.Work, "keys")), b => b.SetApplicationName("AksesSpse"));
var fileStore = new LocalFileStore(Path.Combine(settings.Work, "files"));
var inspector = new UploadInspector();

SopEngine Engine(AppDbContext db)
{
    var notifier = new Notifier(db, time, appOptions);
    var calendar = new OfficeCalendar(db, time, zoneCache);
    var credentials = new CredentialService(db, protection, time, calendar, appOptions);
    var requestFiles = new RequestFiles(fileStore, inspector);
    var moves = new RequestMoves(db, calendar);
    var links = new RequestLinks(protection, time, appOptions);
    IProcedureModule[] modules =
    [
        new StaffRegistrationModule(db, credentials, notifier, calendar),
        new PasswordResetModule(db, time, calendar, requestFiles, notifier, credentials, moves, links, NullLogger<PasswordResetModule>.Instance),
        new AccessActivationModule(db, time, calendar, requestFiles, notifier, links, moves, NullLogger<AccessActivationModule>.Instance),
        new PokjaAccountsModule(db, credentials, notifier, calendar, new WallClockStepClock(), links),
    ];
    return new SopEngine(db, new WallClockStepClock(), time, requestFiles, moves, notifier, modules, appOptions, NullLogger<SopEngine>.Instance);
}

// ---- migrate and seed ----
var setup = Stopwatch.StartNew();
await using (var db = NewContext())
{
    if ((await db.Database.GetAppliedMigrationsAsync()).Any())
    {
        Console.Error.WriteLine("pokja-bench: the database is not empty; give it a fresh one.");
        return 2;
    }

    await db.Database.MigrateAsync();
}

var office = new Office
{
    Code = "BDG", Name = "LPSE Kabupaten Badung", Address = "Jl. Raya Sempidi, Mangupura, Kabupaten Badung", Email = "lpse@badungkab.contoh.go.id",
    Phone = "(0361) 123456", TimeZoneId = "Asia/Makassar", HeadOfLpseEmail = "kepala.lpse@badungkab.contoh.go.id",
};
var other = new Office { Code = "LAIN", Name = "LPSE Kota Lain", TimeZoneId = "Asia/Jakarta", Email = "lpse@lain.contoh.go.id" };
var people = new (string Id, string Name, string Email, string Role)[]
{
    ("bench-kepala-ukpbj", "I Made Sudarsana, S.E.", "kabag.pbj@badungkab.contoh.go.id", Roles.KepalaUkpbj),
    ("bench-admin-1", "Ni Luh Putu Ayu Lestari", "admin1.agency@badungkab.contoh.go.id", Roles.AdminAgency),
    ("bench-admin-2", "I Ketut Wirawan", "admin2.agency@badungkab.contoh.go.id", Roles.AdminAgency),
    ("bench-kepala-lpse", "Dr. I Wayan Suardana", "kepala.lpse@badungkab.contoh.go.id", Roles.KepalaLpse),
};
await using (var db = NewContext())
{
    db.Offices.AddRange(office, other);
    await db.SaveChangesAsync();
    db.SopDefinitions.AddRange(SopSeed.ForOffice(office.Id, SopVariant.Badung));
    db.SopDefinitions.AddRange(SopSeed.ForOffice(other.Id));
    var roleIds = new Dictionary<string, string>();
    foreach (var role in Roles.All)
    {
        var identityRole = new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() };
        roleIds[role] = identityRole.Id;
        db.Roles.Add(identityRole);
    }

    foreach (var (id, name, email, role) in people)
    {
        db.Users.Add(new ApplicationUser
        {
            Id = id, UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true, SecurityStamp = Guid.NewGuid().ToString("N"), FullName = name, OfficeId = office.Id,
            CreatedAt = time.GetUtcNow().UtcDateTime.AddYears(-1),
        });
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = id, RoleId = roleIds[role] });
    }

    await db.SaveChangesAsync();
}

await SeedRegisterAsync(office.Id, "akun", settings.Register);
await SeedRegisterAsync(other.Id, "lain", 1000);
var kepalaUkpbj = new Actor(people[0].Id, people[0].Name, office.Id, new HashSet<string> { Roles.KepalaUkpbj });
var adminAgency = new Actor(people[1].Id, people[1].Name, office.Id, new HashSet<string> { Roles.AdminAgency });
Console.WriteLine(string.Create(inv,
    $"pokja-bench: migrated and seeded in {setup.Elapsed.TotalSeconds:0.0} s: office {office.Code} (SOP 1 Badung), {settings.Register:N0} SPSE accounts in the office, 1,000 in another"));

// ---- rounds ----
var pdf = MinimalPdf();
var batch = 0; // each request's members get NIPs of their own birth year: no member is on another open request or holds an account
var big = new List<double>();
var bigCpuMs = new List<double>();
var one = new List<double>();
var floor = new List<double>();
var readBefore = new List<double>();
var readAfter = new List<double>();
var wrong = new List<string>();
StatementCounter.Snapshot? profile = null;
for (var round = 0; round <= settings.Rounds; round++)
{
    var label = round == 0 ? "warm-up" : $"round {round}/{settings.Rounds}";
    var bigId = await StartAsync(settings.Members);
    var oneId = await StartAsync(1);

    var before = await ReadPageAsync(bigId);
    var (bigMs, bigResult, bigProfile, bigCpu) = await MoveAsync(bigId);
    var (oneMs, oneResult, _, _) = await MoveAsync(oneId);
    var after = await ReadPageAsync(bigId);
    var floorMs = await FloorAsync(round);

    var problems = new List<string>();
    problems.AddRange(await CheckMadeAsync(bigId, settings.Members, bigResult));
    problems.AddRange(await CheckMadeAsync(oneId, 1, oneResult));
    Console.WriteLine(string.Create(inv,
        $"pokja-bench: {label}: {settings.Members}-member move {bigMs:0.0} ms, 1-member move {oneMs:0.0} ms, floor {floorMs:0.0} ms, page read {before:0.0} / {after:0.0} ms{(problems.Count == 0 ? "" : " — WRONG: " + string.Join("; ", problems))}"));
    if (round == 0)
    {
        continue;
    }

    big.Add(bigMs);
    bigCpuMs.Add(bigCpu);
    one.Add(oneMs);
    floor.Add(floorMs);
    readBefore.Add(before);
    readAfter.Add(after);
    wrong.AddRange(problems.Select(p => $"{label}: {p}"));
    profile = bigProfile;
}

// ---- interruption ----
var interruption = new List<(string What, bool Ok, string Detail)>();
var cutId = await StartAsync(settings.Members);
var cutNips = await NipsOfAsync(cutId);
var baseline = await StateAsync(cutId, cutNips);

// 1. Cancelled mid-way: the token is cancelled as soon as the account INSERTs have run (the next command sees it).
faults.Arm(FaultInterceptor.Mode.CancelAfterAccounts);
var cancelled = await InterruptedMoveAsync(cutId, faults.Token);
interruption.Add(("cancelled after the account INSERTs: the move threw", cancelled.Threw, $"{cancelled.Outcome}; account INSERT rows seen before the cancel: {faults.AccountRowsSeen}"));
await CheckUntouchedAsync("after the cancelled move", cutId, cutNips, baseline);

// 2. A failure on the outbox INSERT, in the move's last SaveChanges (after accounts, history and deliveries were written).
faults.Arm(FaultInterceptor.Mode.ThrowOnOutbox);
var failed = await InterruptedMoveAsync(cutId, CancellationToken.None);
interruption.Add(("failed on the outbox INSERT: the move was refused or threw", failed.Threw || !failed.Succeeded,
    $"{failed.Outcome}; account INSERT rows seen before the failure: {faults.AccountRowsSeen}"));
await CheckUntouchedAsync("after the failed move", cutId, cutNips, baseline);

// 3. The same move, uninterrupted, goes through: nothing was left that blocks it.
faults.Arm(FaultInterceptor.Mode.None);
var (retryMs, retryResult, _, _) = await MoveAsync(cutId);
var retryProblems = await CheckMadeAsync(cutId, settings.Members, retryResult);
interruption.Add(($"the same move run again succeeds ({settings.Members} accounts, deliveries and mails)", retryProblems.Count == 0,
    retryProblems.Count == 0 ? string.Create(inv, $"{retryMs:0.0} ms") : string.Join("; ", retryProblems)));
foreach (var (what, ok, detail) in interruption)
{
    Console.WriteLine($"pokja-bench: interruption: {(ok ? "ok  " : "FAIL")} {what} ({detail})");
}

// ---- report ----
var perMember = big.Zip(one, (b, o) => (b - o) / Math.Max(1, settings.Members - 1)).ToList();
var pass = Max(big) < settings.Target * 1000;
var sound = wrong.Count == 0 && interruption.All(i => i.Ok);
var verdict = pass && sound ? "PASS" : "FAIL";
var dbLabel = settings.Postgres ? "PostgreSQL" : "SQLite";
var md = new StringBuilder();
md.AppendLine(inv, $"### {dbLabel}: {settings.Members}-member move median {Median(big) / 1000:0.000} s, slowest {Max(big) / 1000:0.000} s — **{(pass ? "PASS" : "FAIL")}** (target < {settings.Target} s); interruption: **{(interruption.All(i => i.Ok) ? "nothing half-done" : "HALF-DONE")}**")
    .AppendLine()
    .AppendLine(inv, $"Register: {settings.Register:N0} accounts in the office, 1,000 in another; {settings.Rounds} rounds after 1 warm-up, each on a new request (the register grows by {settings.Members + 1 + settings.Members} rows a round).")
    .AppendLine()
    .AppendLine("| figure | median ms | max ms | rounds ms |")
    .AppendLine("|---|---:|---:|---|");
void Row(string what, List<double> values) =>
    md.AppendLine(inv, $"| {what} | {Median(values):0.0} | {Max(values):0.0} | {string.Join(" · ", values.Select(v => v.ToString("0.0", inv)))} |");
Row($"**step 2, {settings.Members} members** (MoveAsync: {settings.Members} accounts + history, {settings.Members} encrypted passwords + links, {settings.Members} mails, 1 copy)", big);
Row($"the same {settings.Members}-member move: CPU time of this process (app and EF; not the database server's)", bigCpuMs);
Row("step 2, 1 member (same move, baseline)", one);
Row($"per member: (move {settings.Members} − move 1) / {settings.Members - 1}", perMember);
Row($"floor: {settings.Members} plain SpseAccount INSERTs in one SaveChanges", floor);
Row($"request page data read, {settings.Members} members, at step 2 (LoadAsync untracked)", readBefore);
Row($"request page data read, {settings.Members} members, after the move", readAfter);
md.AppendLine();
if (profile is not null)
{
    var gaps = profile.Timeline.Sum(t => t.GapMs);
    md.AppendLine(inv, $"Where the last round's {settings.Members}-member move ({big[^1]:0.0} ms) spent its time (command and transaction interceptors): {profile.Commands} commands (round trips) with {profile.Statements} statements, {profile.DriverMs:0.0} ms in the driver executing them, {profile.CommitMs:0.0} ms committing, {gaps:0.0} ms in the app and EF before the commands and the commit (loading and checking, change tracking, building the SQL, Data Protection, mail texts) and {profile.SinceLastMs:0.0} ms after the commit. The move's commands in order (consecutive commands of the same shape together):")
        .AppendLine()
        .AppendLine("```")
        .AppendLine("app ms before   driver ms   commands  statements");
    foreach (var segment in profile.Timeline)
    {
        md.AppendLine(inv, $"{segment.GapMs,13:0.0}  {segment.DriverMs,10:0.0}  {segment.Commands,9}  {segment.What}");
    }
    md.AppendLine("```").AppendLine();
}

var protectMs = ProtectCost(settings.Members);
md.AppendLine(inv, $"Data Protection alone: {settings.Members} × Protect of a 16-character password (the move's purpose) {protectMs:0.0} ms.")
    .AppendLine()
    .AppendLine(inv, $"Interruption ({settings.Members}-member request {await NumberOfAsync(cutId)}; before: step 2, version {baseline.Version}, {baseline.Outbox} outbox mails and {baseline.Notifications} notifications from step 1):")
    .AppendLine();
foreach (var (what, ok, detail) in interruption)
{
    md.AppendLine(inv, $"- {(ok ? "ok" : "**FAIL**")} — {what} ({detail})");
}

if (wrong.Count > 0)
{
    md.AppendLine().AppendLine("Wrong outcomes:");
    foreach (var w in wrong)
    {
        md.AppendLine(inv, $"- **{w}**");
    }
}

md.AppendLine();
await File.AppendAllTextAsync(settings.Report, md.ToString());
Console.WriteLine(string.Create(inv,
    $"RESULT db={dbLabel} move_median_ms={Median(big):0.0} move_max_ms={Max(big):0.0} move_cpu_median_ms={Median(bigCpuMs):0.0} one_median_ms={Median(one):0.0} per_member_ms={Median(perMember):0.00} floor_median_ms={Median(floor):0.0} read_median_ms={Median(readBefore):0.0} read_after_median_ms={Median(readAfter):0.0} interruption={(interruption.All(i => i.Ok) ? "clean" : "HALF-DONE")} wrong={wrong.Count} verdict={verdict}"));
return verdict == "PASS" ? 0 : 1;

// ---- helpers ----

async Task<int> StartAsync(int members)
{
    batch++;
    var skDate = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-3);
    var list = Enumerable.Range(1, members).Select(k => Member(batch, k)).ToList();
    var form = new StartPokjaAccounts(Guid.NewGuid(), string.Create(inv, $"Pokja Pemilihan {batch:D2} Tahun {skDate.Year}"),
        string.Create(inv, $"027/{batch:D2}/SK-POKJA/BPBJ/{skDate.Year}"), skDate, string.Create(inv, $"800/{batch:D2}/ST/BPBJ/{skDate.Year}"),
        "Daftar anggota terlampir (data benchmark)", list,
        [new IncomingFile("FORMULIR_PERMOHONAN", "formulir.pdf", pdf), new IncomingFile("SK_POKJA", "sk.pdf", pdf), new IncomingFile("SURAT_PENUGASAN", "st.pdf", pdf)]);
    await using var db = NewContext();
    var engine = Engine(db);
    var started = await ((PokjaAccountsModule)engine.Module(SopKind.PokjaAccountRequest)).StartAsync(engine, form, kepalaUkpbj, CancellationToken.None);
    if (!started.Succeeded)
    {
        throw new InvalidOperationException($"starting a {members}-member request was refused: {started.Message}");
    }

    return started.Value;
}

PokjaMember Member(int b, int k)
{
    // Born in 1960 + b, appointed 25 years later; the sequence number is the member's place on the list.
    var nip = string.Create(inv, $"{1960 + b}{1 + (k % 12):D2}{1 + (k % 28):D2}{1985 + b}{1 + (k % 12):D2}{1 + (k % 2)}{k:D3}");
    return new PokjaMember(string.Create(inv, $"{Names[k % Names.Length]} {b:D2}-{k:D3}"), nip, "Anggota Pokja Pemilihan", Ranks[k % Ranks.Length],
        Agencies[k % Agencies.Length], string.Create(inv, $"pokja.{b:D2}.{k:D3}@badungkab.contoh.go.id"), "081234567890");
}

async Task<double> ReadPageAsync(int id)
{
    await using var db = NewContext();
    var engine = Engine(db);
    var watch = Stopwatch.StartNew();
    var request = await engine.LoadAsync(id, track: false, CancellationToken.None);
    watch.Stop();
    if (request is null || request.Persons.Count == 0)
    {
        throw new InvalidOperationException($"request {id} did not load");
    }

    return watch.Elapsed.TotalMilliseconds;
}

async Task<StepMove> CreateAllMoveAsync(int id)
{
    await using var db = NewContext();
    var request = (await Engine(db).LoadAsync(id, track: false, CancellationToken.None))!;
    var step = SopEngine.CurrentStep(request)!;
    return new StepMove(step.Number, request.Version)
    {
        CheckedItems = step.Requirements.Where(r => r.Kind == RequirementKind.Check).Select(r => r.Code).ToList(),
        Persons = request.Persons.Where(p => p.Outcome == PersonOutcome.Pending).OrderBy(p => p.Order)
            .Select(p => new PersonDecision(p.Id, true, null, null)).ToList(),
    };
}

async Task<(double Ms, AksesSpse.Core.Common.OperationResult<MoveResult> Result, StatementCounter.Snapshot Profile, double CpuMs)> MoveAsync(int id)
{
    var move = await CreateAllMoveAsync(id);
    await using var db = NewContext();
    var engine = Engine(db);
    counter.Reset();
    using var self = Process.GetCurrentProcess();
    var cpu = self.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    var result = await engine.MoveAsync(id, move, adminAgency, CancellationToken.None);
    watch.Stop();
    self.Refresh();
    return (watch.Elapsed.TotalMilliseconds, result, counter.Take(), (self.TotalProcessorTime - cpu).TotalMilliseconds);
}

async Task<(bool Threw, bool Succeeded, string Outcome)> InterruptedMoveAsync(int id, CancellationToken ct)
{
    var move = await CreateAllMoveAsync(id);
    await using var db = NewContext();
    var engine = Engine(db);
    try
    {
        var result = await engine.MoveAsync(id, move, adminAgency, ct);
        return (false, result.Succeeded, result.Succeeded ? "the move SUCCEEDED" : $"refused: {result.Error}: {result.Message}");
    }
    catch (Exception ex)
    {
        return (true, false, $"threw {ex.GetType().Name}");
    }
    finally
    {
        faults.Arm(FaultInterceptor.Mode.None);
    }
}

async Task<double> FloorAsync(int round)
{
    await using var db = NewContext();
    var now = time.GetUtcNow().UtcDateTime;
    for (var i = 1; i <= settings.Members; i++)
    {
        db.SpseAccounts.Add(new SpseAccount
        {
            OfficeId = office.Id, UserId = string.Create(inv, $"lantai.{round:D2}.{i:D3}"), HolderName = string.Create(inv, $"Lantai {round:D2}-{i:D3}"),
            HolderNip = string.Create(inv, $"1945010119700110{i % 100:D2}"), HolderEmail = string.Create(inv, $"lantai.{round:D2}.{i:D3}@badungkab.contoh.go.id"),
            HolderPhone = "081234567890", Agency = Agencies[i % Agencies.Length], Role = SpseRole.PejabatPengadaan, SkNumber = "027/LANTAI",
            Status = SpseAccountStatus.Inactive, CreatedAt = now, UpdatedAt = now,
        });
    }

    var watch = Stopwatch.StartNew();
    await db.SaveChangesAsync();
    watch.Stop();
    return watch.Elapsed.TotalMilliseconds;
}

async Task<List<string>> CheckMadeAsync(int id, int members, AksesSpse.Core.Common.OperationResult<MoveResult> result)
{
    var problems = new List<string>();
    if (!result.Succeeded)
    {
        problems.Add($"the move was refused: {result.Message}");
        return problems;
    }

    await using var db = NewContext();
    var nips = await db.RequestPersons.Where(p => p.AccessRequestId == id).Select(p => p.Nip).ToListAsync();
    var request = await db.AccessRequests.AsNoTracking().SingleAsync(r => r.Id == id);
    void Expect(string what, long want, long got)
    {
        if (want != got)
        {
            problems.Add(string.Create(inv, $"{what}: {got} (expected {want})"));
        }
    }

    Expect("secrets returned", members, result.Value!.Secrets.Count);
    Expect("register accounts of the members", members, await db.SpseAccounts.CountAsync(a => a.OfficeId == office.Id && nips.Contains(a.HolderNip) && a.Role == SpseRole.Pokja));
    Expect("history rows", members, await db.SpseAccountHistory.CountAsync(h => h.AccessRequestId == id && h.Change == SpseAccountChange.Registered));
    Expect("credential deliveries with a secret and a real token", members,
        await db.CredentialDeliveries.CountAsync(c => c.AccessRequestId == id && c.ProtectedSecret != null && !c.TokenHash.StartsWith(CredentialService.PendingPrefix)));
    Expect("members' mails (pokja-account)", members, await db.OutboxMessages.CountAsync(m => m.AccessRequestId == id && m.Kind == "pokja-account"));
    Expect("copies (tembusan): step 1 and step 2", 2, await db.OutboxMessages.CountAsync(m => m.AccessRequestId == id && m.Kind == PokjaAccountsModule.CopyKind));
    Expect("members done", members, await db.RequestPersons.CountAsync(p => p.AccessRequestId == id && p.Outcome == PersonOutcome.Done && p.SpseAccountId != null));
    Expect("open step", 3, request.CurrentStepNumber ?? 0);
    return problems;
}

async Task<List<string>> NipsOfAsync(int id)
{
    await using var db = NewContext();
    return await db.RequestPersons.Where(p => p.AccessRequestId == id).Select(p => p.Nip).ToListAsync();
}

async Task<string> NumberOfAsync(int id)
{
    await using var db = NewContext();
    return await db.AccessRequests.Where(r => r.Id == id).Select(r => r.Number).SingleAsync();
}

async Task<State> StateAsync(int id, List<string> nips)
{
    await using var db = NewContext();
    var request = await db.AccessRequests.AsNoTracking().SingleAsync(r => r.Id == id);
    return new State(
        request.CurrentStepNumber, request.Version, request.Status,
        await db.RequestSteps.CountAsync(s => s.AccessRequestId == id && s.CompletedAt == null && s.StepNumber == 2),
        await db.SpseAccounts.CountAsync(),
        await db.SpseAccounts.CountAsync(a => nips.Contains(a.HolderNip)),
        await db.SpseAccountHistory.CountAsync(h => h.AccessRequestId == id),
        await db.CredentialDeliveries.CountAsync(c => c.AccessRequestId == id),
        await db.OutboxMessages.CountAsync(m => m.AccessRequestId == id),
        await db.UserNotifications.CountAsync(n => n.AccessRequestId == id),
        await db.RequestPersons.CountAsync(p => p.AccessRequestId == id && (p.Outcome != PersonOutcome.Pending || p.SpseAccountId != null || p.DeliveredAt != null)));
}

async Task CheckUntouchedAsync(string when, int id, List<string> nips, State before)
{
    var now = await StateAsync(id, nips);
    interruption.Add(($"{when}: request still on step 2 (step 2 open, same version, in progress)",
        now.Step == 2 && now.OpenStep2 == 1 && now.Version == before.Version && now.Status == RequestStatus.InProgress,
        $"step {now.Step}, version {now.Version}, {now.Status}"));
    interruption.Add(($"{when}: 0 new accounts (register size unchanged, none with a member's NIP)",
        now.Accounts == before.Accounts && now.MemberAccounts == 0, string.Create(inv, $"{now.Accounts - before.Accounts} new, {now.MemberAccounts} with a member's NIP")));
    interruption.Add(($"{when}: 0 history rows, 0 credential deliveries, 0 new outbox mails, 0 new notifications for the request",
        now.History == 0 && now.Deliveries == 0 && now.Outbox == before.Outbox && now.Notifications == before.Notifications,
        string.Create(inv, $"{now.History} history, {now.Deliveries} deliveries, {now.Outbox - before.Outbox} new mails, {now.Notifications - before.Notifications} new notifications")));
    interruption.Add(($"{when}: every member still pending (no outcome, account or delivery time)", now.MembersTouched == 0,
        string.Create(inv, $"{now.MembersTouched} touched")));
}

double ProtectCost(int n)
{
    var protector = protection.CreateProtector("AksesSpse.Credentials.TemporaryPassword.v1");
    protector.Protect("warm-up");
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < n; i++)
    {
        protector.Protect(CredentialService.GeneratePassword());
    }

    return watch.Elapsed.TotalMilliseconds;
}

async Task SeedRegisterAsync(int officeId, string prefix, int count)
{
    const int chunk = 2_000;
    var now = time.GetUtcNow().UtcDateTime.AddMonths(-6);
    for (var start = 1; start <= count; start += chunk)
    {
        await using var db = NewContext();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = start; i < start + chunk && i <= count; i++)
        {
            // 60 % Pokja, 30 % PPK, 10 % Pejabat Pengadaan; one in eight inactive. NIPs born 1950–1959: never a bench member's.
            var role = (i % 10) switch { < 6 => SpseRole.Pokja, < 9 => SpseRole.Ppk, _ => SpseRole.PejabatPengadaan };
            db.SpseAccounts.Add(new SpseAccount
            {
                OfficeId = officeId,
                UserId = string.Create(inv, $"{prefix}.{i:D5}"),
                HolderName = string.Create(inv, $"{Names[i % Names.Length]} {i:D5}"),
                HolderNip = string.Create(inv, $"{1950 + (i % 10)}{1 + (i % 12):D2}{1 + (i % 28):D2}{1978 + (i % 10)}{1 + (i % 12):D2}{1 + (i % 2)}{1 + (i % 999):D3}"),
                HolderEmail = string.Create(inv, $"{prefix}.{i:D5}@badungkab.contoh.go.id"),
                HolderPhone = "081234567890",
                Agency = Agencies[i % Agencies.Length],
                Role = role,
                SkNumber = string.Create(inv, $"027/{i % 400:D3}/SK/{now.Year}"),
                SkDate = DateOnly.FromDateTime(now),
                ValidFrom = DateOnly.FromDateTime(now),
                Status = i % 8 == 0 ? SpseAccountStatus.Inactive : SpseAccountStatus.Active,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        await db.SaveChangesAsync();
    }
}

static double Median(List<double> values)
{
    if (values.Count == 0)
    {
        return double.NaN;
    }

    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static double Max(List<double> values) => values.Count == 0 ? double.NaN : values.Max();

// A one-page PDF 1.4 the upload check accepts (as the tests' TestDocuments.Pdf).
static byte[] MinimalPdf()
{
    const string content = "BT /F1 12 Tf 20 100 Td (Formulir permohonan akun Pokja) Tj ET";
    var objects = new[]
    {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
    };
    var pdf = new StringBuilder("%PDF-1.4\n");
    var offsets = new List<int>();
    for (var i = 0; i < objects.Length; i++)
    {
        offsets.Add(pdf.Length);
        pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
    }

    var xref = pdf.Length;
    pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
    foreach (var offset in offsets)
    {
        pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
    }

    pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
    return Encoding.ASCII.GetBytes(pdf.ToString());
}

internal sealed record State(int? Step, int Version, RequestStatus Status, int OpenStep2, int Accounts, int MemberAccounts, int History, int Deliveries,
    int Outbox, int Notifications, int MembersTouched);

internal partial class Program
{
    private static readonly string[] Names =
        ["I Made Adi Putra", "Ni Kadek Sri Wahyuni", "I Nyoman Gede Arta", "Ni Ketut Ayu Dewi", "I Wayan Budiarta", "Ni Putu Eka Suryani",
            "I Gusti Ngurah Rai Wirawan", "Anak Agung Istri Mas", "Ida Bagus Made Oka", "Desak Putu Sukerti", "Komang Tri Astawa", "Luh Gede Sariani"];

    private static readonly string[] Ranks = ["Penata Muda / III-a", "Penata Muda Tk. I / III-b", "Penata / III-c", "Penata Tk. I / III-d", "Pembina / IV-a"];

    private static readonly string[] Agencies =
        ["Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Kesehatan", "Dinas Pendidikan, Kepemudaan dan Olahraga", "RSUD Mangusada",
            "Badan Perencanaan Pembangunan Daerah", "Dinas Perhubungan", "Sekretariat Daerah", "Dinas Sosial"];
}

internal sealed record Settings(string Connection, string Work, string Report, bool Postgres, int Rounds, int Members, int Register, double Target)
{
    public static Settings? Parse(string[] args)
    {
        string? connection = null, work = null, report = null;
        var provider = "sqlite";
        int rounds = 5, members = 200, register = 5_000;
        var target = 5.0;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--connection": connection = Next(); break;
                case "--work": work = Next(); break;
                case "--report": report = Next(); break;
                case "--provider": provider = Next().ToLowerInvariant(); break;
                case "--rounds": rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--members": members = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--register": register = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--target": target = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                default: return null;
            }
        }

        if (string.IsNullOrWhiteSpace(connection) || string.IsNullOrWhiteSpace(work) || string.IsNullOrWhiteSpace(report) || rounds < 1 ||
            members is < 2 or > PokjaAccountsModule.MaxMembers || register < 0 || provider is not ("sqlite" or "postgresql" or "postgres"))
        {
            return null;
        }

        return new Settings(connection, work, report, provider.StartsWith("postgres", StringComparison.Ordinal), rounds, members, register, target);
    }
}
