using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Archive;
using AksesSpse.Core.Common;
using AksesSpse.Core.Credentials;
using AksesSpse.Core.Data;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Procedures;
using AksesSpse.Core.Sop;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AksesSpse.Core.Requests;

/// <summary>
/// SOP 4, "Reset Password dan Perubahan Informasi User ID Pokja Pemilihan": every step as one method that
/// re-checks the move, records the step (who, when, standard against actual), queues the notices and saves
/// it all in one transaction.
/// </summary>
public sealed class PasswordResetService(
    AppDbContext db,
    IStepClock clock,
    TimeProvider time,
    OfficeCalendar calendar,
    RequestFiles requestFiles,
    Notifier notifier,
    CredentialService credentials,
    RequestMoves moves,
    RequestLinks links,
    IOptions<AppOptions> options,
    ILogger<PasswordResetService> logger) : IPaperIntakeProcedure<ResetIntakeCommand>
{
    private readonly StepRecorder _steps = new(clock);

    public const string NumberPrefix = "RPW";

    /// <summary>SOP 4's paper intake: Helpdesk LPSE or Admin Agency (the policy is the procedure module's).</summary>
    public static readonly PaperIntakePolicy Intake = PasswordResetModule.Intake;

    PaperIntakePolicy IPaperIntakeProcedure<ResetIntakeCommand>.Policy => Intake;

    /// <summary>The longest written reason for a validity decision against a failed register check.</summary>
    public const int MaxDeviationReason = Engine.SopEngine.MaxDeviationReason;

    // ---- asking ----

    /// <summary>The moves this actor may make on this request now (for the buttons on the page).</summary>
    public static IReadOnlyList<ResetAction> AvailableActions(AccessRequest request, Actor actor) =>
        PasswordResetWorkflow.AllowedIn(request.Status).Where(a => IsAuthorized(request, actor, a)).ToList();

    public static bool IsAuthorized(AccessRequest request, Actor actor, ResetAction action) =>
        PasswordResetWorkflow.ActorRole(action) == Roles.Pemohon
            // A file that came on paper is completed on paper too: the intake staff record what the applicant brought.
            ? request.ApplicantUserId == actor.UserId ||
              (action == ResetAction.Resubmit && request.Channel != IntakeChannel.Online && Intake.AllowsBy(actor) && request.OfficeId == actor.OfficeId)
            : actor.IsIn(Roles.AdminAgency) && request.OfficeId == actor.OfficeId;

    /// <summary>Compares the request with the register: the basis of the validity check (step 5).</summary>
    public Task<ValidityReport> BuildValidityReportAsync(AccessRequest request, CancellationToken ct) =>
        PasswordResetModule.ValidityReportAsync(db, calendar, request, ct);

    // ---- step 1: submit ----

    public async Task<OperationResult<int>> SubmitAsync(SubmitResetCommand command, Actor actor, CancellationToken ct)
    {
        if (!actor.IsIn(Roles.Pemohon))
        {
            return OperationResult<int>.From(OperationResult.Forbidden());
        }

        var existing = await FindBySubmissionKeyAsync(actor.UserId, command.SubmissionKey, ct);
        if (existing is not null)
        {
            return OperationResult<int>.Ok(existing.Value);
        }

        var applicant = await db.Users.AsNoTracking().SingleAsync(u => u.Id == actor.UserId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var prepared = await PrepareAsync(actor.OfficeId, command.Type, command.SpseUserId, command.Reason, command.NewHolderName,
            command.NewHolderEmail, command.NewAgency, command.NewHolderPhone, command.Files, now,
            new PasswordResetModule.Claimant(applicant.Nip, applicant.NipStatus == NipStatus.Mismatch, Self: true), ct);
        if (!prepared.Succeeded)
        {
            return OperationResult<int>.From(prepared);
        }

        var request = prepared.Value!;
        request.ApplicantUserId = actor.UserId;
        request.ApplicantName = applicant.FullName;
        request.ApplicantNip = applicant.Nip;
        request.ApplicantEmail = applicant.Email ?? "";
        request.SubmissionKey = command.SubmissionKey;
        var sop = request.Sop!;

        var stored = new List<string>();
        var attach = await requestFiles.StoreAsync(request, sop, command.Files, actor.UserId, now, stored, ct);
        if (!attach.Succeeded)
        {
            return OperationResult<int>.From(attach);
        }

        var tz = await OfficeTimeZoneAsync(actor.OfficeId, ct);
        var submit = _steps.Open(request, StepKind.Submit, now, tz);
        _steps.Finish(submit, actor, now, tz, "Berkas permohonan disampaikan", null);
        _steps.Open(request, StepKind.CompletenessCheck, now, tz);

        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.AccessRequests.Add(request);
            await db.SaveChangesAsync(ct);
            request.Number = FormatNumber(calendar.ForZone(tz).ToLocal(now), request.Id);
            notifier.RequestReceived(request);
            notifier.Tell(request.ApplicantUserId, request, $"Permohonan {request.Number} diterima dan menunggu pemeriksaan kelengkapan.");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (Exception ex)
        {
            await requestFiles.DeleteAsync(stored);
            db.ChangeTracker.Clear();
            if (ex is DbUpdateException && await FindBySubmissionKeyAsync(actor.UserId, command.SubmissionKey, CancellationToken.None) is { } winner)
            {
                // A double submission that raced this one: keep the first, drop what this one stored.
                return OperationResult<int>.Ok(winner);
            }

            throw;
        }

        logger.LogInformation("Request {RequestNumber} ({Type}) submitted by {UserId}", request.Number, request.Type, actor.UserId);
        return OperationResult<int>.Ok(request.Id);
    }

    // ---- steps 1 and 2 at once: Helpdesk or Admin Agency registers a file delivered on paper or by email ----

    public Task<OperationResult<int>> IntakeAsync(ResetIntakeCommand command, Actor actor, CancellationToken ct) =>
        new PaperIntake(db, clock, time, calendar, requestFiles, notifier, links, moves, logger).IntakeAsync(this, command.SubmissionKey,
            new IntakeApplicant(command.Channel, command.ApplicantName, command.ApplicantNip, command.ApplicantEmail,
                new PersonalDetails("", "", command.ApplicantAgency, "", command.ApplicantPhone)),
            command, command.Files, actor, ct);

    async Task<OperationResult<PreparedIntake>> IPaperIntakeProcedure<ResetIntakeCommand>.PrepareIntakeAsync(int officeId,
        ResetIntakeCommand command, string applicantNip, IReadOnlyList<IncomingFile> files, DateTime now, CancellationToken ct)
    {
        var prepared = await PrepareAsync(officeId, command.Type, command.SpseUserId, command.Reason, command.NewHolderName,
            command.NewHolderEmail, command.NewAgency, command.NewHolderPhone, files, now,
            new PasswordResetModule.Claimant(applicantNip, NipMismatch: false, Self: false), ct);
        if (!prepared.Succeeded)
        {
            return OperationResult<PreparedIntake>.From(prepared);
        }

        // The SK the intake officer saw on paper: the applicant's NIP is verified against it when their account is made here.
        prepared.Value!.SkNumber = Clean(command.SkNumber);
        return OperationResult<PreparedIntake>.Ok(new PreparedIntake(prepared.Value, ApplicantKind.Pokja));
    }

    string IPaperIntakeProcedure<ResetIntakeCommand>.FormatNumber(DateTime submittedAt, int id) => FormatNumber(submittedAt, id);

    Task<string?> IPaperIntakeProcedure<ResetIntakeCommand>.StillRunningAsync(AccessRequest request, CancellationToken ct) =>
        Task.FromResult<string?>(null);

    /// <summary>
    /// The checks of a submission, online or at the desk, and the request they give (without its applicant): among them
    /// that the user ID is in the office's register under the applicant's NIP (<see cref="IsHolder"/>).
    /// </summary>
    private async Task<OperationResult<AccessRequest>> PrepareAsync(int officeId, RequestType type, string spseUserId, string reason,
        string? newHolderName, string? newHolderEmail, string? newAgency, string? newHolderPhone, IReadOnlyList<IncomingFile> files,
        DateTime now, PasswordResetModule.Claimant claimant, CancellationToken ct)
    {
        if (type is not (RequestType.ResetPassword or RequestType.ChangeUserInformation))
        {
            return OperationResult<AccessRequest>.From(OperationResult.Fail(ErrorKind.Validation,
                "Pilih jenis permohonan: reset password atau perubahan informasi user ID."));
        }

        var sop = await db.SopDefinitions.Include(s => s.Steps).Include(s => s.RequiredDocuments)
            .AsSplitQuery() // two collections: one query each, as SopCatalog reads them
            .SingleOrDefaultAsync(s => s.OfficeId == officeId && s.Kind == SopKind.PasswordReset && s.IsCurrent, ct);
        if (sop is null)
        {
            return OperationResult<AccessRequest>.From(OperationResult.Fail(ErrorKind.Unavailable,
                "SOP reset password belum ditetapkan untuk kantor ini. Hubungi Administrator LPSE."));
        }

        var change = type == RequestType.ChangeUserInformation;
        if (change && Clean(newHolderName) is null && Clean(newHolderEmail) is null && Clean(newAgency) is null && Clean(newHolderPhone) is null)
        {
            return OperationResult<AccessRequest>.From(OperationResult.Fail(ErrorKind.Validation,
                "Isi sekurang-kurangnya satu informasi user ID yang ingin diubah."));
        }

        var registered = await FindAccountAsync(officeId, spseUserId, ct);
        if (!PasswordResetModule.IsHolder(claimant, registered, spseUserId.Trim(), out var refusal))
        {
            return OperationResult<AccessRequest>.From(OperationResult.Fail(ErrorKind.Validation, refusal));
        }

        var request = new AccessRequest
        {
            Number = "TMP-" + Guid.NewGuid().ToString("N")[..20],
            OfficeId = officeId,
            SopDefinitionId = sop.Id,
            Sop = sop,
            Kind = SopKind.PasswordReset,
            Type = type,
            SpseUserId = spseUserId.Trim(),
            Reason = reason.Trim(),
            NewHolderName = change ? Clean(newHolderName) : null,
            NewHolderEmail = change ? Clean(newHolderEmail) : null,
            NewAgency = change ? Clean(newAgency) : null,
            NewHolderPhone = change ? Clean(newHolderPhone) : null,
            Status = RequestStatus.Submitted,
            SubmittedAt = now,
        };
        request.SpseAccountId = registered.Id;
        // A reset is delivered only to the address the register held before the request (H1 of issue #7).
        request.RegisterEmailAtSubmission = registered.HolderEmail;

        var missing = sop.RequiredDocuments.Where(d => files.All(f => f.DocumentCode != d.Code)).OrderBy(d => d.Order).Select(d => d.Name).ToList();
        if (missing.Count > 0)
        {
            return OperationResult<AccessRequest>.From(OperationResult.Fail(ErrorKind.Validation,
                "Dokumen wajib belum diunggah: " + string.Join("; ", missing) + "."));
        }

        return OperationResult<AccessRequest>.Ok(request);
    }

    // ---- step 4: the applicant completes the file ----

    public async Task<OperationResult> ResubmitAsync(int requestId, int expectedVersion, IReadOnlyList<IncomingFile> newFiles,
        string? note, Actor actor, CancellationToken ct)
    {
        var stored = new List<string>();
        var result = await ActAsync(requestId, expectedVersion, actor, ResetAction.Resubmit, async (r, now, tz) =>
        {
            if (newFiles.Count == 0 && string.IsNullOrWhiteSpace(note))
            {
                return OperationResult.Fail(ErrorKind.Validation,
                    "Unggah dokumen yang diminta atau tuliskan keterangan pelengkapan sebelum mengirim ulang.");
            }

            var attach = await requestFiles.StoreAsync(r, r.Sop!, newFiles, actor.UserId, now, stored, ct);
            if (!attach.Succeeded)
            {
                return attach;
            }

            var done = _steps.Complete(r, StepKind.ApplicantCompletion, actor, now, tz,
                $"Berkas dilengkapi ({newFiles.Count} dokumen baru)", Clean(note), lateExplanation: null);
            if (!done.Succeeded)
            {
                return done;
            }

            r.Status = RequestStatus.Submitted;
            r.MissingItems = null;
            _steps.Open(r, StepKind.CompletenessCheck, now, tz);
            notifier.Tell(r.ApplicantUserId, r, $"Permohonan {r.Number} dikirim ulang dan menunggu pemeriksaan kelengkapan.");
            return OperationResult.Ok();
        }, ct);

        if (!result.Succeeded)
        {
            await requestFiles.DeleteAsync(stored);
        }

        return result;
    }

    // ---- steps 2, 3 and 7: completeness check ----

    public Task<OperationResult> CheckCompletenessAsync(int requestId, int expectedVersion, CompletenessDecision decision,
        IReadOnlyCollection<string> missingDocumentCodes, string? remarks, string? lateExplanation, Actor actor, CancellationToken ct)
    {
        Func<AccessRequest, DateTime, string, Task<OperationResult>> decide = (r, now, tz) =>
        {
            remarks = Clean(remarks);
            switch (decision)
            {
                case CompletenessDecision.Complete:
                {
                    if (missingDocumentCodes.Count > 0)
                    {
                        return Task.FromResult(OperationResult.Fail(ErrorKind.Validation,
                            "Berkas tidak dapat dinyatakan lengkap bila ada dokumen yang ditandai kurang."));
                    }

                    var done = _steps.Complete(r, StepKind.CompletenessCheck, actor, now, tz, "Berkas lengkap", remarks, lateExplanation);
                    if (!done.Succeeded)
                    {
                        return Task.FromResult(done);
                    }

                    r.Status = RequestStatus.AwaitingValidation;
                    _steps.Open(r, StepKind.ValidityCheck, now, tz);
                    notifier.Tell(r.ApplicantUserId, r, $"Berkas permohonan {r.Number} lengkap dan sedang diperiksa keabsahannya.");
                    return Task.FromResult(OperationResult.Ok());
                }

                case CompletenessDecision.Incomplete:
                {
                    var names = r.Sop!.RequiredDocuments.Where(d => missingDocumentCodes.Contains(d.Code)).OrderBy(d => d.Order)
                        .Select(d => "- " + d.Name).ToList();
                    if (remarks is not null)
                    {
                        names.Add("- " + remarks);
                    }

                    if (names.Count == 0)
                    {
                        return Task.FromResult(OperationResult.Fail(ErrorKind.Validation,
                            "Tandai dokumen yang kurang atau tuliskan apa yang harus dilengkapi pemohon."));
                    }

                    var missing = string.Join("\n", names);
                    var done = _steps.Complete(r, StepKind.CompletenessCheck, actor, now, tz, "Berkas tidak lengkap:\n" + missing, null, lateExplanation);
                    if (!done.Succeeded)
                    {
                        return Task.FromResult(done);
                    }

                    _steps.Instant(r, StepKind.RequestCompletion, actor, now, tz, "Pemberitahuan untuk melengkapi berkas dikirim");
                    r.Status = RequestStatus.ReturnedForCompletion;
                    r.MissingItems = missing;
                    _steps.Open(r, StepKind.ApplicantCompletion, now, tz);
                    notifier.Incomplete(r, missing);
                    return Task.FromResult(OperationResult.Ok());
                }

                case CompletenessDecision.Reject:
                {
                    if (remarks is null)
                    {
                        return Task.FromResult(OperationResult.Fail(ErrorKind.Validation, "Tuliskan alasan penolakan."));
                    }

                    var done = _steps.Complete(r, StepKind.CompletenessCheck, actor, now, tz, "Permohonan ditolak pada pemeriksaan kelengkapan", remarks, lateExplanation);
                    if (!done.Succeeded)
                    {
                        return Task.FromResult(done);
                    }

                    Reject(r, actor, now, tz, remarks);
                    return Task.FromResult(OperationResult.Ok());
                }

                default:
                    return Task.FromResult(OperationResult.Fail(ErrorKind.Validation, "Pilih hasil pemeriksaan kelengkapan."));
            }
        };

        return ActAsync(requestId, expectedVersion, actor, ResetAction.CheckCompleteness, async (r, now, tz) =>
        {
            var decided = await decide(r, now, tz);
            if (decided.Succeeded)
            {
                // Kept for the next check after a resubmission: it starts from these ticks, not from an empty list.
                CompletenessTicks.RecordOn(r, CompletenessTicks.Of([], missingDocumentCodes));
            }

            return decided;
        }, ct);
    }

    // ---- steps 5 and 7: validity check against the register ----

    /// <param name="deviationReason">
    /// Why the file is valid although a check against the register failed (✘): required then, and recorded on the step as a
    /// deviation from the check; ignored when every check passed.
    /// </param>
    public Task<OperationResult> CheckValidityAsync(int requestId, int expectedVersion, bool valid, string? reason,
        string? confirmationNote, string? deviationReason, string? lateExplanation, Actor actor, CancellationToken ct) =>
        ActAsync(requestId, expectedVersion, actor, ResetAction.CheckValidity, async (r, now, tz) =>
        {
            reason = Clean(reason);
            confirmationNote = Clean(confirmationNote);
            deviationReason = Clean(deviationReason);
            if (!valid)
            {
                if (reason is null)
                {
                    return OperationResult.Fail(ErrorKind.Validation, "Tuliskan alasan berkas dinyatakan tidak valid.");
                }

                var notValid = _steps.Complete(r, StepKind.ValidityCheck, actor, now, tz, "Berkas tidak benar/tidak valid: " + reason, confirmationNote, lateExplanation);
                if (!notValid.Succeeded)
                {
                    return notValid;
                }

                Reject(r, actor, now, tz, reason);
                return OperationResult.Ok();
            }

            var account = await FindAccountAsync(r.OfficeId, r.SpseUserId, ct);
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

            if (r.Type == RequestType.ChangeUserInformation && PasswordResetModule.ApplyChanges(r, PasswordResetModule.CopyOf(account)).Count == 0)
            {
                return OperationResult.Fail(ErrorKind.Validation,
                    "Semua data yang diminta sudah sama dengan register, sehingga tidak ada yang perlu diubah. Nyatakan tidak valid dengan alasan tersebut.");
            }

            if (account.HolderNip != r.ApplicantNip)
            {
                // The register now names another holder than at submission: no written reason makes it the applicant's.
                return OperationResult.Fail(ErrorKind.Validation,
                    $"NIP pemegang user ID \"{r.SpseUserId}\" di register ({NipValidatorFormat(account.HolderNip)}) berbeda dengan NIP pemohon " +
                    $"({NipValidatorFormat(r.ApplicantNip)}): akun ini bukan milik pemohon. Nyatakan berkas tidak valid.");
            }

            var failed = (await BuildValidityReportAsync(r, ct)).Items.Where(i => !i.Passed).ToList();
            string? deviation = null;
            if (failed.Count > 0)
            {
                if (deviationReason is { Length: > MaxDeviationReason })
                {
                    return OperationResult.Fail(ErrorKind.Validation, $"Alasan tetap menyatakan valid paling banyak {MaxDeviationReason} karakter.");
                }

                if (deviationReason is null)
                {
                    return OperationResult.Fail(ErrorKind.Validation,
                        "Pemeriksaan register belum terpenuhi (✘): " + string.Join("; ", failed.Select(i => i.Label)) + ". " +
                        "Berkas hanya dapat dinyatakan benar/valid dengan alasan tertulis: isi \"Alasan tetap menyatakan valid\", " +
                        "atau nyatakan berkas tidak valid.");
                }

                deviation = "Dinyatakan valid meskipun pemeriksaan register tidak terpenuhi: " +
                            string.Join("; ", failed.Select(i => $"{i.Label} ({i.Detail})")) + ". Alasan: " + deviationReason;
            }

            var step = r.Steps.FirstOrDefault(s => s.IsOpen && s.Kind == StepKind.ValidityCheck);
            var done = _steps.Complete(r, StepKind.ValidityCheck, actor, now, tz,
                deviation is null ? "Berkas benar/valid sesuai register akun SPSE" : "Berkas dinyatakan benar/valid dengan penyimpangan dari register akun SPSE",
                confirmationNote, lateExplanation);
            if (!done.Succeeded)
            {
                return done;
            }

            step!.Deviation = deviation;

            r.SpseAccountId = account.Id;
            r.RegisterEmailAtSubmission ??= account.HolderEmail; // the user ID entered the register after submission
            r.Status = RequestStatus.AwaitingExecution;
            _steps.Open(r, StepKind.AccountAction, now, tz);
            return OperationResult.Ok();
        }, ct);

    // ---- step 6: reset the password or change the information ----

    public async Task<OperationResult<ExecutionResult>> ExecuteAsync(int requestId, int expectedVersion, string? lateExplanation,
        Actor actor, CancellationToken ct)
    {
        ExecutionResult? outcome = null;
        var result = await ActAsync(requestId, expectedVersion, actor, ResetAction.Execute, async (r, now, tz) =>
        {
            var account = r.SpseAccountId is { } accountId ? await db.SpseAccounts.SingleOrDefaultAsync(a => a.Id == accountId, ct) : null;
            if (account is null)
            {
                return OperationResult.Fail(ErrorKind.InvalidState, "Akun SPSE permohonan ini tidak ditemukan lagi di register.");
            }

            string stepOutcome;
            if (r.Type == RequestType.ResetPassword)
            {
                var password = CredentialService.GeneratePassword();
                credentials.Prepare(r.Id, account.Id, account.UserId, DeliveryEmail(r, account), password);
                Record(account, SpseAccountChange.PasswordReset, "Password direset; password sementara wajib diganti saat login pertama.", r, actor, now);
                stepOutcome = "Password direset di SPSE; password sementara dibuat";
                outcome = new ExecutionResult(r.Number, account.UserId, password, null);
            }
            else
            {
                // The register may have changed since the validity check; then nothing is left to change, and the
                // request still runs to its end (notify, archive) rather than getting stuck here.
                var oldEmail = account.HolderEmail;
                var changes = PasswordResetModule.ApplyChanges(r, account);
                var summary = changes.Count > 0 ? string.Join("\n", changes) : "Tidak ada perubahan: data register sudah sesuai permohonan.";
                if (changes.Count > 0)
                {
                    Record(account, SpseAccountChange.InformationChanged, summary, r, actor, now);
                }

                if (!string.Equals(oldEmail, account.HolderEmail, StringComparison.OrdinalIgnoreCase))
                {
                    // The old address hears of it at once, not only the new one (H1 of issue #7).
                    notifier.HolderEmailChanged(r, account.UserId, account.HolderName, oldEmail, account.HolderEmail);
                }

                stepOutcome = "Informasi user ID diubah:\n" + summary;
                outcome = new ExecutionResult(r.Number, account.UserId, null, summary);
            }

            var done = _steps.Complete(r, StepKind.AccountAction, actor, now, tz, stepOutcome, null, lateExplanation);
            if (!done.Succeeded)
            {
                outcome = null;
                return done;
            }

            r.Status = RequestStatus.AwaitingNotification;
            _steps.Open(r, StepKind.Notify, now, tz);
            return OperationResult.Ok();
        }, ct);

        return result.Succeeded ? OperationResult<ExecutionResult>.Ok(outcome!) : OperationResult<ExecutionResult>.From(result);
    }

    /// <summary>
    /// Step 6 again, for a reset whose temporary password the Admin Agency lost before telling the holder
    /// (closed tab, double click): a new password replaces the pending one, and the register records it.
    /// </summary>
    public static bool CanRegeneratePassword(AccessRequest request, Actor actor) =>
        request is { Type: RequestType.ResetPassword, Status: RequestStatus.AwaitingNotification } &&
        IsAuthorized(request, actor, ResetAction.Execute);

    public async Task<OperationResult<ExecutionResult>> RegeneratePasswordAsync(int requestId, int expectedVersion, Actor actor, CancellationToken ct)
    {
        ExecutionResult? outcome = null;
        var result = await ActAsync(requestId, expectedVersion, actor, ResetAction.Notify, async (r, now, tz) =>
        {
            if (!CanRegeneratePassword(r, actor))
            {
                return OperationResult.Fail(ErrorKind.InvalidState, "Password sementara hanya dapat dibuat ulang untuk reset password yang belum diberitahukan.");
            }

            var account = await db.SpseAccounts.SingleAsync(a => a.Id == r.SpseAccountId, ct);
            var pending = await db.CredentialDeliveries.Where(c => c.AccessRequestId == r.Id && c.RevealedAt == null).ToListAsync(ct);
            foreach (var old in pending)
            {
                old.ProtectedSecret = null;
                old.ExpiresAt = now;
            }

            var password = CredentialService.GeneratePassword();
            credentials.Prepare(r.Id, account.Id, account.UserId, DeliveryEmail(r, account), password);
            Record(account, SpseAccountChange.PasswordReset, "Password sementara dibuat ulang sebelum diberitahukan; password sebelumnya tidak berlaku.", r, actor, now);
            r.Steps.Single(s => s.IsOpen && s.Kind == StepKind.Notify).Note = $"Password sementara dibuat ulang oleh {actor.Name} pada {calendar.ForZone(tz).Format(now)}.";
            outcome = new ExecutionResult(r.Number, account.UserId, password, null);

            // The request row itself does not change: mark it so its Version guards this move too.
            db.Entry(r).Property(x => x.Version).IsModified = true;
            return OperationResult.Ok();
        }, ct);

        return result.Succeeded ? OperationResult<ExecutionResult>.Ok(outcome!) : OperationResult<ExecutionResult>.From(result);
    }

    // ---- step 8: tell the holder ----

    public Task<OperationResult> NotifyAsync(int requestId, int expectedVersion, string? lateExplanation, Actor actor, CancellationToken ct) =>
        ActAsync(requestId, expectedVersion, actor, ResetAction.Notify, async (r, now, tz) =>
        {
            var account = await db.SpseAccounts.AsNoTracking().SingleAsync(a => a.Id == r.SpseAccountId, ct);
            if (r.Type == RequestType.ResetPassword)
            {
                var delivery = await db.CredentialDeliveries
                    .Where(c => c.AccessRequestId == r.Id && c.RevealedAt == null && c.ProtectedSecret != null)
                    .OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
                if (delivery is null)
                {
                    return OperationResult.Fail(ErrorKind.InvalidState, "Password sementara untuk permohonan ini tidak ditemukan.");
                }

                var token = credentials.IssueToken(delivery);
                var done = _steps.Complete(r, StepKind.Notify, actor, now, tz,
                    $"Pemberitahuan password baru dikirim ke {delivery.HolderEmail} (tautan sekali pakai)", null, lateExplanation);
                if (!done.Succeeded)
                {
                    return done;
                }

                // The address fixed when the password was made: the register's email as it was before the request.
                notifier.PasswordReady(r, delivery.HolderEmail, credentials.Link(token), delivery.ExpiresAt, calendar.ForZone(tz));
            }
            else
            {
                var changes = r.Steps.Where(s => s.Kind == StepKind.AccountAction && !s.IsOpen).Select(s => s.Outcome).LastOrDefault() ?? "";
                var done = _steps.Complete(r, StepKind.Notify, actor, now, tz,
                    $"Pemberitahuan informasi user ID baru dikirim ke {account.HolderEmail}", null, lateExplanation);
                if (!done.Succeeded)
                {
                    return done;
                }

                notifier.InformationChanged(r, account.HolderEmail, changes);
            }

            r.Status = RequestStatus.AwaitingArchive;
            r.Outcome = RequestOutcome.Completed;
            _steps.Open(r, StepKind.Archive, now, tz);
            return OperationResult.Ok();
        }, ct);

    // ---- step 9: archive ----

    public Task<OperationResult> ArchiveAsync(int requestId, int expectedVersion, string? lateExplanation, Actor actor, CancellationToken ct) =>
        ActAsync(requestId, expectedVersion, actor, ResetAction.Archive, (r, now, tz) =>
        {
            var done = _steps.Complete(r, StepKind.Archive, actor, now, tz, "Berkas diarsipkan", null, lateExplanation);
            if (!done.Succeeded)
            {
                return Task.FromResult(done);
            }

            moves.Archive(r, ArchiveFacts(r), actor, now, options.Value.ArchiveRetentionYears);
            return Task.FromResult(OperationResult.Ok());
        }, ct);

    // ---- the shared mechanics ----

    private Task<OperationResult> ActAsync(int requestId, int expectedVersion, Actor actor, ResetAction action,
        Func<AccessRequest, DateTime, string, Task<OperationResult>> apply, CancellationToken ct) =>
        moves.RunAsync(requestId, SopKind.PasswordReset, expectedVersion, action.ToString(),
            r => IsAuthorized(r, actor, action),
            r => PasswordResetWorkflow.IsAllowed(r.Status, action)
                ? null
                : $"Tindakan \"{action.Label()}\" tidak dapat dilakukan karena status permohonan {r.Number} adalah \"{r.Status.Label()}\".",
            apply, actor.UserId, ct, PasswordShownOnceHint);

    /// <summary>For an officer who reloads the page that showed a temporary password: it is not shown again, but can be replaced.</summary>
    private static string? PasswordShownOnceHint(AccessRequest r) => r is { Type: RequestType.ResetPassword, Status: RequestStatus.AwaitingNotification }
        ? "Password sementara hanya ditampilkan satu kali dan tidak dapat ditampilkan lagi. Bila belum Anda masukkan di SPSE, " +
          "buka permohonan dan pilih \"Buat ulang password sementara\"."
        : null;

    private void Reject(AccessRequest request, Actor actor, DateTime now, string tz, string reason)
    {
        _steps.Instant(request, StepKind.RejectionNotice, actor, now, tz, "Pemberitahuan permohonan ditolak dikirim");
        request.Status = RequestStatus.AwaitingArchive;
        request.Outcome = RequestOutcome.Rejected;
        request.RejectionReason = reason;
        _steps.Open(request, StepKind.Archive, now, tz);
        notifier.Rejected(request, reason);
    }

    /// <summary>
    /// Where a temporary password goes: the register's email when the request was submitted, never an address asked for
    /// in a request or changed since (H1 of issue #7). Requests made before that was recorded fall back to the register.
    /// </summary>
    private static string DeliveryEmail(AccessRequest r, SpseAccount account) => r.RegisterEmailAtSubmission ?? account.HolderEmail;

    private void Record(SpseAccount account, SpseAccountChange change, string detail, AccessRequest r, Actor actor, DateTime now)
    {
        account.UpdatedAt = now;
        db.SpseAccountHistory.Add(new SpseAccountHistory
        {
            SpseAccountId = account.Id,
            Change = change,
            Detail = detail,
            ChangedAt = now,
            ChangedByUserId = actor.UserId,
            ChangedByName = actor.Name,
            AccessRequestId = r.Id,
        });
    }

    private static IEnumerable<string> ArchiveFacts(AccessRequest r) =>
    [
        $"Nomor: {r.Number}",
        $"Jenis: {r.Type.Label()}",
        $"SOP: {r.Sop!.Number} versi {r.Sop.Version}",
        $"Pemohon: {r.ApplicantName} (NIP {r.ApplicantNip})",
        $"Cara masuk: {r.Channel.Label()}",
        $"User ID SPSE: {r.SpseUserId}",
        $"Hasil: {r.Outcome.Label()}{(r.RejectionReason is null ? "" : " — " + r.RejectionReason)}",
        string.Create(CultureInfo.InvariantCulture, $"Diajukan: {r.SubmittedAt:o}"),
    ];

    private Task<SpseAccount?> FindAccountAsync(int officeId, string spseUserId, CancellationToken ct) =>
        PasswordResetModule.FindAccountAsync(db, officeId, spseUserId, ct);

    private async Task<int?> FindBySubmissionKeyAsync(string userId, Guid key, CancellationToken ct) =>
        await db.AccessRequests.AsNoTracking().Where(r => r.ApplicantUserId == userId && r.SubmissionKey == key)
            .Select(r => (int?)r.Id).SingleOrDefaultAsync(ct);

    private Task<string> OfficeTimeZoneAsync(int officeId, CancellationToken ct) => moves.OfficeTimeZoneAsync(officeId, ct);

    /// <param name="submittedAt">When it was submitted, in the office's time: the year is the office's year.</param>
    public static string FormatNumber(DateTime submittedAt, int id) =>
        string.Create(CultureInfo.InvariantCulture, $"{NumberPrefix}-{submittedAt:yyyy}-{id:D6}");


    private static string NipValidatorFormat(string? nip) => nip is null ? "-" : Validation.NipValidator.Format(nip);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
