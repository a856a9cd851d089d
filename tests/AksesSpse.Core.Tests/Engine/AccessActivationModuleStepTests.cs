using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Procedures;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Tests.TestSupport;
using AksesSpse.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Moq;
using static AksesSpse.Core.Tests.Engine.AccessActivationEngineHarness;
using static AksesSpse.Core.Tests.TestSupport.AccessActivationHarness;

namespace AksesSpse.Core.Tests.Engine;

/// <summary>
/// SOP 2 steps 2–9 on the engine: the handover form, the completeness check with its checklist and the clock that stops while
/// the file is with the applicant, the change in the register, the relay with its confirmation link, the confirmation (in the
/// app, by the link, recorded by Helpdesk), the archive; the time standards, two officers at once, and the inbox.
/// </summary>
public sealed partial class AccessActivationModuleTests
{
    // ------------------------------------------------------------------------------------------------
    // Step 2: receipt, with the handover form
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ReceivingStoresTheHandoverFormAsAPdfAndMailsItAsTheProofOfReceipt()
    {
        var id = await _h.SubmitAsync();
        _h.Time.Advance(TimeSpan.FromHours(3));

        AssertOk(await _h.ReceiveAsync(id));

        var request = await _h.LoadAsync(id);
        Assert.Equal(CompletenessStep, request.CurrentStepNumber);
        var receipt = Assert.Single(request.Documents, d => d.DocumentCode == PaperIntake.ReceiptCode);
        Assert.Equal(PaperIntake.ReceiptName, receipt.DocumentName);
        Assert.Equal($"Serah-terima-{request.Number}.pdf", receipt.FileName);
        Assert.Equal("application/pdf", receipt.ContentType);
        Assert.Equal(_h.Helpdesk.UserId, receipt.UploadedByUserId);
        Assert.Equal(Now, receipt.UploadedAt);
        Assert.StartsWith("generated/2026/03/", receipt.StoragePath);
        Assert.EndsWith(".pdf", receipt.StoragePath);
        var pdf = _h.StoredContent[receipt.StoragePath];
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        Assert.Equal(pdf.Length, receipt.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), receipt.Sha256);

        var receive = Assert.Single(request.Steps, s => s.Kind == StepKind.Receive);
        Assert.Equal(_h.Helpdesk.UserId, receive.PerformerUserId);
        Assert.Equal(Now, receive.CompletedAt);
        Assert.False(receive.IsLate);
        Assert.Equal("Permohonan diterima; formulir serah terima berkas dibuat", receive.Outcome);
        var check = Assert.Single(request.Steps, s => s.Kind == StepKind.CompletenessCheck);
        Assert.Same(check, request.OpenStep);
        Assert.Equal(Roles.HelpdeskLpse, check.ActorRole);
        Assert.Equal(Now.AddMinutes(10), check.DueAt);

        await using var db = _h.Query();
        var mail = Assert.Single(await db.OutboxMessages.Where(m => m.Kind == "activation-received").ToListAsync());
        Assert.Equal(_h.Applicant.Email, mail.To);
        Assert.Equal(id, mail.AccessRequestId);
        Assert.Equal(receipt.StoragePath, mail.AttachmentPath);
        Assert.Equal(receipt.FileName, mail.AttachmentName);
        Assert.Equal("application/pdf", mail.AttachmentContentType);
        Assert.Contains(request.Number, mail.Subject);
        Assert.Contains("https://lpse.contoh.go.id/aksesspse/Status?t=", mail.Body);
    }

    [Fact]
    public async Task TheHandoverFormNamesTheRequestTheApplicantTheChannelAndTheOfficer()
    {
        var id = await _h.DriveToAsync(CompletenessStep);

        var request = await _h.LoadAsync(id);
        var receipt = request.Documents.Single(d => d.DocumentCode == PaperIntake.ReceiptCode);
        var text = PdfText(_h.StoredContent[receipt.StoragePath]);
        Assert.Contains(request.Number, text);
        Assert.Contains(_h.Applicant.FullName, text);
        Assert.Contains("19850312 201001 2 003", text);
        Assert.Contains(IntakeChannel.Online.Label(), text);
        Assert.Contains(_h.Helpdesk.Name, text);
        Assert.Contains("surat-permohonan.pdf", text);
        Assert.Contains("02-03-2026 09:00 WIB", text);
    }

    [Fact]
    public async Task IntakeIssuesTheHandoverFormAtOnce()
    {
        var id = await _h.IntakeAsync(new IntakeCommandBuilder().ByChannel(IntakeChannel.Email).Build());

        var request = await _h.LoadAsync(id);
        var receipt = Assert.Single(request.Documents, d => d.DocumentCode == PaperIntake.ReceiptCode);
        Assert.Equal("%PDF", Encoding.ASCII.GetString(_h.StoredContent[receipt.StoragePath], 0, 4));
        await using var db = _h.Query();
        var mail = Assert.Single(await db.OutboxMessages.ToListAsync());
        Assert.Equal("activation-received", mail.Kind);
        Assert.Equal(WalkInEmail, mail.To);
        Assert.Equal(receipt.StoragePath, mail.AttachmentPath);
        Assert.Equal("application/pdf", mail.AttachmentContentType);
        Assert.Contains(IntakeChannel.Email.Label(), mail.Body);

        var found = await _h.Queries().ReceiptAsync(request, CancellationToken.None);
        AssertOk(found);
        Assert.Equal(receipt.Id, found.Value!.Id);
    }

    [Fact]
    public async Task HasNoHandoverFormBeforeHelpdeskReceivesTheFile()
    {
        var id = await _h.SubmitAsync();
        var request = await _h.LoadAsync(id);

        var result = await _h.Queries().ReceiptAsync(request, CancellationToken.None);

        Assert.Equal(ErrorKind.InvalidState, result.Error);
        Assert.Contains("belum diterima", result.Message);
        Assert.Contains(request.Number, result.Message);
        Assert.Null(result.Value);
    }

    [Fact]
    public async Task ReceiptAsyncFindsTheFormOnceReceived()
    {
        var id = await _h.DriveToAsync(CompletenessStep);
        var request = await _h.LoadAsync(id);

        var result = await _h.Queries().ReceiptAsync(request, CancellationToken.None);

        AssertOk(result);
        Assert.Equal(PaperIntake.ReceiptCode, result.Value!.DocumentCode);
    }

    // ------------------------------------------------------------------------------------------------
    // Step 3: completeness check, its checklist as seeded data
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task TheChecklistOfStep3IsSeededDataInBahasaIndonesia()
    {
        var step = (await _h.LoadAsync(await _h.SubmitAsync())).Sop!.Steps.Single(s => s.Number == CompletenessStep);

        Assert.Equal(StepKind.CompletenessCheck, step.Kind);
        Assert.Equal((6, 4), (step.NextStepNumber, step.AlternateStepNumber));
        Assert.Equal(Checklist, step.Requirements.Where(r => r.Kind == RequirementKind.Check).OrderBy(r => r.Order).Select(r => r.Code));
        Assert.Equal([DecreeCode, LetterCode], step.Requirements.Where(r => r.Kind == RequirementKind.Document).Select(r => r.Code).Order());
        Assert.Contains(step.Requirements, r => r.Label == "Surat permohonan berstempel basah instansi");
        Assert.Contains(step.Requirements, r => r.Label == SkValidLabel);
    }

    [Fact]
    public async Task ForwardsACompleteFileToAdminAgency()
    {
        var id = await _h.DriveToAsync(CompletenessStep);
        _h.Time.Advance(TimeSpan.FromMinutes(4));

        AssertOk(await _h.CheckCompletenessAsync(id, remarks: "Asli diterima di loket"));

        var request = await _h.LoadAsync(id);
        Assert.Equal(AccountStep, request.CurrentStepNumber);
        Assert.Equal(RequestStatus.AwaitingExecution, SopEngine.StatusOf(request));
        var check = Assert.Single(request.Steps, s => s.Kind == StepKind.CompletenessCheck);
        Assert.Equal(_h.Helpdesk.UserId, check.PerformerUserId);
        Assert.Equal(240, check.ElapsedSeconds);
        Assert.Equal("Asli diterima di loket", check.Note);
        Assert.Contains("diteruskan ke Admin Agency", check.Outcome);
        var action = Assert.Single(request.Steps, s => s.Kind == StepKind.AccountAction);
        Assert.Same(action, request.OpenStep);
        Assert.Equal(6, action.StepNumber);
        Assert.Equal(Roles.AdminAgency, action.ActorRole);
        Assert.Equal(Now.AddMinutes(10), action.DueAt);
        Assert.Equal(Roles.AdminAgency, request.CurrentActorRole);
        Assert.DoesNotContain(request.Steps, s => s.StepNumber == 5); // the year-end PPK authority is no step of a request
        await using var db = _h.Query();
        Assert.Contains(await db.UserNotifications.Select(n => n.Message).ToListAsync(), m => m.Contains("diteruskan ke Admin Agency"));
    }

    [Fact]
    public async Task RefusesToCallAFileCompleteWithAnItemUnchecked()
    {
        var id = await _h.DriveToAsync(CompletenessStep);

        var result = await _h.CheckCompletenessAsync(id, ticked: Checklist.Where(c => c != "STEMPEL_BASAH").ToList());

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("Surat permohonan berstempel basah instansi", result.Message);
        Assert.Equal(CompletenessStep, (await _h.LoadAsync(id)).CurrentStepNumber);
    }

    [Fact]
    public async Task RefusesToCallAFileCompleteWhileADocumentIsMarkedMissing()
    {
        var id = await _h.DriveToAsync(CompletenessStep);

        var result = await _h.CheckCompletenessAsync(id, missing: [DecreeCode]);

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Equal(CompletenessStep, (await _h.LoadAsync(id)).CurrentStepNumber);
    }

    [Fact]
    public async Task RefusesToCallAFileCompleteWhenItsSkHasEndedSinceSubmission()
    {
        var id = await _h.DriveToAsync(CompletenessStep, new SubmitActivationCommandBuilder().SkValidUntil(new DateOnly(2026, 3, 2)).Build());
        _h.Time.Advance(TimeSpan.FromDays(1));

        var result = await _h.CheckCompletenessAsync(id, lateExplanation: "Libur");

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("tidak berlaku pada hari ini", result.Message);
        Assert.Equal(CompletenessStep, (await _h.LoadAsync(id)).CurrentStepNumber);
    }

    [Fact]
    public async Task RefusesToCallAFileCompleteWhileTheApplicantsNipIsNotVerified()
    {
        await using (var db = _h.Query())
        {
            await db.Users.Where(u => u.Id == _h.Applicant.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.NipStatus, NipStatus.Unverified));
        }

        var id = await _h.DriveToAsync(CompletenessStep);

        var result = await _h.CheckCompletenessAsync(id);

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("Verifikasi NIP pemohon terhadap SK", result.Message);
        Assert.Equal(CompletenessStep, (await _h.LoadAsync(id)).CurrentStepNumber);
    }

    [Fact]
    public async Task RefusesToReturnAFileWithNothingMarkedMissing()
    {
        var id = await _h.DriveToAsync(CompletenessStep);

        var result = await _h.CheckCompletenessAsync(id, StepAnswer.No, remarks: "  ");

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Equal(CompletenessStep, (await _h.LoadAsync(id)).CurrentStepNumber);
    }

    [Fact]
    public async Task RejectsOnlyWithAReasonAndThenWaitsForTheArchive()
    {
        var id = await _h.DriveToAsync(CompletenessStep);

        var withoutReason = await _h.CheckCompletenessAsync(id, StepAnswer.Reject, remarks: " ");
        AssertOk(await _h.CheckCompletenessAsync(id, StepAnswer.Reject, remarks: "Bukan akun PPK instansi ini"));

        Assert.Equal(ErrorKind.Validation, withoutReason.Error);
        var request = await _h.LoadAsync(id);
        Assert.Equal(ArchiveStep, request.CurrentStepNumber);
        Assert.Equal(RequestOutcome.Rejected, request.Outcome);
        Assert.Equal("Bukan akun PPK instansi ini", request.RejectionReason);
        Assert.Equal(StepKind.Archive, request.OpenStep!.Kind);
        await using var db = _h.Query();
        var mail = Assert.Single(await db.OutboxMessages.Where(m => m.Kind == "activation-rejected").ToListAsync());
        Assert.Contains("Bukan akun PPK instansi ini", mail.Body);
        Assert.Single(await db.UserNotifications.Where(n => n.Message.Contains("ditolak")).ToListAsync());
        Assert.Equal(SpseAccountStatus.Active, (await _h.AccountAsync(PokjaUserId)).Status);
    }

    // ------------------------------------------------------------------------------------------------
    // Step 4 and the paused clock; the checklist kept across a resubmission
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ReturningAnIncompleteFileStopsTheClockAndTheInboxShowsNoDeadline()
    {
        var id = await _h.DriveToAsync(CompletenessStep);
        _h.Time.Advance(TimeSpan.FromMinutes(2));
        var returnedAt = Now;

        AssertOk(await _h.ReturnMissingDecreeAsync(id, "Stempel basah tidak terlihat"));

        var request = await _h.LoadAsync(id);
        Assert.Equal(CompletionStep, request.CurrentStepNumber);
        Assert.Equal(RequestStatus.ReturnedForCompletion, SopEngine.StatusOf(request));
        Assert.Equal(returnedAt, request.PausedSince);
        Assert.True(request.IsPaused);
        Assert.Equal(0, request.PausedSeconds);
        Assert.Contains("- " + SkValidLabel, request.MissingItems);
        Assert.Contains("- " + DecreeLabel, request.MissingItems);
        Assert.Contains("- Stempel basah tidak terlihat", request.MissingItems);
        var completion = Assert.Single(request.Steps, s => s.Kind == StepKind.ApplicantCompletion);
        Assert.Same(completion, request.OpenStep);
        Assert.Equal(Roles.Pemohon, completion.ActorRole);
        Assert.Null(completion.DueAt);
        Assert.Equal(AccessRequest.NoDeadline, request.CurrentStepDueAt);
        Assert.Equal(Roles.Pemohon, request.CurrentActorRole);

        await using (var db = _h.Query())
        {
            var mail = Assert.Single(await db.OutboxMessages.Where(m => m.Kind == "activation-incomplete").ToListAsync());
            Assert.Equal(_h.Applicant.Email, mail.To);
            Assert.Contains(DecreeLabel, mail.Body);
            Assert.Contains(SkValidLabel, mail.Body);
            Assert.Contains($"/Prosedur/{id}", mail.Body);
        }

        _h.Time.Advance(TimeSpan.FromDays(30));
        var inbox = await InboxAsync(_h.ApplicantActor);
        var row = Assert.Single(inbox.Items);
        Assert.Equal(id, row.Id);
        Assert.False(row.IsOverdue(Now));
        Assert.Empty((await InboxAsync(_h.ApplicantActor, overdueOnly: true)).Items);
        Assert.Empty((await InboxAsync(_h.Helpdesk)).Items);
    }

    [Fact]
    public async Task TheChecklistIsKeptForTheCheckAfterAResubmission()
    {
        var id = await _h.DriveToAsync(CompletionStep);
        AssertOk(await _h.ResubmitAsync(id));

        var ticks = CompletenessTicks.LastOf(await _h.LoadAsync(id))!;

        Assert.Equal(Checklist.Where(c => c != "SK_BERLAKU").Order(), ticks.Passed.Order());
        Assert.Equal([DecreeCode], ticks.Missing);
    }

    [Fact]
    public async Task ResubmissionAddsThePausedDaysAndOpensAFreshTenMinuteCheck()
    {
        var id = await _h.DriveToAsync(CompletionStep);
        var submittedAt = (await _h.LoadAsync(id)).SubmittedAt;
        _h.Time.Advance(TimeSpan.FromDays(3));
        var resubmittedAt = Now;

        AssertOk(await _h.ResubmitAsync(id));

        var request = await _h.LoadAsync(id);
        Assert.Equal(CompletenessStep, request.CurrentStepNumber);
        Assert.Equal((long)TimeSpan.FromDays(3).TotalSeconds, request.PausedSeconds);
        Assert.Null(request.PausedSince);
        Assert.Null(request.MissingItems);
        var completion = Assert.Single(request.Steps, s => s.Kind == StepKind.ApplicantCompletion);
        Assert.Equal(_h.Applicant.Id, completion.PerformerUserId);
        Assert.False(completion.IsLate);
        Assert.Equal("Berkas dilengkapi (1 dokumen baru)", completion.Outcome);
        var checks = request.Steps.Where(s => s.Kind == StepKind.CompletenessCheck).OrderBy(s => s.ActionableAt).ToList();
        Assert.Equal(2, checks.Count);
        Assert.False(checks[0].IsOpen);
        Assert.Same(checks[1], request.OpenStep);
        Assert.Equal(resubmittedAt, checks[1].ActionableAt);
        Assert.Equal(resubmittedAt.AddMinutes(10), checks[1].DueAt);
        Assert.Equal(resubmittedAt.AddMinutes(10), request.CurrentStepDueAt);
        Assert.Equal(Roles.HelpdeskLpse, request.CurrentActorRole);
        Assert.Equal(3, request.Documents.Count(d => d.DocumentCode != PaperIntake.ReceiptCode));

        // Five minutes after the resubmission the check is on time, though the request is days old.
        _h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(Now - submittedAt > TimeSpan.FromDays(3));
        AssertOk(await _h.CheckCompletenessAsync(id));

        var check = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Id == checks[1].Id);
        Assert.False(check.IsLate);
        Assert.Null(check.LateExplanation);
        Assert.Equal(300, check.ElapsedSeconds);
    }

    [Fact]
    public async Task TwoReturnsAddUpAndOfficeTimeLeavesThemOut()
    {
        var id = await _h.DriveToAsync(CompletionStep);
        _h.Time.Advance(TimeSpan.FromDays(3));
        AssertOk(await _h.ResubmitAsync(id));
        _h.Time.Advance(TimeSpan.FromMinutes(4));
        AssertOk(await _h.ReturnMissingDecreeAsync(id, "SK belum dilegalisasi"));
        _h.Time.Advance(TimeSpan.FromDays(2));
        AssertOk(await _h.ResubmitAsync(id));

        var request = await _h.LoadAsync(id);
        Assert.Equal((long)TimeSpan.FromDays(5).TotalSeconds, request.PausedSeconds);
        Assert.Null(request.PausedSince);
        Assert.Equal(TimeSpan.FromMinutes(4), request.OfficeTime(Now));
        Assert.Equal(3, request.Steps.Count(s => s.Kind == StepKind.CompletenessCheck));
        Assert.Equal(2, request.Steps.Count(s => s.Kind == StepKind.ApplicantCompletion));
    }

    [Fact]
    public async Task OfficeTimeLeavesOutTheIntervalStillRunningWhileTheFileIsWithTheApplicant()
    {
        var id = await _h.DriveToAsync(CompletenessStep);
        _h.Time.Advance(TimeSpan.FromMinutes(2));
        AssertOk(await _h.ReturnMissingDecreeAsync(id));
        _h.Time.Advance(TimeSpan.FromDays(1));

        var request = await _h.LoadAsync(id);

        Assert.Equal(TimeSpan.FromMinutes(2), request.OfficeTime(Now));
        Assert.Equal(TimeSpan.FromMinutes(2), request.OfficeTime(Now.AddDays(10)));
    }

    [Fact]
    public void OfficeTimeCountsFromSubmissionToCloseWithoutAnyPausedInterval()
    {
        var t0 = new DateTime(2026, 3, 2, 2, 0, 0, DateTimeKind.Utc);
        var request = new AccessRequest { SubmittedAt = t0, PausedSeconds = 3600, PausedSince = t0.AddHours(5) };

        Assert.Equal(TimeSpan.FromHours(4), request.OfficeTime(t0.AddHours(8)));
        Assert.Equal(TimeSpan.Zero, request.OfficeTime(t0.AddHours(-1)));

        request.PausedSeconds = 3 * 3600; // resumed at t0 + 7 h, as the engine does when the file comes back
        request.PausedSince = null;
        request.ClosedAt = t0.AddHours(9);
        Assert.Equal(TimeSpan.FromHours(6), request.OfficeTime(t0.AddDays(5)));
    }

    [Fact]
    public async Task ResubmissionMayBringANewSkAndRefusesOneThatHasAlsoEnded()
    {
        var id = await _h.DriveToAsync(CompletionStep);
        var before = await _h.LoadAsync(id);

        var ended = await _h.ResubmitAsync(id, skNumber: "027/99/SK-PBJ/2026", skValidUntil: new DateOnly(2026, 3, 1));
        var afterRefusal = await _h.LoadAsync(id);
        AssertOk(await _h.ResubmitAsync(id, skNumber: " 027/99/SK-PBJ/2026 ", skValidUntil: new DateOnly(2027, 3, 1)));

        Assert.Equal(ErrorKind.Validation, ended.Error);
        Assert.Contains("SK yang baru juga sudah berakhir (01-03-2026)", ended.Message);
        Assert.Equal(before.SkNumber, afterRefusal.SkNumber);
        Assert.Equal(before.PausedSince, afterRefusal.PausedSince);
        Assert.Equal(CompletionStep, afterRefusal.CurrentStepNumber);
        Assert.Equal(before.Documents.Count, afterRefusal.Documents.Count);
        var request = await _h.LoadAsync(id);
        Assert.Equal("027/99/SK-PBJ/2026", request.SkNumber);
        Assert.Equal(new DateOnly(2027, 3, 1), request.SkValidUntil);
    }

    [Fact]
    public async Task RefusesAResubmissionThatGivesNothingOrADisguisedFile()
    {
        var id = await _h.DriveToAsync(CompletionStep);
        var before = await _h.LoadAsync(id);
        var stored = _h.StoredPaths.Count;

        var nothing = await _h.ResubmitAsync(id, files: [], note: "  ");
        var disguised = await _h.ResubmitAsync(id, files: [new IncomingFile(DecreeCode, "sk.pdf", TestFiles.Png())]);

        Assert.Equal(ErrorKind.Validation, nothing.Error);
        Assert.Equal(ErrorKind.Validation, disguised.Error);
        Assert.Equal(stored, _h.StoredPaths.Count);
        var after = await _h.LoadAsync(id);
        Assert.Equal(CompletionStep, after.CurrentStepNumber);
        Assert.Equal(before.PausedSince, after.PausedSince);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Documents.Count, after.Documents.Count);
    }

    [Fact]
    public async Task TellsAnApplicantWhoCameToTheDeskToBringTheMissingDocumentsThere()
    {
        var id = await _h.DriveToAsync(CompletionStep, intake: new IntakeCommandBuilder().Build());

        await using var db = _h.Query();
        var mail = Assert.Single(await db.OutboxMessages.Where(m => m.Kind == "activation-incomplete").ToListAsync());
        Assert.Equal(WalkInEmail, mail.To);
        Assert.Contains("Serahkan kelengkapan berkas ke Helpdesk LPSE", mail.Body);
        Assert.DoesNotContain($"/Prosedur/{id}", mail.Body);
    }

    // ------------------------------------------------------------------------------------------------
    // Step 6: the register
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task DeactivationMakesTheAccountInactiveAndRecordsItOnce()
    {
        var id = await _h.DriveToAsync(AccountStep);
        _h.Time.Advance(TimeSpan.FromMinutes(6));

        AssertOk(await _h.ExecuteAsync(id));

        var request = await _h.LoadAsync(id);
        var account = await _h.AccountAsync(PokjaUserId);
        Assert.Equal(SpseAccountStatus.Inactive, account.Status);
        Assert.Equal(Now, account.UpdatedAt);
        Assert.Equal("027/01/SK-POKJA/2026", account.SkNumber);
        await using var db = _h.Query();
        var history = Assert.Single(await db.SpseAccountHistory.ToListAsync());
        Assert.Equal(account.Id, history.SpseAccountId);
        Assert.Equal(SpseAccountChange.Deactivated, history.Change);
        Assert.Equal(id, history.AccessRequestId);
        Assert.Equal(_h.Admin.UserId, history.ChangedByUserId);
        Assert.Equal(_h.Admin.Name, history.ChangedByName);
        Assert.Equal(Now, history.ChangedAt);
        Assert.Contains(request.Number, history.Detail);
        Assert.Contains("Aktif → Nonaktif", history.Detail);
        Assert.Null(history.PpkCampaignId);

        Assert.Equal(NotifyStep, request.CurrentStepNumber);
        var action = Assert.Single(request.Steps, s => s.Kind == StepKind.AccountAction);
        Assert.Equal(_h.Admin.UserId, action.PerformerUserId);
        Assert.Equal($"Akun {PokjaUserId} dinonaktifkan di SPSE.", action.Outcome);
        var notify = Assert.Single(request.Steps, s => s.Kind == StepKind.Notify);
        Assert.Same(notify, request.OpenStep);
        Assert.Equal(Roles.HelpdeskLpse, notify.ActorRole);
        Assert.Equal(AccessRequest.NoDeadline, request.CurrentStepDueAt);
    }

    [Fact]
    public async Task ActivationMakesTheAccountActiveUnderTheNewSk()
    {
        var id = await _h.DriveToAsync(AccountStep,
            new SubmitActivationCommandBuilder().Activating().WithSk("900/4/SK-PPK/2026", new DateOnly(2027, 6, 30)).Build());

        AssertOk(await _h.ExecuteAsync(id));

        var account = await _h.AccountAsync(PpkUserId);
        Assert.Equal(SpseAccountStatus.Active, account.Status);
        Assert.Equal("900/4/SK-PPK/2026", account.SkNumber);
        Assert.Equal(new DateOnly(2027, 6, 30), account.ValidUntil);
        await using var db = _h.Query();
        var history = Assert.Single(await db.SpseAccountHistory.ToListAsync());
        Assert.Equal(SpseAccountChange.Activated, history.Change);
        Assert.Equal(id, history.AccessRequestId);
        Assert.Contains("SK baru 900/4/SK-PPK/2026 berlaku s.d. 30-06-2027", history.Detail);
        Assert.Contains("sebelumnya 027/01/SK-POKJA/2026 s.d. 31-12-2027", history.Detail);
        Assert.Equal($"Akun {PpkUserId} diaktifkan di SPSE.", Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == StepKind.AccountAction).Outcome);
    }

    [Theory]
    [InlineData(RequestType.Deactivate, "nonaktif")]
    [InlineData(RequestType.Activate, "aktif")]
    public async Task AnAccountAlreadyInTheRequestedStateIsLeftAloneAndTheRequestCompletes(RequestType type, string state)
    {
        var command = type == RequestType.Activate ? new SubmitActivationCommandBuilder().Activating().Build() : new SubmitActivationCommandBuilder().Build();
        var id = await _h.DriveToAsync(AccountStep, command);
        var userId = command.SpseUserId;
        var target = type == RequestType.Activate ? SpseAccountStatus.Active : SpseAccountStatus.Inactive;
        await using (var db = _h.Query())
        {
            // e.g. the year-end PPK campaign, or a colleague working in SPSE directly, got there first.
            await db.SpseAccounts.Where(a => a.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, target));
        }

        var before = await _h.AccountAsync(userId);

        AssertOk(await _h.ExecuteAsync(id));

        var request = await _h.LoadAsync(id);
        Assert.Equal(NotifyStep, request.CurrentStepNumber);
        var action = Assert.Single(request.Steps, s => s.Kind == StepKind.AccountAction);
        Assert.Contains($"sudah {state} sebelumnya", action.Outcome);
        Assert.Contains("tidak ada perubahan di SPSE", action.Outcome);
        var after = await _h.AccountAsync(userId);
        Assert.Equal(target, after.Status);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.SkNumber, after.SkNumber);
        await using var check = _h.Query();
        Assert.Empty(await check.SpseAccountHistory.ToListAsync());
    }

    [Fact]
    public async Task RefusesToActivateUnderAnSkThatEndedBeforeTheExecutionDay()
    {
        // 2 March 09:00 WIB: an SK valid until 3 March passes the check; on 4 March it no longer holds.
        var id = await _h.DriveToAsync(AccountStep, new SubmitActivationCommandBuilder().Activating().SkValidUntil(new DateOnly(2026, 3, 3)).Build());
        var version = await _h.VersionOfAsync(id);
        _h.Time.Advance(TimeSpan.FromDays(2));

        var result = await _h.ExecuteAsync(id, "Menunggu jaringan SPSE pulih");

        Assert.Equal(ErrorKind.InvalidState, result.Error);
        Assert.Contains("tidak dapat diaktifkan", result.Message);
        Assert.Contains("03-03-2026", result.Message);
        var request = await _h.LoadAsync(id);
        Assert.Equal(AccountStep, request.CurrentStepNumber);
        Assert.Equal(version, request.Version);
        Assert.Equal(SpseAccountStatus.Inactive, (await _h.AccountAsync(PpkUserId)).Status);
        await using var db = _h.Query();
        Assert.Empty(await db.SpseAccountHistory.ToListAsync());
    }

    [Fact]
    public async Task DeactivatesEvenWhenTheSkHasEndedMeanwhile()
    {
        var id = await _h.DriveToAsync(AccountStep, new SubmitActivationCommandBuilder().SkValidUntil(new DateOnly(2026, 3, 3)).Build());
        _h.Time.Advance(TimeSpan.FromDays(2));

        AssertOk(await _h.ExecuteAsync(id, "Menunggu jaringan SPSE pulih"));

        Assert.Equal(SpseAccountStatus.Inactive, (await _h.AccountAsync(PokjaUserId)).Status);
    }

    // ------------------------------------------------------------------------------------------------
    // Steps 7 and 8: relay and confirmation
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task RelayMailsTheResultWithAConfirmationLink()
    {
        var id = await _h.DriveToAsync(NotifyStep);

        AssertOk(await _h.RelayAsync(id));

        var request = await _h.LoadAsync(id);
        Assert.Equal(ConfirmStep, request.CurrentStepNumber);
        Assert.Equal(RequestStatus.AwaitingConfirmation, SopEngine.StatusOf(request));
        Assert.Equal(RequestOutcome.Completed, request.Outcome);
        var notify = Assert.Single(request.Steps, s => s.Kind == StepKind.Notify);
        Assert.Equal(_h.Helpdesk.UserId, notify.PerformerUserId);
        Assert.Contains(_h.Applicant.Email!, notify.Outcome);
        Assert.Contains("dinonaktifkan di SPSE", notify.Outcome);
        var confirm = Assert.Single(request.Steps, s => s.Kind == StepKind.ConfirmReceipt);
        Assert.Same(confirm, request.OpenStep);
        Assert.Equal(Roles.Pemohon, confirm.ActorRole);
        Assert.Equal(Now.AddMinutes(10), confirm.DueAt);

        await using var db = _h.Query();
        var mail = Assert.Single(await db.OutboxMessages.Where(m => m.Kind == "activation-result").ToListAsync());
        Assert.Equal(_h.Applicant.Email, mail.To);
        Assert.Contains("dinonaktifkan", mail.Subject);
        Assert.Contains($"Akun {PokjaUserId} dinonaktifkan di SPSE.", mail.Body);
        Assert.Contains("https://lpse.contoh.go.id/aksesspse/Status/Konfirmasi?t=", mail.Body);
        Assert.Contains("https://lpse.contoh.go.id/aksesspse/Status?t=", mail.Body);
        Assert.Equal(id, _h.Links.ReadConfirmToken(ConfirmTokenFrom(mail.Body)));
        Assert.Contains(await db.UserNotifications.Where(n => n.UserId == _h.Applicant.Id).Select(n => n.Message).ToListAsync(),
            m => m.Contains("Konfirmasi penerimaan"));
    }

    [Fact]
    public async Task TheLinkInTheResultMailConfirmsReceiptWithoutSigningIn()
    {
        var (id, token) = await RelayedAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(3));

        AssertOk(await _h.ConfirmByLinkAsync(token));

        var request = await _h.LoadAsync(id);
        Assert.Equal(ArchiveStep, request.CurrentStepNumber);
        var confirm = Assert.Single(request.Steps, s => s.Kind == StepKind.ConfirmReceipt);
        Assert.Equal(_h.Applicant.Id, confirm.PerformerUserId);
        Assert.Equal(_h.Applicant.FullName, confirm.PerformerName);
        Assert.Contains("tautan email", confirm.Outcome);
        Assert.Equal(180, confirm.ElapsedSeconds);
        var archive = Assert.Single(request.Steps, s => s.Kind == StepKind.Archive);
        Assert.Same(archive, request.OpenStep);
        Assert.Equal(Now.AddMinutes(10), archive.DueAt);
    }

    [Fact]
    public async Task TheLinkConfirmsForAnApplicantRegisteredAtTheDesk()
    {
        var (id, token) = await RelayedAsync(new IntakeCommandBuilder().Build());

        AssertOk(await _h.ConfirmByLinkAsync(token));

        var request = await _h.LoadAsync(id);
        Assert.Equal(ArchiveStep, request.CurrentStepNumber);
        Assert.Equal(await _h.UserIdByEmailAsync(WalkInEmail), Assert.Single(request.Steps, s => s.Kind == StepKind.ConfirmReceipt).PerformerUserId);
    }

    [Fact]
    public async Task TheApplicantMayConfirmInTheAppInstead()
    {
        var (id, _) = await RelayedAsync();

        AssertOk(await _h.ConfirmReceiptAsync(id));

        var confirm = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == StepKind.ConfirmReceipt);
        Assert.Equal(_h.Applicant.Id, confirm.PerformerUserId);
        Assert.Contains("di aplikasi", confirm.Outcome);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("tampered")]
    [InlineData("status token")]
    [InlineData("empty")]
    public async Task RefusesALinkThatWasNotIssuedForConfirmation(string kind)
    {
        var (id, token) = await RelayedAsync();
        var version = await _h.VersionOfAsync(id);
        var bad = kind switch
        {
            "forged" => "CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "tampered" => Tamper(token),
            "status token" => _h.Links.StatusToken(id),
            _ => "",
        };

        var result = await _h.ConfirmByLinkAsync(bad);

        Assert.Equal(ErrorKind.NotFound, result.Error);
        Assert.Contains("Tautan konfirmasi tidak sah atau sudah kedaluwarsa", result.Message);
        var request = await _h.LoadAsync(id);
        Assert.Equal(ConfirmStep, request.CurrentStepNumber);
        Assert.Equal(version, request.Version);
    }

    [Fact]
    public async Task RefusesALinkOlderThanItsLifetime()
    {
        var (id, token) = await RelayedAsync();
        _h.Time.Advance(RequestLinks.ConfirmLifetime + TimeSpan.FromMinutes(1));

        var result = await _h.ConfirmByLinkAsync(token, "Baru membuka email");

        Assert.Equal(ErrorKind.NotFound, result.Error);
        Assert.Contains("kedaluwarsa", result.Message);
        Assert.Equal(ConfirmStep, (await _h.LoadAsync(id)).CurrentStepNumber);
    }

    [Fact]
    public async Task ALinkJustWithinItsLifetimeStillConfirmsWithAnExplanationForTheDelay()
    {
        var (id, token) = await RelayedAsync();
        _h.Time.Advance(RequestLinks.ConfirmLifetime - TimeSpan.FromMinutes(1));

        var withoutExplanation = await _h.ConfirmByLinkAsync(token);
        var withExplanation = await _h.ConfirmByLinkAsync(token, "Sedang dinas luar");

        Assert.Equal(ErrorKind.LateExplanationRequired, withoutExplanation.Error);
        AssertOk(withExplanation);
        var confirm = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == StepKind.ConfirmReceipt);
        Assert.True(confirm.IsLate);
        Assert.Equal("Sedang dinas luar", confirm.LateExplanation);
    }

    [Fact]
    public async Task ALinkUsedTwiceChangesNothingTheSecondTime()
    {
        var (id, token) = await RelayedAsync();
        AssertOk(await _h.ConfirmByLinkAsync(token));
        var version = await _h.VersionOfAsync(id);

        var again = await _h.ConfirmByLinkAsync(token);

        Assert.Equal(ErrorKind.InvalidState, again.Error);
        Assert.Contains("langkah 9", again.Message);
        var request = await _h.LoadAsync(id);
        Assert.Equal(ArchiveStep, request.CurrentStepNumber);
        Assert.Equal(version, request.Version);
        Assert.Single(request.Steps, s => s.Kind == StepKind.ConfirmReceipt);
    }

    // ------------------------------------------------------------------------------------------------
    // Step 8 recorded by Helpdesk (was: AccessActivationStaffConfirmationTests)
    // ------------------------------------------------------------------------------------------------

    private static readonly TimeZoneInfo Wib = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");

    private static DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Wib);

    private Task<int> PaperRequestAwaitingConfirmationAsync() => _h.DriveToAsync(ConfirmStep, intake: new IntakeCommandBuilder().Build());

    [Fact]
    public async Task HelpdeskRecordsAPhoneConfirmation_TheStepIsDoneWhenConfirmed_ByHelpdesk_AndTheRequestGoesToArchive()
    {
        var id = await PaperRequestAwaitingConfirmationAsync();
        var relayedAt = _h.Now;
        _h.Time.Advance(TimeSpan.FromHours(3)); // recorded long after the 10-minute standard, but confirmed within it
        var confirmedAt = Local(relayedAt.AddMinutes(5));

        var result = await _h.RecordConfirmationAsync(id, new StaffConfirmation("Agus Salim", ConfirmationMethod.Phone, null, confirmedAt));

        AssertOk(result);
        var r = await _h.LoadAsync(id);
        Assert.Equal(ArchiveStep, r.CurrentStepNumber);
        var step = r.Steps.Single(s => s.Kind == StepKind.ConfirmReceipt);
        Assert.Equal(_h.Helpdesk.UserId, step.PerformerUserId);
        Assert.Equal(relayedAt.AddMinutes(5), step.CompletedAt);
        Assert.False(step.IsLate);
        Assert.Contains("telepon", step.Outcome);
        Assert.Contains("oleh Agus Salim", step.Outcome);
        Assert.Contains($"pada {confirmedAt.ToString("dd-MM-yyyy HH:mm", CultureInfo.InvariantCulture)} WIB", step.Outcome);
        Assert.Contains($"dicatat oleh {_h.Helpdesk.Name} (Helpdesk LPSE)", step.Outcome);
        var archive = Assert.Single(r.Steps, s => s.IsOpen);
        Assert.Equal(StepKind.Archive, archive.Kind);
        Assert.Equal(_h.Now, archive.ActionableAt);
        await using var db = _h.Query();
        Assert.Contains(await db.UserNotifications.Where(n => n.UserId == r.ApplicantUserId).Select(n => n.Message).ToListAsync(),
            m => m.Contains("dicatat oleh Helpdesk LPSE"));
    }

    [Fact]
    public async Task AConfirmationAfterTheStandard_NeedsTheLateExplanation()
    {
        var id = await PaperRequestAwaitingConfirmationAsync();
        var confirmedAt = Local(_h.Now.AddMinutes(40));
        _h.Time.Advance(TimeSpan.FromHours(1));

        var refused = await _h.RecordConfirmationAsync(id, new StaffConfirmation("Agus Salim", ConfirmationMethod.InPerson, null, confirmedAt));
        Assert.Equal(ErrorKind.LateExplanationRequired, refused.Error);

        AssertOk(await _h.RecordConfirmationAsync(id, new StaffConfirmation("Agus Salim", ConfirmationMethod.InPerson, null, confirmedAt),
            late: "Pemohon baru datang ke loket setelah rapat"));
        var step = (await _h.LoadAsync(id)).Steps.Single(s => s.Kind == StepKind.ConfirmReceipt);
        Assert.True(step.IsLate);
        Assert.Contains("datang langsung", step.Outcome);
    }

    [Fact]
    public async Task ATimeInTheFuture_BeforeTheRelay_OrOtherWithoutDescription_IsRefused()
    {
        var id = await PaperRequestAwaitingConfirmationAsync();
        var relayedAt = _h.Now;
        _h.Time.Advance(TimeSpan.FromMinutes(30));

        var future = await _h.RecordConfirmationAsync(id, new StaffConfirmation("Agus Salim", ConfirmationMethod.Phone, null, Local(_h.Now.AddMinutes(10))));
        Assert.Equal(ErrorKind.Validation, future.Error);
        Assert.Contains("belum terjadi", future.Message);

        var beforeRelay = await _h.RecordConfirmationAsync(id, new StaffConfirmation("Agus Salim", ConfirmationMethod.Phone, null, Local(relayedAt.AddHours(-2))));
        Assert.Equal(ErrorKind.Validation, beforeRelay.Error);
        Assert.Contains("lebih awal dari saat hasil disampaikan", beforeRelay.Message);

        var other = await _h.RecordConfirmationAsync(id, new StaffConfirmation("Agus Salim", ConfirmationMethod.Other, " ", Local(relayedAt.AddMinutes(3))));
        Assert.Equal(ErrorKind.Validation, other.Error);

        var nobody = await _h.RecordConfirmationAsync(id, new StaffConfirmation(" ", ConfirmationMethod.Phone, null, Local(relayedAt.AddMinutes(3))));
        Assert.Equal(ErrorKind.Validation, nobody.Error);

        AssertOk(await _h.RecordConfirmationAsync(id,
            new StaffConfirmation("Agus Salim", ConfirmationMethod.Other, "pesan WhatsApp ke nomor dinas", Local(relayedAt.AddMinutes(3)))));
        Assert.Contains("lainnya (pesan WhatsApp ke nomor dinas)", (await _h.LoadAsync(id)).Steps.Single(s => s.Kind == StepKind.ConfirmReceipt).Outcome);
    }

    [Fact]
    public async Task OnlyHelpdeskOfTheOffice_AndOnlyWhileTheRequestAwaitsConfirmation()
    {
        var id = await PaperRequestAwaitingConfirmationAsync();
        var confirmation = new StaffConfirmation("Agus Salim", ConfirmationMethod.Phone, null, Local(_h.Now));
        var request = await _h.LoadAsync(id);
        Assert.True(AccessActivationModule.CanRecordConfirmation(request, _h.Helpdesk));
        Assert.False(AccessActivationModule.CanRecordConfirmation(request, _h.Admin));
        Assert.False(AccessActivationModule.CanRecordConfirmation(request, _h.OtherOfficeHelpdesk));
        Assert.False(AccessActivationModule.CanRecordConfirmation(request, _h.ApplicantActor));

        Assert.Equal(ErrorKind.Forbidden, (await _h.RecordConfirmationAsync(id, confirmation, _h.Admin)).Error);
        Assert.Equal(ErrorKind.Forbidden, (await _h.RecordConfirmationAsync(id, confirmation, _h.OtherOfficeHelpdesk)).Error);
        Assert.Equal(ErrorKind.Forbidden, (await _h.RecordConfirmationAsync(id, confirmation, _h.ApplicantActor with { UserId = request.ApplicantUserId })).Error);
        Assert.Equal(ConfirmStep, (await _h.LoadAsync(id)).CurrentStepNumber);

        var executed = await _h.DriveToAsync(NotifyStep);
        Assert.Equal(ErrorKind.InvalidState, (await _h.RecordConfirmationAsync(executed, confirmation)).Error);
        Assert.Equal(ErrorKind.InvalidState, (await _h.ResendLinkAsync(executed)).Error);
        Assert.Equal(NotifyStep, (await _h.LoadAsync(executed)).CurrentStepNumber);
    }

    [Fact]
    public async Task HelpdeskResendsTheConfirmationLink_OncePerClick_AndTheStepNotesIt()
    {
        var id = await PaperRequestAwaitingConfirmationAsync();
        await using var before = _h.Query();
        var resultMails = await before.OutboxMessages.CountAsync(m => m.AccessRequestId == id && m.Kind == "activation-result");
        var version = await _h.VersionOfAsync(id);

        AssertOk(await _h.ResendLinkAsync(id, version: version));
        var twice = await _h.ResendLinkAsync(id, version: version);

        Assert.Equal(ErrorKind.Conflict, twice.Error);
        await using var db = _h.Query();
        var mails = await db.OutboxMessages.Where(m => m.AccessRequestId == id && m.Kind == "activation-result").OrderBy(m => m.Id).ToListAsync();
        Assert.Equal(resultMails + 1, mails.Count);
        Assert.Contains("/Status/Konfirmasi", mails[^1].Body);
        var r = await _h.LoadAsync(id);
        Assert.Equal(ConfirmStep, r.CurrentStepNumber);
        Assert.Contains($"Tautan konfirmasi dikirim ulang ke {r.ApplicantEmail} oleh {_h.Helpdesk.Name}", r.Steps.Single(s => s.IsOpen).Note);
        Assert.Equal(ErrorKind.Forbidden, (await _h.ResendLinkAsync(id, _h.Admin)).Error);

        // The link still works for the applicant afterwards.
        Assert.Equal(Roles.Pemohon, r.CurrentActorRole);
        AssertOk(await _h.ConfirmByLinkAsync(ConfirmTokenFrom(mails[^1].Body)));
    }

    [Fact]
    public async Task ADoubleClickOnResendByTheSameOfficer_IsToldAsTheirOwnRepeat_AnotherOfficersAsAnothers()
    {
        var id = await PaperRequestAwaitingConfirmationAsync();
        var version = await _h.VersionOfAsync(id);

        AssertOk(await _h.ResendLinkAsync(id, version: version));
        var mine = await _h.ResendLinkAsync(id, version: version);
        var theirs = await _h.ResendLinkAsync(id, _h.OtherHelpdesk, version: version);

        Assert.Equal(ErrorKind.Conflict, mine.Error);
        Assert.Contains("sudah Anda simpan sebelumnya", mine.Message);
        Assert.Contains("Kirim ulang tautan konfirmasi", mine.Message);
        Assert.Contains("Email hasil tidak dikirim lagi", mine.Message);
        Assert.DoesNotContain("petugas lain", mine.Message);
        Assert.Equal(ErrorKind.Conflict, theirs.Error);
        Assert.Contains("petugas lain", theirs.Message);
        await using var db = _h.Query();
        var open = await db.RequestSteps.SingleAsync(s => s.AccessRequestId == id && s.CompletedAt == null);
        Assert.Single(open.Note!.Split('\n'), line => line.Contains("dikirim ulang", StringComparison.Ordinal));
    }

    // ------------------------------------------------------------------------------------------------
    // Step 9: archive
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ArchivesTheRequestAsASealedRecordAndClosesIt()
    {
        var id = await _h.DriveToAsync(CompletionStep);
        _h.Time.Advance(TimeSpan.FromDays(1));
        AssertOk(await _h.ResubmitAsync(id));
        AssertOk(await _h.CheckCompletenessAsync(id));
        AssertOk(await _h.ExecuteAsync(id));
        AssertOk(await _h.RelayAsync(id));
        AssertOk(await _h.ConfirmReceiptAsync(id));
        _h.Time.Advance(TimeSpan.FromMinutes(7));

        AssertOk(await _h.ArchiveAsync(id));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.Archived, request.Status);
        Assert.Equal(RequestOutcome.Completed, request.Outcome);
        Assert.Equal(Now, request.ClosedAt);
        Assert.Null(request.OpenStep);
        Assert.Null(request.CurrentStepNumber);
        Assert.Null(request.OpenSpseAccountId);
        Assert.All(request.Steps, s => Assert.NotNull(s.CompletedAt));
        Assert.Null(request.CurrentStepSince);
        Assert.Null(request.CurrentStepDueAt);
        Assert.Null(request.CurrentActorRole);
        var archiveStep = Assert.Single(request.Steps, s => s.Kind == StepKind.Archive);
        Assert.Equal(_h.Helpdesk.UserId, archiveStep.PerformerUserId);
        Assert.Equal("Berkas permohonan dan data hak akses diarsipkan", archiveStep.Outcome);

        await using var db = _h.Query();
        var record = Assert.Single(await db.ArchiveRecords.ToListAsync());
        Assert.Equal(id, record.AccessRequestId);
        Assert.Equal(request.Number, record.RequestNumber);
        Assert.Equal(_h.Office.Id, record.OfficeId);
        Assert.Equal(_h.Helpdesk.UserId, record.ArchivedByUserId);
        Assert.Equal(_h.Helpdesk.Name, record.ArchivedByName);
        Assert.Equal(Now, record.ArchivedAt);
        Assert.Equal(new DateOnly(2031, 3, 3), record.RetainUntil);
        Assert.Matches("^[0-9a-f]{64}$", record.ContentHash);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(record.Summary))), record.ContentHash);
        Assert.Contains(request.Number, record.Summary);
        Assert.Contains(IntakeChannel.Online.Label(), record.Summary);
        Assert.Contains($"User ID SPSE: {PokjaUserId}", record.Summary);
        Assert.Contains("SK: 027/15/SK-PBJ/2026 berlaku s.d. 2026-12-31", record.Summary);
        Assert.Contains($"(jam berhenti): {(long)TimeSpan.FromDays(1).TotalSeconds} detik", record.Summary);
        Assert.All(request.Documents, d => Assert.Contains(d.Sha256, record.Summary));
        Assert.Equal(request.Steps.Count, Regex.Count(record.Summary, "^Langkah ", RegexOptions.Multiline));
        Assert.Empty((await InboxAsync(_h.Helpdesk)).Items);
    }

    [Fact]
    public async Task ArchivesARejectedRequestWithItsReason()
    {
        var id = await _h.DriveToAsync(CompletenessStep);
        AssertOk(await _h.CheckCompletenessAsync(id, StepAnswer.Reject, remarks: "Surat bukan dari instansi pemohon"));

        AssertOk(await _h.ArchiveAsync(id));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.Archived, request.Status);
        Assert.Equal(RequestOutcome.Rejected, request.Outcome);
        await using var db = _h.Query();
        Assert.Contains("Ditolak — Surat bukan dari instansi pemohon", (await db.ArchiveRecords.SingleAsync()).Summary);
    }

    // ------------------------------------------------------------------------------------------------
    // Who may act (was: AccessActivationServiceTests)
    // ------------------------------------------------------------------------------------------------

    private static readonly string[] ActorNames =
        ["applicant", "other applicant", "Helpdesk", "Admin Agency", "Kepala LPSE", "Auditor", "Administrator", "Helpdesk other office", "Admin Agency other office"];

    /// <summary>Every step with every actor who must not perform it on an online request.</summary>
    public static TheoryData<int, string> WrongActors()
    {
        var data = new TheoryData<int, string>();
        foreach (var step in Moves)
        {
            var rightful = step switch
            {
                CompletionStep or ConfirmStep => "applicant",
                AccountStep => "Admin Agency",
                _ => "Helpdesk",
            };
            foreach (var name in ActorNames.Where(n => n != rightful))
            {
                data.Add(step, name);
            }
        }

        return data;
    }

    private Actor ActorNamed(string name) => name switch
    {
        "applicant" => _h.ApplicantActor,
        "other applicant" => _h.OtherApplicantActor,
        "Helpdesk" => _h.Helpdesk,
        "Admin Agency" => _h.Admin,
        "Kepala LPSE" => Actors.WithRole(Roles.KepalaLpse, _h.Office.Id, "kepala-lpse", "Kepala LPSE"),
        "Auditor" => Actors.WithRole(Roles.Auditor, _h.Office.Id, "auditor", "Auditor"),
        "Administrator" => Actors.WithRole(Roles.Administrator, _h.Office.Id, "administrator", "Administrator"),
        "Helpdesk other office" => _h.OtherOfficeHelpdesk,
        "Admin Agency other office" => _h.OtherOfficeAdmin,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(WrongActors))]
    public async Task RefusesAMoveByAnyoneButItsActor(int step, string actorName)
    {
        var id = await _h.DriveToAsync(step);
        var before = await SnapshotAsync(id);

        var result = await _h.PerformAsync(step, id, ActorNamed(actorName));

        Assert.Equal(ErrorKind.Forbidden, result.Error);
        Assert.Equal("Anda tidak berwenang melakukan tindakan ini.", result.Message);
        AssertNothingChanged(before, await SnapshotAsync(id));
    }

    [Theory]
    [InlineData(ReceiveStep)]
    [InlineData(CompletenessStep)]
    [InlineData(NotifyStep)]
    [InlineData(ArchiveStep)]
    public async Task AnyHelpdeskOfficerOfTheOfficeMayMakeHelpdesksMove(int step)
    {
        var id = await _h.DriveToAsync(step);

        AssertOk(await _h.PerformAsync(step, id, _h.OtherHelpdesk));

        var request = await _h.LoadAsync(id);
        Assert.Contains(request.Steps, s => !s.IsOpen && s.PerformerUserId == _h.OtherHelpdesk.UserId);
    }

    [Theory]
    [InlineData(IntakeChannel.WalkIn)]
    [InlineData(IntakeChannel.Email)]
    public async Task HelpdeskRecordsTheCompletionOfAFileThatCameOnPaperOrByEmail(IntakeChannel channel)
    {
        var id = await _h.DriveToAsync(CompletionStep, intake: new IntakeCommandBuilder().ByChannel(channel).Build());

        AssertOk(await _h.ResubmitAsync(id, actor: _h.Helpdesk));

        var request = await _h.LoadAsync(id);
        Assert.Equal(CompletenessStep, request.CurrentStepNumber);
        var completion = Assert.Single(request.Steps, s => s.Kind == StepKind.ApplicantCompletion);
        Assert.Equal(_h.Helpdesk.UserId, completion.PerformerUserId);
        Assert.Contains($"diterima oleh {_h.Helpdesk.Name}", completion.Outcome);
    }

    [Fact]
    public async Task HelpdeskMayNotCompleteAFileTheApplicantSubmittedOnline()
    {
        var id = await _h.DriveToAsync(CompletionStep);
        var before = await SnapshotAsync(id);

        var result = await _h.ResubmitAsync(id, actor: _h.Helpdesk);

        Assert.Equal(ErrorKind.Forbidden, result.Error);
        AssertNothingChanged(before, await SnapshotAsync(id));
    }

    [Theory]
    [InlineData("Helpdesk other office")]
    [InlineData("Admin Agency")]
    [InlineData("other applicant")]
    public async Task NobodyElseMayCompleteAPaperFile(string actorName)
    {
        var id = await _h.DriveToAsync(CompletionStep, intake: new IntakeCommandBuilder().Build());
        var before = await SnapshotAsync(id);

        var result = await _h.ResubmitAsync(id, actor: ActorNamed(actorName));

        Assert.Equal(ErrorKind.Forbidden, result.Error);
        AssertNothingChanged(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task HelpdeskMayNotConfirmReceiptEvenForAPaperFile()
    {
        var id = await _h.DriveToAsync(ConfirmStep, intake: new IntakeCommandBuilder().Build());
        var before = await SnapshotAsync(id);

        var result = await _h.ConfirmReceiptAsync(id, actor: _h.Helpdesk);

        Assert.Equal(ErrorKind.Forbidden, result.Error);
        Assert.False(SopEngine.CanAct(before.Request, _h.Helpdesk));
        AssertNothingChanged(before, await SnapshotAsync(id));
    }

    // ------------------------------------------------------------------------------------------------
    // Late steps: every deviation from the time standard needs the performer's explanation
    // ------------------------------------------------------------------------------------------------

    public static TheoryData<int, StepKind> TenMinuteSteps => new()
    {
        { CompletenessStep, StepKind.CompletenessCheck },
        { AccountStep, StepKind.AccountAction },
        { ConfirmStep, StepKind.ConfirmReceipt },
        { ArchiveStep, StepKind.Archive },
    };

    [Theory]
    [MemberData(nameof(TenMinuteSteps))]
    public async Task LateStepCannotBeCompletedWithoutAnExplanation(int stepNumber, StepKind kind)
    {
        var id = await _h.DriveToAsync(stepNumber);
        var before = await SnapshotAsync(id);
        Assert.Equal(kind, Assert.Single(before.Request.Steps, s => s.IsOpen).Kind);
        _h.Time.Advance(TimeSpan.FromMinutes(12));

        var result = await _h.PerformAsync(stepNumber, id, lateExplanation: "   ");

        Assert.Equal(ErrorKind.LateExplanationRequired, result.Error);
        Assert.Contains("standar waktu 10 menit", result.Message);
        Assert.Contains("berjalan 12 menit", result.Message);
        Assert.Contains("penjelasan keterlambatan", result.Message);
        var after = await SnapshotAsync(id);
        AssertNothingChanged(before, after);
        var open = Assert.Single(after.Request.Steps, s => s.IsOpen);
        Assert.Equal(kind, open.Kind);
        Assert.False(open.IsLate);
        Assert.Null(open.LateExplanation);
        Assert.Null(open.PerformerUserId);
    }

    [Theory]
    [MemberData(nameof(TenMinuteSteps))]
    public async Task LateStepWithAnExplanationIsSavedAndMarkedLate(int stepNumber, StepKind kind)
    {
        var id = await _h.DriveToAsync(stepNumber);
        var opened = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.IsOpen);
        Assert.Equal(kind, opened.Kind);
        _h.Time.Advance(TimeSpan.FromMinutes(12));

        AssertOk(await _h.PerformAsync(stepNumber, id, lateExplanation: "  Jaringan SPSE terputus  "));

        var step = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Id == opened.Id);
        Assert.Equal(Now, step.CompletedAt);
        Assert.True(step.IsLate);
        Assert.Equal("Jaringan SPSE terputus", step.LateExplanation);
        Assert.Equal(12 * 60, step.ElapsedSeconds);
        Assert.Equal(_h.DefaultActor(stepNumber).UserId, step.PerformerUserId);
        Assert.Equal(_h.DefaultActor(stepNumber).Name, step.PerformerName);
    }

    [Theory]
    [MemberData(nameof(TenMinuteSteps))]
    public async Task StepDoneExactlyAtItsTenMinutesIsOnTime(int stepNumber, StepKind kind)
    {
        var id = await _h.DriveToAsync(stepNumber);
        _h.Time.Advance(TimeSpan.FromMinutes(10));

        AssertOk(await _h.PerformAsync(stepNumber, id));

        var step = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == kind);
        Assert.False(step.IsLate);
        Assert.Equal(600, step.ElapsedSeconds);
    }

    [Theory]
    [InlineData(ReceiveStep, StepKind.Receive)]
    [InlineData(NotifyStep, StepKind.Notify)]
    [InlineData(CompletionStep, StepKind.ApplicantCompletion)]
    public async Task StepWithoutATimeStandardIsNeverLate(int stepNumber, StepKind kind)
    {
        var id = await _h.DriveToAsync(stepNumber);
        var opened = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.IsOpen);
        Assert.Equal(kind, opened.Kind);
        Assert.Equal(TimeStandard.NotApplicable, opened.Standard);
        Assert.Null(opened.DueAt);
        _h.Time.Advance(TimeSpan.FromDays(3));

        AssertOk(await _h.PerformAsync(stepNumber, id));

        var step = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Id == opened.Id);
        Assert.Equal(Now, step.CompletedAt);
        Assert.False(step.IsLate);
        Assert.Null(step.LateExplanation);
    }

    [Fact]
    public async Task LateReturnOfAnIncompleteFileAlsoNeedsAnExplanationAndStopsNoClock()
    {
        var id = await _h.DriveToAsync(CompletenessStep);
        var before = await SnapshotAsync(id);
        _h.Time.Advance(TimeSpan.FromMinutes(11));

        var result = await _h.ReturnMissingDecreeAsync(id);

        Assert.Equal(ErrorKind.LateExplanationRequired, result.Error);
        var after = await SnapshotAsync(id);
        AssertNothingChanged(before, after);
        Assert.Null(after.Request.PausedSince);
        Assert.Null(after.Request.MissingItems);
    }

    [Fact]
    public async Task KeepsNoExplanationForAStepDoneOnTime()
    {
        var id = await _h.DriveToAsync(CompletenessStep);

        AssertOk(await _h.CheckCompletenessAsync(id, lateExplanation: "tidak perlu"));

        var check = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == StepKind.CompletenessCheck);
        Assert.False(check.IsLate);
        Assert.Null(check.LateExplanation);
    }

    // ------------------------------------------------------------------------------------------------
    // Two officers, one request
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task TwoHelpdeskOfficersCheckingAtOnceSaveOneCheckAndTheOtherGetsAConflict()
    {
        var id = await _h.DriveToAsync(CompletenessStep);
        var seen = await _h.VersionOfAsync(id);
        var before = await SnapshotAsync(id);
        // Yoga saves his check while Sari's, loaded from the same version in another context, is about to be claimed.
        var hook = new BeforeTransactionHook(async () =>
            AssertOk(await _h.ReturnMissingDecreeAsync(id, "SK tidak terbaca", actor: _h.OtherHelpdesk, version: seen)));
        var sari = _h.Engine(_h.Database.NewContext(hook));

        var result = await _h.CheckCompletenessAsync(id, actor: _h.Helpdesk, version: seen, engine: sari);

        Assert.True(hook.Ran);
        Assert.Equal(ErrorKind.Conflict, result.Error);
        var request = await _h.LoadAsync(id);
        Assert.Contains(request.Number, result.Message);
        Assert.Contains("baru saja diproses oleh petugas lain", result.Message);
        Assert.Contains("langkah 4", result.Message);
        Assert.Contains("Tindakan Anda tidak disimpan", result.Message);

        Assert.Equal(CompletionStep, request.CurrentStepNumber);
        var check = Assert.Single(request.Steps, s => s.Kind == StepKind.CompletenessCheck);
        Assert.Equal(_h.OtherHelpdesk.UserId, check.PerformerUserId);
        Assert.DoesNotContain(request.Steps, s => s.Kind == StepKind.AccountAction);
        await using var db = _h.Query();
        Assert.DoesNotContain(await db.UserNotifications.Select(n => n.Message).ToListAsync(), m => m.Contains("diteruskan ke Admin Agency"));
        Assert.Equal(before.Outbox + 1, await db.OutboxMessages.CountAsync());
    }

    [Fact]
    public async Task SecondOfficerActingOnTheVersionTheFirstAlreadyChangedGetsAConflict()
    {
        var id = await _h.DriveToAsync(CompletenessStep);
        var seen = await _h.VersionOfAsync(id);

        AssertOk(await _h.CheckCompletenessAsync(id, actor: _h.OtherHelpdesk, version: seen));
        var late = await _h.ReturnMissingDecreeAsync(id, actor: _h.Helpdesk, version: seen);

        Assert.Equal(ErrorKind.Conflict, late.Error);
        Assert.Contains("baru saja diproses oleh petugas lain", late.Message);
        Assert.Contains("langkah 6", late.Message);
        var request = await _h.LoadAsync(id);
        Assert.Equal(AccountStep, request.CurrentStepNumber);
        Assert.Null(request.PausedSince);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public async Task RefusesAMoveMadeOnAnotherVersion(int offset)
    {
        var id = await _h.DriveToAsync(AccountStep);
        var before = await SnapshotAsync(id);

        var result = await _h.ExecuteAsync(id, version: before.Request.Version + offset);

        Assert.Equal(ErrorKind.Conflict, result.Error);
        AssertNothingChanged(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task TwoOfficersReceivingAtOnceKeepOneHandoverForm_TheLoserStoresNone()
    {
        var id = await _h.DriveToAsync(ReceiveStep);
        var seen = await _h.VersionOfAsync(id);
        var loserFiles = new Mock<IFileStore>();
        // A colleague receives the same file between this officer's page load and the claim of the request.
        var hook = new BeforeTransactionHook(async () => AssertOk(await _h.ReceiveAsync(id, _h.OtherHelpdesk, seen)));
        var slow = _h.Engine(_h.Database.NewContext(hook), loserFiles.Object);

        var result = await _h.ReceiveAsync(id, _h.Helpdesk, seen, slow);

        Assert.True(hook.Ran);
        Assert.Equal(ErrorKind.Conflict, result.Error);
        // The claim comes before the form is made: the losing officer leaves no file behind.
        loserFiles.Verify(f => f.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<byte[]>(), It.IsAny<CancellationToken>()), Times.Never);
        var request = await _h.LoadAsync(id);
        var receipt = Assert.Single(request.Documents, d => d.DocumentCode == PaperIntake.ReceiptCode);
        Assert.Equal(_h.OtherHelpdesk.UserId, receipt.UploadedByUserId);
        await using var db = _h.Query();
        Assert.Single(await db.OutboxMessages.Where(m => m.Kind == "activation-received").ToListAsync());
    }

    [Fact]
    public async Task TwoFormsForTheSameAccountAtOnce_TheSecondIsToldTheFirstIsRunning_AndLeavesNoFile()
    {
        var winner = 0;
        // Rina's second tab sends another form for the same account after this one passed its checks, before it is saved.
        var hook = new BeforeTransactionHook(async () => winner = await _h.SubmitAsync());
        var slow = _h.Engine(_h.Database.NewContext(hook));

        var result = await _h.TrySubmitAsync(engine: slow);

        Assert.True(hook.Ran);
        Assert.Equal(ErrorKind.Validation, result.Error);
        var number = (await _h.LoadAsync(winner)).Number;
        Assert.Contains($"Masih ada permohonan {number} yang berjalan untuk akun \"{PokjaUserId}\"", result.Message);
        Assert.Equal(4, _h.StoredPaths.Count);
        Assert.Equal(2, _h.StoredPaths.Distinct().Count(p => Times(p) == 1));
        await using var db = _h.Query();
        Assert.Equal(winner, Assert.Single(await db.AccessRequests.ToListAsync()).Id);
        Assert.Equal(2, await db.RequestDocuments.CountAsync());

        int Times(string path) => _h.Files.Invocations.Count(i => i.Method.Name == nameof(IFileStore.DeleteAsync) && (string?)i.Arguments[0] == path);
    }

    [Fact]
    public async Task TheSameFormSentTwiceAtOnce_IsAnsweredWithTheFirstRequest_AndTheSecondLeavesNoFile()
    {
        var key = Guid.NewGuid();
        var winner = 0;
        // A double click: the twin with the same form key is saved after this one passed its checks, before it is saved.
        var hook = new BeforeTransactionHook(async () => winner = await _h.SubmitAsync(new SubmitActivationCommandBuilder().WithKey(key).Build()));
        var slow = _h.Engine(_h.Database.NewContext(hook));

        var result = await _h.TrySubmitAsync(new SubmitActivationCommandBuilder().WithKey(key).Build(), engine: slow);

        Assert.True(hook.Ran);
        AssertOk(result);
        Assert.Equal(winner, result.Value);
        Assert.Equal(4, _h.StoredPaths.Count);
        Assert.Equal(2, _h.StoredPaths.Distinct().Count(p => Times(p) == 1)); // the loser's two files, and only those
        await using var db = _h.Query();
        Assert.Equal(winner, Assert.Single(await db.AccessRequests.ToListAsync()).Id);
        Assert.Equal(2, await db.RequestDocuments.CountAsync());
        Assert.All(await db.OutboxMessages.ToListAsync(), m => Assert.Equal(winner, m.AccessRequestId)); // nothing half-told by the loser
        Assert.All(await db.UserNotifications.ToListAsync(), n => Assert.Equal(winner, n.AccessRequestId));

        int Times(string path) => _h.Files.Invocations.Count(i => i.Method.Name == nameof(IFileStore.DeleteAsync) && (string?)i.Arguments[0] == path);
    }

    [Fact]
    public async Task AReceiptThatFailsToSaveDeletesItsHandoverForm()
    {
        var id = await _h.DriveToAsync(ReceiveStep);
        var failing = _h.Engine(_h.Database.NewContext(new FailingSave(failOnCall: 2))); // the claim saves; the step does not

        await Assert.ThrowsAsync<InvalidOperationException>(() => _h.ReceiveAsync(id, engine: failing));

        var generated = Assert.Single(_h.StoredPaths, p => p.StartsWith("generated/", StringComparison.Ordinal));
        _h.Files.Verify(f => f.DeleteAsync(generated, It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(ReceiveStep, (await _h.LoadAsync(id)).CurrentStepNumber);
    }

    [Fact]
    public async Task ChangesTheVersionOnEverySuccessfulMove()
    {
        var id = await _h.SubmitAsync();
        var versions = new List<int> { await _h.VersionOfAsync(id) };

        async Task Step(Task<OperationResult<MoveResult>> move)
        {
            AssertOk(await move);
            versions.Add(await _h.VersionOfAsync(id));
        }

        await Step(_h.ReceiveAsync(id));
        await Step(_h.ReturnMissingDecreeAsync(id));
        await Step(_h.ResubmitAsync(id));
        await Step(_h.CheckCompletenessAsync(id));
        await Step(_h.ExecuteAsync(id));
        await Step(_h.RelayAsync(id));
        await Step(_h.ConfirmReceiptAsync(id));
        await Step(_h.ArchiveAsync(id));

        // Each move makes every page drawn before it stale (the engine claims the row, then saves the step).
        Assert.All(versions.Zip(versions.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"{pair.First} → {pair.Second}"));
    }

    // ------------------------------------------------------------------------------------------------
    // The inbox "Tugas saya" (was: the SOP 2 queues) and the public status page
    // ------------------------------------------------------------------------------------------------

    private static readonly int[] OpenSteps = [ReceiveStep, CompletenessStep, CompletionStep, AccountStep, NotifyStep, ConfirmStep, ArchiveStep];

    [Fact]
    public async Task HelpdeskSeesTheSop2RequestsWaitingForHelpdeskOnly()
    {
        var (byStep, resets) = await OneRequestOnEveryStepAsync();

        var inbox = await InboxAsync(_h.Helpdesk);

        int[] expected = [ReceiveStep, CompletenessStep, NotifyStep, ArchiveStep];
        Assert.Equal(expected.Select(s => byStep[s]).Order(), inbox.Items.Select(r => r.Id).Order());
        Assert.Equal(4, inbox.Total);
        Assert.DoesNotContain(inbox.Items, r => resets.Contains(r.Id));
    }

    [Fact]
    public async Task AdminAgencySeesTheSop2RequestsWaitingForTheAccountActionOnly()
    {
        var (byStep, resets) = await OneRequestOnEveryStepAsync();

        var inbox = await InboxAsync(_h.Admin);

        var row = Assert.Single(inbox.Items);
        Assert.Equal(byStep[AccountStep], row.Id);
        Assert.Equal(StepKind.AccountAction, row.OpenStepKind);
        Assert.Equal(Roles.AdminAgency, row.CurrentActorRole);
        Assert.DoesNotContain(inbox.Items, r => resets.Contains(r.Id));
    }

    [Fact]
    public async Task TheSop4TabKeepsItsOwnRequests()
    {
        var (byStep, resets) = await OneRequestOnEveryStepAsync();

        var inbox = await _h.Inbox().ListAsync(_h.Admin, new InboxFilter(SopKind.PasswordReset), CancellationToken.None);

        Assert.Equal(resets.Order(), inbox.Rows.Items.Select(r => r.Id).Order());
        Assert.DoesNotContain(inbox.Rows.Items, r => byStep.Values.Contains(r.Id));
    }

    [Fact]
    public async Task NobodySeesTheTasksOfAnotherOffice()
    {
        await OneRequestOnEveryStepAsync();

        Assert.Empty((await InboxAsync(_h.OtherOfficeHelpdesk)).Items);
        Assert.Empty((await InboxAsync(_h.OtherOfficeAdmin)).Items);
    }

    [Fact]
    public async Task AnOfficerWithBothRolesSeesBothSetsOfTasks()
    {
        var (byStep, _) = await OneRequestOnEveryStepAsync();
        var both = new Actor("staff-dua-peran", "Dua Peran", _h.Office.Id, new HashSet<string> { Roles.HelpdeskLpse, Roles.AdminAgency });

        var inbox = await InboxAsync(both);

        int[] expected = [ReceiveStep, CompletenessStep, AccountStep, NotifyStep, ArchiveStep];
        Assert.Equal(expected.Select(s => byStep[s]).Order(), inbox.Items.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task TheHeadSeesEveryOpenSop2Request()
    {
        var (byStep, _) = await OneRequestOnEveryStepAsync();

        var all = await _h.Inbox().ListAsync(Actors.WithRole(Roles.KepalaLpse, _h.Office.Id), new InboxFilter(SopKind.AccessActivation, AllOpen: true),
            CancellationToken.None);

        Assert.Equal(OpenSteps.Select(s => byStep[s]).Order(), all.Rows.Items.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task TheArchivedFilterListsClosedSop2Requests()
    {
        var (byStep, _) = await OneRequestOnEveryStepAsync();

        var archived = await _h.Inbox().ListAsync(_h.Helpdesk, new InboxFilter(SopKind.AccessActivation, RequestStatus.Archived), CancellationToken.None);

        Assert.Equal(byStep[Closed], Assert.Single(archived.Rows.Items).Id);
    }

    [Fact]
    public async Task TheInboxShowsTheOverdueCheckFirst()
    {
        var late = await _h.DriveToAsync(CompletenessStep);
        _h.Time.Advance(TimeSpan.FromMinutes(15));
        var fresh = await _h.DriveToAsync(CompletenessStep, new SubmitActivationCommandBuilder().Activating().Build());

        var inbox = await InboxAsync(_h.Helpdesk);

        Assert.Equal([late, fresh], inbox.Items.Select(r => r.Id));
        Assert.True(inbox.Items[0].IsOverdue(_h.Now));
        Assert.False(inbox.Items[1].IsOverdue(_h.Now));
        Assert.Equal(late, Assert.Single((await InboxAsync(_h.Helpdesk, overdueOnly: true)).Items).Id);
    }

    [Fact]
    public async Task TheStatusLinkInTheReceiptMailOpensThePublicStatus()
    {
        var id = await _h.DriveToAsync(CompletenessStep);
        await using var db = _h.Query();
        var mail = await db.OutboxMessages.SingleAsync(m => m.Kind == "activation-received");
        var token = Regex.Match(mail.Body, @"/Status\?t=([A-Za-z0-9_-]+)").Groups[1].Value;

        var readId = _h.Links.ReadStatusToken(token);
        var status = await _h.Queries().PublicStatusAsync(readId!.Value, CancellationToken.None);

        Assert.Equal(id, readId);
        Assert.NotNull(status);
        var request = await _h.LoadAsync(id);
        Assert.Equal(request.Number, status.Number);
        Assert.Equal(RequestStatus.Submitted, status.Status);
        Assert.Equal(IntakeChannel.Online, status.Channel);
        Assert.Equal(PokjaUserId, status.SpseUserId);
        Assert.Equal(request.Sop!.Title, status.SopTitle);
        Assert.Null(status.MissingItems);
        Assert.Equal(request.Steps.Count, status.Steps.Count);
    }

    [Fact]
    public async Task ThePublicStatusShowsWhatIsMissingOnlyWhileTheFileIsReturned()
    {
        var id = await _h.DriveToAsync(CompletionStep);

        var returned = await _h.Queries().PublicStatusAsync(id, CancellationToken.None);
        AssertOk(await _h.ResubmitAsync(id));
        var resubmitted = await _h.Queries().PublicStatusAsync(id, CancellationToken.None);

        Assert.Equal(RequestStatus.ReturnedForCompletion, returned!.Status);
        Assert.Contains(DecreeLabel, returned.MissingItems);
        Assert.Null(resubmitted!.MissingItems);
        Assert.Null(await _h.Queries().PublicStatusAsync(404, CancellationToken.None));
    }

    // ------------------------------------------------------------------------------------------------
    // Requests in flight under the old service, adopted by the engine (LegacyRequests)
    // ------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(RequestStatus.AwaitingReceipt, ReceiveStep)]
    [InlineData(RequestStatus.Submitted, CompletenessStep)]
    [InlineData(RequestStatus.ReturnedForCompletion, CompletionStep)]
    [InlineData(RequestStatus.AwaitingExecution, AccountStep)]
    [InlineData(RequestStatus.AwaitingNotification, NotifyStep)]
    [InlineData(RequestStatus.AwaitingConfirmation, ConfirmStep)]
    [InlineData(RequestStatus.AwaitingArchive, ArchiveStep)]
    public async Task ARequestOfTheOldServiceIsPlacedOnItsStepOnce_AndTheModuleCarriesItToItsEnd(RequestStatus status, int step)
    {
        var id = await OldRequestAtAsync(step, status);

        Assert.Equal(step, LegacyRequests.StepOf((await _h.LoadAsync(id)).Sop!, status)?.Number);
        Assert.Equal(1, await AdoptAsync(SopKind.AccessActivation));
        Assert.Equal(0, await AdoptAsync(SopKind.AccessActivation));

        var adopted = await _h.LoadAsync(id);
        Assert.Equal(step, adopted.CurrentStepNumber);
        Assert.Equal(RequestStatus.InProgress, adopted.Status);
        Assert.Equal(status, SopEngine.StatusOf(adopted));
        Assert.Equal(step == CompletionStep, adopted.IsPaused);
        while (adopted.CurrentStepNumber is { } open)
        {
            AssertOk(await _h.PerformAsync(open, id));
            adopted = await _h.LoadAsync(id);
        }

        Assert.Equal(RequestStatus.Archived, adopted.Status);
        Assert.Equal(RequestOutcome.Completed, adopted.Outcome);
        Assert.Equal(SpseAccountStatus.Inactive, (await _h.AccountAsync(PokjaUserId)).Status);
        await using var db = _h.Query();
        Assert.Equal(1, await db.ArchiveRecords.CountAsync(a => a.AccessRequestId == id));
    }

    [Fact]
    public async Task AnOldRequestWithoutAnOpenStepInItsLogIsPlacedOnTheStepItsStatusNames()
    {
        var id = await OldRequestAtAsync(AccountStep, RequestStatus.AwaitingExecution);
        await using (var db = _h.Query())
        {
            // A row from before the step log: its status is all there is.
            await db.RequestSteps.Where(s => s.AccessRequestId == id && s.CompletedAt == null).ExecuteDeleteAsync();
        }

        Assert.Equal(1, await AdoptAsync(SopKind.AccessActivation));

        var adopted = await _h.LoadAsync(id);
        Assert.Equal(AccountStep, adopted.CurrentStepNumber);
        Assert.Equal(Roles.AdminAgency, adopted.CurrentActorRole);
        Assert.Equal(AccountStep, Assert.Single(adopted.Steps, s => s.IsOpen).StepNumber);
        AssertOk(await _h.ExecuteAsync(id));
        Assert.Equal(NotifyStep, (await _h.LoadAsync(id)).CurrentStepNumber);
    }

    [Fact]
    public async Task AnOldRequestAdoptedAfterItsFileCameBack_ShowsItsEarlierTicksUnderTheSeededCodes()
    {
        // The old service stored step 3's ticks by its item names ("Letterhead"); the engine's checklist has the seeded codes.
        var id = await _h.DriveToAsync(CompletionStep);
        AssertOk(await _h.ResubmitAsync(id));
        await using (var db = _h.Query())
        {
            await db.RequestSteps.Where(s => s.AccessRequestId == id && s.Kind == StepKind.CompletenessCheck && s.CompletedAt != null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Checklist, "Letterhead,Signature,WetStamp,AddressedToHead,PersonalData|SK_PENUNJUKAN"));
            await db.AccessRequests.Where(r => r.Id == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RequestStatus.Submitted));
        }

        Assert.Equal(1, await AdoptAsync(SopKind.AccessActivation));

        var adopted = await _h.LoadAsync(id);
        Assert.Equal(CompletenessStep, adopted.CurrentStepNumber);
        var ticks = CompletenessTicks.LastOf(adopted)!;
        Assert.Equal(["KOP_SURAT", "TANDA_TANGAN", "STEMPEL_BASAH", "DITUJUKAN_KEPALA_LPSE", "DATA_PERSONAL"], ticks.Passed);
        Assert.Equal([AccessActivationHarness.DecreeCode], ticks.Missing);
        Assert.All(ticks.Passed, code => Assert.Contains(code, Checklist));
    }

    /// <summary>
    /// A request as the old SOP 2 service left it on step <paramref name="step"/>: the same step log, but standing on its per-SOP
    /// status, without the engine's step number (from before the engine's migration).
    /// </summary>
    private async Task<int> OldRequestAtAsync(int step, RequestStatus status)
    {
        var id = await _h.DriveToAsync(step);
        await using var db = _h.Query();
        await db.AccessRequests.Where(r => r.Id == id).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.CurrentStepNumber, (int?)null));
        return id;
    }

    private async Task<int> AdoptAsync(params SopKind[] kinds)
    {
        await using var db = _h.Query();
        return await LegacyRequests.AdoptAsync(db, kinds, CancellationToken.None);
    }

    // ------------------------------------------------------------------------------------------------
    // Helpers of the steps
    // ------------------------------------------------------------------------------------------------

    /// <summary>One SOP 2 request on each of its steps and one archived (each on its own account of Rina's), and two SOP 4 requests.</summary>
    private async Task<(Dictionary<int, int> ByStep, List<int> Resets)> OneRequestOnEveryStepAsync()
    {
        var byStep = new Dictionary<int, int>();
        foreach (var step in OpenSteps.Append(Closed))
        {
            var account = await _h.AddAccountAsync("rina.q" + step);
            byStep[step] = await _h.DriveToAsync(step, new SubmitActivationCommandBuilder().ForSpseUserId(account.UserId).Build());
        }

        var resets = new List<int>();
        foreach (var key in new[] { Guid.NewGuid(), Guid.NewGuid() })
        {
            var reset = await _h.Data.SubmitResetAsync(new SubmitResetCommandBuilder().WithKey(key).Build(), _h.ApplicantActor);
            AssertOk(reset);
            resets.Add(reset.Value);
        }

        return (byStep, resets);
    }

    private async Task<PagedResult<QueueRow>> InboxAsync(Actor actor, bool overdueOnly = false) =>
        (await _h.Inbox().ListAsync(actor, new InboxFilter(SopKind.AccessActivation, OverdueOnly: overdueOnly), CancellationToken.None)).Rows;

    [GeneratedRegex(@"/Status/Konfirmasi\?t=([A-Za-z0-9_-]+)")]
    private static partial Regex ConfirmLink();

    private static string ConfirmTokenFrom(string body)
    {
        var match = ConfirmLink().Match(body);
        Assert.True(match.Success, "the email has no /Status/Konfirmasi?t= link");
        return match.Groups[1].Value;
    }

    /// <summary>A request whose result was relayed, and the token of the confirmation link in the result mail.</summary>
    private async Task<(int Id, string Token)> RelayedAsync(IntakeCommand? intake = null)
    {
        var id = await _h.DriveToAsync(ConfirmStep, intake: intake);
        await using var db = _h.Query();
        var mail = await db.OutboxMessages.SingleAsync(m => m.Kind == "activation-result" && m.AccessRequestId == id);
        return (id, ConfirmTokenFrom(mail.Body));
    }

    /// <summary>The token with one character in the middle changed.</summary>
    private static string Tamper(string token)
    {
        var chars = token.ToCharArray();
        var i = chars.Length / 2;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    private static string PdfText(byte[] pdf) => Regex.Replace(Poppler.Text(pdf), @"\s+", " ");
}
