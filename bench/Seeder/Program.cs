// bench/Seeder: bulk-inserts requests of every SOP the app runs for the demo office into the database of a running
// AksesSpse, so bench/queue.sh can measure the inbox "Tugas saya" on a province's amount of data.
//
//   dotnet Seeder.dll --connection "Data Source=/tmp/x/bench.db" [--provider sqlite|postgresql]
//                     [--count 10000] [--batch 1000] [--random-seed 2026]
//
// The app must have started once on that database (it migrates and seeds the demo office, its SOPs and users).
// The requests are spread over the SOPs: 45 % SOP 4 (reset password / change of user-ID information, RPW-…),
// 45 % SOP 2 (deactivation / activation of access, HAK-…), 10 % SOP 3 (registration of LPSE staff on the SOP engine,
// RGS-…). Each is written as the app's services write it: the completed steps of the path that led to where it
// stands (performer, elapsed time, lateness), one open step of the SOP version with its deadline from the step's
// standard, and the request's denormalised pointer to it (CurrentActorRole, CurrentStepSince, CurrentStepDueAt —
// NoDeadline for a step without a bound — and CurrentStepNumber); a returned file pauses the clock; a closed request is
// archived (Archived, ClosedAt, no pointer, an ArchiveRecord with its hash). About a fifth are closed; about a quarter
// of the open ones are overdue. Open steps are waiting for Admin Agency, Helpdesk LPSE, Kepala LPSE, Admin PPE or the
// applicant, as the SOP definitions say.
//
// Register data follows the requests: every applicant (Pokja users created here, count/50 but at least 150) holds a
// Pokja account in the register (SOP 4 names it); every SOP 2 request has its own PPK / Pokja / Pejabat Pengadaan
// account of the applicant (the database allows one open SOP 2 request per account), deactivated or activated once the
// request passed its account step, with the history row; SOP 3's persons get their Verifikator / Helpdesk / Admin
// Agency / Auditor accounts from step 3 on. Not written: uploaded files, outbox mails, notices and one-time credential
// links (the inbox reads none of them).
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Archive;
using AksesSpse.Core.Data;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Procedures;
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
db.ChangeTracker.AutoDetectChangesEnabled = false; // only additions: nothing to detect
var office = await db.Offices.AsNoTracking().SingleOrDefaultAsync(o => o.Code == DatabaseInitializer.DemoOfficeCode);
if (office is null)
{
    Console.Error.WriteLine("seeder: no demo office in this database; start the app on it once first (Seed:Demo=true).");
    return 1;
}

var tz = office.TimeZoneId;
var zone = TimeZoneInfo.FindSystemTimeZoneById(tz);
var sops = await db.SopDefinitions.AsNoTracking().Include(s => s.Steps)
    .Where(s => s.OfficeId == office.Id && s.IsCurrent && RunningKinds.Contains(s.Kind)).ToDictionaryAsync(s => s.Kind);
foreach (var kind in RunningKinds.Where(k => !sops.ContainsKey(k)))
{
    Console.Error.WriteLine($"seeder: the demo office has no current SOP {kind}.");
    return 1;
}

async Task<Person> Staff(string email) => await db.Users.AsNoTracking().Where(u => u.OfficeId == office.Id && u.Email == email)
    .Select(u => new Person(u.Id, u.FullName, u.Nip, u.Email!)).SingleAsync();
var staff = new Dictionary<string, Person>
{
    [Roles.AdminAgency] = await Staff("admin.agency@contoh.go.id"),
    [Roles.HelpdeskLpse] = await Staff("helpdesk@contoh.go.id"),
    [Roles.KepalaLpse] = await Staff("kepala.lpse@contoh.go.id"),
    [Roles.AdminPpe] = await Staff("admin.ppe@contoh.go.id"),
};
var pemohonRole = await db.Roles.AsNoTracking().Where(r => r.Name == Roles.Pemohon).Select(r => r.Id).SingleAsync();

var random = new Random(settings.RandomSeed);
var now = DateTime.UtcNow;
var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone));
var applicants = await EnsureApplicantsAsync(db, office.Id, office.Name, pemohonRole, Math.Max(150, settings.Count / 50), random, now);
var firstId = (await db.AccessRequests.MaxAsync(r => (int?)r.Id) ?? 0) + 1;
var stepClock = new WallClockStepClock();

var sopMix = new (SopKind Kind, int Weight)[] { (SopKind.PasswordReset, 45), (SopKind.AccessActivation, 45), (SopKind.StaffRegistration, 10) };
var stateMix = new Dictionary<SopKind, (State State, int Weight)[]>
{
    // SOP 4: 1 submit, 2 completeness, 3 request completion (automatic), 4 applicant completes, 5 validity,
    // 6 account action, 7 rejection notice (automatic), 8 notify, 9 archive.
    [SopKind.PasswordReset] =
    [
        (new State("SOP 4 kelengkapan", RequestStatus.InProgress, [1], 2), 26),
        (new State("SOP 4 dikembalikan", RequestStatus.InProgress, [1, 2, 3], 4, Returned: true), 6),
        (new State("SOP 4 keabsahan", RequestStatus.InProgress, [1, 2], 5), 16),
        (new State("SOP 4 pelaksanaan", RequestStatus.InProgress, [1, 2, 5], 6), 12),
        (new State("SOP 4 pemberitahuan", RequestStatus.InProgress, [1, 2, 5, 6], 8), 10),
        (new State("SOP 4 pengarsipan", RequestStatus.InProgress, [1, 2, 5, 6, 8], 9, RequestOutcome.Completed), 10),
        (new State("SOP 4 arsip", RequestStatus.Archived, [1, 2, 5, 6, 8, 9], null, RequestOutcome.Completed), 20),
    ],
    // SOP 2: 1 submit, 2 receive, 3 completeness, 4 applicant completes, 5 instruction (not run as a step),
    // 6 account action, 7 relay the result, 8 applicant confirms, 9 archive.
    [SopKind.AccessActivation] =
    [
        (new State("SOP 2 penerimaan", RequestStatus.InProgress, [1], 2), 10),
        (new State("SOP 2 kelengkapan", RequestStatus.InProgress, [1, 2], 3), 16),
        (new State("SOP 2 dikembalikan", RequestStatus.InProgress, [1, 2, 3], 4, Returned: true), 6),
        (new State("SOP 2 pelaksanaan", RequestStatus.InProgress, [1, 2, 3], 6), 16),
        (new State("SOP 2 penyampaian", RequestStatus.InProgress, [1, 2, 3, 6], 7), 10),
        (new State("SOP 2 konfirmasi", RequestStatus.InProgress, [1, 2, 3, 6, 7], 8, RequestOutcome.Completed), 12),
        (new State("SOP 2 pengarsipan", RequestStatus.InProgress, [1, 2, 3, 6, 7, 8], 9, RequestOutcome.Completed), 10),
        (new State("SOP 2 arsip", RequestStatus.Archived, [1, 2, 3, 6, 7, 8, 9], null, RequestOutcome.Completed), 20),
    ],
    // SOP 3 (engine): 1 SK by Kepala LPSE (done when started), 2 order to Admin PPE, 3 accounts made, 4 delivered, 5 archive.
    [SopKind.StaffRegistration] =
    [
        (new State("SOP 3 perintah", RequestStatus.InProgress, [1], 2), 15),
        (new State("SOP 3 pembuatan akun", RequestStatus.InProgress, [1, 2], 3), 25),
        (new State("SOP 3 penyampaian akun", RequestStatus.InProgress, [1, 2, 3], 4), 20),
        (new State("SOP 3 pengarsipan", RequestStatus.InProgress, [1, 2, 3, 4], 5), 15),
        (new State("SOP 3 arsip", RequestStatus.Archived, [1, 2, 3, 4, 5], null, RequestOutcome.Completed), 25),
    ],
};
var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
var perRole = new SortedDictionary<string, int>(StringComparer.Ordinal);
var overdue = 0;
var personSerial = 0;

for (var start = 0; start < settings.Count; start += settings.Batch)
{
    var size = Math.Min(settings.Batch, settings.Count - start);
    var batch = new List<Seeded>(size);
    for (var i = 0; i < size; i++)
    {
        var id = firstId + start + i;
        var kind = Pick(random, sopMix);
        var state = Pick(random, stateMix[kind]);
        var applicant = applicants[random.Next(applicants.Count)];
        var seeded = kind switch
        {
            SopKind.PasswordReset => PasswordReset(id, state, applicant),
            SopKind.AccessActivation => AccessActivation(id, state, applicant),
            _ => StaffRegistration(id, state),
        };
        batch.Add(seeded);
        counts[state.Name] = counts.GetValueOrDefault(state.Name) + 1;
        if (seeded.Request.CurrentActorRole is { } role)
        {
            perRole[$"{role}/SOP{(int)kind}"] = perRole.GetValueOrDefault($"{role}/SOP{(int)kind}") + 1;
        }

        if (seeded.Request.CurrentStepDueAt < now)
        {
            overdue++;
        }
    }

    await using (var tx = await db.Database.BeginTransactionAsync())
    {
        // The register entries first: the requests refer to them by id.
        db.SpseAccounts.AddRange(batch.SelectMany(b => b.NewAccounts));
        await db.SaveChangesAsync();
        foreach (var b in batch)
        {
            b.Link();
        }

        db.AccessRequests.AddRange(batch.Select(b => b.Request));
        await db.SaveChangesAsync();
        db.SpseAccountHistory.AddRange(batch.SelectMany(b => b.History()));
        db.ArchiveRecords.AddRange(batch.Where(b => b.Request.ClosedAt is not null).Select(b => ArchiveOf(b.Request)));
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
    await db.Database.ExecuteSqlRawAsync("ANALYZE");
}
else
{
    await db.Database.ExecuteSqlRawAsync("ANALYZE");
}

var total = await db.AccessRequests.CountAsync(r => r.OfficeId == office.Id);
Console.WriteLine("seeder: where they stand: " + string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")));
Console.WriteLine("seeder: open steps per actor: " + string.Join(", ", perRole.Select(c => $"{c.Key} {c.Value}")));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"seeder: done in {clock.Elapsed.TotalSeconds:0.0} s; {settings.Count} added over SOP 4/2/3 ({counts.Where(c => c.Key.StartsWith("SOP 4", StringComparison.Ordinal)).Sum(c => c.Value)}/" +
    $"{counts.Where(c => c.Key.StartsWith("SOP 2", StringComparison.Ordinal)).Sum(c => c.Value)}/{counts.Where(c => c.Key.StartsWith("SOP 3", StringComparison.Ordinal)).Sum(c => c.Value)}; " +
    $"{counts.Where(c => c.Key.EndsWith(" arsip", StringComparison.Ordinal)).Sum(c => c.Value)} archived, {overdue} open ones overdue now); " +
    $"office {office.Code} now has {total} requests"));
return 0;

// ---- SOP 4 ----

Seeded PasswordReset(int id, State state, Applicant applicant)
{
    var sop = sops[SopKind.PasswordReset];
    var change = random.NextDouble() < 0.15;
    var (submittedAt, actionableAt) = Times(sop, state);
    var request = NewRequest(id, sop, state, applicant, submittedAt, SopEngine.FormatNumber("RPW", Local(submittedAt), id));
    request.Type = change ? RequestType.ChangeUserInformation : RequestType.ResetPassword;
    request.SpseUserId = applicant.Account.UserId;
    request.RegisterEmailAtSubmission = applicant.Account.HolderEmail;
    request.Reason = change ? "Perubahan email dan nomor HP pemegang akun karena mutasi jabatan." : Reasons[random.Next(Reasons.Length)];
    request.NewHolderEmail = change ? applicant.Email.Replace("@", ".baru@", StringComparison.Ordinal) : null;
    request.NewHolderPhone = change ? "0812" + random.Next(10000000, 99999999).ToString(CultureInfo.InvariantCulture) : null;
    var seeded = new Seeded(request) { Account = applicant.Account };
    Steps(seeded, sop, state, submittedAt, actionableAt, applicant.Person, n => n switch
    {
        1 => "Berkas permohonan disampaikan",
        2 when state.Returned => "Berkas tidak lengkap; dikembalikan ke pemohon",
        2 => "Berkas lengkap",
        3 => "Pemberitahuan untuk melengkapi berkas dikirim",
        5 => "Berkas benar/valid sesuai register akun SPSE",
        6 => change ? "Informasi user ID diubah" : "Password direset di SPSE; password sementara dibuat",
        8 => "Pemberitahuan password baru dikirim (tautan sekali pakai)",
        _ => "Berkas diarsipkan",
    });
    return seeded;
}

// ---- SOP 2 ----

Seeded AccessActivation(int id, State state, Applicant applicant)
{
    var sop = sops[SopKind.AccessActivation];
    var activate = random.NextDouble() < 0.3;
    var (submittedAt, actionableAt) = Times(sop, state);
    var request = NewRequest(id, sop, state, applicant, submittedAt, SopEngine.FormatNumber(AccessActivationModule.Prefix, Local(submittedAt), id));
    var role = (SpseRole)random.Next(1, 4);
    var executed = state.Done.Contains(6);
    var skUntil = today.AddDays(random.Next(60, 1000));
    var account = new SpseAccount
    {
        OfficeId = office.Id,
        UserId = $"{RolePrefix(role)}.{id:D7}",
        HolderName = applicant.Person.Name,
        HolderNip = applicant.Person.Nip!,
        HolderEmail = applicant.Email,
        HolderPhone = applicant.Phone,
        Agency = applicant.Agency,
        Role = role,
        SkNumber = $"800/{random.Next(10, 999)}/BKD/{today.Year - random.Next(1, 4)}",
        ValidFrom = today.AddYears(-2),
        ValidUntil = activate ? today.AddDays(-random.Next(1, 200)) : today.AddDays(random.Next(30, 700)),
        Status = activate == executed ? SpseAccountStatus.Active : SpseAccountStatus.Inactive,
        CreatedAt = submittedAt.AddYears(-2),
        UpdatedAt = executed ? actionableAt : submittedAt.AddYears(-2),
    };
    request.Type = activate ? RequestType.Activate : RequestType.Deactivate;
    request.Reason = activate ? "Ditunjuk kembali sebagai " + role.Label() + " untuk tahun anggaran berjalan." : "Tidak lagi menjabat; mutasi ke unit kerja lain.";
    request.SkNumber = $"027/{random.Next(100, 999)}/SK/{today.Year}";
    request.SkValidUntil = skUntil;
    request.ApplicantRankGrade = "Penata / III-c";
    request.ApplicantPosition = role.Label();
    request.ApplicantAgency = applicant.Agency;
    request.ApplicantAddress = "Jl. Merdeka No. " + random.Next(1, 200).ToString(CultureInfo.InvariantCulture) + ", Kabupaten Contoh";
    request.ApplicantPhone = applicant.Phone;
    request.SpseUserId = account.UserId;
    if (executed && activate)
    {
        account.SkNumber = request.SkNumber;
        account.ValidUntil = skUntil;
    }

    var seeded = new Seeded(request) { Account = account, OpenAccount = state.Open is not null, NewAccounts = [account] };
    Steps(seeded, sop, state, submittedAt, actionableAt, applicant.Person, n => n switch
    {
        1 => "Berkas permohonan dikirim melalui aplikasi",
        2 => "Permohonan diterima; formulir serah terima berkas dibuat",
        3 when state.Returned => "Berkas tidak lengkap; dikembalikan ke pemohon",
        3 => "Berkas lengkap; diteruskan ke Admin Agency. Daftar periksa: semua butir terpenuhi.",
        6 => $"Akun {account.UserId} {(activate ? "diaktifkan" : "dinonaktifkan")} di SPSE.",
        7 => $"Hasil disampaikan ke {applicant.Email}",
        8 => "Penerimaan hasil dikonfirmasi pemohon melalui tautan",
        _ => "Berkas diarsipkan",
    });
    if (executed)
    {
        var at = request.Steps.Single(s => s.StepNumber == 6).CompletedAt!.Value;
        account.UpdatedAt = at;
        seeded.Change = new SpseAccountHistory
        {
            Change = activate ? SpseAccountChange.Activated : SpseAccountChange.Deactivated,
            Detail = $"{(activate ? "Diaktifkan" : "Dinonaktifkan")} sesuai permohonan {request.Number}",
            ChangedAt = at,
            ChangedByUserId = staff[Roles.AdminAgency].Id,
            ChangedByName = staff[Roles.AdminAgency].Name,
            AccessRequestId = id,
        };
    }

    return seeded;
}

// ---- SOP 3 (engine) ----

Seeded StaffRegistration(int id, State state)
{
    var sop = sops[SopKind.StaffRegistration];
    var head = staff[Roles.KepalaLpse];
    var (submittedAt, actionableAt) = Times(sop, state);
    var request = NewRequest(id, sop, state, new Applicant(head, head.Email, null, office.Name, null!), submittedAt,
        SopEngine.FormatNumber("RGS", submittedAt, id));
    request.Type = RequestType.StaffRegistration;
    request.SkNumber = $"000.8/{random.Next(100, 999)}/BPLPSE/{today.Year}";
    request.SkDate = DateOnly.FromDateTime(Local(submittedAt)).AddDays(-random.Next(0, 5));
    request.Reason = "";
    var made = state.Done.Contains(3);
    var newAccounts = new List<SpseAccount>();
    var persons = random.Next(1, 4);
    for (var p = 1; p <= persons; p++)
    {
        var serial = ++personSerial;
        var role = StaffRoles[random.Next(StaffRoles.Length)];
        var name = $"{FirstNames[random.Next(FirstNames.Length)]} {LastNames[random.Next(LastNames.Length)]}";
        var person = new RequestPerson
        {
            Order = p,
            FullName = name,
            Nip = Nip(1_000_000 + serial),
            Email = $"petugas{serial:D6}@lpse.contoh.go.id",
            Phone = "0813" + random.Next(10000000, 99999999).ToString(CultureInfo.InvariantCulture),
            Position = role.Label() + " LPSE",
            Role = role,
            UserId = $"{RolePrefix(role)}.petugas{serial:D6}",
        };
        request.Persons.Add(person);
        if (made)
        {
            var account = new SpseAccount
            {
                OfficeId = office.Id,
                UserId = person.UserId,
                HolderName = person.FullName,
                HolderNip = person.Nip,
                HolderEmail = person.Email,
                HolderPhone = person.Phone,
                Agency = office.Name,
                Role = role,
                SkNumber = request.SkNumber,
                SkDate = request.SkDate,
                ValidFrom = request.SkDate,
                Status = SpseAccountStatus.Active,
            };
            newAccounts.Add(account);
        }
    }

    request.SpseUserId = request.Persons[0].UserId;
    var seeded = new Seeded(request) { NewAccounts = newAccounts };
    Steps(seeded, sop, state, submittedAt, actionableAt, head, n => n switch
    {
        1 => "SK Pembuatan Akun ditetapkan",
        2 => "Admin PPE diperintahkan membuat akun",
        3 => $"{persons} akun dibuat di SPSE dan dicatat di register",
        4 => "Tautan akun sekali pakai dikirim ke setiap personil",
        _ => "Berkas diarsipkan",
    });
    if (made)
    {
        var at = request.Steps.Single(s => s.StepNumber == 3).CompletedAt!.Value;
        var delivered = request.Steps.SingleOrDefault(s => s.StepNumber == 4)?.CompletedAt;
        foreach (var (person, account) in request.Persons.Zip(newAccounts))
        {
            account.CreatedAt = account.UpdatedAt = at;
            person.Outcome = PersonOutcome.Done;
            person.OutcomeAt = at;
            person.DeliveredAt = delivered;
        }
    }

    return seeded;
}

// ---- shared ----

AccessRequest NewRequest(int id, SopDefinition sop, State state, Applicant applicant, DateTime submittedAt, string number) => new()
{
    Id = id,
    Number = number,
    OfficeId = office.Id,
    SopDefinitionId = sop.Id,
    Kind = sop.Kind,
    ApplicantUserId = applicant.Person.Id,
    ApplicantName = applicant.Person.Name,
    ApplicantNip = applicant.Person.Nip,
    ApplicantEmail = applicant.Email,
    Channel = IntakeChannel.Online,
    Status = state.Status,
    Outcome = state.Outcome,
    SubmissionKey = Guid.NewGuid(),
    SubmittedAt = submittedAt,
};

// When the request was submitted and when its open step (or, for a closed one, its archive step) became actionable.
(DateTime Submitted, DateTime Actionable) Times(SopDefinition sop, State state)
{
    var openStandard = sop.Steps.Single(s => s.Number == (state.Open ?? state.Done[^1])).Standard;
    var bound = stepClock.DueAt(now, openStandard, tz) is { } due ? due - now : (TimeSpan?)null;
    if (state.Open is null)
    {
        // Closed: archived some time in the last months, after a run of a few hours.
        var archived = now - TimeSpan.FromMinutes(30 + random.NextDouble() * 60 * 24 * 120);
        return (archived - TimeSpan.FromMinutes(30 + random.NextDouble() * 60 * 8), archived - TimeSpan.FromMinutes(random.NextDouble() * 5));
    }

    if (bound is { } standard && random.NextDouble() < 0.3)
    {
        // Overdue: waiting since hours or weeks, past the open step's standard.
        var submitted = now - standard - TimeSpan.FromMinutes(90 + random.NextDouble() * 60 * 24 * 60);
        var room = (now - standard - TimeSpan.FromMinutes(1) - submitted).TotalMinutes;
        return (submitted, submitted + TimeSpan.FromMinutes(random.NextDouble() * room));
    }

    // In time: became actionable recently (within a third of the standard, or of a day for a step without one).
    var actionable = now - TimeSpan.FromSeconds(random.NextDouble() * (bound ?? TimeSpan.FromHours(24)).TotalSeconds * 0.3);
    return (actionable - TimeSpan.FromMinutes(state.Done.Length == 1 ? 0 : 5 + random.NextDouble() * 180), actionable);
}

// The completed steps spread evenly between submission and the open step, then the open step and the request's pointer.
void Steps(Seeded seeded, SopDefinition sop, State state, DateTime submittedAt, DateTime actionableAt, Person applicant, Func<int, string> outcome)
{
    var request = seeded.Request;
    var done = state.Done;
    var gap = done.Length == 1 ? TimeSpan.Zero : (actionableAt - submittedAt) / (done.Length - 1);
    for (var k = 0; k < done.Length; k++)
    {
        var definition = sop.Steps.Single(s => s.Number == done[k]);
        var stepStart = k == 0 ? submittedAt : submittedAt + gap * (k - 1);
        var stepEnd = k == 0 ? submittedAt : submittedAt + gap * k;
        if (state.Open is null && k == done.Length - 1)
        {
            stepStart = submittedAt + gap * (k - 1);
            stepEnd = actionableAt;
        }

        var due = stepClock.DueAt(stepStart, definition.Standard, tz);
        var performer = definition.ActorRole == Roles.Pemohon ? applicant : staff[definition.ActorRole];
        var late = due is { } d && stepEnd > d;
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
            PerformerUserId = performer.Id,
            PerformerName = performer.Name,
            ElapsedSeconds = (long)(stepEnd - stepStart).TotalSeconds,
            IsLate = late,
            LateExplanation = late ? "Antrean permohonan sedang banyak (data benchmark)." : null,
            Outcome = outcome(definition.Number),
        });
    }

    request.Version = done.Length; // one version per move since the request was created
    if (state.Open is not { } open)
    {
        request.ClosedAt = actionableAt;
        return; // archived: no open step, no pointer
    }

    var openDefinition = sop.Steps.Single(s => s.Number == open);
    var step = new RequestStep
    {
        SopStepId = openDefinition.Id,
        StepNumber = openDefinition.Number,
        Kind = openDefinition.Kind,
        ActorRole = openDefinition.ActorRole,
        Activity = openDefinition.Activity,
        StandardKind = openDefinition.StandardKind,
        StandardValue = openDefinition.StandardValue,
        ActionableAt = actionableAt,
        DueAt = stepClock.DueAt(actionableAt, openDefinition.Standard, tz),
    };
    request.Steps.Add(step);
    request.CurrentStepSince = step.ActionableAt;
    request.CurrentStepDueAt = step.DueAt ?? AccessRequest.NoDeadline;
    request.CurrentActorRole = openDefinition.ActorRole;
    request.CurrentStepKind = openDefinition.Kind;
    request.CurrentStepNumber = openDefinition.Number;
    if (state.Returned)
    {
        request.PausedSince = actionableAt; // the clock stops while the file is with the applicant
        request.MissingItems = "- Surat permohonan belum ditandatangani\n- Dokumen: SK penunjukan yang berlaku";
    }
}

ArchiveRecord ArchiveOf(AccessRequest r)
{
    var summary = string.Join("\n",
        $"Nomor: {r.Number}", $"Jenis: {r.Type}", $"Pemohon: {r.ApplicantName} (NIP {r.ApplicantNip})", $"User ID SPSE: {r.SpseUserId}",
        $"Hasil: {r.Outcome}", string.Create(CultureInfo.InvariantCulture, $"Diajukan: {r.SubmittedAt:o}"));
    var archive = r.Steps.Single(s => s.Kind == StepKind.Archive);
    return new ArchiveRecord
    {
        AccessRequestId = r.Id,
        OfficeId = r.OfficeId,
        RequestNumber = r.Number,
        ArchivedAt = r.ClosedAt!.Value,
        ArchivedByUserId = archive.PerformerUserId!,
        ArchivedByName = archive.PerformerName!,
        Summary = summary,
        ContentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(summary))),
        RetainUntil = DateOnly.FromDateTime(Local(r.ClosedAt!.Value)).AddYears(5),
    };
}

DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, zone);

static T Pick<T>(Random rnd, (T Item, int Weight)[] mix)
{
    var roll = rnd.Next(mix.Sum(m => m.Weight));
    foreach (var (item, weight) in mix)
    {
        if (roll < weight)
        {
            return item;
        }

        roll -= weight;
    }

    return mix[^1].Item;
}

static string RolePrefix(SpseRole role) => role switch
{
    SpseRole.Ppk => "ppk",
    SpseRole.Pokja => "pokja",
    SpseRole.PejabatPengadaan => "pp",
    SpseRole.Verifikator => "verif",
    SpseRole.Helpdesk => "helpdesk",
    SpseRole.AdminAgency => "agency",
    _ => "auditor",
};

// An 18-digit NIP (birth date, appointment year and month, sex, serial), its date parts a mixed-radix spelling of the
// serial, so every serial below 1.6 million has its own NIP.
static string Nip(int serial) => string.Create(CultureInfo.InvariantCulture,
    $"19{70 + serial % 29:D2}{1 + serial / 29 % 12:D2}{1 + serial / 348 % 28:D2}20{10 + serial / 9744 % 14:D2}{1 + serial / 136416 % 12:D2}{1 + serial % 2}{serial % 1000:D3}");

static async Task<List<Applicant>> EnsureApplicantsAsync(AppDbContext db, int officeId, string officeName, string roleId, int count, Random rnd, DateTime now)
{
    const string domain = "bench.contoh.go.id";
    var existing = await db.Users.AsNoTracking().Where(u => u.Email!.EndsWith("@" + domain))
        .Select(u => new { u.Id, u.FullName, u.Nip, u.Email, u.PhoneNumber, u.Agency }).ToListAsync();
    if (existing.Count > 0)
    {
        var accounts = await db.SpseAccounts.AsNoTracking().Where(a => a.OfficeId == officeId && a.HolderEmail.EndsWith("@" + domain) && a.Role == SpseRole.Pokja && a.UserId.EndsWith(".pokja"))
            .ToDictionaryAsync(a => a.HolderEmail);
        return [.. existing.Select(u => new Applicant(new Person(u.Id, u.FullName, u.Nip, u.Email!), u.Email!, u.PhoneNumber, u.Agency ?? officeName, accounts[u.Email!]))];
    }

    var people = new List<Applicant>();
    for (var i = 1; i <= count; i++)
    {
        var name = $"{FirstNames[rnd.Next(FirstNames.Length)]} {LastNames[rnd.Next(LastNames.Length)]}";
        var email = $"pemohon{i:D5}@{domain}";
        var nip = Nip(i);
        var agency = Agencies[rnd.Next(Agencies.Length)];
        var phone = "0812" + rnd.Next(10000000, 99999999).ToString(CultureInfo.InvariantCulture);
        var user = new ApplicationUser
        {
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            PhoneNumber = phone,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            FullName = name,
            Nip = nip,
            ApplicantNipKey = nip,
            Position = "Anggota Pokja Pemilihan",
            Agency = agency,
            ApplicantKind = ApplicantKind.Pokja,
            OfficeId = officeId,
            CreatedAt = now,
        };
        var account = new SpseAccount
        {
            OfficeId = officeId,
            UserId = $"pemohon{i:D5}.pokja",
            HolderName = name,
            HolderNip = nip,
            HolderEmail = email,
            HolderPhone = phone,
            Agency = agency,
            Role = SpseRole.Pokja,
            SkNumber = $"027/{rnd.Next(100, 999)}/SK-POKJA/{now.Year}",
            ValidFrom = DateOnly.FromDateTime(now).AddYears(-1),
            ValidUntil = DateOnly.FromDateTime(now).AddYears(1),
            Status = SpseAccountStatus.Active,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleId });
        db.SpseAccounts.Add(account);
        people.Add(new Applicant(new Person(user.Id, name, nip, email), email, phone, agency, account));
    }

    await db.SaveChangesAsync();
    db.ChangeTracker.Clear();
    return people;
}

internal sealed record Person(string Id, string Name, string? Nip, string Email);

internal sealed record Applicant(Person Person, string Email, string? Phone, string Agency, SpseAccount Account);

/// <summary>Where a request stands: its status, the step numbers done (in order), the open step (null: archived).</summary>
internal sealed record State(string Name, RequestStatus Status, int[] Done, int? Open, RequestOutcome Outcome = RequestOutcome.Pending, bool Returned = false);

/// <summary>A request with the register entries it makes or names and the history row of its account step.</summary>
internal sealed class Seeded(AccessRequest request)
{
    public AccessRequest Request { get; } = request;
    public SpseAccount? Account { get; init; }
    public bool OpenAccount { get; init; }
    public List<SpseAccount> NewAccounts { get; init; } = [];
    public SpseAccountHistory? Change { get; set; }

    /// <summary>After the accounts were saved: the request and its persons refer to them by id.</summary>
    public void Link()
    {
        if (Account is not null)
        {
            Request.SpseAccountId = Account.Id;
            Request.OpenSpseAccountId = OpenAccount ? Account.Id : null;
        }

        foreach (var (person, account) in Request.Persons.Zip(NewAccounts))
        {
            person.SpseAccountId = account.Id;
        }
    }

    public IEnumerable<SpseAccountHistory> History()
    {
        if (Change is not null && Account is not null)
        {
            Change.SpseAccountId = Account.Id;
            yield return Change;
        }
    }
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
    private static readonly SopKind[] RunningKinds = [SopKind.PasswordReset, SopKind.AccessActivation, SopKind.StaffRegistration];

    private static readonly SpseRole[] StaffRoles = [SpseRole.Verifikator, SpseRole.Helpdesk, SpseRole.AdminAgency, SpseRole.Auditor];

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
}
