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
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AksesSpse.Core.Tests.TestSupport;

/// <summary>
/// One office (Asia/Jakarta) with SOP 2, an applicant with three of her SPSE accounts in the register (an active
/// Pokja account, an inactive PPK account, a Verifikator account), a second applicant, a person who has no AksesSpse
/// account yet but holds a PPK account, Helpdesk and Admin Agency staff of this and another office, over a real SQLite
/// database and a real Data Protection provider. SOP 2 runs on the engine: its moves are AccessActivationEngineHarness's,
/// over this data; assertions read through <see cref="Query"/>.
/// </summary>
internal sealed class AccessActivationHarness : IDisposable
{
    public const string LetterCode = "SURAT_PERMOHONAN";
    public const string DecreeCode = "SK_PENUNJUKAN";
    public const string DecreeName = "Surat Keputusan/Surat Tugas/Surat Penunjukan sebagai PPK/Anggota Pokja/Pejabat Pengadaan yang berlaku";

    public const string PokjaUserId = "rina.pokja";
    public const string PpkUserId = "rina.ppk";
    public const string VerifikatorUserId = "rina.verifikator";
    public const string OtherHoldersUserId = "dodi.pokja";
    public const string WalkInUserId = "agus.ppk";

    public const string WalkInName = "Agus Salim";
    public const string WalkInNip = "197906152005011004";
    public const string WalkInEmail = "agus.salim@contoh.go.id";

    public AccessActivationHarness()
        : this(TestTime.DefaultStart)
    {
    }

    public AccessActivationHarness(DateTimeOffset start)
    {
        Time = new FakeTimeProvider(start);
        Links = new RequestLinks(Protection, Time, AppOptions);
        Files.Setup(f => f.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<byte[]>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string folder, string extension, byte[] content, CancellationToken _) => NewPath(folder, extension, content));
        Files.Setup(f => f.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        using var db = Database.NewContext();
        Office = new OfficeBuilder().InTimeZone("Asia/Jakarta").Build();
        OtherOffice = new OfficeBuilder().WithCode("KAB-LAIN").Build();
        db.Offices.AddRange(Office, OtherOffice);
        db.SaveChanges();

        db.SopDefinitions.AddRange(SopSeed.ForOffice(Office.Id));
        db.SopDefinitions.AddRange(SopSeed.ForOffice(OtherOffice.Id));
        foreach (var role in Roles.All)
        {
            db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() });
        }

        Applicant = new ApplicantBuilder().InOffice(Office.Id).Build();
        OtherApplicant = new ApplicantBuilder().WithId("user-dodi").WithEmail("dodi@contoh.go.id").WithName("Dodi Pratama")
            .WithNip("197011061996031002").InOffice(Office.Id).Build();
        HelpdeskUser = new ApplicantBuilder().WithId("helpdesk-sari").WithEmail("sari.helpdesk@contoh.go.id").WithName("Sari Dewi")
            .WithNip(null).InOffice(Office.Id).Build();
        db.Users.AddRange(Applicant, OtherApplicant, HelpdeskUser);
        db.SaveChanges();
        AddToRole(db, Applicant.Id, Roles.Pemohon);
        AddToRole(db, OtherApplicant.Id, Roles.Pemohon);
        AddToRole(db, HelpdeskUser.Id, Roles.HelpdeskLpse);

        PokjaAccount = new SpseAccountBuilder().InOffice(Office.Id).Build();
        PpkAccount = new SpseAccountBuilder().WithUserId(PpkUserId).WithRole(SpseRole.Ppk).Inactive().InOffice(Office.Id).Build();
        VerifikatorAccount = new SpseAccountBuilder().WithUserId(VerifikatorUserId).WithRole(SpseRole.Verifikator).InOffice(Office.Id).Build();
        OtherHoldersAccount = new SpseAccountBuilder().WithUserId(OtherHoldersUserId).WithHolderName(OtherApplicant.FullName)
            .WithNip(OtherApplicant.Nip!).InOffice(Office.Id).Build();
        WalkInAccount = new SpseAccountBuilder().WithUserId(WalkInUserId).WithHolderName(WalkInName).WithNip(WalkInNip)
            .WithRole(SpseRole.Ppk).InOffice(Office.Id).Build();
        db.SpseAccounts.AddRange(PokjaAccount, PpkAccount, VerifikatorAccount, OtherHoldersAccount, WalkInAccount);
        db.SaveChanges();

        ApplicantActor = Actors.Pemohon(Applicant);
        OtherApplicantActor = Actors.Pemohon(OtherApplicant);
        Helpdesk = Actors.WithRole(Roles.HelpdeskLpse, Office.Id, HelpdeskUser.Id, HelpdeskUser.FullName);
        OtherHelpdesk = Actors.WithRole(Roles.HelpdeskLpse, Office.Id, "helpdesk-yoga", "Yoga Pratama");
        OtherOfficeHelpdesk = Actors.WithRole(Roles.HelpdeskLpse, OtherOffice.Id, "helpdesk-lain", "Helpdesk Kantor Lain");
        Admin = Actors.AdminAgency(Office.Id);
        OtherOfficeAdmin = Actors.AdminAgency(OtherOffice.Id, "admin-lain", "Admin Kantor Lain");
    }

    public TestDatabase Database { get; } = new();
    public FakeTimeProvider Time { get; }
    public Mock<IFileStore> Files { get; } = new();
    public IStepClock Clock { get; set; } = new WallClockStepClock();
    public IDataProtectionProvider Protection { get; } = new EphemeralDataProtectionProvider();
    public IOptions<AppOptions> AppOptions { get; } = Options.Create(new AppOptions { BaseUrl = "https://lpse.contoh.go.id/aksesspse/" });
    public RequestLinks Links { get; }

    /// <summary>Every path the file store handed out, in order, and what was written there.</summary>
    public List<string> StoredPaths { get; } = [];
    public Dictionary<string, byte[]> StoredContent { get; } = [];

    public Office Office { get; }
    public Office OtherOffice { get; }
    public ApplicationUser Applicant { get; }
    public ApplicationUser OtherApplicant { get; }
    public ApplicationUser HelpdeskUser { get; }

    /// <summary>Rina's active Pokja account: the default subject of a deactivation.</summary>
    public SpseAccount PokjaAccount { get; }

    /// <summary>Rina's inactive PPK account: the default subject of an activation.</summary>
    public SpseAccount PpkAccount { get; }
    public SpseAccount VerifikatorAccount { get; }
    public SpseAccount OtherHoldersAccount { get; }

    /// <summary>The active PPK account of a person with no AksesSpse account, who brings the file to the desk.</summary>
    public SpseAccount WalkInAccount { get; }

    public Actor ApplicantActor { get; }
    public Actor OtherApplicantActor { get; }
    public Actor Helpdesk { get; }
    public Actor OtherHelpdesk { get; }
    public Actor OtherOfficeHelpdesk { get; }
    public Actor Admin { get; }
    public Actor OtherOfficeAdmin { get; }

    public DateTime Now => Time.GetUtcNow().UtcDateTime;

    public string NewPath(string folder, string extension, byte[] content)
    {
        var path = $"{folder}/{Guid.NewGuid():N}{extension}";
        StoredPaths.Add(path);
        StoredContent[path] = content;
        return path;
    }

    /// <summary>The office calendar on that context (its zone cache is the harness's, as the app's is the app's).</summary>
    public OfficeCalendar Calendar(AppDbContext db) => new(db, Time, ZoneCache);

    public IMemoryCache ZoneCache { get; } = new MemoryCache(new MemoryCacheOptions());

    public RequestQueries Queries() => new(Database.NewContext(), Time);

    /// <summary>An SOP 4 request (on the engine) on the same database, to prove the SOP 2 moves and queues leave it alone.</summary>
    public async Task<OperationResult<int>> SubmitResetAsync(SubmitResetCommand command, Actor actor)
    {
        await using var db = Database.NewContext();
        var calendar = Calendar(db);
        var notifier = new Notifier(db, Time, AppOptions);
        var files = new RequestFiles(Files.Object, new UploadInspector());
        var moves = new RequestMoves(db, calendar);
        var module = new Procedures.PasswordResetModule(db, Time, calendar, files, notifier, new CredentialService(db, Protection, Time, calendar, AppOptions),
            moves, Links, NullLogger<Procedures.PasswordResetModule>.Instance);
        var engine = new AksesSpse.Core.Engine.SopEngine(db, Clock, Time, files, moves, notifier, [module], AppOptions, NullLogger<AksesSpse.Core.Engine.SopEngine>.Instance,
            new WorkNotices(db, notifier, new AksesSpse.Core.Identity.UserDirectory(db), calendar, Time, NullLogger<WorkNotices>.Instance));
        return await module.StartAsync(engine, command, actor, CancellationToken.None);
    }

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

    public async Task<SpseAccount> AccountAsync(string userId)
    {
        await using var db = Query();
        return await db.SpseAccounts.AsNoTracking().SingleAsync(a => a.OfficeId == Office.Id && a.UserId == userId);
    }

    /// <summary>Adds an account of Rina's to the register (e.g. so that several SOP 2 requests can be open at once).</summary>
    public async Task<SpseAccount> AddAccountAsync(string userId, SpseRole role = SpseRole.Pokja, bool active = true)
    {
        var builder = new SpseAccountBuilder().WithUserId(userId).WithRole(role).InOffice(Office.Id);
        var account = (active ? builder : builder.Inactive()).Build();
        await using var db = Query();
        db.SpseAccounts.Add(account);
        await db.SaveChangesAsync();
        return account;
    }

    public async Task<string> UserIdByEmailAsync(string email)
    {
        await using var db = Query();
        return await db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.Id).SingleAsync();
    }

    public static void AssertOk(OperationResult result) => Assert.True(result.Succeeded, $"{result.Error}: {result.Message}");

    public void Dispose() => Database.Dispose();

    private static void AddToRole(AppDbContext db, string userId, string role)
    {
        var roleId = db.Roles.Single(r => r.Name == role).Id;
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = userId, RoleId = roleId });
        db.SaveChanges();
    }
}

/// <summary>
/// The applicant's SOP 2 form: by default a deactivation of "rina.pokja" with both required documents as PDF and an SK
/// valid until the end of 2026.
/// </summary>
internal sealed class SubmitActivationCommandBuilder
{
    public static readonly PersonalDetails DefaultDetails = new("Penata / III-c", "Anggota Pokja Pemilihan",
        "Dinas Pekerjaan Umum Kabupaten Contoh", "Jl. Merdeka No. 1, Kabupaten Contoh", "081234567890");

    private readonly List<IncomingFile> _files =
    [
        new(AccessActivationHarness.LetterCode, "surat-permohonan.pdf", TestFiles.Pdf()),
        new(AccessActivationHarness.DecreeCode, "sk-penunjukan.pdf", TestFiles.Pdf()),
    ];

    private Guid _key = Guid.NewGuid();
    private RequestType _type = RequestType.Deactivate;
    private string _spseUserId = AccessActivationHarness.PokjaUserId;
    private string _skNumber = "027/15/SK-PBJ/2026";
    private DateOnly _skValidUntil = new(2026, 12, 31);

    public SubmitActivationCommandBuilder WithKey(Guid key)
    {
        _key = key;
        return this;
    }

    public SubmitActivationCommandBuilder ForSpseUserId(string spseUserId)
    {
        _spseUserId = spseUserId;
        return this;
    }

    /// <summary>An activation of Rina's inactive PPK account.</summary>
    public SubmitActivationCommandBuilder Activating(string spseUserId = AccessActivationHarness.PpkUserId)
    {
        _type = RequestType.Activate;
        _spseUserId = spseUserId;
        return this;
    }

    public SubmitActivationCommandBuilder OfType(RequestType type)
    {
        _type = type;
        return this;
    }

    public SubmitActivationCommandBuilder WithSk(string number, DateOnly validUntil)
    {
        _skNumber = number;
        _skValidUntil = validUntil;
        return this;
    }

    public SubmitActivationCommandBuilder SkValidUntil(DateOnly validUntil)
    {
        _skValidUntil = validUntil;
        return this;
    }

    public SubmitActivationCommandBuilder Without(string documentCode)
    {
        _files.RemoveAll(f => f.DocumentCode == documentCode);
        return this;
    }

    public SubmitActivationCommandBuilder WithFile(string documentCode, string fileName, byte[] content)
    {
        Without(documentCode);
        _files.Add(new IncomingFile(documentCode, fileName, content));
        return this;
    }

    public SubmitActivationCommand Build() =>
        new(_key, _type, _spseUserId, "Tidak lagi menjabat; mohon hak akses disesuaikan", DefaultDetails, _skNumber, _skValidUntil, _files.ToList());
}

/// <summary>
/// What Helpdesk records for a file brought to the desk: by default Agus Salim (no AksesSpse account yet) asking, on
/// paper, to deactivate his PPK account "agus.ppk".
/// </summary>
internal sealed class IntakeCommandBuilder
{
    private readonly List<IncomingFile> _files =
    [
        new(AccessActivationHarness.LetterCode, "pindaian-surat.pdf", TestFiles.Pdf()),
        new(AccessActivationHarness.DecreeCode, "pindaian-sk.jpg", TestFiles.Jpeg()),
    ];

    private Guid _key = Guid.NewGuid();
    private IntakeChannel _channel = IntakeChannel.WalkIn;
    private RequestType _type = RequestType.Deactivate;
    private string _name = AccessActivationHarness.WalkInName;
    private string _nip = "19790615 200501 1 004";
    private string _email = AccessActivationHarness.WalkInEmail;
    private string _spseUserId = AccessActivationHarness.WalkInUserId;

    public IntakeCommandBuilder WithKey(Guid key)
    {
        _key = key;
        return this;
    }

    public IntakeCommandBuilder ByChannel(IntakeChannel channel)
    {
        _channel = channel;
        return this;
    }

    public IntakeCommandBuilder OfType(RequestType type)
    {
        _type = type;
        return this;
    }

    public IntakeCommandBuilder ForApplicant(string name, string nip, string email)
    {
        _name = name;
        _nip = nip;
        _email = email;
        return this;
    }

    public IntakeCommandBuilder WithEmail(string email)
    {
        _email = email;
        return this;
    }

    public IntakeCommandBuilder ForSpseUserId(string spseUserId)
    {
        _spseUserId = spseUserId;
        return this;
    }

    public IntakeCommandBuilder Without(string documentCode)
    {
        _files.RemoveAll(f => f.DocumentCode == documentCode);
        return this;
    }

    public IntakeCommandBuilder WithFile(string documentCode, string fileName, byte[] content)
    {
        Without(documentCode);
        _files.Add(new IncomingFile(documentCode, fileName, content));
        return this;
    }

    public IntakeCommand Build() =>
        new(_key, _channel, _type, _name, _nip, _email,
            new PersonalDetails("Penata Tingkat I / III-d", "Pejabat Pembuat Komitmen", "Dinas Kesehatan Kabupaten Contoh",
                "Jl. Pahlawan No. 5, Kabupaten Contoh", "081298765432"),
            _spseUserId, "Pindah tugas; bukan PPK lagi", "800/77/SK-PPK/2026", new DateOnly(2026, 12, 31), _files.ToList());
}
