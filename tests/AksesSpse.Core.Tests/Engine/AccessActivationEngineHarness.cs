using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
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
using static AksesSpse.Core.Tests.TestSupport.AccessActivationHarness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace AksesSpse.Core.Tests.Engine;

/// <summary>
/// SOP 2 on the engine (<see cref="AccessActivationModule"/>) over the data of <see cref="AccessActivationHarness"/> (one office in
/// Asia/Jakarta with the seeded SOPs; Rina with an active Pokja, an inactive PPK and a Verifikator account; Dodi; Agus who has no
/// AksesSpse account yet; Helpdesk and Admin Agency of this and another office). Each call gets a fresh DbContext, as each web
/// request would. The moves are named after SOP 2's steps and build the <see cref="StepMove"/> the request page would post.
/// </summary>
internal sealed class AccessActivationEngineHarness : IDisposable
{
    public const int ReceiveStep = 2;
    public const int CompletenessStep = 3;
    public const int CompletionStep = 4;
    public const int AccountStep = 6;
    public const int NotifyStep = 7;
    public const int ConfirmStep = 8;
    public const int ArchiveStep = 9;

    /// <summary>For <see cref="DriveToAsync"/>: drive the request until it is closed.</summary>
    public const int Closed = 0;

    /// <summary>The checklist items of step 3, as seeded.</summary>
    public static readonly string[] Checklist = ["KOP_SURAT", "TANDA_TANGAN", "STEMPEL_BASAH", "DITUJUKAN_KEPALA_LPSE", "SK_BERLAKU", "DATA_PERSONAL"];

    /// <summary>The SK item's label in step 3's checklist, and the SK's label as a document of that step.</summary>
    public const string SkValidLabel = "SK / Surat Tugas / Surat Penunjukan berlaku pada hari ini";
    public const string DecreeLabel = "SK / Surat Tugas / Surat Penunjukan";

    private readonly AccessActivationHarness _data;

    public AccessActivationEngineHarness()
        : this(TestTime.DefaultStart)
    {
    }

    public AccessActivationEngineHarness(DateTimeOffset start) => _data = new AccessActivationHarness(start);

    /// <summary>The old service's harness on the same database (its data, and the old SOP 4 service).</summary>
    public AccessActivationHarness Data => _data;

    public TestDatabase Database => _data.Database;
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time => _data.Time;
    public Moq.Mock<IFileStore> Files => _data.Files;
    public RequestLinks Links => _data.Links;
    public List<string> StoredPaths => _data.StoredPaths;
    public Dictionary<string, byte[]> StoredContent => _data.StoredContent;
    public Office Office => _data.Office;
    public Office OtherOffice => _data.OtherOffice;
    public ApplicationUser Applicant => _data.Applicant;
    public ApplicationUser OtherApplicant => _data.OtherApplicant;
    public ApplicationUser HelpdeskUser => _data.HelpdeskUser;
    public SpseAccount PokjaAccount => _data.PokjaAccount;
    public SpseAccount PpkAccount => _data.PpkAccount;
    public SpseAccount WalkInAccount => _data.WalkInAccount;
    public Actor ApplicantActor => _data.ApplicantActor;
    public Actor OtherApplicantActor => _data.OtherApplicantActor;
    public Actor Helpdesk => _data.Helpdesk;
    public Actor OtherHelpdesk => _data.OtherHelpdesk;
    public Actor OtherOfficeHelpdesk => _data.OtherOfficeHelpdesk;
    public Actor Admin => _data.Admin;
    public Actor OtherOfficeAdmin => _data.OtherOfficeAdmin;
    public DateTime Now => _data.Now;

    /// <summary>The engine with the SOP 2 module, on its own context (or the one given), as one web request has it.</summary>
    public SopEngine Engine(AppDbContext? db = null, IFileStore? files = null)
    {
        db ??= Query();
        var notifier = new Notifier(db, Time, _data.AppOptions);
        var calendar = _data.Calendar(db);
        var requestFiles = new RequestFiles(files ?? Files.Object, new UploadInspector());
        var moves = new RequestMoves(db, calendar);
        var module = new AccessActivationModule(db, Time, calendar, requestFiles, notifier, Links, moves,
            NullLogger<AccessActivationModule>.Instance);
        return new SopEngine(db, new WallClockStepClock(), Time, requestFiles, moves, notifier, [module], _data.AppOptions,
            NullLogger<SopEngine>.Instance, new WorkNotices(db, notifier, new UserDirectory(db), calendar, Time, NullLogger<WorkNotices>.Instance));
    }

    public static AccessActivationModule Module(SopEngine engine) => (AccessActivationModule)engine.Module(SopKind.AccessActivation);

    public AppDbContext Query() => Database.NewContext();

    public InboxQueries Inbox() => new(Query(), Time, new MemoryCache(new MemoryCacheOptions()));

    public RequestQueries Queries() => _data.Queries();

    public async Task<AccessRequest> LoadAsync(int requestId) => (await Engine().LoadAsync(requestId, track: false, CancellationToken.None))!;

    public Task<int> VersionOfAsync(int requestId) => _data.VersionOfAsync(requestId);

    public Task<SpseAccount> AccountAsync(string userId) => _data.AccountAsync(userId);

    public Task<SpseAccount> AddAccountAsync(string userId) => _data.AddAccountAsync(userId);

    public Task<string> UserIdByEmailAsync(string email) => _data.UserIdByEmailAsync(email);

    // ---- the moves, with sensible defaults; the version is read from the database unless given ----

    public Task<OperationResult<int>> TrySubmitAsync(SubmitActivationCommand? command = null, Actor? actor = null, SopEngine? engine = null)
    {
        engine ??= Engine();
        return Module(engine).StartAsync(engine, command ?? new SubmitActivationCommandBuilder().Build(), actor ?? ApplicantActor, CancellationToken.None);
    }

    public async Task<int> SubmitAsync(SubmitActivationCommand? command = null)
    {
        var result = await TrySubmitAsync(command);
        AssertOk(result);
        return result.Value;
    }

    public Task<OperationResult<int>> TryIntakeAsync(IntakeCommand? command = null, Actor? actor = null, SopEngine? engine = null)
    {
        engine ??= Engine();
        return Module(engine).IntakeAsync(engine, command ?? new IntakeCommandBuilder().Build(), actor ?? Helpdesk, CancellationToken.None);
    }

    public async Task<int> IntakeAsync(IntakeCommand? command = null)
    {
        var result = await TryIntakeAsync(command);
        AssertOk(result);
        return result.Value;
    }

    /// <summary>A move on step <paramref name="step"/> as the request page posts it.</summary>
    public async Task<OperationResult<MoveResult>> MoveAsync(int id, int step, Actor actor, int? version, Func<StepMove, StepMove> shape,
        SopEngine? engine = null) =>
        await (engine ?? Engine()).MoveAsync(id, shape(new StepMove(step, version ?? await VersionOfAsync(id))), actor, CancellationToken.None);

    public Task<OperationResult<MoveResult>> ReceiveAsync(int id, Actor? actor = null, int? version = null, SopEngine? engine = null) =>
        MoveAsync(id, ReceiveStep, actor ?? Helpdesk, version, m => m, engine);

    /// <summary>Step 3: "Ya" with every item ticked by default; "Tidak" names what is missing; "Tolak" with a reason.</summary>
    public Task<OperationResult<MoveResult>> CheckCompletenessAsync(int id, StepAnswer answer = StepAnswer.Yes, IReadOnlyCollection<string>? ticked = null,
        IReadOnlyCollection<string>? missing = null, string? remarks = null, string? lateExplanation = null, Actor? actor = null, int? version = null,
        SopEngine? engine = null) =>
        MoveAsync(id, CompletenessStep, actor ?? Helpdesk, version, m => m with
        {
            Answer = answer,
            CheckedItems = ticked ?? Checklist,
            MissingDocuments = missing ?? [],
            Note = remarks,
            LateExplanation = lateExplanation,
        }, engine);

    /// <summary>Step 3 "Tidak": the SK is not valid today and its document is missing.</summary>
    public Task<OperationResult<MoveResult>> ReturnMissingDecreeAsync(int id, string? remarks = null, Actor? actor = null, int? version = null,
        string? lateExplanation = null, SopEngine? engine = null) =>
        CheckCompletenessAsync(id, StepAnswer.No, Checklist.Where(c => c != "SK_BERLAKU").ToList(), [AccessActivationHarness.DecreeCode], remarks,
            lateExplanation, actor, version, engine);

    public async Task<OperationResult<MoveResult>> ResubmitAsync(int id, IReadOnlyList<IncomingFile>? files = null, string? note = "SK terbaru terlampir",
        string? skNumber = null, DateOnly? skValidUntil = null, Actor? actor = null, int? version = null) =>
        await MoveAsync(id, CompletionStep, actor ?? ApplicantActor, version, m => m with
        {
            Files = files ?? [new IncomingFile(AccessActivationHarness.DecreeCode, "sk-penunjukan-baru.pdf", TestFiles.Pdf())],
            Note = note,
            SkNumber = skNumber,
            SkValidUntil = skValidUntil,
        });

    public Task<OperationResult<MoveResult>> ExecuteAsync(int id, string? lateExplanation = null, Actor? actor = null, int? version = null) =>
        MoveAsync(id, AccountStep, actor ?? Admin, version, m => m with { LateExplanation = lateExplanation });

    public Task<OperationResult<MoveResult>> RelayAsync(int id, string? lateExplanation = null, Actor? actor = null, int? version = null) =>
        MoveAsync(id, NotifyStep, actor ?? Helpdesk, version, m => m with { LateExplanation = lateExplanation });

    public Task<OperationResult<MoveResult>> ConfirmReceiptAsync(int id, string? lateExplanation = null, Actor? actor = null, int? version = null) =>
        MoveAsync(id, ConfirmStep, actor ?? ApplicantActor, version, m => m with { LateExplanation = lateExplanation });

    public Task<OperationResult<MoveResult>> ArchiveAsync(int id, string? lateExplanation = null, Actor? actor = null, int? version = null) =>
        MoveAsync(id, ArchiveStep, actor ?? Helpdesk, version, m => m with { LateExplanation = lateExplanation });

    public Task<OperationResult> ConfirmByLinkAsync(string? token, string? lateExplanation = null)
    {
        var engine = Engine();
        return Module(engine).ConfirmReceiptByLinkAsync(engine, token, lateExplanation, CancellationToken.None);
    }

    public async Task<OperationResult> RecordConfirmationAsync(int id, StaffConfirmation confirmation, Actor? actor = null, string? late = null,
        int? version = null)
    {
        var engine = Engine();
        return await Module(engine).RecordConfirmationAsync(engine, id, version ?? await VersionOfAsync(id), confirmation, late, actor ?? Helpdesk,
            CancellationToken.None);
    }

    public async Task<OperationResult> ResendLinkAsync(int id, Actor? actor = null, int? version = null)
    {
        var engine = Engine();
        return await Module(engine).ResendConfirmationLinkAsync(engine, id, version ?? await VersionOfAsync(id), actor ?? Helpdesk, CancellationToken.None);
    }

    /// <summary>Whose step it is by default: the applicant's own, Admin Agency's account action, Helpdesk's for the rest.</summary>
    public Actor DefaultActor(int step) => step switch
    {
        CompletionStep or ConfirmStep => ApplicantActor,
        AccountStep => Admin,
        _ => Helpdesk,
    };

    /// <summary>Performs the move of step <paramref name="step"/> with arguments that succeed whenever that step is open.</summary>
    public async Task<OperationResult> PerformAsync(int step, int id, Actor? actor = null, int? version = null, string? lateExplanation = null) => step switch
    {
        ReceiveStep => await ReceiveAsync(id, actor, version),
        CompletenessStep => await CheckCompletenessAsync(id, lateExplanation: lateExplanation, actor: actor, version: version),
        CompletionStep => await ResubmitAsync(id, actor: actor, version: version),
        AccountStep => await ExecuteAsync(id, lateExplanation, actor, version),
        NotifyStep => await RelayAsync(id, lateExplanation, actor, version),
        ConfirmStep => await ConfirmReceiptAsync(id, lateExplanation, actor, version),
        ArchiveStep => await ArchiveAsync(id, lateExplanation, actor, version),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    /// <summary>
    /// Submits a request online (or, given an <paramref name="intake"/>, takes it in at the desk, received at once) and moves it
    /// through the real steps until step <paramref name="step"/> is open (or, for <see cref="Closed"/>, it is archived).
    /// </summary>
    public async Task<int> DriveToAsync(int step, SubmitActivationCommand? command = null, IntakeCommand? intake = null)
    {
        var id = intake is null ? await SubmitAsync(command) : await IntakeAsync(intake);
        if (step == CompletionStep)
        {
            if (intake is null)
            {
                AssertOk(await ReceiveAsync(id));
            }

            AssertOk(await ReturnMissingDecreeAsync(id));
            return id;
        }

        foreach (var next in new[] { ReceiveStep, CompletenessStep, AccountStep, NotifyStep, ConfirmStep, ArchiveStep })
        {
            if (next == step)
            {
                return id;
            }

            if (next == ReceiveStep && intake is not null)
            {
                continue; // received at the desk already
            }

            var applicant = (await LoadAsync(id)).ApplicantUserId;
            AssertOk(await PerformAsync(next, id, next == ConfirmStep ? ApplicantActor with { UserId = applicant } : null));
        }

        return id;
    }

    public void Dispose() => _data.Dispose();
}
