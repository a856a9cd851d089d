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
    ILogger<AccessActivationService> logger)
{
    private readonly StepRecorder _steps = new(clock);

    public const string NumberPrefix = "HAK";
    public const string ReceiptCode = "FORMULIR_SERAH_TERIMA";
    public const string ReceiptName = "Formulir serah terima berkas";

    /// <summary>The SPSE roles SOP 2 covers.</summary>
    public static readonly SpseRole[] CoveredRoles = [SpseRole.Ppk, SpseRole.Pokja, SpseRole.PejabatPengadaan];

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

        return await CreateAsync(request, command.Files, actor, now, receive: null, ct);
    }

    // ---- steps 1 and 2 at once: Helpdesk registers a paper or email request ----

    public async Task<OperationResult<int>> IntakeAsync(IntakeCommand command, Actor actor, CancellationToken ct)
    {
        if (!actor.IsIn(Roles.HelpdeskLpse))
        {
            return OperationResult<int>.From(OperationResult.Forbidden());
        }

        if (command.Channel is not (IntakeChannel.WalkIn or IntakeChannel.Email))
        {
            return Invalid<int>("Pilih cara berkas diterima: datang langsung atau email.");
        }

        if (await FindBySubmissionKeyAsync(command.SubmissionKey, ct) is { } existing)
        {
            return existing.RegisteredByUserId == actor.UserId
                ? OperationResult<int>.Ok(existing.Id)
                : OperationResult<int>.From(OperationResult.Fail(ErrorKind.Validation, "Formulir ini sudah dipakai. Muat ulang halaman dan isi kembali."));
        }

        var nip = NipValidator.Normalize(command.ApplicantNip) ?? "";
        var now = time.GetUtcNow().UtcDateTime;
        var prepared = await PrepareAsync(actor.OfficeId, command.Type, command.SpseUserId, nip, command.SkValidUntil, command.Files, now, ct);
        if (!prepared.Succeeded)
        {
            // As in SubmitAsync: a double post that raced this one is answered with the request it created.
            return await FindBySubmissionKeyAsync(command.SubmissionKey, ct) is { } raced && raced.RegisteredByUserId == actor.UserId
                ? OperationResult<int>.Ok(raced.Id)
                : OperationResult<int>.From(prepared);
        }

        var (sop, account) = prepared.Value;
        var applicant = await ApplicantContactAsync(actor.OfficeId, command, nip, account, actor, now, ct);
        if (!applicant.Succeeded)
        {
            return OperationResult<int>.From(applicant);
        }

        var request = NewRequest(sop, account, command.Type, command.Reason, command.SkNumber, command.SkValidUntil, command.Details,
            command.SubmissionKey, now, applicant.Value!, command.ApplicantName.Trim(), nip, command.ApplicantEmail.Trim());
        request.Channel = command.Channel;
        request.RegisteredByUserId = actor.UserId;
        request.Status = RequestStatus.Submitted;

        var tz = await OfficeTimeZoneAsync(actor.OfficeId, ct);
        var submit = _steps.Open(request, StepKind.Submit, now, tz);
        _steps.Finish(submit, actor, now, tz, $"Berkas disampaikan pemohon ({command.Channel.Label()}); dicatat oleh {actor.Name}", null);
        var receive = _steps.Open(request, StepKind.Receive, now, tz);
        _steps.Finish(receive, actor, now, tz, "Permohonan diterima; formulir serah terima berkas dibuat", null);
        _steps.Open(request, StepKind.CompletenessCheck, now, tz);

        return await CreateAsync(request, command.Files, actor, now, receive: actor, ct);
    }

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
            await IssueReceiptAsync(r, actor, now, tz, stored, ct);
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

            return DecideCompleteness(r, checklist, lateExplanation, actor, now, tz);
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
    public async Task<OperationResult<RequestDocument>> ReceiptAsync(AccessRequest request, CancellationToken ct)
    {
        var receipt = await db.RequestDocuments.AsNoTracking()
            .Where(d => d.AccessRequestId == request.Id && d.DocumentCode == ReceiptCode)
            .OrderByDescending(d => d.Id).FirstOrDefaultAsync(ct);
        return receipt is null
            ? OperationResult<RequestDocument>.From(OperationResult.Fail(ErrorKind.InvalidState,
                $"Permohonan {request.Number} belum diterima Helpdesk, sehingga formulir serah terima berkas belum ada."))
            : OperationResult<RequestDocument>.Ok(receipt);
    }

    private async Task IssueReceiptAsync(AccessRequest r, Actor receivedBy, DateTime now, string tz, List<string> stored, CancellationToken ct)
    {
        var office = await db.Offices.AsNoTracking().SingleAsync(o => o.Id == r.OfficeId, ct);
        var pdf = HandoverReceiptPdf.Render(new HandoverReceipt(
            office.Name,
            office.Address,
            r.Number,
            r.ApplicantName,
            r.ApplicantNip,
            r.ApplicantAgency,
            $"{r.Type.Label()} — user ID {r.SpseUserId}",
            r.Channel.Label(),
            now,
            calendar.ForZone(tz),
            receivedBy.Name,
            r.CurrentDocuments.Where(d => d.DocumentCode != ReceiptCode).OrderBy(d => d.DocumentCode)
                .Select(d => $"{d.DocumentName} ({d.FileName})").ToList(),
            links.StatusUrl(r.Id)));
        var fileName = $"Serah-terima-{r.Number}.pdf";
        var document = await requestFiles.StoreGeneratedAsync(r, ReceiptCode, ReceiptName, fileName, "application/pdf", ".pdf", pdf,
            receivedBy.UserId, now, stored, ct);
        notifier.ActivationReceived(r, links.StatusUrl(r.Id), document.StoragePath, fileName);
    }

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

    private async Task<OperationResult<int>> CreateAsync(AccessRequest request, IReadOnlyList<IncomingFile> incoming, Actor actor, DateTime now,
        Actor? receive, CancellationToken ct)
    {
        var stored = new List<string>();
        var attach = await requestFiles.StoreAsync(request, request.Sop!, incoming, actor.UserId, now, stored, ct);
        if (!attach.Succeeded)
        {
            await requestFiles.DeleteAsync(stored);
            db.ChangeTracker.Clear(); // e.g. a contact account prepared for this intake
            return OperationResult<int>.From(attach);
        }

        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.AccessRequests.Add(request);
            await db.SaveChangesAsync(ct);
            request.Number = FormatNumber((await calendar.ForOfficeAsync(request.OfficeId, ct)).ToLocal(now), request.Id);
            if (receive is not null)
            {
                await IssueReceiptAsync(request, receive, now, await OfficeTimeZoneAsync(request.OfficeId, ct), stored, ct);
                notifier.Tell(request.ApplicantUserId, request, $"Permohonan {request.Number} diterima Helpdesk dan menunggu pemeriksaan kelengkapan.");
            }
            else
            {
                notifier.ActivationSubmitted(request, links.StatusUrl(request.Id));
                notifier.Tell(request.ApplicantUserId, request, $"Permohonan {request.Number} terkirim dan menunggu diterima Helpdesk LPSE.");
            }

            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (Exception ex)
        {
            await requestFiles.DeleteAsync(stored);
            db.ChangeTracker.Clear();
            if (ex is DbUpdateException && await FindBySubmissionKeyAsync(request.SubmissionKey, CancellationToken.None) is { } winner)
            {
                // A double submission that raced this one: keep the first, drop what this one stored.
                return OperationResult<int>.Ok(winner.Id);
            }

            if (ex is DbUpdateException && request.SpseAccountId is { } accountId &&
                await OpenRequestNumberAsync(accountId, CancellationToken.None) is { } open)
            {
                // Another request for the same account was created since PrepareAsync looked: the unique
                // (Kind, OpenSpseAccountId) index refused this one.
                return Invalid<int>(StillRunning(open, request.SpseUserId));
            }

            throw;
        }

        logger.LogInformation("Request {RequestNumber} ({Type}, {Channel}) created by {UserId}", request.Number, request.Type, request.Channel, actor.UserId);
        return OperationResult<int>.Ok(request.Id);
    }

    /// <summary>
    /// The app account of an applicant Helpdesk registers a request for: their own if they have one in this office,
    /// otherwise a contact account without a password (docs/adr/0011), so the request has an owner who can later sign in.
    /// </summary>
    private async Task<OperationResult<string>> ApplicantContactAsync(int officeId, IntakeCommand command, string nip, SpseAccount account,
        Actor intakeOfficer, DateTime now, CancellationToken ct)
    {
        var email = command.ApplicantEmail.Trim();
        var normalized = email.ToUpperInvariant();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        if (user is not null)
        {
            var isApplicant = await (from ur in db.UserRoles
                                     join role in db.Roles on ur.RoleId equals role.Id
                                     where ur.UserId == user.Id && role.Name == Roles.Pemohon
                                     select ur).AnyAsync(ct);
            if (!isApplicant || user.OfficeId != officeId)
            {
                return Invalid<string>($"Email {email} sudah dipakai akun lain di AksesSpse. Gunakan email pribadi pemohon.");
            }

            if (!string.IsNullOrEmpty(user.Nip) && user.Nip != nip)
            {
                return Invalid<string>($"Email {email} terdaftar atas NIP lain. Periksa kembali email dan NIP pemohon.");
            }

            return OperationResult<string>.Ok(user.Id);
        }

        if (await db.Users.AsNoTracking().Where(u => u.OfficeId == officeId && u.ApplicantNipKey == nip).Select(u => u.Email).FirstOrDefaultAsync(ct)
            is { } holder)
        {
            return Invalid<string>($"NIP {NipValidator.Format(nip)} sudah dipegang akun pemohon lain ({holder}). Bila akun itu milik pemohon, " +
                                   "pakai email tersebut; bila bukan, tandai NIP akun itu tidak sesuai SK di halaman Verifikasi NIP lebih dulu.");
        }

        var roleId = await db.Roles.Where(r => r.Name == Roles.Pemohon).Select(r => r.Id).SingleAsync(ct);
        var contact = new ApplicationUser
        {
            UserName = email,
            NormalizedUserName = normalized,
            Email = email,
            NormalizedEmail = normalized,
            EmailConfirmed = false,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
            FullName = command.ApplicantName.Trim(),
            Nip = nip,
            RankGrade = command.Details.RankGrade.Trim(),
            Position = command.Details.Position.Trim(),
            Agency = command.Details.Agency.Trim(),
            Address = command.Details.Address.Trim(),
            PhoneNumber = command.Details.Phone.Trim(),
            ApplicantKind = account.Role switch
            {
                SpseRole.Ppk => ApplicantKind.Ppk,
                SpseRole.Pokja => ApplicantKind.Pokja,
                _ => ApplicantKind.PejabatPengadaan,
            },
            OfficeId = officeId,
            CreatedAt = now,
        };
        // Staff made this account from the paper file and saw its SK: the NIP counts as verified by the intake officer.
        NipVerificationService.MarkVerified(contact, intakeOfficer, now, command.SkNumber, null,
            $"Diverifikasi saat penerimaan berkas ({command.Channel.Label()}) terhadap SK pada berkas permohonan.");
        db.Users.Add(contact);
        db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<string> { UserId = contact.Id, RoleId = roleId });
        return OperationResult<string>.Ok(contact.Id);
    }

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
