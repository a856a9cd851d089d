using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
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
/// SOP 2, "Penonaktifan dan Pengaktifan Hak Akses SPSE bagi PPK, Anggota Pokja ULP dan Pejabat Pengadaan", on the engine:
/// the applicant submits (step 1, online, or on paper / by email at the Helpdesk desk, which also receives it), Helpdesk
/// receives it with the handover form (2) and checks completeness (3; "Tidak" returns the file to the applicant, 4), Admin
/// Agency deactivates or activates the account (6), Helpdesk relays the result (7), the applicant confirms receipt (8: in the
/// app, by the emailed one-time link, or Helpdesk records a confirmation given by phone or at the desk) and Helpdesk
/// archives (9). Step 5, the year-end deactivation of PPK accounts, is a standing authority run as a campaign, not a request.
/// </summary>
public sealed class AccessActivationModule(
    AppDbContext db,
    TimeProvider time,
    OfficeCalendar calendar,
    RequestFiles requestFiles,
    Notifier notifier,
    RequestLinks links,
    RequestMoves moves,
    ILogger<AccessActivationModule> logger) : IProcedureModule
{
    /// <summary>SOP 2 step 1: "Berkas dapat disampaikan secara langsung (hardcopy) atau melalui email"; Helpdesk LPSE receives it.</summary>
    public static readonly PaperIntakePolicy Intake = new(SopKind.AccessActivation, "Penonaktifan/pengaktifan hak akses SPSE", [Roles.HelpdeskLpse]);

    /// <summary>The SPSE roles SOP 2 covers.</summary>
    public static readonly SpseRole[] CoveredRoles = [SpseRole.Ppk, SpseRole.Pokja, SpseRole.PejabatPengadaan];

    /// <summary>The prefix of SOP 2's request numbers (HAK-2026-000001).</summary>
    public const string Prefix = "HAK";

    public SopKind Kind => SopKind.AccessActivation;

    /// <summary>
    /// Step 3's checklist as the old SOP 2 service stored its ticks (by item name) and the seeded codes of the same items:
    /// mapped once when a request opened before SOP 2 moved onto the engine is adopted (<see cref="LegacyRequests"/>).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> OldChecklistNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Letterhead"] = "KOP_SURAT",
        ["Signature"] = "TANDA_TANGAN",
        ["WetStamp"] = "STEMPEL_BASAH",
        ["AddressedToHead"] = "DITUJUKAN_KEPALA_LPSE",
        ["SkValid"] = "SK_BERLAKU",
        ["PersonalData"] = "DATA_PERSONAL",
    };

    public string NumberPrefix => Prefix;

    /// <summary>The accounts the start form offers: those of the office's register held under the applicant's NIP, in a role SOP 2 covers.</summary>
    public async Task<IReadOnlyList<SpseAccount>> AccountsOfAsync(int officeId, string? nip, CancellationToken ct) =>
        string.IsNullOrEmpty(nip)
            ? []
            : await db.SpseAccounts.AsNoTracking()
                .Where(a => a.OfficeId == officeId && a.HolderNip == nip && EF.Constant(CoveredRoles).Contains(a.Role))
                .OrderBy(a => a.UserId).ToListAsync(ct);

    // ---- step 1: online, by the applicant ----

    public Task<OperationResult<int>> StartAsync(SopEngine engine, SubmitActivationCommand command, Actor actor, CancellationToken ct) =>
        engine.StartAsync(Kind, actor, command.SubmissionKey, command.Files, [], null, async (request, sop) =>
        {
            var status = await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.NipStatus).SingleAsync(ct);
            if (string.IsNullOrEmpty(request.ApplicantNip))
            {
                return Invalid("Profil Anda belum memuat NIP. Lengkapi profil sebelum mengajukan permohonan.");
            }

            if (status == NipStatus.Mismatch)
            {
                return Invalid("NIP pada profil Anda dinyatakan tidak sesuai SK oleh petugas LPSE. Hubungi Helpdesk LPSE dengan membawa SK Anda.");
            }

            var filled = await FillAsync(request, sop, Form.Of(command), request.ApplicantNip, command.Files, ct);
            if (filled.Succeeded)
            {
                request.ApplicantRankGrade = command.Details.RankGrade.Trim();
                request.ApplicantPosition = command.Details.Position.Trim();
                request.ApplicantAgency = command.Details.Agency.Trim();
                request.ApplicantAddress = command.Details.Address.Trim();
                request.ApplicantPhone = command.Details.Phone.Trim();
            }

            return filled;
        }, ct);

    // ---- steps 1 and 2 on paper or by email: Helpdesk LPSE records and receives the file for the applicant ----

    public async Task<OperationResult<int>> IntakeAsync(SopEngine engine, IntakeCommand command, Actor actor, CancellationToken ct)
    {
        var intake = NewIntake();
        if (await intake.RefusedOrRepeatedAsync(Intake, command.Channel, command.SubmissionKey, actor, ct) is { } answered)
        {
            return answered;
        }

        var applicant = new IntakeApplicant(command.Channel, command.ApplicantName, command.ApplicantNip, command.ApplicantEmail, command.Details);
        return await engine.StartAsync(Kind, actor, command.SubmissionKey, command.Files, [], null, async (request, sop) =>
        {
            var nip = NipValidator.Normalize(command.ApplicantNip) ?? "";
            var filled = await FillAsync(request, sop, Form.Of(command), nip, command.Files, ct);
            if (!filled.Succeeded)
            {
                return filled;
            }

            var account = await db.SpseAccounts.AsNoTracking().SingleAsync(a => a.Id == request.SpseAccountId, ct);
            var kind = account.Role switch
            {
                SpseRole.Ppk => ApplicantKind.Ppk,
                SpseRole.Pokja => ApplicantKind.Pokja,
                _ => ApplicantKind.PejabatPengadaan,
            };
            return await intake.FillApplicantAsync(request, applicant, kind, actor, time.GetUtcNow().UtcDateTime, ct);
        }, ct, command.Channel);
    }

    /// <summary>
    /// Once numbered: an online request tells its applicant it was sent (Helpdesk receives it at step 2); a file taken in at
    /// the desk was received at once, so its handover form is made and mailed as the proof of receipt.
    /// </summary>
    public async Task StartedAsync(AccessRequest request, Actor actor, DateTime now, string timeZone, List<string> stored, CancellationToken ct)
    {
        if (request.Channel == IntakeChannel.Online)
        {
            notifier.ActivationSubmitted(request, links.StatusUrl(request.Id));
            return;
        }

        await NewIntake().ReceivedAtDeskAsync(request, actor, now, timeZone, stored, ct);
    }

    private sealed record Form(RequestType Type, string SpseUserId, string Reason, string SkNumber, DateOnly SkValidUntil)
    {
        public static Form Of(SubmitActivationCommand c) => new(c.Type, c.SpseUserId, c.Reason, c.SkNumber, c.SkValidUntil);

        public static Form Of(IntakeCommand c) => new(c.Type, c.SpseUserId, c.Reason, c.SkNumber, c.SkValidUntil);
    }

    /// <summary>
    /// The checks of a submission, online or at the desk, and the form written onto the new request: the account is in the
    /// office's register under the applicant's NIP, in a role SOP 2 covers, not already in the state asked for, with no other
    /// request of this SOP open for it; the SK holds today on the office's calendar; every required document is attached.
    /// </summary>
    private async Task<OperationResult> FillAsync(AccessRequest request, SopDefinition sop, Form form, string nip,
        IReadOnlyList<Documents.IncomingFile> files, CancellationToken ct)
    {
        if (form.Type is not (RequestType.Deactivate or RequestType.Activate))
        {
            return Invalid("Pilih jenis permohonan: penonaktifan atau pengaktifan hak akses.");
        }

        var userId = form.SpseUserId.Trim();
        var account = await db.SpseAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.OfficeId == request.OfficeId && a.UserId == userId, ct);
        if (account is null)
        {
            return Invalid($"User ID \"{userId}\" tidak terdaftar di register akun SPSE kantor ini. Periksa kembali penulisannya.");
        }

        if (account.HolderNip != nip)
        {
            return Invalid($"User ID \"{userId}\" tidak terdaftar atas NIP pemohon. Permohonan hanya dapat diajukan oleh pemegang akun.");
        }

        if (!CoveredRoles.Contains(account.Role))
        {
            return Invalid($"Akun \"{userId}\" berperan {account.Role.Label()}; SOP ini hanya untuk akun PPK, Pokja Pemilihan dan Pejabat Pengadaan.");
        }

        if (form.Type == RequestType.Deactivate && account.Status == SpseAccountStatus.Inactive)
        {
            return Invalid($"Akun \"{userId}\" sudah nonaktif; tidak perlu dinonaktifkan lagi.");
        }

        if (form.Type == RequestType.Activate && account.Status == SpseAccountStatus.Active)
        {
            return Invalid($"Akun \"{userId}\" masih aktif; tidak perlu diaktifkan.");
        }

        if (form.SkValidUntil < await calendar.TodayAsync(request.OfficeId, ct))
        {
            return Invalid($"SK yang dilampirkan berakhir pada {form.SkValidUntil:dd-MM-yyyy} dan tidak berlaku hari ini. " +
                           "Lampirkan SK / Surat Tugas / Surat Penunjukan yang berlaku.");
        }

        if (await OpenRequestNumberAsync(account.Id, ct) is { } open)
        {
            return Invalid(StillRunning(open, userId));
        }

        var missing = sop.RequiredDocuments.Where(d => files.All(f => f.DocumentCode != d.Code)).OrderBy(d => d.Order).Select(d => d.Name).ToList();
        if (missing.Count > 0)
        {
            return Invalid("Dokumen wajib belum diunggah: " + string.Join("; ", missing) + ".");
        }

        request.Type = form.Type;
        request.SpseUserId = account.UserId;
        request.SpseAccountId = account.Id;
        request.OpenSpseAccountId = account.Id; // one open SOP 2 request per account, also under a race (unique index)
        request.Reason = form.Reason.Trim();
        request.SkNumber = form.SkNumber.Trim();
        request.SkValidUntil = form.SkValidUntil;
        return OperationResult.Ok();
    }

    // ---- the page and the archive ----

    public IEnumerable<string> Facts(AccessRequest r) =>
    [
        $"Jenis: {r.Type.Label()}",
        $"Alasan: {r.Reason}",
        $"Cara masuk: {r.Channel.Label()}",
        $"Pemohon: {r.ApplicantName} (NIP {r.ApplicantNip}), {r.ApplicantRankGrade}, {r.ApplicantPosition}, {r.ApplicantAgency}",
        $"Alamat: {r.ApplicantAddress}; HP {r.ApplicantPhone}; email {r.ApplicantEmail}",
        $"User ID SPSE: {r.SpseUserId}",
    ];

    // ---- the steps' own conditions ----

    public async Task<OperationResult> CheckStepAsync(StepContext ctx, CancellationToken ct)
    {
        var r = ctx.Request;
        switch (ctx.Definition.Kind)
        {
            case StepKind.Submit:
                ctx.Outcome = r.Channel == IntakeChannel.Online ? "Berkas permohonan dikirim melalui aplikasi" : PaperIntake.SubmittedOutcome(r.Channel, ctx.Actor);
                return OperationResult.Ok();
            case StepKind.Receive:
                ctx.Outcome = "Permohonan diterima; formulir serah terima berkas dibuat";
                if (r.Id != 0)
                {
                    // Received in the app (an online request): the handover form is the proof of receipt. A file taken in at the
                    // desk gets it once numbered (StartedAsync).
                    await NewIntake().IssueReceiptAsync(r, ctx.Actor, ctx.Now, ctx.TimeZone, ctx.Stored, ct);
                }

                return OperationResult.Ok();
            case StepKind.CompletenessCheck:
                return await CheckCompleteAsync(ctx, ct);
            case StepKind.ApplicantCompletion:
                return CheckCompletion(ctx);
            case StepKind.ConfirmReceipt:
                return CheckConfirmation(ctx);
            case StepKind.Archive:
                ctx.Outcome = "Berkas permohonan dan data hak akses diarsipkan";
                return OperationResult.Ok();
            default:
                return OperationResult.Ok();
        }
    }

    /// <summary>Step 3 "Ya": besides the step's checklist, the applicant's NIP is verified against the SK and the SK holds today.</summary>
    private async Task<OperationResult> CheckCompleteAsync(StepContext ctx, CancellationToken ct)
    {
        var r = ctx.Request;
        if (await NipVerificationService.ApplicantNipStatusAsync(db, r.ApplicantUserId, r.ApplicantNip, ct) is var nip && nip != NipStatus.Verified)
        {
            // The personal data item cannot pass on a self-declared NIP (H1 of issue #7, docs/adr/0016).
            return OperationResult.Fail(ErrorKind.Validation,
                $"{NipVerificationService.Label(nip)}: NIP pemohon belum cocok dengan SK yang diperiksa petugas, sehingga berkas belum dapat " +
                "dinyatakan lengkap. Verifikasi NIP pemohon terhadap SK di halaman Verifikasi NIP lebih dulu, atau kembalikan berkas.");
        }

        if (r.IsSkExpired(calendar.ForZone(ctx.TimeZone).DateOf(ctx.Now)))
        {
            return OperationResult.Fail(ErrorKind.Validation,
                $"SK {r.SkNumber} berakhir pada {r.SkValidUntil:dd-MM-yyyy}, tidak berlaku pada hari ini. Kembalikan berkas agar pemohon melampirkan SK yang berlaku.");
        }

        ctx.Outcome = "Berkas lengkap; diteruskan ke Admin Agency. Daftar periksa: semua butir terpenuhi.";
        notifier.Tell(r.ApplicantUserId, r, $"Berkas permohonan {r.Number} lengkap dan diteruskan ke Admin Agency.");
        return OperationResult.Ok();
    }

    /// <summary>Step 4: new documents or a note, and perhaps a new SK that holds today.</summary>
    private OperationResult CheckCompletion(StepContext ctx)
    {
        var r = ctx.Request;
        var note = Clean(ctx.Move.Note);
        if (ctx.Move.Files.Count == 0 && note is null)
        {
            return Invalid("Unggah dokumen yang diminta atau tuliskan keterangan pelengkapan sebelum mengirim ulang.");
        }

        if (ctx.Move.SkValidUntil is { } until)
        {
            if (until < calendar.ForZone(ctx.TimeZone).DateOf(ctx.Now))
            {
                return Invalid($"SK yang baru juga sudah berakhir ({until:dd-MM-yyyy}). Lampirkan SK yang berlaku pada hari ini.");
            }

            r.SkValidUntil = until;
            r.SkNumber = Clean(ctx.Move.SkNumber) ?? r.SkNumber;
        }

        var by = r.ApplicantUserId == ctx.Actor.UserId ? "" : $" (diterima oleh {ctx.Actor.Name})";
        ctx.Outcome = $"Berkas dilengkapi ({ctx.Move.Files.Count} dokumen baru){by}";
        notifier.Tell(r.ApplicantUserId, r, $"Permohonan {r.Number} dikirim ulang dan menunggu pemeriksaan kelengkapan oleh Helpdesk.");
        return OperationResult.Ok();
    }

    /// <summary>
    /// Step 8: the applicant confirms in the app or by the emailed link; or staff record a confirmation given by phone, at the
    /// desk or otherwise (who, how, when) — the step is then done when it was confirmed, recorded by the staff member.
    /// </summary>
    private OperationResult CheckConfirmation(StepContext ctx)
    {
        var r = ctx.Request;
        if (ctx.Move.Confirmation is not { } confirmation)
        {
            ctx.Outcome = ctx.Move.ViaEmailLink
                ? "Penerimaan hasil dikonfirmasi pemohon melalui tautan email"
                : "Penerimaan hasil dikonfirmasi pemohon di aplikasi";
            return OperationResult.Ok();
        }

        var who = Clean(confirmation.ConfirmedBy);
        var detail = Clean(confirmation.MethodDetail);
        if (who is null)
        {
            return Invalid("Tuliskan nama orang yang mengonfirmasi penerimaan hasil.");
        }

        if (!Enum.IsDefined(confirmation.Method))
        {
            return Invalid("Pilih cara konfirmasi: telepon, datang langsung, atau lainnya.");
        }

        if (confirmation.Method == ConfirmationMethod.Other && detail is null)
        {
            return Invalid("Jelaskan cara konfirmasi yang lain itu (mis. pesan WhatsApp ke nomor dinas).");
        }

        var office = calendar.ForZone(ctx.TimeZone);
        var at = office.ToUtc(confirmation.ConfirmedAtLocal);
        var typed = office.Format(at); // as typed, in the office's time
        if (at > ctx.Now)
        {
            return Invalid($"Waktu konfirmasi ({typed}) belum terjadi. Isi waktu pemohon mengonfirmasi.");
        }

        if (at < ctx.Step.ActionableAt.AddMinutes(-1))
        {
            return Invalid($"Waktu konfirmasi ({typed}) lebih awal dari saat hasil disampaikan ({office.Format(ctx.Step.ActionableAt)}).");
        }

        ctx.DoneAt = at < ctx.Step.ActionableAt ? ctx.Step.ActionableAt : at; // the same minute as the relay, typed without seconds
        var how = confirmation.Method.Label() + (detail is null ? "" : $" ({detail})");
        ctx.Outcome = $"Penerimaan hasil dikonfirmasi melalui {how} oleh {who} pada {typed}; dicatat oleh {ctx.Actor.Name} " +
                      $"({Roles.Label(RecorderRole(ctx))})";
        notifier.Tell(r.ApplicantUserId, r, $"Konfirmasi penerimaan hasil permohonan {r.Number} ({how}) dicatat oleh {Roles.Label(RecorderRole(ctx))}.");
        return OperationResult.Ok();
    }

    private static string RecorderRole(StepContext ctx) =>
        ctx.Request.Sop!.Steps.Where(s => s.ActorRole != Roles.Pemohon && ctx.Actor.IsIn(s.ActorRole))
            .Select(s => s.ActorRole).FirstOrDefault() ?? Roles.HelpdeskLpse;

    /// <summary>Mails of step 3: the file returned to the applicant, or rejected.</summary>
    public Task StepDoneAsync(StepContext ctx, CancellationToken ct)
    {
        var r = ctx.Request;
        if (ctx.Definition.Kind == StepKind.CompletenessCheck && ctx.Answer == StepAnswer.No)
        {
            notifier.ActivationIncomplete(r, r.MissingItems ?? "", links.StatusUrl(r.Id));
        }
        else if (ctx.Answer == StepAnswer.Reject)
        {
            notifier.ActivationRejected(r, r.RejectionReason ?? "", links.StatusUrl(r.Id), tell: false);
        }

        return Task.CompletedTask;
    }

    // ---- step 6: Admin Agency deactivates or activates the account in SPSE ----

    public async Task<OperationResult> ActOnAccountsAsync(StepContext ctx, CancellationToken ct)
    {
        var r = ctx.Request;
        var account = r.SpseAccountId is { } id ? await db.SpseAccounts.SingleOrDefaultAsync(a => a.Id == id && a.OfficeId == r.OfficeId, ct) : null;
        if (account is null)
        {
            return OperationResult.Fail(ErrorKind.InvalidState, $"Akun \"{r.SpseUserId}\" tidak lagi ada di register kantor ini.");
        }

        var activate = r.Type == RequestType.Activate;
        if (activate && r.IsSkExpired(calendar.ForZone(ctx.TimeZone).DateOf(ctx.Now)))
        {
            return OperationResult.Fail(ErrorKind.InvalidState,
                $"SK {r.SkNumber} pada permohonan berakhir pada {r.SkValidUntil:dd-MM-yyyy}; akun tidak dapat diaktifkan dengan SK yang tidak berlaku.");
        }

        var target = activate ? SpseAccountStatus.Active : SpseAccountStatus.Inactive;
        if (account.Status == target)
        {
            // e.g. the year-end PPK campaign, or a colleague working in SPSE directly, got there first: the request still ends.
            ctx.Outcome = $"Akun {account.UserId} sudah {target.Label().ToLowerInvariant()} sebelumnya; tidak ada perubahan di SPSE.";
            return OperationResult.Ok();
        }

        var before = account.Status;
        account.Status = target;
        var detail = $"{(activate ? "Diaktifkan" : "Dinonaktifkan")} sesuai permohonan {r.Number} (status {before.Label()} → {target.Label()})";
        if (activate && r.SkNumber is not null)
        {
            detail += $"; SK baru {r.SkNumber} berlaku s.d. {r.SkValidUntil:dd-MM-yyyy} (sebelumnya {account.SkNumber}" +
                      (account.ValidUntil is { } old ? $" s.d. {old:dd-MM-yyyy})" : ")");
            account.SkNumber = r.SkNumber;
            account.ValidUntil = r.SkValidUntil;
        }

        account.UpdatedAt = ctx.Now;
        db.SpseAccountHistory.Add(new SpseAccountHistory
        {
            SpseAccountId = account.Id,
            Change = activate ? SpseAccountChange.Activated : SpseAccountChange.Deactivated,
            Detail = detail,
            ChangedAt = ctx.Now,
            ChangedByUserId = ctx.Actor.UserId,
            ChangedByName = ctx.Actor.Name,
            AccessRequestId = r.Id,
        });
        ctx.Outcome = $"Akun {account.UserId} {(activate ? "diaktifkan" : "dinonaktifkan")} di SPSE.";
        return OperationResult.Ok();
    }

    // ---- step 7: Helpdesk relays the result, with the link to confirm its receipt ----

    public Task<OperationResult> DeliverAsync(StepContext ctx, CancellationToken ct)
    {
        var r = ctx.Request;
        var result = LastResult(r);
        ctx.Outcome = $"Hasil disampaikan ke {r.ApplicantEmail}: {result}";
        r.Outcome = RequestOutcome.Completed; // granted; the applicant's confirmation and the archive are left
        notifier.ActivationResult(r, result, links.ConfirmUrl(r.Id), links.StatusUrl(r.Id));
        return Task.FromResult(OperationResult.Ok());
    }

    private static string LastResult(AccessRequest r) =>
        r.Steps.Where(s => s.Kind == StepKind.AccountAction && !s.IsOpen).OrderBy(s => s.CompletedAt).Select(s => s.Outcome).LastOrDefault() ?? "";

    // ---- step 8: confirmation by the emailed link, recorded by staff, or the link sent again ----

    /// <summary>Step 8 from the link in the result email, without signing in: the applicant's own move, through the engine.</summary>
    public async Task<OperationResult> ConfirmReceiptByLinkAsync(SopEngine engine, string? token, string? lateExplanation, CancellationToken ct)
    {
        if (links.ReadConfirmToken(token) is not { } requestId)
        {
            return OperationResult.Fail(ErrorKind.NotFound, "Tautan konfirmasi tidak sah atau sudah kedaluwarsa. Masuk ke aplikasi atau hubungi Helpdesk LPSE.");
        }

        var request = await engine.LoadAsync(requestId, track: false, ct);
        if (request is null || request.Kind != Kind)
        {
            return OperationResult.NotFound();
        }

        if (SopEngine.CurrentStep(request) is not { Kind: StepKind.ConfirmReceipt } confirm)
        {
            // A link used again: the confirmation was given already (or the request no longer waits for it).
            return OperationResult.Fail(ErrorKind.InvalidState,
                $"Penerimaan hasil permohonan {request.Number} tidak sedang menunggu konfirmasi; permohonan {SopEngine.StandingText(request)}.");
        }

        var applicant = new Actor(request.ApplicantUserId, request.ApplicantName, request.OfficeId, new HashSet<string> { Roles.Pemohon });
        return await engine.MoveAsync(requestId,
            new StepMove(confirm.Number, request.Version) { ViaEmailLink = true, LateExplanation = lateExplanation }, applicant, ct);
    }

    /// <summary>Whether the actor may record a confirmation the applicant gave outside the app, or send the link again.</summary>
    public static bool CanRecordConfirmation(AccessRequest request, Actor actor) =>
        request.Kind == SopKind.AccessActivation && SopEngine.MayRecordConfirmation(request, actor);

    /// <summary>
    /// Whether the actor holds, in the request's office, the role of the step that delivers the result to the confirm-receipt step
    /// (Helpdesk LPSE, step 7): whoever else asks to record a confirmation or resend the link is refused (403), whatever step is open;
    /// the relayer is told when the request does not wait for the confirmation.
    /// </summary>
    public static bool IsRelayer(AccessRequest request, Actor actor) =>
        request.Kind == SopKind.AccessActivation && request.OfficeId == actor.OfficeId &&
        request.Sop!.Steps.Where(c => c.Kind == StepKind.ConfirmReceipt).Any(confirm => request.Sop.Steps.Any(s =>
            s.ActorRole != Roles.Pemohon && actor.IsIn(s.ActorRole) && SopEngine.NextStep(request.Sop, s, StepAnswer.Done)?.Number == confirm.Number));

    /// <summary>
    /// Whether the actor may use the staff forms of step 8 on this request at all (before their fields are read): not found when it
    /// is no SOP 2 request, forbidden (as every refused move) when they do not relay its result.
    /// </summary>
    public async Task<OperationResult> MayRecordAsync(SopEngine engine, int requestId, Actor actor, CancellationToken ct)
    {
        var request = await engine.LoadAsync(requestId, track: false, ct);
        return request is null || request.Kind != Kind ? OperationResult.NotFound()
            : IsRelayer(request, actor) ? OperationResult.Ok() : OperationResult.Forbidden();
    }

    /// <summary>Step 8 for an applicant who confirmed by phone, at the desk or otherwise instead of opening the link.</summary>
    public async Task<OperationResult> RecordConfirmationAsync(SopEngine engine, int requestId, int expectedVersion, StaffConfirmation confirmation,
        string? lateExplanation, Actor actor, CancellationToken ct)
    {
        var request = await engine.LoadAsync(requestId, track: false, ct);
        if (request is null || request.Kind != Kind)
        {
            return OperationResult.NotFound();
        }

        var step = SopEngine.CurrentStep(request);
        if (!IsRelayer(request, actor))
        {
            return OperationResult.Forbidden();
        }

        if (step?.Kind != StepKind.ConfirmReceipt)
        {
            return OperationResult.Fail(ErrorKind.InvalidState,
                $"Konfirmasi penerimaan tidak dapat dicatat karena permohonan {request.Number} sekarang {SopEngine.StandingText(request)}.");
        }

        return await engine.MoveAsync(requestId,
            new StepMove(step.Number, expectedVersion) { Confirmation = confirmation, LateExplanation = lateExplanation }, actor, ct);
    }

    /// <summary>Sends the result email with its confirmation link again, e.g. when the applicant lost it or it went to spam.</summary>
    public async Task<OperationResult> ResendConfirmationLinkAsync(SopEngine engine, int requestId, int expectedVersion, Actor actor, CancellationToken ct)
    {
        var r = await engine.LoadAsync(requestId, track: true, ct);
        if (r is null || r.Kind != Kind)
        {
            return OperationResult.NotFound();
        }

        if (!CanRecordConfirmation(r, actor))
        {
            db.ChangeTracker.Clear();
            return IsRelayer(r, actor) && SopEngine.CurrentStep(r)?.Kind != StepKind.ConfirmReceipt
                ? OperationResult.Fail(ErrorKind.InvalidState,
                    $"Tautan konfirmasi hanya dapat dikirim ulang selama permohonan menunggu konfirmasi pemohon; permohonan {r.Number} sekarang {SopEngine.StandingText(r)}.")
                : OperationResult.Forbidden();
        }

        var step = SopEngine.CurrentStep(r)!;
        if (r.Version != expectedVersion)
        {
            db.ChangeTracker.Clear();
            return ResendConflict(engine, r, step, actor);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var tz = await moves.OfficeTimeZoneAsync(r.OfficeId, ct);
        notifier.ActivationResult(r, LastResult(r), links.ConfirmUrl(r.Id), links.StatusUrl(r.Id));
        var open = r.Steps.Single(s => s.IsOpen && s.StepNumber == step.Number);
        var line = $"{ResentLine} {r.ApplicantEmail} oleh {actor.Name} pada {calendar.ForZone(tz).Format(now)}.";
        var note = open.Note is null ? line : open.Note + "\n" + line;
        open.Note = note.Length > 2000 ? note[^2000..] : note;
        var saved = await engine.SaveOnOpenStepAsync(r, fresh => ResendConflict(engine, fresh, step, actor), ct);
        if (saved.Succeeded)
        {
            logger.LogInformation("Request {RequestNumber}: confirmation link sent again by {UserId}", r.Number, actor.UserId);
        }

        return saved;
    }

    private const string ResentLine = "Tautan konfirmasi dikirim ulang ke";

    /// <summary>The latest "sent again" line on the open confirm-receipt step, if the link was sent again since it opened.</summary>
    private static string? LastResend(AccessRequest r) =>
        SopEngine.CurrentStep(r) is { Kind: StepKind.ConfirmReceipt } confirm &&
        r.Steps.SingleOrDefault(s => s.IsOpen && s.StepNumber == confirm.Number)?.Note?.Split('\n')[^1] is { } last &&
        last.StartsWith(ResentLine, StringComparison.Ordinal) ? last : null;

    /// <summary>
    /// The version moved on while the officer's page was open: when what moved it was this officer sending the link again (a double
    /// click, a reload), it is told as their own repeat, not as "another officer".
    /// </summary>
    private static OperationResult ResendConflict(SopEngine engine, AccessRequest current, SopStep seen, Actor actor) =>
        SopEngine.CurrentStep(current)?.Number == seen.Number && LastResend(current) is { } line &&
        line.Contains($" oleh {actor.Name} pada ", StringComparison.Ordinal)
            ? engine.Conflict(current, seen, actor, repeatedByActor: "Kirim ulang tautan konfirmasi")
            : engine.Conflict(current, seen, actor);

    /// <summary>After a repeated "send again": the link went out already, once.</summary>
    public string? RepeatHint(AccessRequest request) =>
        LastResend(request) is { } line ? "Email hasil tidak dikirim lagi; yang terakhir: " + line : null;

    /// <summary>Another form for the same account was saved first (the unique index on the open request's account refused this one).</summary>
    public async Task<string?> StillRunningAsync(AccessRequest request, CancellationToken ct) =>
        request.SpseAccountId is { } accountId && await OpenRequestNumberAsync(accountId, ct) is { } open ? StillRunning(open, request.SpseUserId) : null;

    private static string StillRunning(string number, string spseUserId) =>
        $"Masih ada permohonan {number} yang berjalan untuk akun \"{spseUserId}\". Tunggu sampai selesai.";

    // ---- helpers ----

    private Task<string?> OpenRequestNumberAsync(int accountId, CancellationToken ct) =>
        db.AccessRequests.AsNoTracking()
            .Where(r => r.SpseAccountId == accountId && r.ClosedAt == null && r.Kind == SopKind.AccessActivation)
            .Select(r => r.Number).FirstOrDefaultAsync(ct);

    private PaperIntake NewIntake() => new(db, calendar, requestFiles, notifier, links);

    private static OperationResult Invalid(string message) => OperationResult.Fail(ErrorKind.Validation, message);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
