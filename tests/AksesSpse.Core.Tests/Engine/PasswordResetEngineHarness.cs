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
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AksesSpse.Core.Tests.Engine;

/// <summary>
/// SOP 4 on the engine (<see cref="PasswordResetModule"/>) over a real SQLite database: one office with the seeded SOPs, an
/// applicant and her Pokja account in the register, another applicant, Admin Agency of this office and of another. Each
/// call gets a fresh DbContext, as each web request would; assertions read through <see cref="Query"/>. The moves are
/// named after SOP 4's steps and build the <see cref="StepMove"/> the request page would post.
/// </summary>
internal sealed class PasswordResetEngineHarness : IDisposable
{
    public const int CompletenessStep = 2;
    public const int CompletionStep = 4;
    public const int ValidityStep = 5;
    public const int AccountStep = 6;
    public const int NotifyStep = 8;
    public const int ArchiveStep = 9;

    /// <summary>For <see cref="DriveToAsync"/>: drive the request until it is closed.</summary>
    public const int Closed = 0;

    public const string LetterCode = SubmitResetCommandBuilder.LetterCode;
    public const string DecreeCode = SubmitResetCommandBuilder.DecreeCode;

    public PasswordResetEngineHarness()
    {
        Files.Setup(f => f.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<byte[]>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string folder, string extension, byte[] _, CancellationToken _) => NewPath(folder, extension));
        Files.Setup(f => f.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        using var db = Database.NewContext();
        Office = new OfficeBuilder().Build();
        OtherOffice = new OfficeBuilder().WithCode("KAB-LAIN").Build();
        db.Offices.AddRange(Office, OtherOffice);
        db.SaveChanges();

        db.SopDefinitions.AddRange(SopSeed.ForOffice(Office.Id));
        db.SopDefinitions.AddRange(SopSeed.ForOffice(OtherOffice.Id));
        Applicant = new ApplicantBuilder().InOffice(Office.Id).Build();
        OtherApplicant = new ApplicantBuilder().WithId("user-dodi").WithEmail("dodi@contoh.go.id").WithName("Dodi Pratama")
            .WithNip("197011061996031002").InOffice(Office.Id).Build();
        db.Users.AddRange(Applicant, OtherApplicant);
        foreach (var role in Roles.All)
        {
            db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() });
        }

        db.SaveChanges();
        var pemohon = db.Roles.Single(r => r.Name == Roles.Pemohon).Id;
        db.UserRoles.AddRange(new IdentityUserRole<string> { UserId = Applicant.Id, RoleId = pemohon },
            new IdentityUserRole<string> { UserId = OtherApplicant.Id, RoleId = pemohon });
        Account = new SpseAccountBuilder().InOffice(Office.Id).Build();
        db.SpseAccounts.Add(Account);
        db.SaveChanges();

        ApplicantActor = Actors.Pemohon(Applicant);
        OtherApplicantActor = Actors.Pemohon(OtherApplicant);
        Admin = Actors.AdminAgency(Office.Id);
        OtherOfficeAdmin = Actors.AdminAgency(OtherOffice.Id, "admin-lain", "Admin Kantor Lain");
        Helpdesk = Actors.WithRole(Roles.HelpdeskLpse, Office.Id, "helpdesk-ani", "Ani Helpdesk");
    }

    public TestDatabase Database { get; } = new();

    /// <summary>Where every context of the harness comes from (another harness's database, to continue its requests).</summary>
    public Func<AppDbContext>? Contexts { get; set; }
    public FakeTimeProvider Time { get; } = TestTime.NewClock();
    public Mock<IFileStore> Files { get; } = new();
    public IDataProtectionProvider Protection { get; } = new EphemeralDataProtectionProvider();
    public IOptions<AppOptions> AppOptions { get; } = Options.Create(new AppOptions());
    public IMemoryCache ZoneCache { get; } = new MemoryCache(new MemoryCacheOptions());

    /// <summary>Where the engine, the module and the move runner log (every category to one place).</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>Every path the file store handed out, in order.</summary>
    public List<string> StoredPaths { get; } = [];

    public Office Office { get; }
    public Office OtherOffice { get; }
    public ApplicationUser Applicant { get; }
    public ApplicationUser OtherApplicant { get; }
    public SpseAccount Account { get; }

    public Actor ApplicantActor { get; }
    public Actor OtherApplicantActor { get; }
    public Actor Admin { get; }
    public Actor OtherOfficeAdmin { get; }
    public Actor Helpdesk { get; }

    public DateTime Now => Time.GetUtcNow().UtcDateTime;

    public string NewPath(string folder, string extension)
    {
        var path = $"{folder}/{Guid.NewGuid():N}{extension}";
        StoredPaths.Add(path);
        return path;
    }

    /// <summary>The engine with the SOP 4 module, on its own context (or the one given), as one web request has it.</summary>
    public SopEngine Engine(AppDbContext? db = null, IFileStore? files = null)
    {
        db ??= Query();
        var notifier = new Notifier(db, Time, AppOptions);
        var calendar = Calendar(db);
        var requestFiles = new RequestFiles(files ?? Files.Object, new UploadInspector());
        var moves = new RequestMoves(db, calendar);
        var module = new PasswordResetModule(db, Time, calendar, requestFiles, notifier, Credentials(db), moves, Links,
            new ForwardingLogger<PasswordResetModule>(() => Logger));
        return new SopEngine(db, new WallClockStepClock(), Time, requestFiles, moves, notifier, [module], AppOptions,
            new ForwardingLogger<SopEngine>(() => Logger), new WorkNotices(db, notifier, new UserDirectory(db), calendar, Time, NullLogger<WorkNotices>.Instance));
    }

    public static PasswordResetModule Module(SopEngine engine) => (PasswordResetModule)engine.Module(SopKind.PasswordReset);

    public RequestLinks Links => new(Protection, Time, AppOptions);

    public CredentialService Credentials(AppDbContext? db = null)
    {
        db ??= Query();
        return new(db, Protection, Time, Calendar(db), AppOptions);
    }

    public OfficeCalendar Calendar(AppDbContext db) => new(db, Time, ZoneCache);

    public AppDbContext Query() => Contexts?.Invoke() ?? Database.NewContext();

    public async Task<AccessRequest> LoadAsync(int requestId) => (await Engine().LoadAsync(requestId, track: false, CancellationToken.None))!;

    public async Task<int> VersionOfAsync(int requestId)
    {
        await using var db = Query();
        return await db.AccessRequests.Where(r => r.Id == requestId).Select(r => r.Version).SingleAsync();
    }

    // ---- the moves, with sensible defaults; the version is read from the database unless given ----

    public Task<OperationResult<int>> TrySubmitAsync(SubmitResetCommand? command = null, Actor? actor = null, SopEngine? engine = null)
    {
        engine ??= Engine();
        return Module(engine).StartAsync(engine, command ?? new SubmitResetCommandBuilder().Build(), actor ?? ApplicantActor, CancellationToken.None);
    }

    public async Task<int> SubmitAsync(SubmitResetCommand? command = null)
    {
        var result = await TrySubmitAsync(command);
        AssertOk(result);
        return result.Value;
    }

    public Task<OperationResult<int>> IntakeAsync(ResetIntakeCommand command, Actor actor)
    {
        var engine = Engine();
        return Module(engine).IntakeAsync(engine, command, actor, CancellationToken.None);
    }

    /// <summary>A move on step <paramref name="step"/> as the request page posts it.</summary>
    public async Task<OperationResult<MoveResult>> MoveAsync(int id, int step, Actor actor, int? version, Func<StepMove, StepMove> shape,
        SopEngine? engine = null) =>
        await (engine ?? Engine()).MoveAsync(id, shape(new StepMove(step, version ?? await VersionOfAsync(id))), actor, CancellationToken.None);

    /// <param name="answer">Ya = lengkap, Tidak = kembali ke pemohon, Tolak.</param>
    public Task<OperationResult<MoveResult>> CheckCompletenessAsync(int id, StepAnswer answer = StepAnswer.Yes,
        IReadOnlyCollection<string>? missing = null, string? remarks = null, string? lateExplanation = null, Actor? actor = null, int? version = null,
        SopEngine? engine = null) =>
        MoveAsync(id, CompletenessStep, actor ?? Admin, version, m => m with
        {
            Answer = answer,
            MissingDocuments = missing ?? [],
            Note = remarks,
            LateExplanation = lateExplanation,
        }, engine);

    public async Task<OperationResult<MoveResult>> ResubmitAsync(int id, IReadOnlyList<IncomingFile>? files = null, string? note = "SK terlampir",
        Actor? actor = null, int? version = null, SopEngine? engine = null) =>
        await MoveAsync(id, CompletionStep, actor ?? ApplicantActor, version, m => m with
        {
            Files = files ?? [new IncomingFile(DecreeCode, "sk-pokja-lengkap.pdf", TestFiles.Pdf())],
            Note = note,
        }, engine);

    public Task<OperationResult<MoveResult>> CheckValidityAsync(int id, bool valid = true, string? reason = null, string? confirmationNote = null,
        string? lateExplanation = null, Actor? actor = null, int? version = null, string? deviationReason = null) =>
        MoveAsync(id, ValidityStep, actor ?? Admin, version, m => m with
        {
            Answer = valid ? StepAnswer.Yes : StepAnswer.No,
            Note = valid ? confirmationNote : reason,
            DeviationReason = deviationReason,
            LateExplanation = lateExplanation,
        });

    public Task<OperationResult<MoveResult>> ExecuteAsync(int id, string? lateExplanation = null, Actor? actor = null, int? version = null) =>
        MoveAsync(id, AccountStep, actor ?? Admin, version, m => m with { LateExplanation = lateExplanation });

    public Task<OperationResult<MoveResult>> NotifyAsync(int id, string? lateExplanation = null, Actor? actor = null, int? version = null) =>
        MoveAsync(id, NotifyStep, actor ?? Admin, version, m => m with { LateExplanation = lateExplanation });

    public Task<OperationResult<MoveResult>> ArchiveAsync(int id, string? lateExplanation = null, Actor? actor = null, int? version = null) =>
        MoveAsync(id, ArchiveStep, actor ?? Admin, version, m => m with { LateExplanation = lateExplanation });

    public async Task<OperationResult<MoveResult>> RegenerateAsync(int id, Actor? actor = null, int? version = null)
    {
        var engine = Engine();
        return await Module(engine).RegeneratePasswordAsync(engine, id, version ?? await VersionOfAsync(id), actor ?? Admin, CancellationToken.None);
    }

    /// <summary>Performs the move of step <paramref name="step"/> with arguments that succeed whenever that step is open.</summary>
    public async Task<OperationResult<MoveResult>> PerformAsync(int step, int id, Actor? actor = null, int? version = null) => step switch
    {
        CompletenessStep => await CheckCompletenessAsync(id, actor: actor, version: version),
        CompletionStep => await ResubmitAsync(id, actor: actor, version: version),
        ValidityStep => await CheckValidityAsync(id, actor: actor, version: version),
        AccountStep => await ExecuteAsync(id, actor: actor, version: version),
        NotifyStep => await NotifyAsync(id, actor: actor, version: version),
        ArchiveStep => await ArchiveAsync(id, actor: actor, version: version),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    /// <summary>Submits a request and moves it through the real steps until step <paramref name="step"/> is open (or it is closed).</summary>
    public async Task<int> DriveToAsync(int step, SubmitResetCommand? command = null)
    {
        var id = await SubmitAsync(command);
        if (step == CompletenessStep)
        {
            return id;
        }

        if (step == CompletionStep)
        {
            AssertOk(await CheckCompletenessAsync(id, StepAnswer.No, [DecreeCode]));
            return id;
        }

        foreach (var next in new[] { CompletenessStep, ValidityStep, AccountStep, NotifyStep, ArchiveStep })
        {
            if (next == step)
            {
                return id;
            }

            AssertOk(await PerformAsync(next, id));
        }

        return id;
    }

    public static void AssertOk(OperationResult result) => Assert.True(result.Succeeded, $"{result.Error}: {result.Message}");

    public void Dispose() => Database.Dispose();
}
