using AksesSpse.Core.Accounts;
using AksesSpse.Core.Campaigns;
using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AksesSpse.Core.Tests.Campaigns;

/// <summary>
/// Two offices, the PPK accounts of the year-end campaign and the service built by hand over a real SQLite database
/// in a file — not in memory: every context has its own connection, so two runs at once really compete for the
/// database as two web requests would — with a real file store in a temp folder. Assertions read through
/// <see cref="Query"/>.
/// </summary>
internal sealed class CampaignHarness : IDisposable
{
    /// <summary>10 December 2026, 10:00 WIB: inside the run window of fiscal year 2026.</summary>
    public static readonly DateTimeOffset InWindow = new(2026, 12, 10, 3, 0, 0, TimeSpan.Zero);

    public const int Year = 2026;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "aksesspse-campaign-tests", Guid.NewGuid().ToString("N")[..12]);

    public CampaignHarness()
        : this(InWindow)
    {
    }

    public CampaignHarness(DateTimeOffset start)
    {
        Directory.CreateDirectory(_folder);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "campaign.db"), Pooling = false }.ToString();
        Time = new FakeTimeProvider(start);
        Files = new LocalFileStore(Path.Combine(_folder, "files"));

        using var db = NewContext();
        db.Database.EnsureCreated();
        Office = new OfficeBuilder().InTimeZone("Asia/Jakarta").Build();
        Office.Address = "Jl. Merdeka No. 1, Kabupaten Contoh";
        OtherOffice = new OfficeBuilder().WithCode("KAB-LAIN").Build();
        db.Offices.AddRange(Office, OtherOffice);
        db.SaveChanges();
        db.SopDefinitions.AddRange(SopSeed.ForOffice(Office.Id));
        Applicant = new ApplicantBuilder().InOffice(Office.Id).Build();
        db.Users.Add(Applicant);
        db.SaveChanges();

        Admin = Actors.AdminAgency(Office.Id);
        OtherAdmin = Actors.AdminAgency(Office.Id, "admin-sinta", "Sinta Maharani");
        OtherOfficeAdmin = Actors.AdminAgency(OtherOffice.Id, "admin-lain", "Admin Kantor Lain");
    }

    public string ConnectionString { get; }
    public FakeTimeProvider Time { get; }
    public LocalFileStore Files { get; }
    public CampaignOptions Options { get; } = new();
    public Office Office { get; }
    public Office OtherOffice { get; }
    public ApplicationUser Applicant { get; }
    public Actor Admin { get; }
    public Actor OtherAdmin { get; }
    public Actor OtherOfficeAdmin { get; }

    public string FilesRoot => Path.Combine(_folder, "files");

    public AppDbContext NewContext(params IInterceptor[] interceptors)
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>().UseSqlite(ConnectionString);
        if (interceptors.Length > 0)
        {
            builder.AddInterceptors(interceptors);
        }

        return new AppDbContext(builder.Options);
    }

    public AppDbContext Query() => NewContext();

    /// <summary>A service on a fresh context (disposed with the harness's contexts by the GC; SQLite here is not pooled).</summary>
    public PpkCampaignService Service(params IInterceptor[] interceptors) => ServiceOn(NewContext(interceptors));

    public PpkCampaignService ServiceOn(AppDbContext db, IFileStore? files = null) =>
        new(db, Time, new OfficeCalendar(db, Time, new MemoryCache(new MemoryCacheOptions())), files ?? Files, Microsoft.Extensions.Options.Options.Create(Options),
            NullLogger<PpkCampaignService>.Instance);

    public SpseAccount AddAccount(string userId, SpseRole role = SpseRole.Ppk, int? officeId = null, bool inactive = false,
        DateOnly? validUntil = null, string? name = null, string? agency = null, string? nip = null)
    {
        using var db = NewContext();
        var builder = new SpseAccountBuilder().WithUserId(userId).WithRole(role).WithEmail(userId + "@contoh.go.id")
            .WithHolderName(name ?? "Pemegang " + userId).InOffice(officeId ?? Office.Id).SkValidUntil(validUntil ?? new DateOnly(2026, 12, 31));
        if (nip is not null)
        {
            builder.WithNip(nip);
        }

        if (inactive)
        {
            builder.Inactive();
        }

        var account = builder.Build();
        if (agency is not null)
        {
            account.Agency = agency;
        }

        db.SpseAccounts.Add(account);
        db.SaveChanges();
        return account;
    }

    /// <summary>An SOP 2 request on the account; open unless <paramref name="closed"/>.</summary>
    public async Task<string> AddRequestAsync(SpseAccount account, string number, bool closed = false)
    {
        await using var db = NewContext();
        var sop = await db.SopDefinitions.FirstAsync(s => s.OfficeId == Office.Id && s.Kind == SopKind.AccessActivation);
        db.AccessRequests.Add(new AccessRequest
        {
            Number = number,
            OfficeId = Office.Id,
            SopDefinitionId = sop.Id,
            Kind = SopKind.AccessActivation,
            Type = RequestType.Deactivate,
            ApplicantUserId = Applicant.Id,
            ApplicantName = Applicant.FullName,
            ApplicantEmail = Applicant.Email!,
            SpseUserId = account.UserId,
            SpseAccountId = account.Id,
            Reason = "Mutasi jabatan",
            Status = closed ? RequestStatus.Archived : RequestStatus.Submitted,
            SubmissionKey = Guid.NewGuid(),
            SubmittedAt = Time.GetUtcNow().UtcDateTime.AddDays(-3),
            ClosedAt = closed ? Time.GetUtcNow().UtcDateTime.AddDays(-1) : null,
        });
        await db.SaveChangesAsync();
        return number;
    }

    /// <summary>Inserts active PPK accounts "{prefix}.00001" … with one prepared statement in one transaction.</summary>
    public void BulkAddPpk(int count, string prefix = "ppk", int? officeId = null, SpseRole role = SpseRole.Ppk, bool inactive = false)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var tx = connection.BeginTransaction();
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO "SpseAccounts" ("OfficeId", "UserId", "HolderName", "HolderNip", "HolderEmail", "HolderPhone", "Agency", "Role",
                "SkNumber", "SkDate", "ValidFrom", "ValidUntil", "Status", "CreatedAt", "UpdatedAt", "Version")
            VALUES ($office, $user, $name, $nip, $email, '081234567890', $agency, $role, $sk, '2026-01-05', '2026-01-05', $until, $status,
                '2026-01-05 00:00:00', '2026-01-05 00:00:00', 0)
            """;
        var office = cmd.Parameters.Add("$office", SqliteType.Integer);
        var user = cmd.Parameters.Add("$user", SqliteType.Text);
        var name = cmd.Parameters.Add("$name", SqliteType.Text);
        var nip = cmd.Parameters.Add("$nip", SqliteType.Text);
        var email = cmd.Parameters.Add("$email", SqliteType.Text);
        var agency = cmd.Parameters.Add("$agency", SqliteType.Text);
        var roleParameter = cmd.Parameters.Add("$role", SqliteType.Integer);
        var sk = cmd.Parameters.Add("$sk", SqliteType.Text);
        var until = cmd.Parameters.Add("$until", SqliteType.Text);
        var status = cmd.Parameters.Add("$status", SqliteType.Integer);
        cmd.Prepare();
        for (var i = 1; i <= count; i++)
        {
            office.Value = officeId ?? Office.Id;
            user.Value = $"{prefix}.{i:D5}";
            name.Value = $"Pemegang {prefix} {i:D5}";
            nip.Value = $"19800101200501{1000 + (i % 9000):D4}";
            email.Value = $"{prefix}.{i:D5}@contoh.go.id";
            agency.Value = $"Dinas Nomor {i % 40}";
            roleParameter.Value = (int)role;
            sk.Value = $"900/{i:D5}/SK-PPK/2026";
            until.Value = i % 10 == 0 ? "2026-06-30" : "2026-12-31";
            status.Value = (int)(inactive ? SpseAccountStatus.Inactive : SpseAccountStatus.Active);
            cmd.ExecuteNonQuery();
        }

        tx.Commit();
    }

    public async Task<int> ExcludeAsync(string userId, string reason = "Masih menjabat PPK kontrak tahun jamak", Actor? actor = null)
    {
        int id;
        await using (var db = Query())
        {
            id = await db.SpseAccounts.Where(a => a.OfficeId == Office.Id && a.UserId == userId).Select(a => a.Id).SingleAsync();
        }

        AssertOk(await Service().ExcludeAsync(Year, id, reason, actor ?? Admin, CancellationToken.None));
        return id;
    }

    public async Task<int?> VersionAsync()
    {
        await using var db = Query();
        return await db.PpkCampaigns.Where(c => c.OfficeId == Office.Id && c.FiscalYear == Year).Select(c => (int?)c.Version).SingleOrDefaultAsync();
    }

    public static RunCampaignCommand Run(int? version, int year = Year) => new(year, version, true, year.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task<OperationResult<CampaignRunSummary>> RunAsync(Actor? actor = null, PpkCampaignService? service = null) =>
        await (service ?? Service()).RunAsync(Run(await VersionAsync()), actor ?? Admin, CancellationToken.None);

    public string[] NoticeFiles() =>
        Directory.Exists(FilesRoot) ? Directory.GetFiles(FilesRoot, "*.pdf", SearchOption.AllDirectories) : [];

    public static void AssertOk(OperationResult result) => Assert.True(result.Succeeded, $"{result.Error}: {result.Message}");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open; the temp folder is cleaned by the OS.
        }
    }
}
