using System.Net;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AksesSpse.Web.Tests.Security;

/// <summary>
/// One app on SQLite with a SOP 4 request of the demo Pokja member (made through the service, with its two
/// documents), and one signed-in client per role, shared by the security tests.
/// </summary>
public sealed class SecurityFixture : IAsyncLifetime
{
    /// <summary>Role name → the demo user that has only that role.</summary>
    public static readonly IReadOnlyDictionary<string, string> DemoEmailByRole = new Dictionary<string, string>
    {
        [Roles.Pemohon] = DemoUsers.Pokja,
        [Roles.KepalaUkpbj] = DemoUsers.KepalaUkpbj,
        [Roles.HelpdeskLpse] = DemoUsers.Helpdesk,
        [Roles.AdminAgency] = DemoUsers.AdminAgency,
        [Roles.AdminPpe] = DemoUsers.AdminPpe,
        [Roles.KepalaLpse] = DemoUsers.KepalaLpse,
        [Roles.Auditor] = DemoUsers.Auditor,
        [Roles.Administrator] = DemoUsers.Administrator,
    };

    private readonly Dictionary<string, FormClient> _clients = new();

    public AppFactory Factory { get; private set; } = null!;
    public int RequestId { get; private set; }

    /// <summary>An SOP 2 request of the demo Pokja member, registered by Helpdesk from a paper file.</summary>
    public int ActivationRequestId { get; private set; }
    public int DocumentId { get; private set; }

    /// <summary>An SOP 3 request (run by the engine) at step 2, and its SK document.</summary>
    public int StaffRequestId { get; private set; }
    public int StaffDocumentId { get; private set; }
    public int AccountId { get; private set; }
    public int SopId { get; private set; }

    /// <summary>The demo Pokja member's app account (the NIP verification pages are about an applicant).</summary>
    public string ApplicantUserId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Factory = await AppFactory.CreateAsync(new AppSettings { Database = DatabaseKind.Sqlite, OutboxWorker = false });

        using (var scope = Factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var pokja = await users.FindByEmailAsync(DemoUsers.Pokja) ?? throw new InvalidOperationException("no demo Pokja");
            var actor = new Actor(pokja.Id, pokja.FullName, pokja.OfficeId, new HashSet<string> { Roles.Pemohon });
            // SOP 4 runs on the engine: its request is started through its module, as /Prosedur/Ajukan/4 does.
            var engine = scope.ServiceProvider.GetRequiredService<AksesSpse.Core.Engine.SopEngine>();
            var module = scope.ServiceProvider.GetRequiredService<AksesSpse.Core.Procedures.PasswordResetModule>();
            var result = await module.StartAsync(engine, new SubmitResetCommand(Guid.NewGuid(), RequestType.ResetPassword, "rina.pokja",
                    "Lupa password akun SPSE setelah cuti panjang.", null, null, null, null,
                    [
                        new IncomingFile("SURAT_PERMOHONAN", "surat.pdf", SampleFiles.Pdf()),
                        new IncomingFile("SK_POKJA", "sk.pdf", SampleFiles.Pdf("SK Pokja")),
                    ]),
                actor, CancellationToken.None);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("The demo request was not created: " + result.Message);
            }

            RequestId = result.Value;
        }

        using (var scope = Factory.Services.CreateScope())
        {
            // An SOP 2 request that Helpdesk registered from a paper file of the same applicant: received (its handover form
            // exists) and waiting for the completeness check, so every SOP 2 move meets a real request of the office.
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var helpdesk = await users.FindByEmailAsync(DemoUsers.Helpdesk) ?? throw new InvalidOperationException("no demo Helpdesk");
            var actor = new Actor(helpdesk.Id, helpdesk.FullName, helpdesk.OfficeId, new HashSet<string> { Roles.HelpdeskLpse });
            // SOP 2 runs on the engine: Helpdesk's intake goes through its module, as /Helpdesk/Penerimaan/Baru does.
            var engine = scope.ServiceProvider.GetRequiredService<AksesSpse.Core.Engine.SopEngine>();
            var module = scope.ServiceProvider.GetRequiredService<AksesSpse.Core.Procedures.AccessActivationModule>();
            var result = await module.IntakeAsync(engine, new IntakeCommand(Guid.NewGuid(), IntakeChannel.WalkIn, RequestType.Deactivate,
                    "Rina Kartika Sari", "198503122010012003", DemoUsers.Pokja,
                    new PersonalDetails("Penata / III-c", "Anggota Pokja Pemilihan", "Dinas Pekerjaan Umum Kabupaten Contoh",
                        "Jl. Merdeka No. 1, Kabupaten Contoh", "081234567890"),
                    "rina.pokja", "Tidak lagi menjadi anggota Pokja Pemilihan.", "027/SK/UKPBJ/2026", DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(6),
                    [
                        new IncomingFile("SURAT_PERMOHONAN", "surat.pdf", SampleFiles.Pdf()),
                        new IncomingFile("SK_PENUNJUKAN", "sk.pdf", SampleFiles.Pdf("SK")),
                    ]),
                actor, CancellationToken.None);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("The demo SOP 2 request was not created: " + result.Message);
            }

            ActivationRequestId = result.Value;
        }

        using (var scope = Factory.Services.CreateScope())
        {
            // An SOP 3 request (on the engine) of the demo Kepala LPSE, waiting at step 2 (Kepala LPSE orders Admin PPE).
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var head = await users.FindByEmailAsync(DemoUsers.KepalaLpse) ?? throw new InvalidOperationException("no demo Kepala LPSE");
            var actor = new Actor(head.Id, head.FullName, head.OfficeId, new HashSet<string> { Roles.KepalaLpse });
            var engine = scope.ServiceProvider.GetRequiredService<AksesSpse.Core.Engine.SopEngine>();
            var result = await scope.ServiceProvider.GetRequiredService<AksesSpse.Core.Procedures.StaffRegistrationModule>().StartAsync(engine,
                new AksesSpse.Core.Procedures.StartStaffRegistration(Guid.NewGuid(), "800/1/LPSE/2026", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), null,
                    [new AksesSpse.Core.Procedures.StaffPerson("Dewi Lestari", "199001012015032001", "dewi@contoh.go.id", null, null,
                        AksesSpse.Core.Accounts.SpseRole.Verifikator, "dewi.verif")],
                    [new IncomingFile("SK_PEMBUATAN_AKUN", "sk.pdf", SampleFiles.Pdf("SK"))]),
                actor, CancellationToken.None);
            StaffRequestId = result.Succeeded ? result.Value : throw new InvalidOperationException("The demo SOP 3 request was not created: " + result.Message);
        }

        StaffDocumentId = await Factory.WithDbAsync(db => db.RequestDocuments.Where(d => d.AccessRequestId == StaffRequestId).Select(d => d.Id).FirstAsync());
        DocumentId = await Factory.WithDbAsync(db => db.RequestDocuments.Where(d => d.AccessRequestId == RequestId).Select(d => d.Id).FirstAsync());
        AccountId = await Factory.WithDbAsync(db => db.SpseAccounts.Where(a => a.UserId == "rina.pokja").Select(a => a.Id).SingleAsync());
        ApplicantUserId = await Factory.WithDbAsync(db => db.Users.Where(u => u.Email == DemoUsers.Pokja).Select(u => u.Id).SingleAsync());
        SopId = await Factory.WithDbAsync(db => db.SopDefinitions.Where(s => s.Kind == SopKind.PasswordReset && s.IsCurrent).Select(s => s.Id).FirstAsync());
    }

    /// <summary>A client signed in as the demo user of <paramref name="role"/>, made once and reused.</summary>
    public async Task<FormClient> ClientAsync(string role)
    {
        if (!_clients.TryGetValue(role, out var client))
        {
            client = Factory.CreateFormClient();
            await client.SignInAsync(DemoEmailByRole[role]);
            _clients[role] = client;
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        await Factory.DisposeAsync();
    }
}

/// <summary>
/// Every controller action of the web assembly, found by reflection, against a declared table of who may use
/// it; requested by every role and by an anonymous visitor.
/// </summary>
[Trait("Category", "Security")]
public sealed class AuthorizationMatrixTests(SecurityFixture fixture, ITestOutputHelper output) : IClassFixture<SecurityFixture>
{
    private const string Anonymous = "anonim";

    /// <summary>Who may use an action. Everything not allowed is refused.</summary>
    private sealed record Rule(bool AllowAnonymous, IReadOnlyCollection<string> Roles)
    {
        /// <summary>Refused signed-in users get 404 (the data is hidden from them) instead of 403.</summary>
        public bool HiddenAs404 { get; init; }

        /// <summary>The page answers with this status to everyone (the "access denied" page itself is a 403).</summary>
        public int? FixedStatus { get; init; }

        public bool Allows(string principal) => AllowAnonymous || (principal != Anonymous && Roles.Contains(principal));
    }

    private static Rule Public => new(true, Roles.All);
    private static Rule SignedIn => new(false, Roles.All);
    private static Rule Only(params string[] roles) => new(false, roles);

    /// <summary>Staff who may read the requests of their office (RequestQueries.CanSee) and the applicant who owns it.</summary>
    private static readonly string[] RequestViewers =
        [Roles.Pemohon, Roles.AdminAgency, Roles.HelpdeskLpse, Roles.KepalaLpse, Roles.KepalaUkpbj, Roles.Auditor];

    private static readonly string[] InboxUsers =
        [Roles.Pemohon, Roles.KepalaUkpbj, Roles.HelpdeskLpse, Roles.AdminAgency, Roles.AdminPpe, Roles.KepalaLpse, Roles.Auditor];

    /// <summary>Who may read an engine request of another person (SopEngine.CanView): the office's request viewers and Admin PPE.</summary>
    private static readonly string[] EngineViewers =
        [Roles.AdminAgency, Roles.HelpdeskLpse, Roles.KepalaLpse, Roles.KepalaUkpbj, Roles.Auditor, Roles.AdminPpe];

    private static readonly string[] Staff = [.. Roles.Staff];

    private static readonly string[] RegisterReaders =
        [Roles.AdminAgency, Roles.HelpdeskLpse, Roles.KepalaLpse, Roles.AdminPpe, Roles.Auditor];

    /// <summary>The declared access table: "METHOD /template" (route constraints removed) → rule.</summary>
    private static readonly IReadOnlyDictionary<string, Rule> Table = new Dictionary<string, Rule>
    {
        // Home and status pages
        ["GET /"] = Public,
        ["GET /Beranda"] = Public,
        ["ANY /Beranda/Status/{code}"] = Public,

        // Account: sign-in, registration, confirmation are anonymous; the rest needs a session
        ["GET /Akun/Masuk"] = Public,
        ["POST /Akun/Masuk"] = Public,
        ["GET /Akun/Daftar"] = Public,
        ["POST /Akun/Daftar"] = Public,
        ["GET /Akun/Daftar/Terkirim"] = Public,
        ["GET /Akun/Konfirmasi"] = Public,
        ["GET /Akun/AksesDitolak"] = Public with { FixedStatus = 403 },
        ["GET /Akun/GantiPassword"] = SignedIn,
        ["POST /Akun/GantiPassword"] = SignedIn,
        ["POST /Akun/Keluar"] = SignedIn,
        ["GET /Akun/KirimUlangKonfirmasi"] = Public,
        ["POST /Akun/KirimUlangKonfirmasi"] = Public,
        ["GET /Akun/LupaPassword"] = Public,
        ["POST /Akun/LupaPassword"] = Public,
        ["GET /Akun/AturUlangPassword"] = Public,
        ["POST /Akun/AturUlangPassword"] = Public,

        // The applicant's requests, and the former addresses of SOP 4 and SOP 2 (both on the engine: /Permohonan/Baru leads to
        // /Prosedur/Ajukan/4, /Permohonan/HakAkses/Baru to /Prosedur/Ajukan/2, a request's page to /Prosedur/{id})
        ["GET /Permohonan"] = Only(Roles.Pemohon),
        ["GET /Permohonan/Baru"] = Only(Roles.Pemohon),
        ["GET /Permohonan/HakAkses/Baru"] = Only(Roles.Pemohon),
        ["GET /Permohonan/Detail/{id}"] = Only(RequestViewers) with { HiddenAs404 = true },
        ["GET /Permohonan/{id}/Dokumen/{documentId}"] = Only(RequestViewers) with { HiddenAs404 = true },
        // The handover form of a request received at the desk or in the app (probed on the SOP 2 paper request)
        ["GET /Permohonan/{id}/TandaTerima"] = Only(RequestViewers) with { HiddenAs404 = true },

        // The desk: landing page and intake of paper / email files, per SOP as its PaperIntakePolicy says
        ["GET /Helpdesk"] = Only(Roles.HelpdeskLpse, Roles.AdminAgency),
        ["GET /Helpdesk/Penerimaan/Baru"] = Only(Roles.HelpdeskLpse),
        ["POST /Helpdesk/Penerimaan/Baru"] = Only(Roles.HelpdeskLpse),
        ["GET /Helpdesk/Penerimaan/ResetPassword"] = Only(Roles.HelpdeskLpse, Roles.AdminAgency),
        ["POST /Helpdesk/Penerimaan/ResetPassword"] = Only(Roles.HelpdeskLpse, Roles.AdminAgency),

        // Public SOP 2 links (anonymous by design, docs/adr/0011): without a valid sealed token everyone gets the 404 page
        ["GET /Status"] = Public with { FixedStatus = 404 },
        ["GET /Status/Konfirmasi"] = Public with { FixedStatus = 404 },
        ["POST /Status/Konfirmasi"] = Public with { FixedStatus = 404 },

        // One-time credential link: only applicants (and then only the request's own applicant, checked by the service)
        ["GET /Kredensial/Buka"] = Only(Roles.Pemohon),
        ["POST /Kredensial/Buka"] = Only(Roles.Pemohon),

        // "Tugas saya": everyone who acts on a step or reads the office's requests (not the Administrator); the former
        // queue's address redirects there for the same people. "Ajukan permohonan": every signed-in user (the page lists
        // only what the person may start, or says there is nothing).
        ["GET /Tugas"] = Only(InboxUsers),
        ["GET /Antrian"] = Only(InboxUsers),
        ["GET /Ajukan"] = SignedIn,

        // Register of SPSE accounts
        ["GET /Register"] = Only(RegisterReaders),
        ["GET /Register/{id}"] = Only(RegisterReaders),
        ["GET /Register/Baru"] = Only(Roles.AdminAgency),
        ["POST /Register/Baru"] = Only(Roles.AdminAgency),

        // Year-end PPK campaign: Admin Agency prepares and runs it; the staff who may read the office's requests see the outcome and the notice
        ["GET /Kampanye"] = Only([.. Roles.RequestViewers]),
        ["GET /Kampanye/Hasil"] = Only([.. Roles.RequestViewers]),
        ["GET /Kampanye/Pemberitahuan"] = Only([.. Roles.RequestViewers]),
        ["POST /Kampanye/Siapkan"] = Only(Roles.AdminAgency),
        ["POST /Kampanye/Kecualikan"] = Only(Roles.AdminAgency),
        ["POST /Kampanye/BatalKecualikan"] = Only(Roles.AdminAgency),
        ["POST /Kampanye/Jalankan"] = Only(Roles.AdminAgency),

        // NIP verification against the SK (docs/adr/0016): Helpdesk LPSE and Admin Agency
        ["GET /VerifikasiNip"] = Only(Roles.HelpdeskLpse, Roles.AdminAgency),
        ["GET /VerifikasiNip/{userId}"] = Only(Roles.HelpdeskLpse, Roles.AdminAgency),
        ["POST /VerifikasiNip/{userId}/Verifikasi"] = Only(Roles.HelpdeskLpse, Roles.AdminAgency),
        ["POST /VerifikasiNip/{userId}/Tolak"] = Only(Roles.HelpdeskLpse, Roles.AdminAgency),

        // SOPs: every signed-in user
        ["GET /Sop"] = SignedIn,
        ["GET /Sop/{id}"] = SignedIn,
        ["GET /Sop/{id}/Dokumen.pdf"] = SignedIn, // issue #11: the SOP document, for anyone who may read the SOP
        ["GET /Standar"] = Public, // issue #11 §3: the public service standard
        ["GET /Standar/{office}"] = Public,
        ["GET /Standar/{office}/{sop}"] = Public,
        ["GET /Standar/{office}/{sop}/sop.pdf"] = Public,
        ["GET /Standar/Ubah/{sop}"] = Only(Roles.KepalaLpse, Roles.Administrator),
        ["POST /Standar/Ubah/{sop}"] = Only(Roles.KepalaLpse, Roles.Administrator),
        ["GET /Sop/Kop"] = Only(Roles.Administrator, Roles.KepalaLpse), // issue #11: the letterhead of the SOP documents
        ["POST /Sop/Kop"] = Only(Roles.Administrator, Roles.KepalaLpse),
        ["GET /Sop/Bandingkan"] = SignedIn, // issue #11 §2: two versions side by side; drafts only for their editors
        ["POST /Sop/{id}/Draf"] = Only(Roles.Administrator, Roles.KepalaLpse), // issue #11 §2: the SOP editor
        ["GET /Sop/Draf/{id}"] = Only(Roles.Administrator, Roles.KepalaLpse),
        ["POST /Sop/Draf/{id}"] = Only(Roles.Administrator, Roles.KepalaLpse),
        ["POST /Sop/Draf/{id}/Terbitkan"] = Only(Roles.Administrator, Roles.KepalaLpse),
        ["POST /Sop/Draf/{id}/Buang"] = Only(Roles.Administrator, Roles.KepalaLpse),

        // Notifications of the signed-in user
        ["GET /Notifikasi"] = SignedIn,
        ["POST /Notifikasi/TandaiDibaca"] = SignedIn,
        ["POST /Notifikasi/Surel"] = Only([.. Roles.Staff.Where(r => r != Roles.Administrator)]),

        // Staff accounts
        ["GET /Pengguna"] = Only(Roles.Administrator),
        ["GET /Pengguna/Baru"] = Only(Roles.Administrator),
        ["POST /Pengguna/Baru"] = Only(Roles.Administrator),

        // Outgoing mail (M4): failed and waiting mail, retry and resend
        // Heads' dashboard (issue #10 §4): the office's heads and its auditor
        ["GET /Dasbor"] = Only(Roles.KepalaLpse, Roles.KepalaUkpbj, Roles.Auditor),
        ["GET /Dasbor/Permohonan"] = Only(Roles.KepalaLpse, Roles.KepalaUkpbj, Roles.Auditor),
        ["GET /Dasbor/Laporan/Pdf"] = Only(Roles.KepalaLpse, Roles.KepalaUkpbj, Roles.Auditor),
        ["GET /Dasbor/Laporan/Xlsx"] = Only(Roles.KepalaLpse, Roles.KepalaUkpbj, Roles.Auditor),
        ["GET /Dasbor/Laporan/Csv"] = Only(Roles.KepalaLpse, Roles.KepalaUkpbj, Roles.Auditor),

        // The deviation ledger: everybody has their own records; which record a reader may see or review is the ledger's (DeviationLedgerTests).
        ["GET /Penyimpangan"] = SignedIn,
        ["GET /Penyimpangan/{id}"] = SignedIn,
        ["POST /Penyimpangan/{id}/Penjelasan"] = SignedIn,
        ["POST /Penyimpangan/{id}/Telaah"] = SignedIn,
        ["GET /Kalender"] = Only(Staff),
        ["GET /Kalender/Templat"] = Only(Staff),
        ["POST /Kalender/Pekan"] = Only(Roles.Administrator, Roles.KepalaLpse),
        ["POST /Kalender/Libur"] = Only(Roles.Administrator, Roles.KepalaLpse),
        ["POST /Kalender/Libur/{id}/Hapus"] = Only(Roles.Administrator, Roles.KepalaLpse),
        ["POST /Kalender/Impor"] = Only(Roles.Administrator, Roles.KepalaLpse),
        ["GET /Admin/Surel"] = Only(Roles.Administrator),
        ["POST /Admin/Surel/CobaLagi"] = Only(Roles.Administrator),
        ["POST /Admin/Surel/KirimUlang"] = Only(Roles.Administrator),

        // Engine SOPs (SOP 3): who acts is the open step's actor role (step 2: Kepala LPSE); viewers as the engine's CanView
        ["GET /Prosedur"] = SignedIn,
        ["GET /Prosedur/Ajukan/{sop}"] = Only(Roles.KepalaLpse),
        ["POST /Prosedur/Ajukan/{sop}"] = Only(Roles.KepalaLpse),
        ["GET /Prosedur/{id}"] = Only(EngineViewers) with { HiddenAs404 = true },
        ["POST /Prosedur/{id}/Langkah"] = Only(Roles.KepalaLpse),
        ["GET /Prosedur/{id}/Dokumen/{documentId}"] = Only(EngineViewers) with { HiddenAs404 = true },
        ["GET /Prosedur/{id}/Formulir"] = Only(EngineViewers) with { HiddenAs404 = true },
        // A person's lost or expired link made again: the role that makes the accounts in the SOP (SOP 3: Admin PPE)
        ["POST /Prosedur/{id}/Personil/{personId}/KirimUlang"] = Only(Roles.AdminPpe),
        // SOP 4's temporary password made again (probed on the SOP 4 request at step 2): only the open step's actor, Admin Agency
        ["POST /Prosedur/{id}/BuatUlangPassword"] = Only(Roles.AdminAgency),
        // SOP 2 step 8 recorded for the applicant, or its link sent again (probed on the SOP 2 request at step 3): the role that
        // relays the result, Helpdesk LPSE, is told the request does not wait for a confirmation; everyone else is refused
        ["POST /Prosedur/{id}/KonfirmasiPetugas"] = Only(Roles.HelpdeskLpse),
        ["POST /Prosedur/{id}/KirimUlangKonfirmasi"] = Only(Roles.HelpdeskLpse),

        // SOP 1: the member list's template and import, and the account-request form drawn before sending: the head of the unit
        ["GET /Prosedur/Ajukan/1/Templat"] = Only(Roles.KepalaUkpbj),
        ["POST /Prosedur/Ajukan/1/Impor"] = Only(Roles.KepalaUkpbj),
        ["POST /Prosedur/Ajukan/1/Formulir"] = Only(Roles.KepalaUkpbj),
        // SOP 1's per-member moves, probed on the SOP 3 request: no SOP 1 request there, so not found for everyone (SOP 1's own tests
        // cover who may: Admin Agency records a confirmation and cancels an account; the applicant and Kepala LPSE may not)
        ["POST /Prosedur/{id}/Anggota/{personId}/Konfirmasi"] = Only() with { HiddenAs404 = true },
        ["POST /Prosedur/{id}/Anggota/{personId}/Batalkan"] = Only() with { HiddenAs404 = true },
        // A Pokja member's confirmation of receipt (SOP 1 step 3): the sealed link in their own email, without signing in
        ["GET /Kredensial/Konfirmasi"] = Public,
        ["POST /Kredensial/Konfirmasi"] = Public,

        // A new staff account's one-time link (SOP 3 step 4): opened without signing in, the NIP proves the person
        ["GET /Kredensial/Akun"] = Public,
        ["POST /Kredensial/Akun"] = Public,

        // Benchmark baseline page
        ["GET /Diagnostik/Minimal"] = Only(Roles.AdminAgency, Roles.KepalaLpse, Roles.KepalaUkpbj, Roles.Auditor),
    };

    /// <summary>
    /// Addresses probed besides the table's (with the same rules of judgement): the table's "/Prosedur/Ajukan/{sop}" row is probed
    /// with SOP 3 (Kepala LPSE's); the start forms of SOP 2 and SOP 4 are the applicant's only, SOP 1's the head of the unit's.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, Rule> Concrete = new Dictionary<string, Rule>
    {
        ["GET /Prosedur/Ajukan/1"] = Only(Roles.KepalaUkpbj),
        ["POST /Prosedur/Ajukan/1"] = Only(Roles.KepalaUkpbj),
        ["GET /Prosedur/Ajukan/2"] = Only(Roles.Pemohon),
        ["POST /Prosedur/Ajukan/2"] = Only(Roles.Pemohon),
        ["GET /Prosedur/Ajukan/4"] = Only(Roles.Pemohon),
        ["POST /Prosedur/Ajukan/4"] = Only(Roles.Pemohon),
    };

    /// <summary>Actions that end the session: probed with a session of their own.</summary>
    private static readonly HashSet<string> EndsSession = ["POST /Akun/Keluar"];

    private sealed record Endpoint(string Method, string Template, string Action)
    {
        public string Key => $"{Method} {Template}";
    }

    private sealed record Cell(int Status, string? Location, bool Ok, string Why)
    {
        public string Short => Status switch
        {
            _ when Location is not null && Location.StartsWith("/Akun/AksesDitolak", StringComparison.Ordinal) => "302→Ditolak",
            _ when Location is not null && Location.StartsWith("/Akun/Masuk", StringComparison.Ordinal) => "302→Masuk",
            _ when Location is not null && Location.StartsWith("/Permohonan/Detail/", StringComparison.Ordinal) => "302→Detail",
            _ when Location is not null => "302→" + Location.Split('?')[0],
            _ => Status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    [Fact]
    public async Task EveryActionIsClassified_AndEveryRoleGetsWhatTheTableSays()
    {
        var endpoints = DiscoverEndpoints();
        var problems = new List<string>();

        var unclassified = endpoints.Where(e => !Table.ContainsKey(e.Key)).Select(e => $"{e.Key} ({e.Action})").ToList();
        foreach (var key in unclassified)
        {
            problems.Add($"UNCLASSIFIED action: {key} — add it to AuthorizationMatrixTests.Table with the roles that may use it.");
        }

        var stale = Table.Keys.Where(k => endpoints.All(e => e.Key != k)).ToList();
        foreach (var key in stale)
        {
            problems.Add($"STALE table row: {key} matches no action any more.");
        }

        var principals = new List<string> { Anonymous };
        principals.AddRange(Roles.All);
        var classified = endpoints.Where(e => Table.ContainsKey(e.Key))
            .OrderBy(e => e.Template, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)
            .Concat(Concrete.Keys.Select(k => k.Split(' ')).Select(k => new Endpoint(k[0], k[1], "(start form of SOP " + k[1][^1] + ")")))
            .ToList();
        var rules = Table.Concat(Concrete).ToDictionary();
        var matrix = new Dictionary<(string Key, string Principal), Cell>();

        foreach (var principal in principals)
        {
            using var anonymousClient = principal == Anonymous ? fixture.Factory.CreateFormClient() : null;
            var client = anonymousClient ?? await fixture.ClientAsync(principal);
            var token = await AntiforgeryTokenAsync(client, principal == Anonymous ? "/Akun/Masuk" : "/Akun/GantiPassword");
            foreach (var endpoint in classified)
            {
                Cell cell;
                if (EndsSession.Contains(endpoint.Key) && principal != Anonymous)
                {
                    // Signing out would end the shared session: use a session of its own.
                    using var own = fixture.Factory.CreateFormClient();
                    await own.SignInAsync(SecurityFixture.DemoEmailByRole[principal]);
                    cell = await ProbeAsync(own, endpoint, await AntiforgeryTokenAsync(own, "/Akun/GantiPassword"), rules[endpoint.Key], principal);

                    // Signing out ends every session of the user (M5), the shared one too: sign it in again.
                    await client.SignInAsync(SecurityFixture.DemoEmailByRole[principal]);
                    token = await AntiforgeryTokenAsync(client, "/Akun/GantiPassword");
                }
                else
                {
                    cell = await ProbeAsync(client, endpoint, token, rules[endpoint.Key], principal);
                }

                matrix[(endpoint.Key, principal)] = cell;
                if (!cell.Ok)
                {
                    problems.Add($"{endpoint.Key} as {principal}: {cell.Why}");
                }
            }
        }

        var report = Render(classified, principals, matrix);
        output.WriteLine("* = allowed by the table, ✗ = not what the table says\n" + report);
        Assert.True(problems.Count == 0,
            $"{problems.Count} authorization problem(s):\n  " + string.Join("\n  ", problems) + "\n\nMatrix (* = allowed by the table, ✗ = not what the table says):\n" + report);
    }

    [Fact]
    public async Task EveryPostFormOnTheMainPagesCarriesAnAntiforgeryToken()
    {
        var pages = new List<(string Who, string Url, string MainForm)>
        {
            (Anonymous, "/Akun/Masuk", "/Akun/Masuk"),
            (Anonymous, "/Akun/Daftar", "/Akun/Daftar"),
            (Roles.Pemohon, "/Prosedur/Ajukan/4", "/Prosedur/Ajukan/4"),
            (Roles.AdminAgency, "/Register/Baru", "/Register/Baru"),
            (Roles.Administrator, "/Pengguna/Baru", "/Pengguna/Baru"),
            (Roles.Auditor, "/Akun/GantiPassword", "/Akun/GantiPassword"),
            (Roles.Pemohon, "/Akun/GantiPassword", "/Akun/GantiPassword"),
            (Roles.Pemohon, "/Prosedur/Ajukan/2", "/Prosedur/Ajukan/2"),
            (Roles.HelpdeskLpse, "/Helpdesk/Penerimaan/Baru", "/Helpdesk/Penerimaan/Baru"),
            (Roles.HelpdeskLpse, "/Helpdesk/Penerimaan/ResetPassword", "/Helpdesk/Penerimaan/ResetPassword"),
            (Roles.AdminAgency, "/Helpdesk/Penerimaan/ResetPassword", "/Helpdesk/Penerimaan/ResetPassword"),
            (Roles.HelpdeskLpse, $"/Prosedur/{fixture.ActivationRequestId}", $"/Prosedur/{fixture.ActivationRequestId}/Langkah"),
        };
        foreach (var role in RequestViewers)
        {
            // Admin Agency sees the completeness form; every other viewer at least the sign-out form of the layout.
            pages.Add((role, $"/Prosedur/{fixture.RequestId}",
                role == Roles.AdminAgency ? $"/Prosedur/{fixture.RequestId}/Langkah" : "/Akun/Keluar"));
        }

        var problems = new List<string>();
        var checkedForms = 0;
        using var anonymous = fixture.Factory.CreateFormClient();
        foreach (var (who, url, mainForm) in pages)
        {
            var client = who == Anonymous ? anonymous : await fixture.ClientAsync(who);
            var response = await client.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                problems.Add($"{url} as {who}: status {(int)response.StatusCode}");
                continue;
            }

            var page = await FormClient.ParseAsync(response);
            var forms = page.QuerySelectorAll("form").Where(f => string.Equals(f.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase)).ToList();
            if (!forms.Any(f => f.GetAttribute("action") == mainForm))
            {
                problems.Add($"{url} as {who}: no post form with action {mainForm}");
            }

            foreach (var form in forms)
            {
                checkedForms++;
                var token = form.QuerySelector("input[name='__RequestVerificationToken']");
                if (token is null || token.GetAttribute("type") != "hidden" || string.IsNullOrEmpty(token.GetAttribute("value")))
                {
                    problems.Add($"{url} as {who}: form action={form.GetAttribute("action")} has no __RequestVerificationToken");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(checkedForms >= pages.Count, $"only {checkedForms} forms checked");
    }

    [Fact]
    public async Task SecurityHeadersAreOnEveryKindOfResponse()
    {
        using var anonymous = fixture.Factory.CreateFormClient();
        var admin = await fixture.ClientAsync(Roles.AdminAgency);
        var responses = new List<(string What, HttpResponseMessage Response)>
        {
            ("login page", await anonymous.GetAsync("/Akun/Masuk")),
            ("redirect to sign-in", await anonymous.GetAsync("/Antrian")),
            ("not found", await anonymous.GetAsync("/tidak-ada")),
            ("static file", await anonymous.GetAsync("/css/site.css")),
            ("signed-in page", await admin.GetAsync("/Tugas")),
            ("redirect of a signed-in user", await admin.GetAsync("/Antrian")),
            ("document download", await admin.GetAsync($"/Permohonan/{fixture.RequestId}/Dokumen/{fixture.DocumentId}")),
        };

        var problems = new List<string>();
        foreach (var (what, response) in responses)
        {
            using (response)
            {
                var csp = Header(response, "Content-Security-Policy");
                if (csp is null || !csp.Contains("default-src 'self'", StringComparison.Ordinal) || !csp.Contains("frame-ancestors 'none'", StringComparison.Ordinal))
                {
                    problems.Add($"{what} ({(int)response.StatusCode}): Content-Security-Policy = {csp ?? "(none)"}");
                }

                if (Header(response, "X-Frame-Options") != "DENY")
                {
                    problems.Add($"{what} ({(int)response.StatusCode}): X-Frame-Options = {Header(response, "X-Frame-Options") ?? "(none)"}");
                }

                if (Header(response, "X-Content-Type-Options") != "nosniff")
                {
                    problems.Add($"{what} ({(int)response.StatusCode}): X-Content-Type-Options = {Header(response, "X-Content-Type-Options") ?? "(none)"}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    // ---- discovery ----

    private static List<Endpoint> DiscoverEndpoints()
    {
        var result = new List<Endpoint>();
        var controllers = typeof(StartupExtensions).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && typeof(Controller).IsAssignableFrom(t));
        foreach (var controller in controllers)
        {
            var classTemplates = controller.GetCustomAttributes<RouteAttribute>(inherit: true).Select(r => r.Template).ToList();
            if (classTemplates.Count == 0)
            {
                classTemplates.Add("");
            }

            var actions = controller.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && m.GetCustomAttribute<NonActionAttribute>() is null);
            foreach (var action in actions)
            {
                var name = $"{controller.Name}.{action.Name}";
                var verbs = action.GetCustomAttributes<HttpMethodAttribute>().ToList();
                var methodRoutes = action.GetCustomAttributes<RouteAttribute>().Select(r => r.Template).ToList();
                if (verbs.Count == 0)
                {
                    // No verb: the action answers any method. It must still be classified (as "ANY ...").
                    foreach (var template in methodRoutes.DefaultIfEmpty(null))
                    {
                        foreach (var classTemplate in classTemplates)
                        {
                            result.Add(new Endpoint("ANY", Combine(classTemplate, template), name));
                        }
                    }

                    continue;
                }

                foreach (var verb in verbs)
                {
                    foreach (var method in verb.HttpMethods)
                    {
                        foreach (var classTemplate in classTemplates)
                        {
                            result.Add(new Endpoint(method, Combine(classTemplate, verb.Template), name));
                        }
                    }
                }
            }
        }

        return result.DistinctBy(e => e.Key).ToList();
    }

    private static string Combine(string? classTemplate, string? actionTemplate)
    {
        string path;
        if (actionTemplate is not null && (actionTemplate.StartsWith('/') || actionTemplate.StartsWith("~/", StringComparison.Ordinal)))
        {
            path = actionTemplate.TrimStart('~');
        }
        else
        {
            path = string.Join('/', new[] { classTemplate, actionTemplate }.Where(p => !string.IsNullOrEmpty(p)));
        }

        // Constraints and defaults are not part of the table's keys: {id:int} → {id}.
        path = Regex.Replace(path.Trim('/'), @"\{(\*{0,2})([A-Za-z0-9_]+)[^}]*\}", "{$2}");
        return "/" + path;
    }

    // ---- probing ----

    private string Url(string template) =>
        Regex.Replace(template, @"\{([A-Za-z0-9_]+)\}", m => m.Groups[1].Value switch
        {
            "id" when template.EndsWith("/TandaTerima", StringComparison.Ordinal) =>
                fixture.ActivationRequestId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "id" when template.EndsWith("/BuatUlangPassword", StringComparison.Ordinal) => fixture.RequestId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "id" when template.EndsWith("/KonfirmasiPetugas", StringComparison.Ordinal) || template.EndsWith("/KirimUlangKonfirmasi", StringComparison.Ordinal) =>
                fixture.ActivationRequestId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "id" when template.StartsWith("/Prosedur/", StringComparison.Ordinal) => fixture.StaffRequestId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "documentId" when template.StartsWith("/Prosedur/", StringComparison.Ordinal) => fixture.StaffDocumentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "id" when template.StartsWith("/Kalender/", StringComparison.Ordinal) => "999999", // no such day off: nothing is removed
            "id" when template.StartsWith("/Penyimpangan/", StringComparison.Ordinal) => "999999", // no such record: nothing is changed
            "sop" when template.StartsWith("/Standar/", StringComparison.Ordinal) => "reset-password",
            "office" => AksesSpse.Core.Data.DatabaseInitializer.DemoOfficeCode,
            "sop" => "3",
            "personId" => "1",
            "id" when template.StartsWith("/Permohonan/", StringComparison.Ordinal) => fixture.RequestId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "id" when template.StartsWith("/Register/", StringComparison.Ordinal) => fixture.AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "id" when template.StartsWith("/Sop/", StringComparison.Ordinal) => fixture.SopId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "documentId" => fixture.DocumentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "userId" => fixture.ApplicantUserId,
            "token" => "x",
            "code" => "404",
            var other => throw new InvalidOperationException($"No sample value for route parameter {{{other}}} in {template}: add one to AuthorizationMatrixTests.Url."),
        });

    private static async Task<string> AntiforgeryTokenAsync(FormClient client, string pageWithForm)
    {
        var page = await client.GetPageAsync(pageWithForm);
        return page.QuerySelector("input[name='__RequestVerificationToken']")?.GetAttribute("value")
               ?? throw new InvalidOperationException($"No antiforgery token on {pageWithForm}: {page.Title}");
    }

    private async Task<Cell> ProbeAsync(FormClient client, Endpoint endpoint, string token, Rule rule, string principal)
    {
        var url = Url(endpoint.Template);
        using var request = new HttpRequestMessage(endpoint.Method == "ANY" ? HttpMethod.Get : new HttpMethod(endpoint.Method), url);
        if (endpoint.Method == "POST")
        {
            // A valid token of this session, and a version no request has: state-changing steps are refused as a
            // conflict instead of moving the request, so every role meets the same state.
            request.Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Version", "-1")]);
        }

        using var response = await client.Http.SendAsync(request);
        var status = (int)response.StatusCode;
        var location = LocalPath(response.Headers.Location);
        var allowed = rule.Allows(principal);

        (bool Ok, string Why) verdict;
        if (rule.FixedStatus is { } fixedStatus)
        {
            verdict = (status == fixedStatus, $"expected {fixedStatus} for everyone, got {status} {location}");
        }
        else if (allowed)
        {
            var refused = status is 401 or 403 || IsTo(location, "/Akun/AksesDitolak") || IsTo(location, "/Akun/Masuk");
            var broken = status is 400 or >= 500 || (rule.HiddenAs404 && status == 404);
            verdict = (!refused && !broken, $"allowed by the table but got {status}{(location is null ? "" : " → " + location)}");
        }
        else if (principal == Anonymous)
        {
            verdict = (status == 302 && IsTo(location, "/Akun/Masuk"), $"anonymous must be sent to /Akun/Masuk, got {status}{(location is null ? "" : " → " + location)}");
        }
        else if (rule.HiddenAs404)
        {
            verdict = (status == 404, $"the data must be hidden (404), got {status}{(location is null ? "" : " → " + location)}");
        }
        else
        {
            verdict = (status == 403 || (status == 302 && IsTo(location, "/Akun/AksesDitolak")),
                $"refused by the table but got {status}{(location is null ? "" : " → " + location)}");
        }

        return new Cell(status, location, verdict.Ok, verdict.Why);
    }

    private static string? LocalPath(Uri? location) =>
        location is null ? null : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    private static bool IsTo(string? location, string path) =>
        location is not null && (location == path || location.StartsWith(path + "?", StringComparison.Ordinal));

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
        : null;

    private static string Render(List<Endpoint> endpoints, List<string> principals, Dictionary<(string Key, string Principal), Cell> matrix)
    {
        var width = endpoints.Max(e => e.Key.Length) + 2;
        var col = Math.Max(principals.Max(p => p.Length), matrix.Values.Max(c => c.Short.Length + 2)) + 1;
        var sb = new StringBuilder();
        sb.Append("".PadRight(width));
        foreach (var p in principals)
        {
            sb.Append(p.PadRight(col));
        }

        sb.AppendLine();
        foreach (var e in endpoints)
        {
            sb.Append(e.Key.PadRight(width));
            foreach (var p in principals)
            {
                var text = matrix.TryGetValue((e.Key, p), out var cell)
                    ? (cell.Ok ? "" : "✗") + cell.Short + ((Table.TryGetValue(e.Key, out var rule) ? rule : Concrete[e.Key]).Allows(p) ? "*" : "")
                    : "-";
                sb.Append(text.PadRight(col));
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }
}
