using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Moq;
using static AksesSpse.Core.Tests.TestSupport.AccessActivationHarness;

using AksesSpse.Tests.Shared;

namespace AksesSpse.Core.Tests.Requests;

/// <summary>
/// SOP 2 steps 2–9 through <see cref="AccessActivationService"/>: the handover form, the completeness check and the
/// clock that stops while the file is with the applicant, the change in the register, the relay with its confirmation
/// link, and the archive.
/// </summary>
[Trait("Sop", "Deactivation")]
public sealed partial class AccessActivationStepTests : IDisposable
{
    private readonly AccessActivationHarness _h = new();

    private DateTime Now => _h.Now;

    public void Dispose() => _h.Dispose();

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
        Assert.Equal(RequestStatus.Submitted, request.Status);
        var receipt = Assert.Single(request.Documents, d => d.DocumentCode == AccessActivationService.ReceiptCode);
        Assert.Equal(AccessActivationService.ReceiptName, receipt.DocumentName);
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
        var id = await _h.DriveToAsync(RequestStatus.Submitted);

        var request = await _h.LoadAsync(id);
        var receipt = request.Documents.Single(d => d.DocumentCode == AccessActivationService.ReceiptCode);
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
        var receipt = Assert.Single(request.Documents, d => d.DocumentCode == AccessActivationService.ReceiptCode);
        Assert.Equal("%PDF", Encoding.ASCII.GetString(_h.StoredContent[receipt.StoragePath], 0, 4));
        await using var db = _h.Query();
        var mail = Assert.Single(await db.OutboxMessages.ToListAsync());
        Assert.Equal("activation-received", mail.Kind);
        Assert.Equal(WalkInEmail, mail.To);
        Assert.Equal(receipt.StoragePath, mail.AttachmentPath);
        Assert.Equal("application/pdf", mail.AttachmentContentType);
        Assert.Contains(IntakeChannel.Email.Label(), mail.Body);

        var found = await _h.Service().ReceiptAsync(request, CancellationToken.None);
        AssertOk(found);
        Assert.Equal(receipt.Id, found.Value!.Id);
    }

    [Fact]
    public async Task HasNoHandoverFormBeforeHelpdeskReceivesTheFile()
    {
        var id = await _h.SubmitAsync();
        var request = await _h.LoadAsync(id);

        var result = await _h.Service().ReceiptAsync(request, CancellationToken.None);

        Assert.Equal(ErrorKind.InvalidState, result.Error);
        Assert.Contains("belum diterima", result.Message);
        Assert.Contains(request.Number, result.Message);
        Assert.Null(result.Value);
    }

    [Fact]
    public async Task ReceiptAsyncFindsTheFormOnceReceived()
    {
        var id = await _h.DriveToAsync(RequestStatus.Submitted);
        var request = await _h.LoadAsync(id);

        var result = await _h.Service().ReceiptAsync(request, CancellationToken.None);

        AssertOk(result);
        Assert.Equal(AccessActivationService.ReceiptCode, result.Value!.DocumentCode);
    }

    // ------------------------------------------------------------------------------------------------
    // Step 3: completeness check
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ForwardsACompleteFileToAdminAgency()
    {
        var id = await _h.DriveToAsync(RequestStatus.Submitted);
        _h.Time.Advance(TimeSpan.FromMinutes(4));

        AssertOk(await _h.CheckCompletenessAsync(id, AllPassed("Asli diterima di loket")));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingExecution, request.Status);
        var check = Assert.Single(request.Steps, s => s.Kind == StepKind.CompletenessCheck);
        Assert.Equal(_h.Helpdesk.UserId, check.PerformerUserId);
        Assert.Equal(240, check.ElapsedSeconds);
        Assert.Equal("Asli diterima di loket", check.Note);
        var action = Assert.Single(request.Steps, s => s.Kind == StepKind.AccountAction);
        Assert.Same(action, request.OpenStep);
        Assert.Equal(6, action.StepNumber);
        Assert.Equal(Roles.AdminAgency, action.ActorRole);
        Assert.Equal(Now.AddMinutes(10), action.DueAt);
        Assert.Equal(Roles.AdminAgency, request.CurrentActorRole);
        await using var db = _h.Query();
        Assert.Contains(await db.UserNotifications.Select(n => n.Message).ToListAsync(), m => m.Contains("diteruskan ke Admin Agency"));
    }

    [Fact]
    public async Task RefusesToCallAFileCompleteWithAnItemUnchecked()
    {
        var id = await _h.DriveToAsync(RequestStatus.Submitted);
        var passed = Enum.GetValues<ChecklistItem>().Where(i => i != ChecklistItem.WetStamp).ToList();

        var result = await _h.CheckCompletenessAsync(id, new CompletenessChecklist(CompletenessDecision.Complete, passed, [], null));

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains(ChecklistItem.WetStamp.Label(), result.Message);
        Assert.Equal(RequestStatus.Submitted, (await _h.LoadAsync(id)).Status);
    }

    [Fact]
    public async Task RefusesToCallAFileCompleteWhenItsSkHasEndedSinceSubmission()
    {
        var id = await _h.DriveToAsync(RequestStatus.Submitted, new SubmitActivationCommandBuilder().SkValidUntil(new DateOnly(2026, 3, 2)).Build());
        _h.Time.Advance(TimeSpan.FromDays(1));

        var result = await _h.CheckCompletenessAsync(id, lateExplanation: "Libur");

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("tidak berlaku pada hari ini", result.Message);
        Assert.Equal(RequestStatus.Submitted, (await _h.LoadAsync(id)).Status);
    }

    [Fact]
    public async Task RefusesToReturnAFileWithNothingMarkedMissing()
    {
        var id = await _h.DriveToAsync(RequestStatus.Submitted);

        var result = await _h.CheckCompletenessAsync(id, new CompletenessChecklist(CompletenessDecision.Incomplete, Enum.GetValues<ChecklistItem>(), [], "  "));

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Equal(RequestStatus.Submitted, (await _h.LoadAsync(id)).Status);
    }

    [Fact]
    public async Task RejectsOnlyWithAReasonAndThenWaitsForTheArchive()
    {
        var id = await _h.DriveToAsync(RequestStatus.Submitted);

        var withoutReason = await _h.CheckCompletenessAsync(id, new CompletenessChecklist(CompletenessDecision.Reject, [], [], " "));
        AssertOk(await _h.CheckCompletenessAsync(id, new CompletenessChecklist(CompletenessDecision.Reject, [], [], "Bukan akun PPK instansi ini")));

        Assert.Equal(ErrorKind.Validation, withoutReason.Error);
        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingArchive, request.Status);
        Assert.Equal(RequestOutcome.Rejected, request.Outcome);
        Assert.Equal("Bukan akun PPK instansi ini", request.RejectionReason);
        Assert.Equal(StepKind.Archive, request.OpenStep!.Kind);
        await using var db = _h.Query();
        var mail = Assert.Single(await db.OutboxMessages.Where(m => m.Kind == "activation-rejected").ToListAsync());
        Assert.Contains("Bukan akun PPK instansi ini", mail.Body);
        Assert.Equal(SpseAccountStatus.Active, (await _h.AccountAsync(PokjaUserId)).Status);
    }

    // ------------------------------------------------------------------------------------------------
    // Step 4 and the paused clock
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ReturningAnIncompleteFileStopsTheClockAndTheQueueShowsNoDeadline()
    {
        var id = await _h.DriveToAsync(RequestStatus.Submitted);
        _h.Time.Advance(TimeSpan.FromMinutes(2));
        var returnedAt = Now;

        AssertOk(await _h.CheckCompletenessAsync(id, MissingDecree("Stempel basah tidak terlihat")));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.ReturnedForCompletion, request.Status);
        Assert.Equal(returnedAt, request.PausedSince);
        Assert.True(request.IsPaused);
        Assert.Equal(0, request.PausedSeconds);
        Assert.Contains("- " + ChecklistItem.SkValid.Label(), request.MissingItems);
        Assert.Contains("- Dokumen: " + DecreeName, request.MissingItems);
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
            Assert.Contains(DecreeName, mail.Body);
            Assert.Contains($"/Permohonan/Detail/{id}", mail.Body);
        }

        _h.Time.Advance(TimeSpan.FromDays(30));
        var queue = await QueueAsync(_h.Helpdesk, RequestStatus.ReturnedForCompletion);
        var row = Assert.Single(queue.Items);
        Assert.Equal(id, row.Id);
        Assert.Null(row.Deadline);
        Assert.False(row.IsOverdue(Now));
        Assert.Empty((await _h.Queries().QueueAsync(_h.Helpdesk,
            new QueueFilter(RequestStatus.ReturnedForCompletion, OverdueOnly: true, Kind: SopKind.AccessActivation), CancellationToken.None)).Items);
    }

    [Fact]
    public async Task ResubmissionAddsThePausedDaysAndOpensAFreshTenMinuteCheck()
    {
        var id = await _h.DriveToAsync(RequestStatus.ReturnedForCompletion);
        var submittedAt = (await _h.LoadAsync(id)).SubmittedAt;
        _h.Time.Advance(TimeSpan.FromDays(3));
        var resubmittedAt = Now;

        AssertOk(await _h.ResubmitAsync(id));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.Submitted, request.Status);
        Assert.Equal((long)TimeSpan.FromDays(3).TotalSeconds, request.PausedSeconds);
        Assert.Null(request.PausedSince);
        Assert.Null(request.MissingItems);
        var completion = Assert.Single(request.Steps, s => s.Kind == StepKind.ApplicantCompletion);
        Assert.Equal(_h.Applicant.Id, completion.PerformerUserId);
        Assert.False(completion.IsLate);
        var checks = request.Steps.Where(s => s.Kind == StepKind.CompletenessCheck).OrderBy(s => s.ActionableAt).ToList();
        Assert.Equal(2, checks.Count);
        Assert.False(checks[0].IsOpen);
        Assert.Same(checks[1], request.OpenStep);
        Assert.Equal(resubmittedAt, checks[1].ActionableAt);
        Assert.Equal(resubmittedAt.AddMinutes(10), checks[1].DueAt);
        Assert.Equal(resubmittedAt.AddMinutes(10), request.CurrentStepDueAt);
        Assert.Equal(Roles.HelpdeskLpse, request.CurrentActorRole);
        Assert.Equal(3, request.Documents.Count(d => d.DocumentCode != AccessActivationService.ReceiptCode));

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
        var id = await _h.DriveToAsync(RequestStatus.ReturnedForCompletion);
        _h.Time.Advance(TimeSpan.FromDays(3));
        AssertOk(await _h.ResubmitAsync(id));
        _h.Time.Advance(TimeSpan.FromMinutes(4));
        AssertOk(await _h.CheckCompletenessAsync(id, MissingDecree("SK belum dilegalisasi")));
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
        var id = await _h.DriveToAsync(RequestStatus.Submitted);
        _h.Time.Advance(TimeSpan.FromMinutes(2));
        AssertOk(await _h.CheckCompletenessAsync(id, MissingDecree()));
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

        AccessActivationService.ResumeClock(request, t0.AddHours(7));
        Assert.Null(request.PausedSince);
        Assert.Equal(3 * 3600, request.PausedSeconds);
        request.ClosedAt = t0.AddHours(9);
        Assert.Equal(TimeSpan.FromHours(6), request.OfficeTime(t0.AddDays(5)));

        AccessActivationService.ResumeClock(request, t0.AddHours(10));
        Assert.Equal(3 * 3600, request.PausedSeconds);
    }

    [Fact]
    public async Task ResubmissionMayBringANewSkAndRefusesOneThatHasAlsoEnded()
    {
        var id = await _h.DriveToAsync(RequestStatus.ReturnedForCompletion);
        var before = await _h.LoadAsync(id);

        var ended = await _h.ResubmitAsync(id, skNumber: "027/99/SK-PBJ/2026", skValidUntil: new DateOnly(2026, 3, 1));
        var afterRefusal = await _h.LoadAsync(id);
        AssertOk(await _h.ResubmitAsync(id, skNumber: " 027/99/SK-PBJ/2026 ", skValidUntil: new DateOnly(2027, 3, 1)));

        Assert.Equal(ErrorKind.Validation, ended.Error);
        Assert.Contains("SK yang baru juga sudah berakhir (01-03-2026)", ended.Message);
        Assert.Equal(before.SkNumber, afterRefusal.SkNumber);
        Assert.Equal(before.PausedSince, afterRefusal.PausedSince);
        Assert.Equal(RequestStatus.ReturnedForCompletion, afterRefusal.Status);
        var request = await _h.LoadAsync(id);
        Assert.Equal("027/99/SK-PBJ/2026", request.SkNumber);
        Assert.Equal(new DateOnly(2027, 3, 1), request.SkValidUntil);
    }

    [Fact]
    public async Task RefusesAResubmissionThatGivesNothingOrADisguisedFile()
    {
        var id = await _h.DriveToAsync(RequestStatus.ReturnedForCompletion);
        var before = await _h.LoadAsync(id);
        var stored = _h.StoredPaths.Count;

        var nothing = await _h.ResubmitAsync(id, files: [], note: "  ");
        var disguised = await _h.ResubmitAsync(id, files: [new IncomingFile(DecreeCode, "sk.pdf", TestFiles.Png())]);

        Assert.Equal(ErrorKind.Validation, nothing.Error);
        Assert.Equal(ErrorKind.Validation, disguised.Error);
        Assert.Equal(stored, _h.StoredPaths.Count);
        var after = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.ReturnedForCompletion, after.Status);
        Assert.Equal(before.PausedSince, after.PausedSince);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Documents.Count, after.Documents.Count);
    }

    [Fact]
    public async Task TellsAnApplicantWhoCameToTheDeskToBringTheMissingDocumentsThere()
    {
        var id = await _h.DriveToAsync(RequestStatus.ReturnedForCompletion, intake: new IntakeCommandBuilder().Build());

        await using var db = _h.Query();
        var mail = Assert.Single(await db.OutboxMessages.Where(m => m.Kind == "activation-incomplete").ToListAsync());
        Assert.Equal(WalkInEmail, mail.To);
        Assert.Contains("Serahkan kelengkapan berkas ke Helpdesk LPSE", mail.Body);
        Assert.DoesNotContain($"/Permohonan/Detail/{id}", mail.Body);
    }

    // ------------------------------------------------------------------------------------------------
    // Step 6: the register
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task DeactivationMakesTheAccountInactiveAndRecordsItOnce()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingExecution);
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

        Assert.Equal(RequestStatus.AwaitingNotification, request.Status);
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
        var id = await _h.DriveToAsync(RequestStatus.AwaitingExecution,
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
        var id = await _h.DriveToAsync(RequestStatus.AwaitingExecution, command);
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
        Assert.Equal(RequestStatus.AwaitingNotification, request.Status);
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
        var id = await _h.DriveToAsync(RequestStatus.AwaitingExecution,
            new SubmitActivationCommandBuilder().Activating().SkValidUntil(new DateOnly(2026, 3, 3)).Build());
        var version = await _h.VersionOfAsync(id);
        _h.Time.Advance(TimeSpan.FromDays(2));

        var result = await _h.ExecuteAsync(id, "Menunggu jaringan SPSE pulih");

        Assert.Equal(ErrorKind.InvalidState, result.Error);
        Assert.Contains("tidak dapat diaktifkan", result.Message);
        Assert.Contains("03-03-2026", result.Message);
        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingExecution, request.Status);
        Assert.Equal(version, request.Version);
        Assert.Equal(SpseAccountStatus.Inactive, (await _h.AccountAsync(PpkUserId)).Status);
        await using var db = _h.Query();
        Assert.Empty(await db.SpseAccountHistory.ToListAsync());
    }

    [Fact]
    public async Task DeactivatesEvenWhenTheSkHasEndedMeanwhile()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingExecution, new SubmitActivationCommandBuilder().SkValidUntil(new DateOnly(2026, 3, 3)).Build());
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
        var id = await _h.DriveToAsync(RequestStatus.AwaitingNotification);

        AssertOk(await _h.RelayAsync(id));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingConfirmation, request.Status);
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

        AssertOk(await _h.Service().ConfirmReceiptByLinkAsync(token, null, CancellationToken.None));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingArchive, request.Status);
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

        AssertOk(await _h.Service().ConfirmReceiptByLinkAsync(token, null, CancellationToken.None));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingArchive, request.Status);
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

        var result = await _h.Service().ConfirmReceiptByLinkAsync(bad, null, CancellationToken.None);

        Assert.Equal(ErrorKind.NotFound, result.Error);
        Assert.Contains("Tautan konfirmasi tidak sah atau sudah kedaluwarsa", result.Message);
        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingConfirmation, request.Status);
        Assert.Equal(version, request.Version);
    }

    [Fact]
    public async Task RefusesALinkOlderThanItsLifetime()
    {
        var (id, token) = await RelayedAsync();
        _h.Time.Advance(RequestLinks.ConfirmLifetime + TimeSpan.FromMinutes(1));

        var result = await _h.Service().ConfirmReceiptByLinkAsync(token, "Baru membuka email", CancellationToken.None);

        Assert.Equal(ErrorKind.NotFound, result.Error);
        Assert.Contains("kedaluwarsa", result.Message);
        Assert.Equal(RequestStatus.AwaitingConfirmation, (await _h.LoadAsync(id)).Status);
    }

    [Fact]
    public async Task ALinkJustWithinItsLifetimeStillConfirmsWithAnExplanationForTheDelay()
    {
        var (id, token) = await RelayedAsync();
        _h.Time.Advance(RequestLinks.ConfirmLifetime - TimeSpan.FromMinutes(1));

        var withoutExplanation = await _h.Service().ConfirmReceiptByLinkAsync(token, null, CancellationToken.None);
        var withExplanation = await _h.Service().ConfirmReceiptByLinkAsync(token, "Sedang dinas luar", CancellationToken.None);

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
        AssertOk(await _h.Service().ConfirmReceiptByLinkAsync(token, null, CancellationToken.None));
        var version = await _h.VersionOfAsync(id);

        var again = await _h.Service().ConfirmReceiptByLinkAsync(token, null, CancellationToken.None);

        Assert.Equal(ErrorKind.InvalidState, again.Error);
        Assert.Contains(RequestStatus.AwaitingArchive.Label(), again.Message);
        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingArchive, request.Status);
        Assert.Equal(version, request.Version);
        Assert.Single(request.Steps, s => s.Kind == StepKind.ConfirmReceipt);
    }

    // ------------------------------------------------------------------------------------------------
    // Step 9: archive
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ArchivesTheRequestAsASealedRecordAndClosesIt()
    {
        var id = await _h.DriveToAsync(RequestStatus.ReturnedForCompletion);
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
        Assert.All(request.Steps, s => Assert.NotNull(s.CompletedAt));
        Assert.Null(request.CurrentStepSince);
        Assert.Null(request.CurrentStepDueAt);
        Assert.Null(request.CurrentActorRole);
        Assert.Equal(_h.Helpdesk.UserId, Assert.Single(request.Steps, s => s.Kind == StepKind.Archive).PerformerUserId);

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
        Assert.Contains($"(jam berhenti): {(long)TimeSpan.FromDays(1).TotalSeconds} detik", record.Summary);
        Assert.All(request.Documents, d => Assert.Contains(d.Sha256, record.Summary));
        Assert.Equal(request.Steps.Count, Regex.Count(record.Summary, "^Langkah ", RegexOptions.Multiline));
        Assert.Empty((await QueueAsync(_h.Helpdesk)).Items);
    }

    [Fact]
    public async Task ArchivesARejectedRequestWithItsReason()
    {
        var id = await _h.DriveToAsync(RequestStatus.Submitted);
        AssertOk(await _h.CheckCompletenessAsync(id, new CompletenessChecklist(CompletenessDecision.Reject, [], [], "Surat bukan dari instansi pemohon")));

        AssertOk(await _h.ArchiveAsync(id));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.Archived, request.Status);
        Assert.Equal(RequestOutcome.Rejected, request.Outcome);
        await using var db = _h.Query();
        Assert.Contains("Ditolak — Surat bukan dari instansi pemohon", (await db.ArchiveRecords.SingleAsync()).Summary);
    }

    // ------------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------------

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
        var id = await _h.DriveToAsync(RequestStatus.AwaitingConfirmation, intake: intake);
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

    private Task<PagedResult<QueueRow>> QueueAsync(Actor actor, RequestStatus? status = null) =>
        _h.Queries().QueueAsync(actor, new QueueFilter(status, Kind: SopKind.AccessActivation), CancellationToken.None);

    private static string PdfText(byte[] pdf) => Regex.Replace(Poppler.Text(pdf), @"\s+", " ");
}
