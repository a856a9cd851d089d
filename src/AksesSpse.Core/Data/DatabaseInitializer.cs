using AksesSpse.Core.Accounts;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Sop;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AksesSpse.Core.Data;

/// <summary>One demo sign-in, printed at start-up so a newcomer can try every role.</summary>
public sealed record DemoLogin(string Role, string Email, string Password, string Name, string Office = "");

/// <summary>Applies migrations, makes sure the roles exist, and seeds the demo office on request.</summary>
public sealed class DatabaseInitializer(
    AppDbContext db,
    RoleManager<IdentityRole> roles,
    UserManager<ApplicationUser> users,
    TimeProvider time,
    ILogger<DatabaseInitializer> logger)
{
    public const string DemoOfficeCode = "DEMO";

    /// <summary>The second demo office: a procurement unit whose SOP 1 is Kabupaten Batang's (seed 000).</summary>
    public const string BatangOfficeCode = "DEMO-BTG";
    public const string DemoPassword = "Demo#Spse2026";

    public async Task MigrateAsync(CancellationToken ct)
    {
        await LegacyMigrations.BridgeAsync(db, logger, ct);
        await db.Database.MigrateAsync(ct);
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        logger.LogInformation("Database schema at {Migration} ({Count} migration(s) applied)", applied.LastOrDefault(), applied.Count);
        await BackfillSeededStepsAsync(ct);
        await BackfillSeededCopiesAsync(ct);
        await BackfillSeededTextsAsync(ct);
        await Offices.OfficeCalendarSettings.SeedShippedAsync(db, time, ct);
        if (await Engine.LegacyRequests.AdoptAsync(db, Engine.SopEngine.EngineKinds, ct) is > 0 and var adopted)
        {
            logger.LogInformation("Requests opened before their SOP moved onto the engine placed on their open step: {Count}", adopted);
        }

        if (await Engine.LegacyRequests.FillCurrentStepKindAsync(db, ct) is > 0 and var filled)
        {
            logger.LogInformation("Open requests given the kind of their open step: {Count}", filled);
        }

        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    /// <summary>
    /// SOP versions seeded before the engine (issue #8) have no per-step kelengkapan rows and no routing: each seeded
    /// version 1 gets what the seed now says for its steps, once. An office's own later versions are left as they are.
    /// </summary>
    private async Task BackfillSeededStepsAsync(CancellationToken ct)
    {
        // Only the kinds whose seed has something to add, and only versions with none of it yet (one cheap query when done).
        var kinds = SopSeed.ForOffice(0).Where(s => s.Steps.Any(x => x.Requirements.Count > 0 || x.NextStepNumber != null || x.AlternateStepNumber != null))
            .Select(s => s.Kind).ToList();
        var seeded = await db.SopDefinitions.Include(s => s.Steps).ThenInclude(s => s.Requirements)
            .Where(s => s.Version == 1 && kinds.Contains(s.Kind) &&
                        s.Steps.All(x => !x.Requirements.Any() && x.NextStepNumber == null && x.AlternateStepNumber == null))
            .AsSplitQuery().ToListAsync(ct);
        var changed = false;
        foreach (var sop in seeded)
        {
            if (SopSeed.ForOffice(sop.OfficeId).SingleOrDefault(s => s.Kind == sop.Kind) is not { } seed)
            {
                continue;
            }

            foreach (var step in sop.Steps)
            {
                if (seed.Steps.SingleOrDefault(x => x.Number == step.Number && x.Kind == step.Kind) is not { } model)
                {
                    continue;
                }

                step.NextStepNumber = model.NextStepNumber;
                step.AlternateStepNumber = model.AlternateStepNumber;
                step.Requirements.AddRange(model.Requirements.Select(r => new SopStepRequirement { Order = r.Order, Kind = r.Kind, Code = r.Code, Label = r.Label }));
                changed |= model.Requirements.Count > 0 || model.NextStepNumber is not null || model.AlternateStepNumber is not null;
            }
        }

        if (!changed)
        {
            return;
        }

        try
        {
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Seeded SOP versions given their per-step kelengkapan and routing: {Count}", seeded.Count);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // another node starting at the same moment did it first
        }
    }

    /// <summary>
    /// The seeded versions 1 read as the seed documents print them (issue #11 §1: the fidelity of the generated document): the
    /// documentation sections, Penjelasan Singkat, Tujuan and Definisi, and each step's wording, from the regional variant whose
    /// title the version carries. A version 1 is the seed itself (an office changes its SOP by publishing a new version), so
    /// only its text is brought in line; routing, standards and kelengkapan rows are left as they are.
    /// </summary>
    private async Task BackfillSeededTextsAsync(CancellationToken ct)
    {
        var seeded = await db.SopDefinitions.Include(s => s.Steps)
            .Where(s => s.Version == 1 && s.PublishedByUserId == null && s.Status == SopStatus.Published)
            .AsSplitQuery().ToListAsync(ct);
        var changed = 0;
        foreach (var sop in seeded)
        {
            var seed = Enum.GetValues<SopVariant>().Select(v => SopSeed.ForOffice(sop.OfficeId, v).Single(x => x.Kind == sop.Kind))
                .FirstOrDefault(x => x.Title == sop.Title);
            if (seed is null)
            {
                continue;
            }

            var before = Text(sop);
            sop.LegalBasis = seed.LegalBasis;
            sop.Qualifications = seed.Qualifications;
            sop.RelatedSops = seed.RelatedSops;
            sop.Equipment = seed.Equipment;
            sop.Warnings = seed.Warnings;
            sop.Records = seed.Records;
            sop.Summary = seed.Summary;
            sop.Purpose = seed.Purpose;
            sop.Definitions = seed.Definitions;
            foreach (var step in sop.Steps)
            {
                if (seed.Steps.SingleOrDefault(x => x.Number == step.Number && x.Kind == step.Kind) is { } model)
                {
                    step.ActorLabel = model.ActorLabel;
                    step.Activity = model.Activity;
                    step.RequiredInputs = model.RequiredInputs;
                    step.Output = model.Output;
                    step.Note = model.Note;
                }
            }

            changed += before == Text(sop) ? 0 : 1;
        }

        if (changed == 0)
        {
            db.ChangeTracker.Clear();
            return;
        }

        try
        {
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Seeded SOP versions brought in line with the seed documents' text: {Count}", changed);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // another node starting at the same moment did it first
        }

        static string Text(SopDefinition s) => string.Join("\u0001", new[]
        {
            s.LegalBasis, s.Qualifications, s.RelatedSops, s.Equipment, s.Warnings, s.Records, s.Summary, s.Purpose, s.Definitions,
        }.Concat(s.Steps.OrderBy(x => x.Number).SelectMany(x => new[] { x.ActorLabel, x.Activity, x.RequiredInputs, x.Output, x.Note ?? "" })));
    }

    /// <summary>
    /// SOP 1 versions seeded before the copies (tembusan) were data (issue #9) name no recipients: each seeded version 1 whose steps
    /// name none gets its seed's recipients and total time, from the regional variant whose title it carries. Versions an office
    /// wrote itself (another title) are left as they are.
    /// </summary>
    private async Task BackfillSeededCopiesAsync(CancellationToken ct)
    {
        var seeded = await db.SopDefinitions.Include(s => s.Steps)
            .Where(s => s.Version == 1 && s.Kind == SopKind.PokjaAccountRequest && s.Steps.All(x => x.CopyTo == null))
            .ToListAsync(ct);
        var changed = false;
        foreach (var sop in seeded)
        {
            var seed = Enum.GetValues<SopVariant>().Select(v => SopSeed.ForOffice(sop.OfficeId, v).Single(x => x.Kind == sop.Kind))
                .FirstOrDefault(x => x.Title == sop.Title);
            if (seed is null)
            {
                continue;
            }

            sop.TotalTime ??= seed.TotalTime;
            foreach (var step in sop.Steps)
            {
                step.CopyTo = seed.Steps.SingleOrDefault(x => x.Number == step.Number && x.Kind == step.Kind)?.CopyTo;
                changed |= step.CopyTo is not null;
            }
        }

        if (!changed)
        {
            return;
        }

        try
        {
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Seeded SOP 1 versions given their copy recipients (tembusan): {Count}", seeded.Count);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // another node starting at the same moment did it first
        }
    }

    /// <summary>Seeds the demo office, its SOPs, one user per role and a few SPSE accounts; idempotent.</summary>
    public async Task<IReadOnlyList<DemoLogin>> SeedDemoAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var office = await db.Offices.SingleOrDefaultAsync(o => o.Code == DemoOfficeCode, ct);
        if (office is null)
        {
            office = new Office
            {
                Code = DemoOfficeCode,
                Name = "LPSE Kabupaten Contoh",
                Address = "Jl. Merdeka No. 1, Kabupaten Contoh",
                Email = "lpse@contoh.go.id",
                Phone = "(0274) 123456",
                TimeZoneId = "Asia/Jakarta",
                HeadOfLpseEmail = "kepala.lpse@contoh.go.id",
            };
            db.Offices.Add(office);
            await db.SaveChangesAsync(ct);
        }

        var officeYear = OfficeClock.For(office.TimeZoneId, time).DateOf(now).Year;

        if (!await db.SopDefinitions.AnyAsync(s => s.OfficeId == office.Id, ct))
        {
            db.SopDefinitions.AddRange(SopSeed.ForOffice(office.Id));
            await db.SaveChangesAsync(ct);
        }

        var logins = await SeedPeopleAsync(office, DemoPeople, "Penata / III-c", "Dinas Pekerjaan Umum Kabupaten Contoh", officeYear, now);

        if (!await db.SpseAccounts.AnyAsync(a => a.OfficeId == office.Id, ct))
        {
            var year = officeYear;
            SpseAccount Account(string userId, string name, string nip, string email, string agency, SpseRole role, string sk,
                DateOnly until, SpseAccountStatus status = SpseAccountStatus.Active) => new()
            {
                OfficeId = office.Id,
                UserId = userId,
                HolderName = name,
                HolderNip = nip,
                HolderEmail = email,
                HolderPhone = "081200000000",
                Agency = agency,
                Role = role,
                SkNumber = sk,
                SkDate = new DateOnly(until.Year, 1, 2),
                ValidFrom = new DateOnly(until.Year, 1, 2),
                ValidUntil = until,
                Status = status,
                CreatedAt = now,
                UpdatedAt = now,
                History = [new SpseAccountHistory { Change = SpseAccountChange.Registered, Detail = $"Data awal (demo), SK {sk}", ChangedAt = now, ChangedByName = "Sistem" }],
            };

            db.SpseAccounts.AddRange(
                Account("rina.pokja", "Rina Kartika Sari", "198503122010012003", "pokja@contoh.go.id", "Dinas Pekerjaan Umum Kabupaten Contoh",
                    SpseRole.Pokja, $"027/SK/UKPBJ/{year}", new DateOnly(year, 12, 31)),
                Account("agus.ppk", "Agus Setiawan", "197901052005011002", "agus.ppk@contoh.go.id", "Dinas Kesehatan Kabupaten Contoh",
                    SpseRole.Ppk, $"900/012/DINKES/{year}", new DateOnly(year, 12, 31)),
                Account("dewi.pokja", "Dewi Lestari", "198807212012122001", "dewi.pokja@contoh.go.id", "Bagian Pengadaan Barang/Jasa Setda",
                    SpseRole.Pokja, $"011/SK/UKPBJ/{year - 1}", new DateOnly(year - 1, 12, 31)),
                Account("hendra.pp", "Hendra Wijaya", "198110302006041004", "hendra.pp@contoh.go.id", "Dinas Pendidikan Kabupaten Contoh",
                    SpseRole.PejabatPengadaan, $"027/045/DISDIK/{year}", new DateOnly(year, 12, 31), SpseAccountStatus.Inactive),
                Account("sari.verif", "Sari Handayani", "199002142015032002", "sari.verif@contoh.go.id", office.Name,
                    SpseRole.Verifikator, $"800/003/LPSE/{year}", new DateOnly(year, 12, 31)),
                Account("yusuf.helpdesk", "Yusuf Ramadhan", "199205182019031005", "yusuf.helpdesk@contoh.go.id", office.Name,
                    SpseRole.Helpdesk, $"800/004/LPSE/{year}", new DateOnly(year, 12, 31)),
                // More PPK accounts, so the year-end PPK campaign (Kampanye PPK) has a list to show.
                Account("sri.ppk", "Sri Wahyuni", "198206142008012011", "sri.ppk@contoh.go.id", "Dinas Pendidikan Kabupaten Contoh",
                    SpseRole.Ppk, $"900/031/DISDIK/{year}", new DateOnly(year, 12, 31)),
                Account("bambang.ppk", "Bambang Irawan", "197710232003121003", "bambang.ppk@contoh.go.id", "Dinas Perhubungan Kabupaten Contoh",
                    SpseRole.Ppk, $"900/017/DISHUB/{year - 1}", new DateOnly(year - 1, 12, 31)),
                Account("lina.ppk", "Lina Marlina", "198912052014032002", "lina.ppk@contoh.go.id", "RSUD Kabupaten Contoh",
                    SpseRole.Ppk, $"445/022/RSUD/{year}", new DateOnly(year, 12, 31)),
                Account("rudi.ppk", "Rudi Hartanto", "198304172009011006", "rudi.ppk@contoh.go.id", "Dinas Pekerjaan Umum Kabupaten Contoh",
                    SpseRole.Ppk, $"600/048/DPU/{year}", new DateOnly(year, 12, 31)));
            await db.SaveChangesAsync(ct);
        }

        logins.AddRange(await SeedBatangAsync(now, ct));
        return logins;
    }

    /// <summary>
    /// The second demo office, "ULP Kabupaten Batang (demo)": its SOPs from the seeds with SOP 1 as Batang wrote it, its own
    /// Kepala ULP, Admin Agency, Kepala LPSE and Auditor, and two Pokja accounts in its register (so a member who already holds
    /// one is flagged on a new request). No PPK accounts: the year-end campaign's demo list stays the first office's.
    /// </summary>
    private async Task<IReadOnlyList<DemoLogin>> SeedBatangAsync(DateTime now, CancellationToken ct)
    {
        var office = await db.Offices.SingleOrDefaultAsync(o => o.Code == BatangOfficeCode, ct);
        if (office is null)
        {
            office = new Office
            {
                Code = BatangOfficeCode,
                Name = "ULP Kabupaten Batang (demo)",
                Address = "Jl. Dr. Sutomo No. 1, Kabupaten Batang (demo)",
                Email = "lpse@batang.contoh.go.id", // the copy "kepada LPSE" of Batang's step 1 goes here
                Phone = "(0285) 391000",
                TimeZoneId = "Asia/Jakarta",
                HeadOfLpseEmail = "kepala.lpse@batang.contoh.go.id",
            };
            db.Offices.Add(office);
            await db.SaveChangesAsync(ct);
        }

        if (!await db.SopDefinitions.AnyAsync(s => s.OfficeId == office.Id, ct))
        {
            db.SopDefinitions.AddRange(SopSeed.ForOffice(office.Id, SopVariant.Batang));
            await db.SaveChangesAsync(ct);
        }

        var year = OfficeClock.For(office.TimeZoneId, time).DateOf(now).Year;
        var logins = await SeedPeopleAsync(office, BatangPeople, "Pembina / IV-a", office.Name, year, now);
        if (!await db.SpseAccounts.AnyAsync(a => a.OfficeId == office.Id, ct))
        {
            SpseAccount Pokja(string userId, string name, string nip, string email) => new()
            {
                OfficeId = office.Id, UserId = userId, HolderName = name, HolderNip = nip, HolderEmail = email, HolderPhone = "081300000000",
                Agency = "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Batang", Role = SpseRole.Pokja,
                SkNumber = $"027/014/ULP/{year}", SkDate = new DateOnly(year, 1, 5), ValidFrom = new DateOnly(year, 1, 5),
                ValidUntil = new DateOnly(year, 12, 31), Status = SpseAccountStatus.Active, CreatedAt = now, UpdatedAt = now,
                History = [new SpseAccountHistory { Change = SpseAccountChange.Registered, Detail = $"Data awal (demo), SK 027/014/ULP/{year}", ChangedAt = now, ChangedByName = "Sistem" }],
            };
            db.SpseAccounts.AddRange(
                Pokja("wahyu.pokja", "Wahyu Nugroho", "198604112011011007", "wahyu.pokja@batang.contoh.go.id"),
                Pokja("ratna.pokja", "Ratna Dewi Anggraeni", "199001232015032003", "ratna.pokja@batang.contoh.go.id"));
            await db.SaveChangesAsync(ct);
        }

        return logins;
    }

    /// <summary>One user per demo person of the office (created once, with the demo password); their sign-ins to print.</summary>
    private async Task<List<DemoLogin>> SeedPeopleAsync(Office office, IEnumerable<(string Role, string Email, string Name, string? Nip, ApplicantKind Kind)> people,
        string rankGrade, string applicantAgency, int officeYear, DateTime now)
    {
        var logins = new List<DemoLogin>();
        foreach (var (role, email, name, nip, kind) in people)
        {
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new ApplicationUser
                {
                    UserName = email,
                    Email = email,
                    EmailConfirmed = true,
                    FullName = name,
                    Nip = nip,
                    RankGrade = rankGrade,
                    Position = role == Roles.Pemohon ? "Anggota Pokja Pemilihan" : Roles.Label(role),
                    Agency = role == Roles.Pemohon ? applicantAgency : office.Name,
                    Address = "Jl. Merdeka No. 1, Kabupaten Contoh",
                    PhoneNumber = "081234567890",
                    ApplicantKind = kind,
                    OfficeId = office.Id,
                    CreatedAt = now,
                };
                if (role == Roles.Pemohon)
                {
                    // The demo applicant counts as checked against her SK, so the README walkthrough runs end to end (docs/adr/0016).
                    user.NipStatus = NipStatus.Verified;
                    user.ApplicantNipKey = nip;
                    user.NipCheckedAt = now;
                    user.NipCheckedByName = "Sistem (data demo)";
                    user.NipSkNumber = $"027/SK/UKPBJ/{officeYear}";
                    user.NipCheckNote = "Data demo: dianggap sudah diverifikasi terhadap SK.";
                }

                var created = await users.CreateAsync(user, DemoPassword);
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException("Demo user not created: " + string.Join("; ", created.Errors.Select(e => e.Description)));
                }

                await users.AddToRoleAsync(user, role);
            }

            logins.Add(new DemoLogin(Roles.Label(role), email, DemoPassword, name, office.Name));
        }

        return logins;
    }

    private static readonly (string Role, string Email, string Name, string? Nip, ApplicantKind Kind)[] DemoPeople =
    [
        (Roles.Pemohon, "pokja@contoh.go.id", "Rina Kartika Sari", "198503122010012003", ApplicantKind.Pokja),
        (Roles.KepalaUkpbj, "kepala.ukpbj@contoh.go.id", "Ir. Bambang Hartono", "197002021995031001", ApplicantKind.None),
        (Roles.HelpdeskLpse, "helpdesk@contoh.go.id", "Fitri Anggraini", "199106152015032004", ApplicantKind.None),
        (Roles.AdminAgency, "admin.agency@contoh.go.id", "Budi Santoso", "198709092011011005", ApplicantKind.None),
        (Roles.AdminPpe, "admin.ppe@contoh.go.id", "Teguh Prasetyo", "198412202009011003", ApplicantKind.None),
        (Roles.KepalaLpse, "kepala.lpse@contoh.go.id", "Drs. Suharto, M.Si.", "196808171994031006", ApplicantKind.None),
        (Roles.Auditor, "auditor@contoh.go.id", "Maya Puspitasari", "198905252014022001", ApplicantKind.None),
        (Roles.Administrator, "administrator@contoh.go.id", "Administrator Sistem", null, ApplicantKind.None),
    ];

    private static readonly (string Role, string Email, string Name, string? Nip, ApplicantKind Kind)[] BatangPeople =
    [
        (Roles.KepalaUkpbj, "kepala.ulp@batang.contoh.go.id", "Drs. Slamet Riyadi", "197105141996031003", ApplicantKind.None),
        (Roles.AdminAgency, "admin.agency@batang.contoh.go.id", "Eko Prasetyo", "198802182012121002", ApplicantKind.None),
        (Roles.KepalaLpse, "kepala.lpse@batang.contoh.go.id", "Ir. Sri Mulyani, M.T.", "196911201995032001", ApplicantKind.None),
        (Roles.Auditor, "auditor@batang.contoh.go.id", "Nur Hidayati", "199107072016032005", ApplicantKind.None),
    ];
}
