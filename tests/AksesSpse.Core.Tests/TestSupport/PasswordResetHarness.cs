using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Credentials;
using AksesSpse.Core.Data;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AksesSpse.Core.Tests.TestSupport;

/// <summary>
/// One office with SOP 4, an applicant and her SPSE account in the register, and the service graph built by
/// hand over a real SQLite database. Each <see cref="Service()"/> call gets a fresh DbContext, as each web
/// request would; assertions read through <see cref="Query"/>, so they see what was saved and nothing else.
/// </summary>
internal sealed class PasswordResetHarness : IDisposable
{
    public PasswordResetHarness()
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
        Account = new SpseAccountBuilder().InOffice(Office.Id).Build();
        db.SpseAccounts.Add(Account);
        db.SaveChanges();

        ApplicantActor = Actors.Pemohon(Applicant);
        OtherApplicantActor = Actors.Pemohon(OtherApplicant);
        Admin = Actors.AdminAgency(Office.Id);
        OtherOfficeAdmin = Actors.AdminAgency(OtherOffice.Id, "admin-lain", "Admin Kantor Lain");
    }

    public TestDatabase Database { get; } = new();
    public FakeTimeProvider Time { get; } = TestTime.NewClock();
    public Mock<IFileStore> Files { get; } = new();
    public IStepClock Clock { get; set; } = new WallClockStepClock();
    public IDataProtectionProvider Protection { get; } = new EphemeralDataProtectionProvider();
    public IOptions<AppOptions> AppOptions { get; } = Options.Create(new AppOptions());
    public ILogger<PasswordResetService> Logger { get; set; } = NullLogger<PasswordResetService>.Instance;

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

    public string NewPath(string folder, string extension)
    {
        var path = $"{folder}/{Guid.NewGuid():N}{extension}";
        StoredPaths.Add(path);
        return path;
    }

    public PasswordResetService Service() => ServiceOn(Database.NewContext());

    public PasswordResetService ServiceOn(AppDbContext db, IStepClock? clock = null, IFileStore? files = null) =>
        new(db, clock ?? Clock, Time, Calendar(db), new RequestFiles(files ?? Files.Object, new UploadInspector()), new Notifier(db, Time, AppOptions),
            Credentials(db), new RequestMoves(db, Time, Calendar(db), new ForwardingLogger<RequestMoves>(() => Logger)), Links, AppOptions, Logger);

    public RequestLinks Links => new(Protection, Time, AppOptions);

    public CredentialService Credentials(AppDbContext? db = null)
    {
        db ??= Database.NewContext();
        return new(db, Protection, Time, Calendar(db), AppOptions);
    }

    /// <summary>The office calendar on that context (its zone cache is the harness's, as the app's is the app's).</summary>
    public OfficeCalendar Calendar(AppDbContext db) => new(db, Time, ZoneCache);

    public IMemoryCache ZoneCache { get; } = new MemoryCache(new MemoryCacheOptions());

    /// <summary>A fresh context for reading what the database holds.</summary>
    public AppDbContext Query() => Database.NewContext();

    public async Task<AccessRequest> LoadAsync(int requestId)
    {
        await using var db = Query();
        return await db.AccessRequests.AsNoTracking()
            .Include(r => r.Steps)
            .Include(r => r.Documents)
            .Include(r => r.Sop!).ThenInclude(s => s.RequiredDocuments)
            .AsSplitQuery()
            .SingleAsync(r => r.Id == requestId);
    }

    public async Task<int> VersionOfAsync(int requestId)
    {
        await using var db = Query();
        return await db.AccessRequests.Where(r => r.Id == requestId).Select(r => r.Version).SingleAsync();
    }

    // ---- the moves, with sensible defaults; the version is read from the database unless given ----

    public async Task<int> SubmitAsync(SubmitResetCommand? command = null)
    {
        var result = await Service().SubmitAsync(command ?? new SubmitResetCommandBuilder().Build(), ApplicantActor, CancellationToken.None);
        AssertOk(result);
        return result.Value;
    }

    public async Task<OperationResult> CheckCompletenessAsync(int id, CompletenessDecision decision = CompletenessDecision.Complete,
        IReadOnlyCollection<string>? missing = null, string? remarks = null, string? lateExplanation = null, Actor? actor = null, int? version = null) =>
        await Service().CheckCompletenessAsync(id, version ?? await VersionOfAsync(id), decision, missing ?? [], remarks, lateExplanation,
            actor ?? Admin, CancellationToken.None);

    public async Task<OperationResult> ResubmitAsync(int id, IReadOnlyList<IncomingFile>? files = null, string? note = "SK terlampir",
        Actor? actor = null, int? version = null) =>
        await Service().ResubmitAsync(id, version ?? await VersionOfAsync(id),
            files ?? [new IncomingFile(SubmitResetCommandBuilder.DecreeCode, "sk-pokja-lengkap.pdf", TestFiles.Pdf())],
            note, actor ?? ApplicantActor, CancellationToken.None);

    public async Task<OperationResult> CheckValidityAsync(int id, bool valid = true, string? reason = null, string? confirmationNote = null,
        string? lateExplanation = null, Actor? actor = null, int? version = null, string? deviationReason = null) =>
        await Service().CheckValidityAsync(id, version ?? await VersionOfAsync(id), valid, reason, confirmationNote, deviationReason, lateExplanation,
            actor ?? Admin, CancellationToken.None);

    public async Task<OperationResult<ExecutionResult>> ExecuteAsync(int id, string? lateExplanation = null, Actor? actor = null, int? version = null) =>
        await Service().ExecuteAsync(id, version ?? await VersionOfAsync(id), lateExplanation, actor ?? Admin, CancellationToken.None);

    public async Task<OperationResult> NotifyAsync(int id, string? lateExplanation = null, Actor? actor = null, int? version = null) =>
        await Service().NotifyAsync(id, version ?? await VersionOfAsync(id), lateExplanation, actor ?? Admin, CancellationToken.None);

    public async Task<OperationResult> ArchiveAsync(int id, string? lateExplanation = null, Actor? actor = null, int? version = null) =>
        await Service().ArchiveAsync(id, version ?? await VersionOfAsync(id), lateExplanation, actor ?? Admin, CancellationToken.None);

    /// <summary>Performs the move with arguments that succeed whenever the move is allowed.</summary>
    public async Task<OperationResult> PerformAsync(ResetAction action, int id, Actor? actor = null, int? version = null) => action switch
    {
        ResetAction.CheckCompleteness => await CheckCompletenessAsync(id, actor: actor, version: version),
        ResetAction.Resubmit => await ResubmitAsync(id, actor: actor, version: version),
        ResetAction.CheckValidity => await CheckValidityAsync(id, actor: actor, version: version),
        ResetAction.Execute => await ExecuteAsync(id, actor: actor, version: version),
        ResetAction.Notify => await NotifyAsync(id, actor: actor, version: version),
        ResetAction.Archive => await ArchiveAsync(id, actor: actor, version: version),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>Submits a request and moves it through the real service calls until it reaches <paramref name="status"/>.</summary>
    public async Task<int> DriveToAsync(RequestStatus status, SubmitResetCommand? command = null)
    {
        var id = await SubmitAsync(command);
        if (status == RequestStatus.Submitted)
        {
            return id;
        }

        if (status == RequestStatus.ReturnedForCompletion)
        {
            AssertOk(await CheckCompletenessAsync(id, CompletenessDecision.Incomplete, [SubmitResetCommandBuilder.DecreeCode]));
            return id;
        }

        AssertOk(await CheckCompletenessAsync(id));
        if (status == RequestStatus.AwaitingValidation)
        {
            return id;
        }

        AssertOk(await CheckValidityAsync(id));
        if (status == RequestStatus.AwaitingExecution)
        {
            return id;
        }

        AssertOk(await ExecuteAsync(id));
        if (status == RequestStatus.AwaitingNotification)
        {
            return id;
        }

        AssertOk(await NotifyAsync(id));
        if (status == RequestStatus.AwaitingArchive)
        {
            return id;
        }

        AssertOk(await ArchiveAsync(id));
        return id;
    }

    public static void AssertOk(OperationResult result) => Assert.True(result.Succeeded, $"{result.Error}: {result.Message}");

    public void Dispose() => Database.Dispose();
}
