using System.Diagnostics.CodeAnalysis;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Credentials;
using AksesSpse.Core.Data;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AksesSpse.Core.Procedures;

/// <summary>
/// SOP 4, "Reset Password dan Perubahan Informasi User ID Pokja Pemilihan", on the engine (docs/sop4-mapping.md): the
/// Pokja member submits (step 1, online or on paper at the desk), Admin Agency checks completeness (2; 3 and 4 return the
/// file), checks validity against the register (5; 7 rejects), resets the password or changes the information (6), tells
/// the holder (8) and archives (9). Only the holder of a user ID may ask for it; a temporary password goes only to the
/// address the register held at submission (H1 of issue #7).
/// </summary>
public sealed class PasswordResetModule(
    AppDbContext db,
    TimeProvider time,
    OfficeCalendar calendar,
    RequestFiles requestFiles,
    Notifier notifier,
    CredentialService credentials,
    RequestMoves moves,
    RequestLinks links,
    ILogger<PasswordResetModule> logger) : IProcedureModule
{
    /// <summary>
    /// SOP 4 step 1: "Berkas dapat disampaikan dalam bentuk hardcopy". Admin Agency receives it (step 2), or the Helpdesk
    /// LPSE desk takes it in for them.
    /// </summary>
    public static readonly PaperIntakePolicy Intake = new(SopKind.PasswordReset,
        "Reset password / perubahan informasi user ID Pokja Pemilihan", [Roles.HelpdeskLpse, Roles.AdminAgency]);

    public SopKind Kind => SopKind.PasswordReset;

    public string NumberPrefix => "RPW";

    /// <summary>What to add when an officer repeats the step that showed a temporary password: it is never shown again.</summary>
    public const string PasswordShownOnce = "Password sementara hanya ditampilkan satu kali dan tidak dapat ditampilkan lagi. Bila belum Anda " +
                                            "masukkan di SPSE, buka permohonan dan pilih \"Buat ulang password sementara\".";

    // ---- step 1: online, by the applicant ----

    public Task<OperationResult<int>> StartAsync(SopEngine engine, SubmitResetCommand command, Actor actor, CancellationToken ct) =>
        engine.StartAsync(Kind, actor, command.SubmissionKey, command.Files, [], null, async (request, sop) =>
        {
            var mismatch = await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.NipStatus).SingleAsync(ct) == NipStatus.Mismatch;
            return await FillAsync(request, sop, Form.Of(command), command.Files, new Claimant(request.ApplicantNip, mismatch, Self: true), ct);
        }, ct);

    // ---- step 1 on paper: Helpdesk LPSE or Admin Agency records the file for the applicant ----

    public async Task<OperationResult<int>> IntakeAsync(SopEngine engine, ResetIntakeCommand command, Actor actor, CancellationToken ct)
    {
        var intake = NewIntake();
        if (await intake.RefusedOrRepeatedAsync(Intake, command.Channel, command.SubmissionKey, actor, ct) is { } answered)
        {
            return answered;
        }

        var applicant = new IntakeApplicant(command.Channel, command.ApplicantName, command.ApplicantNip, command.ApplicantEmail,
            new PersonalDetails("", "", command.ApplicantAgency, "", command.ApplicantPhone));
        return await engine.StartAsync(Kind, actor, command.SubmissionKey, command.Files, [], null, async (request, sop) =>
        {
            var nip = NipValidator.Normalize(command.ApplicantNip) ?? "";
            var filled = await FillAsync(request, sop, Form.Of(command), command.Files, new Claimant(nip, NipMismatch: false, Self: false), ct);
            if (!filled.Succeeded)
            {
                return filled;
            }

            // The SK the intake officer saw on paper: the applicant's NIP is verified against it when their account is made here.
            request.SkNumber = Clean(command.SkNumber);
            return await intake.FillApplicantAsync(request, applicant, ApplicantKind.Pokja, actor, time.GetUtcNow().UtcDateTime, ct);
        }, ct, command.Channel);
    }

    public async Task StartedAsync(AccessRequest request, Actor actor, DateTime now, string timeZone, List<string> stored, CancellationToken ct)
    {
        if (request.Channel == IntakeChannel.Online)
        {
            notifier.RequestReceived(request);
            return;
        }

        await NewIntake().ReceivedAtDeskAsync(request, actor, now, timeZone, stored, ct);
    }

    private sealed record Form(RequestType Type, string SpseUserId, string Reason, string? NewHolderName, string? NewHolderEmail, string? NewAgency,
        string? NewHolderPhone)
    {
        public static Form Of(SubmitResetCommand c) => new(c.Type, c.SpseUserId, c.Reason, c.NewHolderName, c.NewHolderEmail, c.NewAgency, c.NewHolderPhone);

        public static Form Of(ResetIntakeCommand c) => new(c.Type, c.SpseUserId, c.Reason, c.NewHolderName, c.NewHolderEmail, c.NewAgency, c.NewHolderPhone);
    }

    /// <summary>
    /// Who asks for a user ID: their NIP, whether staff found that NIP not to match the SK, and whether they ask themselves
    /// (online, "Anda") or staff type their paper file ("pemohon").
    /// </summary>
    internal sealed record Claimant(string? Nip, bool NipMismatch, bool Self);

    /// <summary>The checks of a submission, online or at the desk, and the form written onto the new request.</summary>
    private async Task<OperationResult> FillAsync(AccessRequest request, SopDefinition sop, Form form, IReadOnlyList<IncomingFile> files,
        Claimant claimant, CancellationToken ct)
    {
        if (form.Type is not (RequestType.ResetPassword or RequestType.ChangeUserInformation))
        {
            return OperationResult.Fail(ErrorKind.Validation, "Pilih jenis permohonan: reset password atau perubahan informasi user ID.");
        }

        var change = form.Type == RequestType.ChangeUserInformation;
        if (change && Clean(form.NewHolderName) is null && Clean(form.NewHolderEmail) is null && Clean(form.NewAgency) is null &&
            Clean(form.NewHolderPhone) is null)
        {
            return OperationResult.Fail(ErrorKind.Validation, "Isi sekurang-kurangnya satu informasi user ID yang ingin diubah.");
        }

        var spseUserId = form.SpseUserId.Trim();
        var registered = await FindAccountAsync(db, request.OfficeId, spseUserId, ct);
        if (!IsHolder(claimant, registered, spseUserId, out var refusal))
        {
            return OperationResult.Fail(ErrorKind.Validation, refusal);
        }

        var missing = sop.RequiredDocuments.Where(d => files.All(f => f.DocumentCode != d.Code)).OrderBy(d => d.Order).Select(d => d.Name).ToList();
        if (missing.Count > 0)
        {
            return OperationResult.Fail(ErrorKind.Validation, "Dokumen wajib belum diunggah: " + string.Join("; ", missing) + ".");
        }

        request.Type = form.Type;
        request.SpseUserId = spseUserId;
        request.Reason = form.Reason.Trim();
        request.NewHolderName = change ? Clean(form.NewHolderName) : null;
        request.NewHolderEmail = change ? Clean(form.NewHolderEmail) : null;
        request.NewAgency = change ? Clean(form.NewAgency) : null;
        request.NewHolderPhone = change ? Clean(form.NewHolderPhone) : null;
        request.SpseAccountId = registered.Id;
        // A reset is delivered only to the address the register held before the request (H1 of issue #7).
        request.RegisterEmailAtSubmission = registered.HolderEmail;
        return OperationResult.Ok();
    }

    /// <summary>
    /// Whether this applicant holds this user ID, else why not. Only the holder may ask: the user ID must be in the office's
    /// register under the applicant's NIP, so a typo or another person's account never reaches the queue (and its holder is
    /// never reset behind their back). A NIP the applicant only declared is enough to submit; the validity check (step 5)
    /// still cannot pass until staff verified it against the SK (docs/adr/0016). A NIP that staff found not to match the SK
    /// is refused here, as SOP 2 refuses it. A paper file typed in by staff gets the same register check against the NIP on
    /// the file (the officer verifies that NIP against the SK on paper).
    /// </summary>
    internal static bool IsHolder(Claimant applicant, [NotNullWhen(true)] SpseAccount? account, string spseUserId,
        [NotNullWhen(false)] out string? refusal)
    {
        refusal = string.IsNullOrEmpty(applicant.Nip)
            ? applicant.Self ? "Profil Anda belum memuat NIP. Lengkapi profil sebelum mengajukan permohonan." : "NIP pemohon wajib diisi."
            : applicant.NipMismatch
                ? "NIP pada profil Anda dinyatakan tidak sesuai SK oleh petugas LPSE. Hubungi Helpdesk LPSE dengan membawa SK Anda."
                : account is null
                    ? applicant.Self
                        ? $"User ID \"{spseUserId}\" tidak terdaftar di register akun SPSE kantor ini. Periksa kembali penulisannya; " +
                          "bila user ID Anda memang belum tercatat, hubungi Helpdesk LPSE."
                        : $"User ID \"{spseUserId}\" tidak terdaftar di register akun SPSE kantor ini. Periksa kembali penulisannya pada berkas; " +
                          "bila user ID pemohon memang belum tercatat, catat dahulu di register akun SPSE."
                    : account.HolderNip != applicant.Nip
                        ? applicant.Self
                            ? $"User ID \"{spseUserId}\" tidak terdaftar atas NIP Anda. Permohonan reset password atau perubahan informasi " +
                              "hanya dapat diajukan oleh pemegang akun sendiri. Periksa kembali user ID Anda."
                            : $"User ID \"{spseUserId}\" tidak terdaftar atas NIP pemohon ({FormatNip(applicant.Nip)}). Permohonan reset password " +
                              "atau perubahan informasi hanya dapat diajukan oleh pemegang akun sendiri. Periksa kembali user ID dan NIP pada berkas."
                        : null;
        return refusal is null && account is not null;
    }

    // ---- the page and the archive ----

    public IEnumerable<string> Facts(AccessRequest request) =>
        new[]
        {
            $"Jenis: {request.Type.Label()}",
            $"Pemohon: {request.ApplicantName} (NIP {request.ApplicantNip})",
            $"Cara masuk: {request.Channel.Label()}",
            $"User ID SPSE: {request.SpseUserId}",
        }
        .Concat(request.Type == RequestType.ChangeUserInformation ? [$"Perubahan diminta: {RequestedChanges(request)}"] : []);

    private static string RequestedChanges(AccessRequest r) => string.Join("; ", new[]
    {
        r.NewHolderName is null ? null : "Nama: " + r.NewHolderName,
        r.NewHolderEmail is null ? null : "Email: " + r.NewHolderEmail,
        r.NewAgency is null ? null : "Instansi: " + r.NewAgency,
        r.NewHolderPhone is null ? null : "No. HP: " + r.NewHolderPhone,
    }.OfType<string>());

    /// <summary>The request compared with the register (step 5): every item passed or failed, for the page and the check.</summary>
    public Task<ValidityReport> ValidityReportAsync(AccessRequest request, CancellationToken ct) => ValidityReportAsync(db, calendar, request, ct);

    internal static async Task<ValidityReport> ValidityReportAsync(AppDbContext db, OfficeCalendar calendar, AccessRequest request, CancellationToken ct)
    {
        var account = await FindAccountAsync(db, request.OfficeId, request.SpseUserId, ct);
        if (account is null)
        {
            return new ValidityReport(null,
            [
                new("User ID terdaftar di register akun SPSE", false, $"User ID \"{request.SpseUserId}\" tidak ditemukan di register kantor ini."),
            ]);
        }

        var today = await calendar.TodayAsync(request.OfficeId, ct);
        var nipStatus = await NipVerificationService.ApplicantNipStatusAsync(db, request.ApplicantUserId, request.ApplicantNip, ct);
        var nipDetail = $"Register: {FormatNip(account.HolderNip)}; pemohon: {FormatNip(request.ApplicantNip)}";
        var items = new List<ValidityCheckItem>
        {
            new("User ID terdaftar di register akun SPSE", true, $"{account.UserId} — {account.HolderName}"),
            // A self-declared NIP proves nothing: the match counts only once staff verified it against the SK (H1, docs/adr/0016).
            new("NIP pemohon sama dengan NIP pemegang akun", account.HolderNip == request.ApplicantNip && nipStatus == NipStatus.Verified,
                nipStatus == NipStatus.Verified
                    ? nipDetail
                    : $"{NipVerificationService.Label(nipStatus)} — {nipDetail}. Verifikasi NIP pemohon terhadap SK di halaman Verifikasi NIP."),
            new("Nama pemohon sama dengan nama pemegang akun", SameName(account.HolderName, request.ApplicantName),
                $"Register: {account.HolderName}; pemohon: {request.ApplicantName}"),
            new("Peran akun adalah Pokja Pemilihan", account.Role == SpseRole.Pokja, $"Peran di register: {account.Role.Label()}"),
            new("Akun berstatus aktif", account.Status == SpseAccountStatus.Active, account.Status.Label()),
            new("SK penetapan masih berlaku", !account.IsSkExpired(today),
                account.ValidUntil is { } until ? $"SK {account.SkNumber} berlaku sampai {until:dd-MM-yyyy}" : $"SK {account.SkNumber} tanpa batas berlaku tercatat"),
        };
        if (request.Type == RequestType.ResetPassword && request.RegisterEmailAtSubmission is { } before &&
            !string.Equals(before, account.HolderEmail, StringComparison.OrdinalIgnoreCase))
        {
            items.Add(new("Email pemegang akun tidak berubah sejak permohonan diajukan", false,
                $"Saat diajukan: {before}; sekarang: {account.HolderEmail}. Password sementara hanya dikirim ke {before}."));
        }

        return new ValidityReport(account.Id, items);
    }

    // ---- the steps' own conditions ----

    public async Task<OperationResult> CheckStepAsync(StepContext ctx, CancellationToken ct)
    {
        var r = ctx.Request;
        switch (ctx.Definition.Kind)
        {
            case StepKind.Submit:
                ctx.Outcome = r.Channel == IntakeChannel.Online ? "Berkas permohonan disampaikan" : PaperIntake.SubmittedOutcome(r.Channel, ctx.Actor);
                return OperationResult.Ok();
            case StepKind.CompletenessCheck:
                ctx.Outcome = "Berkas lengkap";
                notifier.Tell(r.ApplicantUserId, r, $"Berkas permohonan {r.Number} lengkap dan sedang diperiksa keabsahannya.");
                return OperationResult.Ok();
            case StepKind.ApplicantCompletion:
                if (ctx.Move.Files.Count == 0 && string.IsNullOrWhiteSpace(ctx.Move.Note))
                {
                    return OperationResult.Fail(ErrorKind.Validation,
                        "Unggah dokumen yang diminta atau tuliskan keterangan pelengkapan sebelum mengirim ulang.");
                }

                ctx.Outcome = $"Berkas dilengkapi ({ctx.Move.Files.Count} dokumen baru)";
                notifier.Tell(r.ApplicantUserId, r, $"Permohonan {r.Number} dikirim ulang dan menunggu pemeriksaan kelengkapan.");
                return OperationResult.Ok();
            case StepKind.ValidityCheck:
                return await CheckValidityAsync(ctx, ct);
            default:
                return OperationResult.Ok();
        }
    }

    /// <summary>
    /// Step 5 "Ya": what no written reason overrides — the user ID gone from the register, a NIP not verified against the SK,
    /// a register that now names another holder, a change the register already has. The other checks may fail with a reason
    /// (<see cref="FailedChecksAsync"/>), recorded as a deviation.
    /// </summary>
    private async Task<OperationResult> CheckValidityAsync(StepContext ctx, CancellationToken ct)
    {
        var r = ctx.Request;
        var account = await FindAccountAsync(db, r.OfficeId, r.SpseUserId, ct);
        if (account is null)
        {
            return OperationResult.Fail(ErrorKind.Validation,
                $"User ID \"{r.SpseUserId}\" tidak ada di register akun SPSE, sehingga berkas tidak dapat dinyatakan valid. Tolak permohonan atau daftarkan akunnya lebih dulu.");
        }

        if (await NipVerificationService.ApplicantNipStatusAsync(db, r.ApplicantUserId, r.ApplicantNip, ct) != NipStatus.Verified)
        {
            return OperationResult.Fail(ErrorKind.Validation,
                "NIP pemohon belum diverifikasi terhadap SK, sehingga berkas belum dapat dinyatakan valid. " +
                "Verifikasi NIP pemohon di halaman Verifikasi NIP lebih dulu, atau nyatakan berkas tidak valid.");
        }

        if (r.Type == RequestType.ChangeUserInformation && ApplyChanges(r, CopyOf(account)).Count == 0)
        {
            return OperationResult.Fail(ErrorKind.Validation,
                "Semua data yang diminta sudah sama dengan register, sehingga tidak ada yang perlu diubah. Nyatakan tidak valid dengan alasan tersebut.");
        }

        if (account.HolderNip != r.ApplicantNip)
        {
            return OperationResult.Fail(ErrorKind.Validation,
                $"NIP pemegang user ID \"{r.SpseUserId}\" di register ({FormatNip(account.HolderNip)}) berbeda dengan NIP pemohon " +
                $"({FormatNip(r.ApplicantNip)}): akun ini bukan milik pemohon. Nyatakan berkas tidak valid.");
        }

        r.SpseAccountId = account.Id;
        r.RegisterEmailAtSubmission ??= account.HolderEmail; // the user ID entered the register after submission
        ctx.Outcome = (await ValidityReportAsync(r, ct)).AllPassed
            ? "Berkas benar/valid sesuai register akun SPSE"
            : "Berkas dinyatakan benar/valid dengan penyimpangan dari register akun SPSE";
        return OperationResult.Ok();
    }

    public async Task<IReadOnlyList<ValidityCheckItem>> ValidityItemsAsync(AccessRequest request, CancellationToken ct) =>
        (await ValidityReportAsync(request, ct)).Items;

    public async Task<IReadOnlyList<string>> FailedChecksAsync(StepContext ctx, CancellationToken ct) =>
        (await ValidityReportAsync(ctx.Request, ct)).Items.Where(i => !i.Passed).Select(i => $"{i.Label} ({i.Detail})").ToList();

    // ---- step 6: reset the password or change the information ----

    public async Task<OperationResult> ActOnAccountsAsync(StepContext ctx, CancellationToken ct)
    {
        var r = ctx.Request;
        var account = r.SpseAccountId is { } accountId ? await db.SpseAccounts.SingleOrDefaultAsync(a => a.Id == accountId, ct) : null;
        if (account is null)
        {
            return OperationResult.Fail(ErrorKind.InvalidState, "Akun SPSE permohonan ini tidak ditemukan lagi di register.");
        }

        if (r.Type == RequestType.ResetPassword)
        {
            var password = CredentialService.GeneratePassword();
            credentials.Prepare(r.Id, account.Id, account.UserId, DeliveryEmail(r, account), password);
            Record(account, SpseAccountChange.PasswordReset, "Password direset; password sementara wajib diganti saat login pertama.", r, ctx.Actor, ctx.Now);
            ctx.Secrets.Add(new IssuedSecret(account.HolderName, account.UserId, password));
            ctx.Outcome = "Password direset di SPSE; password sementara dibuat";
            return OperationResult.Ok();
        }

        // The register may have changed since the validity check; then nothing is left to change, and the request still
        // runs to its end (notify, archive) rather than getting stuck here.
        var oldEmail = account.HolderEmail;
        var changes = ApplyChanges(r, account);
        var summary = changes.Count > 0 ? string.Join("\n", changes) : "Tidak ada perubahan: data register sudah sesuai permohonan.";
        if (changes.Count > 0)
        {
            Record(account, SpseAccountChange.InformationChanged, summary, r, ctx.Actor, ctx.Now);
        }

        if (!string.Equals(oldEmail, account.HolderEmail, StringComparison.OrdinalIgnoreCase))
        {
            // The old address hears of it at once, not only the new one (H1 of issue #7).
            notifier.HolderEmailChanged(r, account.UserId, account.HolderName, oldEmail, account.HolderEmail);
        }

        ctx.Outcome = "Informasi user ID diubah:\n" + summary;
        return OperationResult.Ok();
    }

    /// <summary>
    /// Step 6 again while step 8 is open, for a reset whose temporary password the Admin Agency lost before telling the holder
    /// (closed tab, double click): a new password replaces the pending one, and the register records it.
    /// </summary>
    public static bool CanRegeneratePassword(AccessRequest request, Actor actor) =>
        request.Type == RequestType.ResetPassword && SopEngine.CurrentStep(request) is { Kind: StepKind.Notify } step &&
        SopEngine.MayPerform(step, request, actor);

    public async Task<OperationResult<MoveResult>> RegeneratePasswordAsync(SopEngine engine, int requestId, int expectedVersion, Actor actor,
        CancellationToken ct)
    {
        var r = await engine.LoadAsync(requestId, track: true, ct);
        if (r is null || r.Kind != Kind)
        {
            return OperationResult<MoveResult>.From(OperationResult.NotFound());
        }

        var step = SopEngine.CurrentStep(r);
        if (step is null || !SopEngine.MayPerform(step, r, actor))
        {
            db.ChangeTracker.Clear();
            return OperationResult<MoveResult>.From(step is null && SopEngine.CanView(r, actor) ? RegenerateRefused() : OperationResult.Forbidden());
        }

        if (r.Version != expectedVersion)
        {
            db.ChangeTracker.Clear();
            return OperationResult<MoveResult>.From(engine.Conflict(r, step, actor));
        }

        if (!CanRegeneratePassword(r, actor))
        {
            db.ChangeTracker.Clear();
            return OperationResult<MoveResult>.From(RegenerateRefused());
        }

        var now = time.GetUtcNow().UtcDateTime;
        var tz = await moves.OfficeTimeZoneAsync(r.OfficeId, ct);
        var account = await db.SpseAccounts.SingleAsync(a => a.Id == r.SpseAccountId, ct);
        foreach (var old in await db.CredentialDeliveries.Where(c => c.AccessRequestId == r.Id && c.RevealedAt == null).ToListAsync(ct))
        {
            old.ProtectedSecret = null;
            old.ExpiresAt = now;
        }

        var password = CredentialService.GeneratePassword();
        credentials.Prepare(r.Id, account.Id, account.UserId, DeliveryEmail(r, account), password);
        Record(account, SpseAccountChange.PasswordReset, "Password sementara dibuat ulang sebelum diberitahukan; password sebelumnya tidak berlaku.", r, actor, now);
        r.Steps.Single(s => s.IsOpen && s.Kind == StepKind.Notify).Note = $"Password sementara dibuat ulang oleh {actor.Name} pada {calendar.ForZone(tz).Format(now)}.";
        if (await engine.SaveOnOpenStepAsync(r, fresh => engine.Conflict(fresh, step, actor), ct) is { Succeeded: false } conflict)
        {
            return OperationResult<MoveResult>.From(conflict);
        }

        logger.LogInformation("Request {RequestNumber}: temporary password regenerated by {UserId}", r.Number, actor.UserId);
        return OperationResult<MoveResult>.Ok(new MoveResult([new IssuedSecret(account.HolderName, account.UserId, password)]));
    }

    private static OperationResult RegenerateRefused() => OperationResult.Fail(ErrorKind.InvalidState,
        "Password sementara hanya dapat dibuat ulang untuk reset password yang belum diberitahukan.");

    public string? RepeatHint(AccessRequest request) =>
        request.Type == RequestType.ResetPassword && SopEngine.CurrentStep(request)?.Kind == StepKind.Notify ? PasswordShownOnce : null;

    // ---- step 8: tell the holder ----

    public async Task<OperationResult> DeliverAsync(StepContext ctx, CancellationToken ct)
    {
        var r = ctx.Request;
        if (r.Type == RequestType.ResetPassword)
        {
            var delivery = await db.CredentialDeliveries
                .Where(c => c.AccessRequestId == r.Id && c.RevealedAt == null && c.ProtectedSecret != null)
                .OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
            if (delivery is null)
            {
                return OperationResult.Fail(ErrorKind.InvalidState, "Password sementara untuk permohonan ini tidak ditemukan.");
            }

            // The address fixed when the password was made: the register's email as it was before the request.
            var token = credentials.IssueToken(delivery);
            notifier.PasswordReady(r, delivery.HolderEmail, credentials.Link(token), delivery.ExpiresAt, calendar.ForZone(ctx.TimeZone));
            ctx.Outcome = $"Pemberitahuan password baru dikirim ke {delivery.HolderEmail} (tautan sekali pakai)";
        }
        else
        {
            var account = await db.SpseAccounts.AsNoTracking().SingleAsync(a => a.Id == r.SpseAccountId, ct);
            var changes = r.Steps.Where(s => s.Kind == StepKind.AccountAction && !s.IsOpen).OrderBy(s => s.CompletedAt).Select(s => s.Outcome).LastOrDefault() ?? "";
            notifier.InformationChanged(r, account.HolderEmail, changes);
            ctx.Outcome = $"Pemberitahuan informasi user ID baru dikirim ke {account.HolderEmail}";
        }

        r.Outcome = RequestOutcome.Completed; // granted; only the archive is left
        return OperationResult.Ok();
    }

    // ---- helpers ----

    /// <summary>
    /// Where a temporary password goes: the register's email when the request was submitted, never an address asked for
    /// in a request or changed since (H1 of issue #7). Requests made before that was recorded fall back to the register.
    /// </summary>
    private static string DeliveryEmail(AccessRequest r, SpseAccount account) => r.RegisterEmailAtSubmission ?? account.HolderEmail;

    internal static List<string> ApplyChanges(AccessRequest r, SpseAccount account)
    {
        var changes = new List<string>();
        void Change(string label, string? requested, Func<string?> get, Action<string> set)
        {
            if (requested is not null && !string.Equals(requested, get(), StringComparison.Ordinal))
            {
                changes.Add($"{label}: {get() ?? "-"} → {requested}");
                set(requested);
            }
        }

        Change("Nama", r.NewHolderName, () => account.HolderName, v => account.HolderName = v);
        Change("Email", r.NewHolderEmail, () => account.HolderEmail, v => account.HolderEmail = v);
        Change("Instansi", r.NewAgency, () => account.Agency, v => account.Agency = v);
        Change("No. HP", r.NewHolderPhone, () => account.HolderPhone, v => account.HolderPhone = v);
        return changes;
    }

    internal static SpseAccount CopyOf(SpseAccount a) => new()
    {
        HolderName = a.HolderName,
        HolderEmail = a.HolderEmail,
        Agency = a.Agency,
        HolderPhone = a.HolderPhone,
    };

    private void Record(SpseAccount account, SpseAccountChange change, string detail, AccessRequest r, Actor actor, DateTime now)
    {
        account.UpdatedAt = now;
        db.SpseAccountHistory.Add(new SpseAccountHistory
        {
            SpseAccountId = account.Id, Change = change, Detail = detail, ChangedAt = now, ChangedByUserId = actor.UserId,
            ChangedByName = actor.Name, AccessRequestId = r.Id,
        });
    }

    internal static Task<SpseAccount?> FindAccountAsync(AppDbContext db, int officeId, string spseUserId, CancellationToken ct)
    {
        var id = spseUserId.Trim();
        return db.SpseAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.OfficeId == officeId && a.UserId == id, ct);
    }

    private PaperIntake NewIntake() => new(db, calendar, requestFiles, notifier, links);

    private static string FormatNip(string? nip) => nip is null ? "-" : NipValidator.Format(nip);

    private static bool SameName(string a, string b) =>
        string.Equals(string.Join(' ', a.Split(' ', StringSplitOptions.RemoveEmptyEntries)),
            string.Join(' ', b.Split(' ', StringSplitOptions.RemoveEmptyEntries)), StringComparison.OrdinalIgnoreCase);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
