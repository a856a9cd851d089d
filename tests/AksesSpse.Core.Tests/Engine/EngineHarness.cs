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
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AksesSpse.Core.Tests.Engine;

/// <summary>
/// The SOP engine with every procedure module over a real SQLite database: two offices seeded from <see cref="SopSeed"/>,
/// one user per role in the first. Each call gets a fresh DbContext, as each web request would.
/// </summary>
internal sealed class EngineHarness : IDisposable
{
    /// <summary>The SOPs the engine runs; a SOP moved onto the engine is added here and every engine test covers it.</summary>
    public static readonly IReadOnlyList<SopKind> EngineKinds =
        [SopKind.StaffRegistration, SopKind.PasswordReset, SopKind.AccessActivation, SopKind.PokjaAccountRequest];

    /// <summary>The NIP of every user of the harness; the Pemohon's is verified against the SK and holds <see cref="PokjaUserId"/>.</summary>
    public const string Nip = "198001012005011001";

    /// <summary>The Pemohon's Pokja account in the register (SOP 4 asks for it).</summary>
    public const string PokjaUserId = "pemohon.pokja";

    /// <param name="variant">The regional variant of the first office's SOPs (SOP 1 differs); the other office is always Badung's.</param>
    public EngineHarness(SopVariant variant = SopVariant.Badung)
    {
        Files.Setup(f => f.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<byte[]>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string folder, string extension, byte[] _, CancellationToken _) => $"{folder}/{Guid.NewGuid():N}{extension}");
        Files.Setup(f => f.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        using var db = Database.NewContext();
        Office = new OfficeBuilder().Build();
        OtherOffice = new OfficeBuilder().WithCode("KAB-LAIN").Build();
        db.Offices.AddRange(Office, OtherOffice);
        db.SaveChanges();
        db.SopDefinitions.AddRange(SopSeed.ForOffice(Office.Id, variant));
        db.SopDefinitions.AddRange(SopSeed.ForOffice(OtherOffice.Id));
        foreach (var role in Roles.All)
        {
            var verified = role == Roles.Pemohon; // the applicant's NIP counts only once verified against the SK (docs/adr/0016)
            db.Users.Add(new ApplicationUser
            {
                Id = UserIdOf(role), UserName = role + "@contoh.go.id", Email = role + "@contoh.go.id", FullName = "Petugas " + role,
                OfficeId = Office.Id, Nip = Nip, NipStatus = verified ? NipStatus.Verified : NipStatus.Unverified,
                ApplicantNipKey = verified ? Nip : null, NipCheckedAt = verified ? TestTime.DefaultStart.UtcDateTime.AddDays(-30) : null,
                NipCheckedByName = verified ? "Petugas " + Roles.AdminAgency : null, NipSkNumber = verified ? "027/01/SK-POKJA/2026" : null,
            });
        }

        db.SpseAccounts.Add(new SpseAccountBuilder().InOffice(Office.Id).WithUserId(PokjaUserId).WithHolderName("Petugas " + Roles.Pemohon)
            .WithNip(Nip).WithEmail("pemohon.spse@contoh.go.id").Build());

        db.SaveChanges();
    }

    public TestDatabase Database { get; } = new();
    public FakeTimeProvider Time { get; } = TestTime.NewClock();
    public Mock<IFileStore> Files { get; } = new();
    public IDataProtectionProvider Protection { get; } = new EphemeralDataProtectionProvider();
    public IOptions<AppOptions> AppOptions { get; } = Options.Create(new AppOptions());

    /// <summary>The office calendar's zone cache, shared by every engine of this harness as the app's is.</summary>
    public Microsoft.Extensions.Caching.Memory.IMemoryCache ZoneCache { get; } =
        new Microsoft.Extensions.Caching.Memory.MemoryCache(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions());

    public Office Office { get; }
    public Office OtherOffice { get; }

    /// <summary>
    /// Test-only modules, to run a seeded definition through the engine before its SOP moves onto it (or without its module's
    /// own checks): one replaces the registered module of its kind.
    /// </summary>
    public List<IProcedureModule> ExtraModules { get; } = [];

    public static string UserIdOf(string role) => "user-" + role.ToLowerInvariant();

    public Actor As(string role, int? officeId = null) =>
        new(UserIdOf(role), "Petugas " + role, officeId ?? Office.Id, new HashSet<string> { role });

    public SopEngine Engine(AppDbContext? db = null)
    {
        db ??= Database.NewContext();
        var time = Time;
        var notifier = new Notifier(db, time, AppOptions);
        var calendar = new OfficeCalendar(db, time, ZoneCache);
        var credentials = new CredentialService(db, Protection, time, calendar, AppOptions);
        var requestFiles = new RequestFiles(Files.Object, new UploadInspector());
        var moves = new RequestMoves(db, calendar);
        IProcedureModule[] registered =
        [
            new StaffRegistrationModule(db, credentials, notifier, calendar),
            new PasswordResetModule(db, time, calendar, requestFiles, notifier, credentials, moves,
                new RequestLinks(Protection, time, AppOptions), NullLogger<PasswordResetModule>.Instance),
            new AccessActivationModule(db, time, calendar, requestFiles, notifier,
                new RequestLinks(Protection, time, AppOptions), moves, NullLogger<AccessActivationModule>.Instance),
            new PokjaAccountsModule(db, credentials, notifier, calendar, new WallClockStepClock(), new RequestLinks(Protection, time, AppOptions)),
        ];
        IProcedureModule[] modules = [.. registered.Where(m => ExtraModules.All(x => x.Kind != m.Kind)), .. ExtraModules];
        return new SopEngine(db, new WallClockStepClock(), time, requestFiles, moves, notifier, modules, AppOptions, NullLogger<SopEngine>.Instance,
            new WorkNotices(db, notifier, new UserDirectory(db), calendar, time, NullLogger<WorkNotices>.Instance));
    }

    public StaffRegistrationModule StaffModule(SopEngine engine) => (StaffRegistrationModule)engine.Module(SopKind.StaffRegistration);

    public PokjaAccountsModule PokjaModule(SopEngine engine) => (PokjaAccountsModule)engine.Module(SopKind.PokjaAccountRequest);

    /// <summary>Pokja member <paramref name="n"/> (1–999: the NIP's sequence number) with a valid NIP of their own and their own email.</summary>
    public static PokjaMember Member(int n = 1) =>
        new($"Anggota Pokja {n}", $"198503122010011{(n - 1) % 999 + 1:D3}", "Anggota Pokja Pemilihan", "Penata / III-c",
            "Dinas Pekerjaan Umum Kabupaten Contoh", $"anggota{n}@contoh.go.id", "081234567890");

    public static StartPokjaAccounts PokjaForm(params PokjaMember[] members) => new(Guid.NewGuid(), "Pokja Pemilihan 07", "027/07/SK-POKJA/2026",
        DateOnly.FromDateTime(TestTime.DefaultStart.UtcDateTime).AddDays(-1), "800/07/ST/2026", null,
        members.Length == 0 ? [Member(1), Member(2)] : members,
        [new IncomingFile("FORMULIR_PERMOHONAN", "formulir.pdf", TestFiles.Pdf()), new IncomingFile("SK_POKJA", "sk.pdf", TestFiles.Pdf()),
            new IncomingFile("SURAT_PENUGASAN", "st.pdf", TestFiles.Pdf())]);

    public AppDbContext Query() => Database.NewContext();

    public async Task<AccessRequest> LoadAsync(int id) => (await Engine().LoadAsync(id, track: false, CancellationToken.None))!;

    public static StaffPerson Person(int n = 1, SpseRole role = SpseRole.Helpdesk) =>
        new($"Personil {n}", $"19850312201001200{n % 10}", $"personil{n}@contoh.go.id", "081234567890", "Staf LPSE", role, $"helpdesk.{n}");

    public static StartStaffRegistration StaffForm(params StaffPerson[] persons) => new(Guid.NewGuid(), "800/12/LPSE/2026",
        DateOnly.FromDateTime(TestTime.DefaultStart.UtcDateTime).AddDays(-1), "Penambahan petugas",
        persons.Length == 0 ? [Person()] : persons,
        [new IncomingFile("SK_PEMBUATAN_AKUN", "sk.pdf", TestFiles.Pdf())]);

    /// <summary>Starts a request of this SOP by the role of its first step, with a form that passes.</summary>
    public async Task<int> StartAsync(SopKind kind)
    {
        var engine = Engine();
        var result = kind switch
        {
            SopKind.StaffRegistration => await StaffModule(engine).StartAsync(engine, StaffForm(), As(Roles.KepalaLpse), CancellationToken.None),
            SopKind.PasswordReset => await ((PasswordResetModule)engine.Module(kind)).StartAsync(engine,
                new SubmitResetCommandBuilder().ForSpseUserId(PokjaUserId).Build(), As(Roles.Pemohon), CancellationToken.None),
            SopKind.AccessActivation => await ((AccessActivationModule)engine.Module(kind)).StartAsync(engine,
                new SubmitActivationCommandBuilder().ForSpseUserId(PokjaUserId).Build(), As(Roles.Pemohon), CancellationToken.None),
            SopKind.PokjaAccountRequest => await PokjaModule(engine).StartAsync(engine, PokjaForm(), As(Roles.KepalaUkpbj), CancellationToken.None),
            _ => throw new NotSupportedException(kind.ToString()),
        };
        Assert.True(result.Succeeded, result.Message);
        return result.Value;
    }

    /// <summary>A move on the open step that the step accepts: every check ticked, every person done, "Ya" at a decision.</summary>
    public static StepMove PassingMove(AccessRequest request, int? version = null)
    {
        var step = SopEngine.CurrentStep(request)!;
        return new StepMove(step.Number, version ?? request.Version)
        {
            Answer = step.IsDecision ? StepAnswer.Yes : StepAnswer.Done,
            // The applicant's completion needs a replaced document or a note (SOP 4 step 4).
            Note = step.Kind == StepKind.ApplicantCompletion ? "Berkas dilengkapi" : null,
            CheckedItems = step.Requirements.Where(r => r.Kind == RequirementKind.Check).Select(r => r.Code).ToList(),
            Persons = request.Persons.Where(p => p.Outcome == PersonOutcome.Pending).Select(p => new PersonDecision(p.Id, true, null, null)).ToList(),
        };
    }

    /// <summary>Moves the request with passing moves by each step's own actor until step <paramref name="number"/> is open.</summary>
    public async Task<AccessRequest> DriveToStepAsync(int id, int number)
    {
        var request = await LoadAsync(id);
        while (request.CurrentStepNumber is { } current && current != number)
        {
            var step = SopEngine.CurrentStep(request)!;
            if (SopEngine.ConfirmsPerPerson(request, step))
            {
                // Settled member by member (SOP 1): each confirms through their own link.
                foreach (var person in request.Persons.Where(p => !p.IsSettled))
                {
                    var engine = Engine();
                    var confirmed = await PokjaModule(engine).ConfirmByMemberAsync(engine, person.Id, CancellationToken.None);
                    Assert.True(confirmed.Succeeded, $"step {current}, {person.FullName}: {confirmed.Message}");
                }

                request = await LoadAsync(id);
                continue;
            }

            var move = PassingMove(request);
            if (step.IsDecision && !Reaches(request.Sop!, step.NextStepNumber, number) && Reaches(request.Sop!, step.AlternateStepNumber, number))
            {
                // The step asked for lies on the "Tidak" branch (SOP 4: 2 → 3 → 4), which must say why.
                move = move with { Answer = StepAnswer.No, Note = "Berkas belum lengkap" };
            }

            var result = await Engine().MoveAsync(id, move, As(step.ActorRole), CancellationToken.None);
            Assert.True(result.Succeeded, $"step {current}: {result.Message}");
            request = await LoadAsync(id);
        }

        return request;
    }

    /// <summary>Whether step <paramref name="target"/> lies on the "Ya" / done path from step <paramref name="from"/>.</summary>
    private static bool Reaches(SopDefinition sop, int? from, int target)
    {
        for (var (n, guard) = (from, 0); n is { } number && guard < 50; guard++)
        {
            if (number == target)
            {
                return true;
            }

            n = sop.Steps.SingleOrDefault(s => s.Number == number) is { } step ? SopEngine.NextStep(sop, step, StepAnswer.Done)?.Number : null;
        }

        return false;
    }

    public void Dispose() => Database.Dispose();
}
