using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Archive;
using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Documents.Pdf;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AksesSpse.Core.Requests;

/// <summary>
/// SOP 2, "Penonaktifan dan Pengaktifan Hak Akses SPSE bagi PPK, Anggota Pokja ULP dan Pejabat Pengadaan": the
/// applicant (or Helpdesk on their behalf) submits, Helpdesk receives with a handover form and checks completeness,
/// Admin Agency acts in SPSE, Helpdesk relays the result, the applicant confirms receipt, Helpdesk archives. Every
/// step re-checks the move, records performer and time against its standard, and saves with its notices at once.
/// </summary>
public sealed class AccessActivationService(
    AppDbContext db,
    IStepClock clock,
    TimeProvider time,
    OfficeCalendar calendar,
    RequestFiles requestFiles,
    Notifier notifier,
    RequestLinks links,
    RequestMoves moves,
    IOptions<AppOptions> options,
    ILogger<AccessActivationService> logger) : IPaperIntakeProcedure<IntakeCommand>
{
    private readonly StepRecorder _steps = new(clock);

    public const string NumberPrefix = Procedures.AccessActivationModule.Prefix;
    public const string ReceiptCode = PaperIntake.ReceiptCode;
    public const string ReceiptName = PaperIntake.ReceiptName;

    /// <summary>SOP 2 step 1: "Berkas dapat disampaikan secara langsung (hardcopy) atau melalui email"; Helpdesk LPSE receives it.</summary>
    public static readonly PaperIntakePolicy Intake = Procedures.AccessActivationModule.Intake;

    PaperIntakePolicy IPaperIntakeProcedure<IntakeCommand>.Policy => Intake;

    private PaperIntake Paper() => new(db, clock, time, calendar, requestFiles, notifier, links, moves, logger);

    /// <summary>The SPSE roles SOP 2 covers.</summary>
    public static readonly SpseRole[] CoveredRoles = Procedures.AccessActivationModule.CoveredRoles;

    // ---- asking ----

    public static IReadOnlyList<ActivationAction> AvailableActions(AccessRequest request, Actor actor) =>
        request.Kind != SopKind.AccessActivation
            ? []
            : AccessActivationWorkflow.AllowedIn(request.Status).Where(a => IsAuthorized(request, actor, a)).ToList();

    public static bool IsAuthorized(AccessRequest request, Actor actor, ActivationAction action)
    {
        var role = AccessActivationWorkflow.ActorRole(action);
        if (role == Roles.Pemohon)
        {
            // Helpdesk takes the completed paper file from an applicant who came to the desk or wrote by email.
            return request.ApplicantUserId == actor.UserId ||
                   (action == ActivationAction.Resubmit && request.Channel != IntakeChannel.Online &&
                    actor.IsIn(Roles.HelpdeskLpse) && request.OfficeId == actor.OfficeId);
        }

        return actor.IsIn(role) && request.OfficeId == actor.OfficeId;
    }

    /// <summary>The applicant's accounts in the register that SOP 2 covers (for the form's list).</summary>
    public async Task<IReadOnlyList<SpseAccount>> AccountsOfAsync(int officeId, string? nip, CancellationToken ct) =>
        string.IsNullOrEmpty(nip)
            ? []
            : await db.SpseAccounts.AsNoTracking()
                .Where(a => a.OfficeId == officeId && a.HolderNip == nip && EF.Constant(CoveredRoles).Contains(a.Role))
                .OrderBy(a => a.UserId).ToListAsync(ct);

    // ---- step 1: the applicant submits in the app ----

    public async Task<OperationResult<int>> SubmitAsync(SubmitActivationCommand command, Actor actor, CancellationToken ct)
    {
        if (!actor.IsIn(Roles.Pemohon))
        {
            return OperationResult<int>.From(OperationResult.Forbidden());
        }

        if (await FindBySubmissionKeyAsync(command.SubmissionKey, ct) is { } existing)
        {
            return existing.ApplicantUserId == actor.UserId
                ? OperationResult<int>.Ok(existing.Id)
                : OperationResult<int>.From(OperationResult.Fail(ErrorKind.Validation, "Formulir ini sudah dipakai. Muat ulang halaman dan isi kembali."));
        }

        var applicant = await db.Users.AsNoTracking().SingleAsync(u => u.Id == actor.UserId, ct);
        if (string.IsNullOrEmpty(applicant.Nip))
        {
            return Invalid<int>("Profil Anda belum memuat NIP. Lengkapi profil sebelum mengajukan permohonan.");
        }

        if (applicant.NipStatus == NipStatus.Mismatch)
        {
            return Invalid<int>("NIP pada profil Anda dinyatakan tidak sesuai SK oleh petugas LPSE. Hubungi Helpdesk LPSE dengan membawa SK Anda.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var prepared = await PrepareAsync(actor.OfficeId, command.Type, command.SpseUserId, applicant.Nip, command.SkValidUntil,
            command.Files, now, ct);
        if (!prepared.Succeeded)
        {
            // The same form sent twice at once: the other post may have created the request since the key was looked up,
            // and would now be refused as "still running". Answer with that request instead.
            return await FindBySubmissionKeyAsync(command.SubmissionKey, ct) is { } raced && raced.ApplicantUserId == actor.UserId
                ? OperationResult<int>.Ok(raced.Id)
                : OperationResult<int>.From(prepared);
        }

        var (sop, account) = prepared.Value;
        var request = NewRequest(sop, account, command.Type, command.Reason, command.SkNumber, command.SkValidUntil, command.Details,
            command.SubmissionKey, now, applicant.Id, applicant.FullName, applicant.Nip, applicant.Email ?? "");
        request.Status = RequestStatus.AwaitingReceipt;
        request.Channel = IntakeChannel.Online;

        var tz = await OfficeTimeZoneAsync(actor.OfficeId, ct);
        var submit = _steps.Open(request, StepKind.Submit, now, tz);
        _steps.Finish(submit, actor, now, tz, "Berkas permohonan dikirim melalui aplikasi", null);
        _steps.Open(request, StepKind.Receive, now, tz);

        return await Paper().SaveNewAsync(this, request, command.Files, actor, now, receivedBy: null, r =>
        {
            notifier.ActivationSubmitted(r, links.StatusUrl(r.Id));
            notifier.Tell(r.ApplicantUserId, r, $"Permohonan {r.Number} terkirim dan menunggu diterima Helpdesk LPSE.");
        }, ct);
    }

    // ---- steps 1 and 2 at once: Helpdesk registers a paper or email request ----

    public Task<OperationResult<int>> IntakeAsync(IntakeCommand command, Actor actor, CancellationToken ct) =>
        Paper().IntakeAsync(this, command.SubmissionKey,
            new IntakeApplicant(command.Channel, command.ApplicantName, command.ApplicantNip, command.ApplicantEmail, command.Details),
            command, command.Files, actor, ct);

    async Task<OperationResult<PreparedIntake>> IPaperIntakeProcedure<IntakeCommand>.PrepareIntakeAsync(int officeId, IntakeCommand command,
        string applicantNip, IReadOnlyList<IncomingFile> files, DateTime now, CancellationToken ct)
    {
        var prepared = await PrepareAsync(officeId, command.Type, command.SpseUserId, applicantNip, command.SkValidUntil, files, now, ct);
        if (!prepared.Succeeded)
        {
            return OperationResult<PreparedIntake>.From(prepared);
        }

        var (sop, account) = prepared.Value;
        var request = NewRequest(sop, account, command.Type, command.Reason, command.SkNumber, command.SkValidUntil, command.Details,
            command.SubmissionKey, now, "", command.ApplicantName.Trim(), applicantNip, command.ApplicantEmail.Trim());
        var kind = account.Role switch
        {
            SpseRole.Ppk => ApplicantKind.Ppk,
            SpseRole.Pokja => ApplicantKind.Pokja,
            _ => ApplicantKind.PejabatPengadaan,
        };
        return OperationResult<PreparedIntake>.Ok(new PreparedIntake(request, kind));
    }

    string IPaperIntakeProcedure<IntakeCommand>.FormatNumber(DateTime submittedAt, int id) => FormatNumber(submittedAt, id);

    async Task<string?> IPaperIntakeProcedure<IntakeCommand>.StillRunningAsync(AccessRequest request, CancellationToken ct) =>
        request.SpseAccountId is { } accountId && await OpenRequestNumberAsync(accountId, ct) is { } open
            ? StillRunning(open, request.SpseUserId)
            : null;

    // ---- step 2: Helpdesk receives an online request ----

    public async Task<OperationResult> ReceiveAsync(int requestId, int expectedVersion, Actor actor, CancellationToken ct)
    {
        var stored = new List<string>();
        var result = await ActAsync(requestId, expectedVersion, actor, ActivationAction.Receive, async (r, now, tz) =>
        {
            var done = _steps.Complete(r, StepKind.Receive, actor, now, tz, "Permohonan diterima; formulir serah terima berkas dibuat", null, null);
            if (!done.Succeeded)
            {
                return done;
            }

            r.Status = RequestStatus.Submitted;
            _steps.Open(r, StepKind.CompletenessCheck, now, tz);
            await Paper().IssueReceiptAsync(r, actor, now, tz, stored, ct);
            return OperationResult.Ok();
        }, ct);

        if (!result.Succeeded)
        {
            await requestFiles.DeleteAsync(stored);
        }

        return result;
    }

    // ---- step 3: completeness check ----

    public Task<OperationResult> CheckCompletenessAsync(int requestId, int expectedVersion, CompletenessChecklist checklist,
        string? lateExplanation, Actor actor, CancellationToken ct) =>
        ActAsync(requestId, expectedVersion, actor, ActivationAction.CheckCompleteness, async (r, now, tz) =>
        {
            if (checklist.Decision == CompletenessDecision.Complete &&
                await NipVerificationService.ApplicantNipStatusAsync(db, r.ApplicantUserId, r.ApplicantNip, ct) is var nip && nip != NipStatus.Verified)
            {
                // The personal data item cannot pass on a self-declared NIP (H1 of issue #7, docs/adr/0016).
                return OperationResult.Fail(ErrorKind.Validation,
                    $"{NipVerificationService.Label(nip)}: NIP pemohon belum cocok dengan SK yang diperiksa petugas, sehingga berkas belum dapat " +
                    "dinyatakan lengkap. Verifikasi NIP pemohon terhadap SK di halaman Verifikasi NIP lebih dulu, atau kembalikan berkas.");
            }

            var decided = DecideCompleteness(r, checklist, lateExplanation, actor, now, tz);
            if (decided.Succeeded)
            {
                // Kept for the next check after a resubmission: it starts from these ticks, not from an empty list.
                CompletenessTicks.RecordOn(r, CompletenessTicks.Of(checklist.Passed, checklist.MissingDocumentCodes));
            }

            return decided;
        }, ct);

    private OperationResult DecideCompleteness(AccessRequest r, CompletenessChecklist checklist, string? lateExplanation, Actor actor,
        DateTime now, string tz)
    {
        var remarks = Clean(checklist.Remarks);
        var today = Today(now, tz);
        var failedItems = Enum.GetValues<ChecklistItem>().Where(i => !checklist.Passed.Contains(i)).ToList();
        switch (checklist.Decision)
        {
            case CompletenessDecision.Complete:
            {
                if (failedItems.Count > 0 || checklist.MissingDocumentCodes.Count > 0)
                {
                    return OperationResult.Fail(ErrorKind.Validation,
                        "Berkas hanya dapat dinyatakan lengkap bila semua butir daftar periksa terpenuhi dan tidak ada dokumen yang kurang. " +
                        "Belum dicentang: " + string.Join("; ", failedItems.Select(i => i.Label())) + ".");
                }

                if (r.IsSkExpired(today))
                {
                    return OperationResult.Fail(ErrorKind.Validation,
                        $"SK {r.SkNumber} berakhir pada {r.SkValidUntil:dd-MM-yyyy}, tidak berlaku pada hari ini. Kembalikan berkas agar pemohon melampirkan SK yang berlaku.");
                }

                var done = _steps.Complete(r, StepKind.CompletenessCheck, actor, now, tz,
                    "Berkas lengkap; diteruskan ke Admin Agency. Daftar periksa: semua butir terpenuhi.", remarks, lateExplanation);
                if (!done.Succeeded)
                {
                    return done;
                }

                r.Status = RequestStatus.AwaitingExecution;
                _steps.Open(r, StepKind.AccountAction, now, tz);
                notifier.Tell(r.ApplicantUserId, r, $"Berkas permohonan {r.Number} lengkap dan diteruskan ke Admin Agency.");
                return OperationResult.Ok();
            }

            case CompletenessDecision.Incomplete:
            {
                var lines = failedItems.Select(i => "- " + i.Label()).ToList();
                lines.AddRange(r.Sop!.RequiredDocuments.Where(d => checklist.MissingDocumentCodes.Contains(d.Code)).OrderBy(d => d.Order)
                    .Select(d => "- Dokumen: " + d.Name));
                if (remarks is not null)
                {
                    lines.Add("- " + remarks);
                }

                if (lines.Count == 0)
                {
                    return OperationResult.Fail(ErrorKind.Validation,
                        "Tandai butir yang tidak terpenuhi atau tuliskan apa yang harus dilengkapi pemohon.");
                }

                var missing = string.Join("\n", lines);
                var done = _steps.Complete(r, StepKind.CompletenessCheck, actor, now, tz, "Berkas tidak lengkap; dikembalikan ke pemohon:\n" + missing,
                    null, lateExplanation);
                if (!done.Succeeded)
                {
                    return done;
                }

                r.Status = RequestStatus.ReturnedForCompletion;
                r.MissingItems = missing;
                r.PausedSince = now; // the clock stops while the file is with the applicant
                _steps.Open(r, StepKind.ApplicantCompletion, now, tz);
                notifier.ActivationIncomplete(r, missing, links.StatusUrl(r.Id));
                return OperationResult.Ok();
            }

            case CompletenessDecision.Reject:
            {
                if (remarks is null)
                {
                    return OperationResult.Fail(ErrorKind.Validation, "Tuliskan alasan penolakan.");
                }

                var done = _steps.Complete(r, StepKind.CompletenessCheck, actor, now, tz, "Permohonan ditolak pada pemeriksaan kelengkapan", remarks, lateExplanation);
                if (!done.Succeeded)
                {
                    return done;
                }

                r.Status = RequestStatus.AwaitingArchive;
                r.Outcome = RequestOutcome.Rejected;
                r.RejectionReason = remarks;
                _steps.Open(r, StepKind.Archive, now, tz);
                notifier.ActivationRejected(r, remarks, links.StatusUrl(r.Id));
                return OperationResult.Ok();
            }

            default:
                return OperationResult.Fail(ErrorKind.Validation, "Pilih hasil pemeriksaan kelengkapan.");
        }
    }

    // ---- step 4: the applicant (or Helpdesk for a paper file) completes and resubmits ----

    public async Task<OperationResult> ResubmitAsync(int requestId, int expectedVersion, IReadOnlyList<IncomingFile> newFiles,
        string? note, string? skNumber, DateOnly? skValidUntil, Actor actor, CancellationToken ct)
    {
        var stored = new List<string>();
        var result = await ActAsync(requestId, expectedVersion, actor, ActivationAction.Resubmit, async (r, now, tz) =>
        {
            note = Clean(note);
            if (newFiles.Count == 0 && note is null)
            {
                return OperationResult.Fail(ErrorKind.Validation,
                    "Unggah dokumen yang diminta atau tuliskan keterangan pelengkapan sebelum mengirim ulang.");
            }

            if (skValidUntil is { } until)
            {
                if (until < Today(now, tz))
                {
                    return OperationResult.Fail(ErrorKind.Validation,
                        $"SK yang baru juga sudah berakhir ({until:dd-MM-yyyy}). Lampirkan SK yang berlaku pada hari ini.");
                }

                r.SkValidUntil = until;
                r.SkNumber = Clean(skNumber) ?? r.SkNumber;
            }

            var attach = await requestFiles.StoreAsync(r, r.Sop!, newFiles, actor.UserId, now, stored, ct);
            if (!attach.Succeeded)
            {
                return attach;
            }

            var by = r.ApplicantUserId == actor.UserId ? "" : $" (diterima oleh {actor.Name})";
            var done = _steps.Complete(r, StepKind.ApplicantCompletion, actor, now, tz, $"Berkas dilengkapi ({newFiles.Count} dokumen baru){by}", note, null);
            if (!done.Succeeded)
            {
                return done;
            }

            ResumeClock(r, now);
            r.Status = RequestStatus.Submitted;
            r.MissingItems = null;
            _steps.Open(r, StepKind.CompletenessCheck, now, tz);
            notifier.Tell(r.ApplicantUserId, r, $"Permohonan {r.Number} dikirim ulang dan menunggu pemeriksaan kelengkapan oleh Helpdesk.");
            return OperationResult.Ok();
        }, ct);

        if (!result.Succeeded)
        {
            await requestFiles.DeleteAsync(stored);
        }

        return result;
    }

    /// <summary>Adds the interval the file spent with the applicant to the paused time, and starts the clock again.</summary>
    public static void ResumeClock(AccessRequest request, DateTime now)
    {
        if (request.PausedSince is { } since)
        {
            request.PausedSeconds += Math.Max(0, (long)(now - since).TotalSeconds);
            request.PausedSince = null;
        }
    }

    // ---- step 6: Admin Agency deactivates or activates the account in SPSE ----

    public Task<OperationResult> ExecuteAsync(int requestId, int expectedVersion, string? lateExplanation, Actor actor, CancellationToken ct) =>
        ActAsync(requestId, expectedVersion, actor, ActivationAction.Execute, async (r, now, tz) =>
        {
            var account = r.SpseAccountId is { } id ? await db.SpseAccounts.SingleOrDefaultAsync(a => a.Id == id && a.OfficeId == r.OfficeId, ct) : null;
            if (account is null)
            {
                return OperationResult.Fail(ErrorKind.InvalidState, $"Akun \"{r.SpseUserId}\" tidak lagi ada di register kantor ini.");
            }

            var activate = r.Type == RequestType.Activate;
            if (activate && r.IsSkExpired(Today(now, tz)))
            {
                return OperationResult.Fail(ErrorKind.InvalidState,
                    $"SK {r.SkNumber} pada permohonan berakhir pada {r.SkValidUntil:dd-MM-yyyy}; akun tidak dapat diaktifkan dengan SK yang tidak berlaku.");
            }

            var target = activate ? SpseAccountStatus.Active : SpseAccountStatus.Inactive;
            string outcome;
            if (account.Status == target)
            {
                outcome = $"Akun {account.UserId} sudah {target.Label().ToLowerInvariant()} sebelumnya; tidak ada perubahan di SPSE.";
            }
            else
            {
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

                account.UpdatedAt = now;
                db.SpseAccountHistory.Add(new SpseAccountHistory
                {
                    SpseAccountId = account.Id,
                    Change = activate ? SpseAccountChange.Activated : SpseAccountChange.Deactivated,
                    Detail = detail,
                    ChangedAt = now,
                    ChangedByUserId = actor.UserId,
                    ChangedByName = actor.Name,
                    AccessRequestId = r.Id,
                });
                outcome = $"Akun {account.UserId} {(activate ? "diaktifkan" : "dinonaktifkan")} di SPSE.";
            }

            var done = _steps.Complete(r, StepKind.AccountAction, actor, now, tz, outcome, null, lateExplanation);
            if (!done.Succeeded)
            {
                return done;
            }

            r.Status = RequestStatus.AwaitingNotification;
            _steps.Open(r, StepKind.Notify, now, tz);
            return OperationResult.Ok();
        }, ct);

    // ---- step 7: Helpdesk relays the result ----

    public Task<OperationResult> RelayAsync(int requestId, int expectedVersion, string? lateExplanation, Actor actor, CancellationToken ct) =>
        ActAsync(requestId, expectedVersion, actor, ActivationAction.Relay, (r, now, tz) =>
        {
            var result = r.Steps.Where(s => s.Kind == StepKind.AccountAction && !s.IsOpen).Select(s => s.Outcome).LastOrDefault() ?? "";
            var done = _steps.Complete(r, StepKind.Notify, actor, now, tz, $"Hasil disampaikan ke {r.ApplicantEmail}: {result}", null, lateExplanation);
            if (!done.Succeeded)
            {
                return Task.FromResult(done);
            }

            r.Status = RequestStatus.AwaitingConfirmation;
            r.Outcome = RequestOutcome.Completed;
            _steps.Open(r, StepKind.ConfirmReceipt, now, tz);
            notifier.ActivationResult(r, result, links.ConfirmUrl(r.Id), links.StatusUrl(r.Id));
            return Task.FromResult(OperationResult.Ok());
        }, ct);

    // ---- step 8: the applicant confirms receiving the result ----

    public Task<OperationResult> ConfirmReceiptAsync(int requestId, int expectedVersion, string? lateExplanation, Actor actor, CancellationToken ct) =>
        ActAsync(requestId, expectedVersion, actor, ActivationAction.ConfirmReceipt, (r, now, tz) =>
            Task.FromResult(Confirm(r, actor, now, tz, "Penerimaan hasil dikonfirmasi pemohon di aplikasi", lateExplanation)), ct);

    /// <summary>Step 8 from the link in the result email, without signing in.</summary>
    public async Task<OperationResult> ConfirmReceiptByLinkAsync(string? token, string? lateExplanation, CancellationToken ct)
    {
        if (links.ReadConfirmToken(token) is not { } requestId)
        {
            return OperationResult.Fail(ErrorKind.NotFound, "Tautan konfirmasi tidak sah atau sudah kedaluwarsa. Masuk ke aplikasi atau hubungi Helpdesk LPSE.");
        }

        var request = await db.AccessRequests.AsNoTracking().Where(r => r.Id == requestId)
            .Select(r => new { r.ApplicantUserId, r.ApplicantName, r.OfficeId, r.Version }).SingleOrDefaultAsync(ct);
        if (request is null)
        {
            return OperationResult.NotFound();
        }

        var applicant = new Actor(request.ApplicantUserId, request.ApplicantName, request.OfficeId, new HashSet<string> { Roles.Pemohon });
        return await ActAsync(requestId, request.Version, applicant, ActivationAction.ConfirmReceipt, (r, now, tz) =>
            Task.FromResult(Confirm(r, applicant, now, tz, "Penerimaan hasil dikonfirmasi pemohon melalui tautan email", lateExplanation)), ct);
    }

    /// <summary>
    /// Step 8 for an applicant who confirmed by phone, at the desk or otherwise instead of opening the link (a paper
    /// applicant often has no way to sign in): Helpdesk records who confirmed, how and when; the step is done at that
    /// time, with Helpdesk as the performer who recorded it.
    /// </summary>
    public static bool CanRecordConfirmation(AccessRequest request, Actor actor) =>
        request is { Kind: SopKind.AccessActivation, Status: RequestStatus.AwaitingConfirmation } &&
        actor.IsIn(Roles.HelpdeskLpse) && request.OfficeId == actor.OfficeId;

    public Task<OperationResult> RecordConfirmationAsync(int requestId, int expectedVersion, StaffConfirmation confirmation,
        string? lateExplanation, Actor actor, CancellationToken ct) =>
        moves.RunAsync(requestId, SopKind.AccessActivation, expectedVersion, "RecordConfirmation",
            r => actor.IsIn(Roles.HelpdeskLpse) && r.OfficeId == actor.OfficeId,
            r => r.Status == RequestStatus.AwaitingConfirmation
                ? null
                : $"Konfirmasi penerimaan tidak dapat dicatat karena status permohonan {r.Number} adalah \"{r.Status.Label()}\".",
            (r, now, tz) =>
            {
                var who = Clean(confirmation.ConfirmedBy);
                var detail = Clean(confirmation.MethodDetail);
                if (who is null)
                {
                    return Task.FromResult(OperationResult.Fail(ErrorKind.Validation, "Tuliskan nama orang yang mengonfirmasi penerimaan hasil."));
                }

                if (!Enum.IsDefined(confirmation.Method))
                {
                    return Task.FromResult(OperationResult.Fail(ErrorKind.Validation, "Pilih cara konfirmasi: telepon, datang langsung, atau lainnya."));
                }

                if (confirmation.Method == ConfirmationMethod.Other && detail is null)
                {
                    return Task.FromResult(OperationResult.Fail(ErrorKind.Validation, "Jelaskan cara konfirmasi yang lain itu (mis. pesan WhatsApp ke nomor dinas)."));
                }

                var office = calendar.ForZone(tz);
                var at = office.ToUtc(confirmation.ConfirmedAtLocal);
                var typed = office.Format(at); // as typed, in the office's time
                var step = r.Steps.Single(s => s.IsOpen && s.Kind == StepKind.ConfirmReceipt);
                if (at > now)
                {
                    return Task.FromResult(OperationResult.Fail(ErrorKind.Validation,
                        $"Waktu konfirmasi ({typed}) belum terjadi. Isi waktu pemohon mengonfirmasi."));
                }

                if (at < step.ActionableAt.AddMinutes(-1))
                {
                    return Task.FromResult(OperationResult.Fail(ErrorKind.Validation,
                        $"Waktu konfirmasi ({typed}) lebih awal dari saat hasil disampaikan ({office.Format(step.ActionableAt)})."));
                }

                if (at < step.ActionableAt)
                {
                    at = step.ActionableAt; // the same minute as the relay, typed without seconds
                }

                var how = confirmation.Method.Label() + (detail is null ? "" : $" ({detail})");
                var done = _steps.Complete(r, StepKind.ConfirmReceipt, actor, at, tz,
                    $"Penerimaan hasil dikonfirmasi melalui {how} oleh {who} pada {typed}; dicatat oleh {actor.Name} (Helpdesk LPSE)",
                    null, lateExplanation);
                if (!done.Succeeded)
                {
                    return Task.FromResult(done);
                }

                r.Status = RequestStatus.AwaitingArchive;
                _steps.Open(r, StepKind.Archive, now, tz);
                notifier.Tell(r.ApplicantUserId, r, $"Konfirmasi penerimaan hasil permohonan {r.Number} ({how}) dicatat oleh Helpdesk LPSE.");
                return Task.FromResult(OperationResult.Ok());
            }, actor.UserId, ct);

    /// <summary>Sends the result email with its confirmation link again, e.g. when the applicant lost it or it went to spam.</summary>
    public Task<OperationResult> ResendConfirmationLinkAsync(int requestId, int expectedVersion, Actor actor, CancellationToken ct) =>
        moves.RunAsync(requestId, SopKind.AccessActivation, expectedVersion, "ResendConfirmationLink",
            r => actor.IsIn(Roles.HelpdeskLpse) && r.OfficeId == actor.OfficeId,
            r => r.Status == RequestStatus.AwaitingConfirmation
                ? null
                : $"Tautan konfirmasi hanya dapat dikirim ulang selama permohonan menunggu konfirmasi pemohon; status {r.Number} adalah \"{r.Status.Label()}\".",
            (r, now, tz) =>
            {
                var result = r.Steps.Where(s => s.Kind == StepKind.AccountAction && !s.IsOpen).Select(s => s.Outcome).LastOrDefault() ?? "";
                notifier.ActivationResult(r, result, links.ConfirmUrl(r.Id), links.StatusUrl(r.Id));
                var step = r.Steps.Single(s => s.IsOpen && s.Kind == StepKind.ConfirmReceipt);
                var line = $"Tautan konfirmasi dikirim ulang ke {r.ApplicantEmail} oleh {actor.Name} pada {calendar.ForZone(tz).Format(now)}.";
                var note = step.Note is null ? line : step.Note + "\n" + line;
                step.Note = note.Length > 2000 ? note[^2000..] : note;

                // The request row itself does not change: mark it so its Version guards this move too (a double click sends once).
                db.Entry(r).Property(x => x.Version).IsModified = true;
                return Task.FromResult(OperationResult.Ok());
            }, actor.UserId, ct);

    private OperationResult Confirm(AccessRequest r, Actor actor, DateTime now, string tz, string outcome, string? lateExplanation)
    {
        var done = _steps.Complete(r, StepKind.ConfirmReceipt, actor, now, tz, outcome, null, lateExplanation);
        if (!done.Succeeded)
        {
            return done;
        }

        r.Status = RequestStatus.AwaitingArchive;
        _steps.Open(r, StepKind.Archive, now, tz);
        return OperationResult.Ok();
    }

    // ---- step 9: Helpdesk archives ----

    public Task<OperationResult> ArchiveAsync(int requestId, int expectedVersion, string? lateExplanation, Actor actor, CancellationToken ct) =>
        ActAsync(requestId, expectedVersion, actor, ActivationAction.Archive, (r, now, tz) =>
        {
            var done = _steps.Complete(r, StepKind.Archive, actor, now, tz, "Berkas permohonan dan data hak akses diarsipkan", null, lateExplanation);
            if (!done.Succeeded)
            {
                return Task.FromResult(done);
            }

            moves.Archive(r, ArchiveFacts(r), actor, now, options.Value.ArchiveRetentionYears);
            return Task.FromResult(OperationResult.Ok());
        }, ct);

    // ---- the receipt ----

    /// <summary>The handover form of a request, if it has been received (else a message saying it has not).</summary>
    public Task<OperationResult<RequestDocument>> ReceiptAsync(AccessRequest request, CancellationToken ct) =>
        PaperIntake.ReceiptAsync(db, request, ct);

    // ---- the shared mechanics ----

    private async Task<OperationResult<(SopDefinition Sop, SpseAccount Account)>> PrepareAsync(int officeId, RequestType type, string spseUserId,
        string nip, DateOnly skValidUntil, IReadOnlyList<IncomingFile> incoming, DateTime now, CancellationToken ct)
    {
        if (type is not (RequestType.Deactivate or RequestType.Activate))
        {
            return Invalid<(SopDefinition, SpseAccount)>("Pilih jenis permohonan: penonaktifan atau pengaktifan hak akses.");
        }

        var sop = await db.SopDefinitions.Include(s => s.Steps).Include(s => s.RequiredDocuments)
            .AsSplitQuery() // two collections: one query each, as SopCatalog reads them
            .SingleOrDefaultAsync(s => s.OfficeId == officeId && s.Kind == SopKind.AccessActivation && s.IsCurrent, ct);
        if (sop is null)
        {
            return OperationResult<(SopDefinition, SpseAccount)>.From(OperationResult.Fail(ErrorKind.Unavailable,
                "SOP penonaktifan/pengaktifan hak akses belum ditetapkan untuk kantor ini. Hubungi Administrator LPSE."));
        }

        var userId = spseUserId.Trim();
        var account = await db.SpseAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.OfficeId == officeId && a.UserId == userId, ct);
        if (account is null)
        {
            return Invalid<(SopDefinition, SpseAccount)>($"User ID \"{userId}\" tidak terdaftar di register akun SPSE kantor ini. Periksa kembali penulisannya.");
        }

        if (account.HolderNip != nip)
        {
            return Invalid<(SopDefinition, SpseAccount)>($"User ID \"{userId}\" tidak terdaftar atas NIP pemohon. Permohonan hanya dapat diajukan oleh pemegang akun.");
        }

        if (!CoveredRoles.Contains(account.Role))
        {
            return Invalid<(SopDefinition, SpseAccount)>($"Akun \"{userId}\" berperan {account.Role.Label()}; SOP ini hanya untuk akun PPK, Pokja Pemilihan dan Pejabat Pengadaan.");
        }

        if (type == RequestType.Deactivate && account.Status == SpseAccountStatus.Inactive)
        {
            return Invalid<(SopDefinition, SpseAccount)>($"Akun \"{userId}\" sudah nonaktif; tidak perlu dinonaktifkan lagi.");
        }

        if (type == RequestType.Activate && account.Status == SpseAccountStatus.Active)
        {
            return Invalid<(SopDefinition, SpseAccount)>($"Akun \"{userId}\" masih aktif; tidak perlu diaktifkan.");
        }

        var tz = await OfficeTimeZoneAsync(officeId, ct);
        if (skValidUntil < Today(now, tz))
        {
            return Invalid<(SopDefinition, SpseAccount)>(
                $"SK yang dilampirkan berakhir pada {skValidUntil:dd-MM-yyyy} dan tidak berlaku hari ini. Lampirkan SK / Surat Tugas / Surat Penunjukan yang berlaku.");
        }

        if (await OpenRequestNumberAsync(account.Id, ct) is { } open)
        {
            return Invalid<(SopDefinition, SpseAccount)>(StillRunning(open, userId));
        }

        var missing = sop.RequiredDocuments.Where(d => incoming.All(f => f.DocumentCode != d.Code)).OrderBy(d => d.Order).Select(d => d.Name).ToList();
        if (missing.Count > 0)
        {
            return Invalid<(SopDefinition, SpseAccount)>("Dokumen wajib belum diunggah: " + string.Join("; ", missing) + ".");
        }

        return OperationResult<(SopDefinition, SpseAccount)>.Ok((sop, account));
    }

    private static AccessRequest NewRequest(SopDefinition sop, SpseAccount account, RequestType type, string reason, string skNumber,
        DateOnly skValidUntil, PersonalDetails details, Guid key, DateTime now, string applicantUserId, string name, string nip, string email) => new()
    {
        Number = "TMP-" + Guid.NewGuid().ToString("N")[..20],
        OfficeId = sop.OfficeId,
        SopDefinitionId = sop.Id,
        Sop = sop,
        Kind = SopKind.AccessActivation,
        Type = type,
        ApplicantUserId = applicantUserId,
        ApplicantName = name,
        ApplicantNip = nip,
        ApplicantEmail = email,
        ApplicantRankGrade = details.RankGrade.Trim(),
        ApplicantPosition = details.Position.Trim(),
        ApplicantAgency = details.Agency.Trim(),
        ApplicantAddress = details.Address.Trim(),
        ApplicantPhone = details.Phone.Trim(),
        SpseUserId = account.UserId,
        SpseAccountId = account.Id,
        OpenSpseAccountId = account.Id,
        Reason = reason.Trim(),
        SkNumber = skNumber.Trim(),
        SkValidUntil = skValidUntil,
        SubmissionKey = key,
        SubmittedAt = now,
    };

    private Task<OperationResult> ActAsync(int requestId, int expectedVersion, Actor actor, ActivationAction action,
        Func<AccessRequest, DateTime, string, Task<OperationResult>> apply, CancellationToken ct) =>
        moves.RunAsync(requestId, SopKind.AccessActivation, expectedVersion, action.ToString(),
            r => IsAuthorized(r, actor, action),
            r => AccessActivationWorkflow.IsAllowed(r.Status, action)
                ? null
                : $"Tindakan \"{action.Label()}\" tidak dapat dilakukan karena status permohonan {r.Number} adalah \"{r.Status.Label()}\".",
            apply, actor.UserId, ct);

    private static IEnumerable<string> ArchiveFacts(AccessRequest r) =>
    [
        $"Nomor: {r.Number}",
        $"Jenis: {r.Type.Label()}",
        $"SOP: {r.Sop!.Number} versi {r.Sop.Version}",
        $"Cara masuk: {r.Channel.Label()}",
        $"Pemohon: {r.ApplicantName} (NIP {r.ApplicantNip}), {r.ApplicantRankGrade}, {r.ApplicantPosition}, {r.ApplicantAgency}",
        $"Alamat: {r.ApplicantAddress}; HP {r.ApplicantPhone}; email {r.ApplicantEmail}",
        $"User ID SPSE: {r.SpseUserId}",
        string.Create(CultureInfo.InvariantCulture, $"SK: {r.SkNumber} berlaku s.d. {r.SkValidUntil:yyyy-MM-dd}"),
        $"Hasil: {r.Outcome.Label()}{(r.RejectionReason is null ? "" : " — " + r.RejectionReason)}",
        string.Create(CultureInfo.InvariantCulture, $"Diajukan: {r.SubmittedAt:o}; waktu di pemohon (jam berhenti): {r.PausedSeconds} detik"),
    ];

    private Task<string?> OpenRequestNumberAsync(int accountId, CancellationToken ct) =>
        db.AccessRequests.AsNoTracking()
            .Where(r => r.SpseAccountId == accountId && r.ClosedAt == null && r.Kind == SopKind.AccessActivation)
            .Select(r => r.Number).FirstOrDefaultAsync(ct);

    private static string StillRunning(string number, string spseUserId) =>
        $"Masih ada permohonan {number} yang berjalan untuk akun \"{spseUserId}\". Tunggu sampai selesai.";

    private async Task<AccessRequest?> FindBySubmissionKeyAsync(Guid key, CancellationToken ct) =>
        await db.AccessRequests.AsNoTracking().Where(r => r.SubmissionKey == key).FirstOrDefaultAsync(ct);

    private Task<string> OfficeTimeZoneAsync(int officeId, CancellationToken ct) => moves.OfficeTimeZoneAsync(officeId, ct);

    /// <summary>The office's date at that instant: an SK "valid today" is judged on the office's calendar (docs/adr/0018).</summary>
    private DateOnly Today(DateTime nowUtc, string tz) => calendar.ForZone(tz).DateOf(nowUtc);

    /// <param name="submittedAt">When it was submitted, in the office's time: the year is the office's year.</param>
    public static string FormatNumber(DateTime submittedAt, int id) =>
        string.Create(CultureInfo.InvariantCulture, $"{NumberPrefix}-{submittedAt:yyyy}-{id:D6}");

    private static OperationResult<T> Invalid<T>(string message) => OperationResult<T>.From(OperationResult.Fail(ErrorKind.Validation, message));

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
