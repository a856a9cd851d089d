// bench/Seeder: bulk-inserts SOP 4 requests (reset password / change of user-ID information) for the demo
// office into the database of a running AksesSpse, so bench/queue.sh can measure the Admin Agency queue
// on a realistic amount of data.
//
//   dotnet Seeder.dll --connection "Data Source=/tmp/x/bench.db" [--provider sqlite|postgresql]
//                     [--count 10000] [--batch 1000] [--random-seed 2026]
//
// The app must have started once on that database (it migrates and seeds the demo office, its SOPs and
// users). Every request is in one of the statuses where the next move is Admin Agency's, has its Submit
// step completed, the completed steps of the path that led to its status, and one open step with its
// due time from the SOP's time standard; about a quarter are overdue. Applicants are 150 extra Pokja users
// (no password: they cannot sign in). Requests are numbered as the app numbers them (RPW-yyyy-000123).
using System.Diagnostics;
using System.Globalization;
using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

var settings = Settings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine("usage: Seeder --connection CS [--provider sqlite|postgresql] [--count 10000] [--batch 1000] [--random-seed 2026]");
    return 2;
}

var clock = Stopwatch.StartNew();
var options = new DbContextOptionsBuilder<AppDbContext>();
if (settings.Postgres)
{
    options.UseNpgsql(settings.Connection);
}
else
{
    options.UseSqlite(settings.Connection);
}

await using var db = new AppDbContext(options.Options);
var office = await db.Offices.AsNoTracking().SingleOrDefaultAsync(o => o.Code == DatabaseInitializer.DemoOfficeCode);
if (office is null)
{
    Console.Error.WriteLine("seeder: no demo office in this database; start the app on it once first (Seed:Demo=true).");
    return 1;
}

var sop = await db.SopDefinitions.AsNoTracking().Include(s => s.Steps)
    .SingleAsync(s => s.OfficeId == office.Id && s.Kind == SopKind.PasswordReset && s.IsCurrent);
var admin = await db.Users.AsNoTracking().Where(u => u.OfficeId == office.Id && u.Email == "admin.agency@contoh.go.id")
    .Select(u => new Person(u.Id, u.FullName, u.Nip, u.Email!)).SingleAsync();
var pemohonRole = await db.Roles.AsNoTracking().Where(r => r.Name == Roles.Pemohon).Select(r => r.Id).SingleAsync();

var random = new Random(settings.RandomSeed);
var applicants = await EnsureApplicantsAsync(db, office.Id, pemohonRole, random);
var accounts = await db.SpseAccounts.AsNoTracking().Where(a => a.OfficeId == office.Id).Select(a => new { a.Id, a.UserId }).ToListAsync();
var firstId = (await db.AccessRequests.MaxAsync(r => (int?)r.Id) ?? 0) + 1;
var stepClock = new WallClockStepClock();
var now = DateTime.UtcNow;
var statusMix = new (RequestStatus Status, int Weight)[]
{
    (RequestStatus.Submitted, 35),
    (RequestStatus.AwaitingValidation, 20),
    (RequestStatus.AwaitingExecution, 15),
    (RequestStatus.AwaitingNotification, 15),
    (RequestStatus.AwaitingArchive, 15),
};
var counts = statusMix.ToDictionary(m => m.Status, _ => 0);
var overdue = 0;

for (var start = 0; start < settings.Count; start += settings.Batch)
{
    var size = Math.Min(settings.Batch, settings.Count - start);
    var batch = new List<AccessRequest>(size);
    for (var i = 0; i < size; i++)
    {
        var id = firstId + start + i;
        var status = Pick(random, statusMix);
        var applicant = applicants[random.Next(applicants.Count)];
        var request = NewRequest(id, status, applicant, random);
        batch.Add(request);
        counts[status]++;
        if (request.CurrentStepDueAt < now)
        {
            overdue++;
        }
    }

    await using (var tx = await db.Database.BeginTransactionAsync())
    {
        db.AccessRequests.AddRange(batch);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
    }

    db.ChangeTracker.Clear();
    Console.WriteLine($"seeder: {start + size} / {settings.Count} requests ({clock.Elapsed.TotalSeconds:0.0} s)");
}

if (settings.Postgres)
{
    // Ids were given explicitly: move the identity sequence past them.
    await db.Database.ExecuteSqlRawAsync(
        "SELECT setval(pg_get_serial_sequence('\"AccessRequests\"', 'Id'), (SELECT MAX(\"Id\") FROM \"AccessRequests\"))");
}

var total = await db.AccessRequests.CountAsync(r => r.OfficeId == office.Id);
var mix = string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"seeder: done in {clock.Elapsed.TotalSeconds:0.0} s; {settings.Count} added ({overdue} overdue now; {mix}); office {office.Code} now has {total} requests"));
return 0;

AccessRequest NewRequest(int id, RequestStatus status, Person applicant, Random rnd)
{
    // The path of completed steps that leads to the status, then the open step.
    StepKind[] done = status switch
    {
        RequestStatus.Submitted => [StepKind.Submit],
        RequestStatus.AwaitingValidation => [StepKind.Submit, StepKind.CompletenessCheck],
        RequestStatus.AwaitingExecution => [StepKind.Submit, StepKind.CompletenessCheck, StepKind.ValidityCheck],
        RequestStatus.AwaitingNotification => [StepKind.Submit, StepKind.CompletenessCheck, StepKind.ValidityCheck, StepKind.AccountAction],
        _ => [StepKind.Submit, StepKind.CompletenessCheck, StepKind.ValidityCheck, StepKind.AccountAction, StepKind.Notify],
    };
    var openKind = status switch
    {
        RequestStatus.Submitted => StepKind.CompletenessCheck,
        RequestStatus.AwaitingValidation => StepKind.ValidityCheck,
        RequestStatus.AwaitingExecution => StepKind.AccountAction,
        RequestStatus.AwaitingNotification => StepKind.Notify,
        _ => StepKind.Archive,
    };
    var openDefinition = sop.Steps.Single(s => s.Kind == openKind);
    var standard = TimeSpan.FromMinutes(openDefinition.StandardValue ?? 5);

    // About a quarter overdue (waiting since hours or weeks); the rest became actionable in the last few
    // minutes, well inside the standard, and were submitted earlier the same day.
    DateTime submittedAt, actionableAt;
    if (rnd.NextDouble() < 0.25)
    {
        submittedAt = now - TimeSpan.FromMinutes(90 + rnd.NextDouble() * 60 * 24 * 60);
        var room = (now - standard - TimeSpan.FromMinutes(1) - submittedAt).TotalMinutes;
        actionableAt = submittedAt + TimeSpan.FromMinutes(rnd.NextDouble() * room);
    }
    else
    {
        actionableAt = now - TimeSpan.FromSeconds(rnd.NextDouble() * standard.TotalSeconds * 0.3);
        submittedAt = actionableAt - TimeSpan.FromMinutes(done.Length == 1 ? 0 : 5 + rnd.NextDouble() * 180);
    }

    var type = rnd.NextDouble() < 0.85 ? RequestType.ResetPassword : RequestType.ChangeUserInformation;
    var account = accounts[rnd.Next(accounts.Count)];
    var request = new AccessRequest
    {
        Id = id,
        Number = PasswordResetService.FormatNumber(submittedAt, id),
        OfficeId = office.Id,
        SopDefinitionId = sop.Id,
        Kind = SopKind.PasswordReset,
        Type = type,
        ApplicantUserId = applicant.Id,
        ApplicantName = applicant.Name,
        ApplicantNip = applicant.Nip,
        ApplicantEmail = applicant.Email,
        SpseUserId = rnd.NextDouble() < 0.5 ? account.UserId : applicant.SpseUserId,
        SpseAccountId = null,
        Reason = type == RequestType.ResetPassword
            ? Reasons[rnd.Next(Reasons.Length)]
            : "Perubahan email dan nomor HP pemegang akun karena mutasi jabatan.",
        NewHolderEmail = type == RequestType.ChangeUserInformation ? applicant.Email.Replace("@", ".baru@", StringComparison.Ordinal) : null,
        NewHolderPhone = type == RequestType.ChangeUserInformation ? "0812" + rnd.Next(10000000, 99999999).ToString(CultureInfo.InvariantCulture) : null,
        Status = status,
        Outcome = status == RequestStatus.AwaitingArchive ? RequestOutcome.Completed : RequestOutcome.Pending,
        SubmissionKey = Guid.NewGuid(),
        SubmittedAt = submittedAt,
        Version = done.Length,
    };
    request.SpseAccountId = accounts.FirstOrDefault(a => a.UserId == request.SpseUserId)?.Id;

    // Completed steps spread evenly between submission and the open step.
    var gap = done.Length == 1 ? TimeSpan.Zero : (actionableAt - submittedAt) / (done.Length - 1);
    for (var k = 0; k < done.Length; k++)
    {
        var definition = sop.Steps.Single(s => s.Kind == done[k]);
        var stepStart = k == 0 ? submittedAt : submittedAt + gap * (k - 1);
        var stepEnd = k == 0 ? submittedAt : submittedAt + gap * k;
        var due = stepClock.DueAt(stepStart, definition.Standard, "Asia/Jakarta");
        var byApplicant = done[k] == StepKind.Submit;
        request.Steps.Add(new RequestStep
        {
            SopStepId = definition.Id,
            StepNumber = definition.Number,
            Kind = definition.Kind,
            ActorRole = definition.ActorRole,
            Activity = definition.Activity,
            StandardKind = definition.StandardKind,
            StandardValue = definition.StandardValue,
            ActionableAt = stepStart,
            DueAt = due,
            CompletedAt = stepEnd,
            PerformerUserId = byApplicant ? applicant.Id : admin.Id,
            PerformerName = byApplicant ? applicant.Name : admin.Name,
            ElapsedSeconds = (long)(stepEnd - stepStart).TotalSeconds,
            IsLate = due is { } d && stepEnd > d,
            LateExplanation = due is { } d2 && stepEnd > d2 ? "Antrean permohonan sedang banyak (data benchmark)." : null,
            Outcome = Outcomes[done[k]],
        });
    }

    var open = new RequestStep
    {
        SopStepId = openDefinition.Id,
        StepNumber = openDefinition.Number,
        Kind = openDefinition.Kind,
        ActorRole = openDefinition.ActorRole,
        Activity = openDefinition.Activity,
        StandardKind = openDefinition.StandardKind,
        StandardValue = openDefinition.StandardValue,
        ActionableAt = actionableAt,
        DueAt = stepClock.DueAt(actionableAt, openDefinition.Standard, "Asia/Jakarta"),
    };
    request.Steps.Add(open);
    request.CurrentStepSince = open.ActionableAt;
    request.CurrentStepDueAt = open.DueAt;
    request.CurrentActorRole = open.ActorRole;
    return request;
}

static RequestStatus Pick(Random rnd, (RequestStatus Status, int Weight)[] mix)
{
    var roll = rnd.Next(mix.Sum(m => m.Weight));
    foreach (var (status, weight) in mix)
    {
        if (roll < weight)
        {
            return status;
        }

        roll -= weight;
    }

    return mix[^1].Status;
}

static async Task<List<Person>> EnsureApplicantsAsync(AppDbContext db, int officeId, string roleId, Random rnd)
{
    const int count = 150;
    const string domain = "bench.contoh.go.id";
    var existing = await db.Users.AsNoTracking().Where(u => u.Email!.EndsWith("@" + domain))
        .Select(u => new Person(u.Id, u.FullName, u.Nip, u.Email!)).ToListAsync();
    if (existing.Count >= count)
    {
        return existing;
    }

    var now = DateTime.UtcNow;
    var people = new List<Person>();
    for (var i = 1; i <= count; i++)
    {
        var name = $"{FirstNames[rnd.Next(FirstNames.Length)]} {LastNames[rnd.Next(LastNames.Length)]}";
        var email = $"pemohon{i:D3}@{domain}";
        var nip = string.Create(CultureInfo.InvariantCulture,
            $"19{rnd.Next(70, 99)}{rnd.Next(1, 13):D2}{rnd.Next(1, 29):D2}20{rnd.Next(10, 24)}{rnd.Next(1, 13):D2}{rnd.Next(1, 3)}{rnd.Next(1, 999):D3}");
        var user = new ApplicationUser
        {
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            FullName = name,
            Nip = nip,
            Position = "Anggota Pokja Pemilihan",
            Agency = Agencies[rnd.Next(Agencies.Length)],
            ApplicantKind = ApplicantKind.Pokja,
            OfficeId = officeId,
            CreatedAt = now,
        };
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleId });
        people.Add(new Person(user.Id, name, nip, email));
    }

    await db.SaveChangesAsync();
    db.ChangeTracker.Clear();
    return people;
}

internal sealed record Person(string Id, string Name, string? Nip, string Email)
{
    public string SpseUserId => Email[..Email.IndexOf('@', StringComparison.Ordinal)] + ".pokja";
}

internal sealed record Settings(string Connection, bool Postgres, int Count, int Batch, int RandomSeed)
{
    public static Settings? Parse(string[] args)
    {
        string? connection = null;
        var provider = "sqlite";
        int count = 10_000, batch = 1_000, seed = 2026;
        if (args.Length % 2 != 0)
        {
            return null;
        }

        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--connection": connection = args[i + 1]; break;
                case "--provider": provider = args[i + 1].ToLowerInvariant(); break;
                case "--count": count = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--batch": batch = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--random-seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: return null;
            }
        }

        if (string.IsNullOrWhiteSpace(connection) || count < 1 || batch < 1 || provider is not ("sqlite" or "postgresql" or "postgres"))
        {
            return null;
        }

        return new Settings(connection, provider.StartsWith("postgres", StringComparison.Ordinal), count, batch, seed);
    }
}

internal partial class Program
{
    private static readonly string[] Reasons =
    [
        "Lupa password SPSE setelah cuti; mohon reset untuk melanjutkan evaluasi paket tender.",
        "Akun terkunci setelah beberapa kali salah memasukkan password.",
        "Password lama diketahui pihak lain; mohon reset demi keamanan akun.",
        "Ganti perangkat dan password tersimpan hilang; mohon reset password SPSE.",
        "Tidak dapat masuk SPSE sejak pembaruan aplikasi; mohon reset password.",
    ];

    private static readonly string[] FirstNames =
        ["Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gilang", "Hendra", "Indah", "Joko", "Kartika", "Lestari", "Made", "Nur", "Putu", "Rina", "Sari", "Teguh", "Wahyu", "Yusuf"];

    private static readonly string[] LastNames =
        ["Setiawan", "Santoso", "Wijaya", "Lestari", "Handayani", "Pratama", "Saputra", "Hidayat", "Kurniawan", "Permata", "Susanto", "Rahmawati", "Nugroho", "Siregar", "Wibowo"];

    private static readonly string[] Agencies =
    [
        "Dinas Pekerjaan Umum Kabupaten Contoh", "Dinas Kesehatan Kabupaten Contoh", "Dinas Pendidikan Kabupaten Contoh",
        "Bagian Pengadaan Barang/Jasa Setda", "Dinas Perhubungan Kabupaten Contoh", "RSUD Kabupaten Contoh",
    ];

    private static readonly Dictionary<StepKind, string> Outcomes = new()
    {
        [StepKind.Submit] = "Berkas permohonan disampaikan",
        [StepKind.CompletenessCheck] = "Berkas lengkap",
        [StepKind.ValidityCheck] = "Berkas benar/valid sesuai register akun SPSE",
        [StepKind.AccountAction] = "Password direset di SPSE; password sementara dibuat",
        [StepKind.Notify] = "Pemberitahuan password baru dikirim (tautan sekali pakai)",
    };
}
