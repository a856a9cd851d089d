using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Credentials;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Moq;
using static AksesSpse.Core.Tests.TestSupport.PasswordResetHarness;

namespace AksesSpse.Core.Tests.Requests;

/// <summary>SOP 4 through <see cref="PasswordResetService"/>, over a real SQLite database.</summary>
[Trait("Sop", "ResetPassword")]
public sealed partial class PasswordResetServiceTests : IDisposable
{
    private const string LetterCode = SubmitResetCommandBuilder.LetterCode;
    private const string DecreeCode = SubmitResetCommandBuilder.DecreeCode;
    private const string DecreeName = "Surat Keputusan Penetapan sebagai Pokja Pemilihan";

    private readonly PasswordResetHarness _h = new();

    private DateTime Now => _h.Time.GetUtcNow().UtcDateTime;

    public void Dispose() => _h.Dispose();

    // ------------------------------------------------------------------------------------------------
    // Every status × every move, through the service
    // ------------------------------------------------------------------------------------------------

    public static TheoryData<RequestStatus, ResetAction> EveryStatusAndAction()
    {
        var data = new TheoryData<RequestStatus, ResetAction>();
        foreach (var status in PasswordResetWorkflow.Statuses)
        {
            foreach (var action in Enum.GetValues<ResetAction>())
            {
                data.Add(status, action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndAction))]
    public async Task AcceptsAMoveOnlyInTheStatusTheWorkflowAllows(RequestStatus status, ResetAction action)
    {
        var id = await _h.DriveToAsync(status);
        var before = await _h.LoadAsync(id);

        var result = await _h.PerformAsync(action, id);

        var after = await _h.LoadAsync(id);
        if (PasswordResetWorkflow.IsAllowed(status, action))
        {
            AssertOk(result);
            Assert.NotEqual(status, after.Status);
            Assert.Equal(before.Version + 1, after.Version);
        }
        else
        {
            Assert.Equal(ErrorKind.InvalidState, result.Error);
            Assert.Equal(status, after.Status);
            Assert.Equal(before.Version, after.Version);
            Assert.Equal(before.Steps.Count, after.Steps.Count);
        }
    }

    [Theory]
    [InlineData(RequestStatus.Submitted)]
    [InlineData(RequestStatus.ReturnedForCompletion)]
    [InlineData(RequestStatus.AwaitingValidation)]
    [InlineData(RequestStatus.AwaitingArchive)]
    [InlineData(RequestStatus.Archived)]
    public async Task OffersEachActorOnlyTheirOwnAllowedMoves(RequestStatus status)
    {
        var request = await _h.LoadAsync(await _h.DriveToAsync(status));

        var forAdmin = PasswordResetService.AvailableActions(request, _h.Admin);
        var forApplicant = PasswordResetService.AvailableActions(request, _h.ApplicantActor);
        var forOtherOffice = PasswordResetService.AvailableActions(request, _h.OtherOfficeAdmin);

        var allowed = PasswordResetWorkflow.AllowedIn(status).ToList();
        Assert.Equal(allowed.Where(a => a != ResetAction.Resubmit), forAdmin);
        Assert.Equal(allowed.Where(a => a == ResetAction.Resubmit), forApplicant);
        Assert.Empty(forOtherOffice);
    }

    // ------------------------------------------------------------------------------------------------
    // Step 1: submit
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task SubmitCreatesNumberedRequestAndOpensCompletenessCheckDueInFiveMinutes()
    {
        var id = await _h.SubmitAsync();

        var request = await _h.LoadAsync(id);
        Assert.Matches(@"^RPW-2026-\d{6}$", request.Number);
        Assert.Equal(PasswordResetService.FormatNumber(Now, id), request.Number);
        Assert.Equal(RequestStatus.Submitted, request.Status);
        Assert.Equal(RequestOutcome.Pending, request.Outcome);
        Assert.Equal(RequestType.ResetPassword, request.Type);
        Assert.Equal(SopKind.PasswordReset, request.Kind);
        Assert.Equal(_h.Office.Id, request.OfficeId);
        Assert.Equal(_h.Applicant.Id, request.ApplicantUserId);
        Assert.Equal(_h.Applicant.FullName, request.ApplicantName);
        Assert.Equal(_h.Applicant.Email, request.ApplicantEmail);
        Assert.Equal(_h.Applicant.Nip, request.ApplicantNip);
        Assert.Equal("rina.pokja", request.SpseUserId);
        Assert.Equal(_h.Account.Id, request.SpseAccountId);
        Assert.Equal(Now, request.SubmittedAt);

        Assert.Equal(2, request.Steps.Count);
        var submit = Assert.Single(request.Steps, s => s.Kind == StepKind.Submit);
        Assert.Equal(1, submit.StepNumber);
        Assert.Equal(Now, submit.CompletedAt);
        Assert.Equal(_h.Applicant.Id, submit.PerformerUserId);
        Assert.Equal(_h.Applicant.FullName, submit.PerformerName);
        Assert.Equal(TimeStandardKind.None, submit.StandardKind);
        Assert.False(submit.IsLate);

        var check = Assert.Single(request.Steps, s => s.Kind == StepKind.CompletenessCheck);
        Assert.Same(check, request.OpenStep);
        Assert.Equal(2, check.StepNumber);
        Assert.Equal(Roles.AdminAgency, check.ActorRole);
        Assert.Equal(TimeStandard.Minutes(5), check.Standard);
        Assert.Equal(Now, check.ActionableAt);
        Assert.Equal(Now.AddMinutes(5), check.DueAt);
        Assert.Equal(Now.AddMinutes(5), request.CurrentStepDueAt);
        Assert.Equal(Now, request.CurrentStepSince);
        Assert.Equal(Roles.AdminAgency, request.CurrentActorRole);
    }

    [Fact]
    public async Task SubmitStoresEachDocumentUnderAPathTheAppMakes()
    {
        var letter = TestFiles.Pdf();
        var decree = TestFiles.Png();
        var id = await _h.SubmitAsync(new SubmitResetCommandBuilder()
            .WithFile(LetterCode, @"C:\Users\rina\Surat Permohonan.PDF", letter)
            .WithFile(DecreeCode, "sk.png", decree)
            .Build());

        var request = await _h.LoadAsync(id);
        Assert.Equal(2, request.Documents.Count);
        Assert.Equal(request.Documents.Select(d => d.StoragePath).Order(), _h.StoredPaths.Order());

        var letterDoc = Assert.Single(request.Documents, d => d.DocumentCode == LetterCode);
        Assert.Equal("Surat Permohonan.PDF", letterDoc.FileName);
        Assert.Equal("application/pdf", letterDoc.ContentType);
        Assert.Equal(letter.Length, letterDoc.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(letter)), letterDoc.Sha256);
        Assert.StartsWith("requests/2026", letterDoc.StoragePath);
        Assert.EndsWith(".pdf", letterDoc.StoragePath);
        Assert.Equal(_h.Applicant.Id, letterDoc.UploadedByUserId);

        var decreeDoc = Assert.Single(request.Documents, d => d.DocumentCode == DecreeCode);
        Assert.Equal(DecreeName, decreeDoc.DocumentName);
        Assert.Equal("image/png", decreeDoc.ContentType);
        Assert.EndsWith(".png", decreeDoc.StoragePath);
    }

    [Fact]
    public async Task SubmitTellsTheApplicantByEmailAndInTheApp()
    {
        var id = await _h.SubmitAsync();

        var number = (await _h.LoadAsync(id)).Number;
        await using var db = _h.Query();
        var mail = Assert.Single(await db.OutboxMessages.ToListAsync());
        Assert.Equal("received", mail.Kind);
        Assert.Equal(_h.Applicant.Email, mail.To);
        Assert.Equal(id, mail.AccessRequestId);
        Assert.Contains(number, mail.Subject);
        Assert.Contains(number, mail.Body);
        Assert.Contains($"/Prosedur/{id}", mail.Body); // SOP 4 is run by the engine: its page is /Prosedur/{id}
        Assert.Equal(Now, mail.NextAttemptAt);
        Assert.Null(mail.SentAt);

        var notice = Assert.Single(await db.UserNotifications.ToListAsync());
        Assert.Equal(_h.Applicant.Id, notice.UserId);
        Assert.Equal(id, notice.AccessRequestId);
        Assert.Contains(number, notice.Message);
    }

    [Fact]
    public async Task RefusesSubmissionMissingARequiredDocumentAndNamesIt()
    {
        var result = await _h.Service().SubmitAsync(new SubmitResetCommandBuilder().Without(DecreeCode).Build(), _h.ApplicantActor,
            CancellationToken.None);

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains(DecreeName, result.Message);
        await AssertNothingSubmittedAsync();
    }

    [Theory]
    [InlineData("png")]
    [InlineData("random")]
    [InlineData("exe")]
    public async Task RefusesAFileWhoseContentIsNotWhatItsNameSays(string content)
    {
        var bytes = content switch
        {
            "png" => TestFiles.Png(),
            "exe" => TestFiles.Exe(),
            _ => TestFiles.RandomBytes(),
        };

        var result = await _h.Service().SubmitAsync(new SubmitResetCommandBuilder().WithFile(DecreeCode, "sk-pokja.pdf", bytes).Build(),
            _h.ApplicantActor, CancellationToken.None);

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains(DecreeName, result.Message);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesAnOversizedFile()
    {
        var result = await _h.Service().SubmitAsync(
            new SubmitResetCommandBuilder().WithFile(DecreeCode, "sk.pdf", TestFiles.PdfLargerThan(UploadInspector.DefaultMaxBytes)).Build(),
            _h.ApplicantActor, CancellationToken.None);

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("melebihi batas 5 MB", result.Message);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesAFileForADocumentTheSopDoesNotAskFor()
    {
        var result = await _h.Service().SubmitAsync(new SubmitResetCommandBuilder().WithFile("KTP", "ktp.pdf", TestFiles.Pdf()).Build(),
            _h.ApplicantActor, CancellationToken.None);

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task ReturnsTheFirstRequestForADoubleSubmissionWithTheSameKey()
    {
        var key = Guid.NewGuid();

        var first = await _h.SubmitAsync(new SubmitResetCommandBuilder().WithKey(key).Build());
        var second = await _h.Service().SubmitAsync(new SubmitResetCommandBuilder().WithKey(key).Build(), _h.ApplicantActor,
            CancellationToken.None);

        AssertOk(second);
        Assert.Equal(first, second.Value);
        await using var db = _h.Query();
        Assert.Equal(1, await db.AccessRequests.CountAsync());
        Assert.Equal(1, await db.OutboxMessages.CountAsync());
        Assert.Equal(2, await db.RequestDocuments.CountAsync());
        Assert.Equal(2, _h.StoredPaths.Count);
        _h.Files.Verify(f => f.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task DeletesTheFilesOfTheSubmissionThatLosesARaceOnTheSameKey()
    {
        var key = Guid.NewGuid();
        int? winner = null;
        var loserPaths = new List<string>();
        var loserFiles = new Mock<IFileStore>();
        loserFiles.Setup(f => f.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<byte[]>(), It.IsAny<CancellationToken>()))
            .Returns(async (string folder, string extension, byte[] _, CancellationToken _) =>
            {
                // The same form posted twice: the other post commits while this one is still storing its files.
                winner ??= await _h.SubmitAsync(new SubmitResetCommandBuilder().WithKey(key).Build());
                var path = $"{folder}/loser-{loserPaths.Count}{extension}";
                loserPaths.Add(path);
                return path;
            });
        var loser = _h.ServiceOn(_h.Database.NewContext(), files: loserFiles.Object);

        var result = await loser.SubmitAsync(new SubmitResetCommandBuilder().WithKey(key).Build(), _h.ApplicantActor, CancellationToken.None);

        AssertOk(result);
        Assert.NotNull(winner);
        Assert.Equal(winner, result.Value);
        Assert.Equal(2, loserPaths.Count);
        foreach (var path in loserPaths)
        {
            loserFiles.Verify(f => f.DeleteAsync(path, It.IsAny<CancellationToken>()), Times.Once);
        }

        _h.Files.Verify(f => f.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        await using var db = _h.Query();
        Assert.Equal(1, await db.AccessRequests.CountAsync());
        Assert.DoesNotContain(await db.RequestDocuments.Select(d => d.StoragePath).ToListAsync(), loserPaths.Contains);
    }

    [Fact]
    public async Task DeletesStoredFilesWhenSavingTheSubmissionFails()
    {
        var failing = new BeforeSaveHook(() => throw new InvalidOperationException("database is down"));
        var service = _h.ServiceOn(_h.Database.NewContext(failing));

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            service.SubmitAsync(new SubmitResetCommandBuilder().Build(), _h.ApplicantActor, CancellationToken.None));

        Assert.Equal(2, _h.StoredPaths.Count);
        foreach (var path in _h.StoredPaths)
        {
            _h.Files.Verify(f => f.DeleteAsync(path, It.IsAny<CancellationToken>()), Times.Once);
        }

        await using var db = _h.Query();
        Assert.Equal(0, await db.AccessRequests.CountAsync());
    }

    [Theory]
    [InlineData(Roles.AdminAgency)]
    [InlineData(Roles.HelpdeskLpse)]
    [InlineData(Roles.KepalaLpse)]
    public async Task RefusesSubmissionByAnyoneButAnApplicant(string role)
    {
        var staff = Actors.WithRole(role, _h.Office.Id, _h.Applicant.Id);

        var result = await _h.Service().SubmitAsync(new SubmitResetCommandBuilder().Build(), staff, CancellationToken.None);

        Assert.Equal(ErrorKind.Forbidden, result.Error);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesAUserIdThatIsNotInTheRegisterAndStoresNothing()
    {
        var result = await _h.Service().SubmitAsync(new SubmitResetCommandBuilder().ForSpseUserId("rina.pokjaa").Build(), _h.ApplicantActor,
            CancellationToken.None);

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("User ID \"rina.pokjaa\" tidak terdaftar di register akun SPSE kantor ini", result.Message);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesAnotherPersonsUserIdSoItsHolderIsNeverResetBehindTheirBack()
    {
        await using (var db = _h.Query())
        {
            db.SpseAccounts.Add(new SpseAccountBuilder().WithUserId("dodi.pokja").WithHolderName("Dodi Pratama")
                .WithNip("197011061996031002").WithEmail("dodi.spse@contoh.go.id").InOffice(_h.Office.Id).Build());
            await db.SaveChangesAsync();
        }

        var result = await _h.Service().SubmitAsync(new SubmitResetCommandBuilder().ForSpseUserId("dodi.pokja").Build(), _h.ApplicantActor,
            CancellationToken.None);

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("tidak terdaftar atas NIP Anda", result.Message);
        Assert.Contains("pemegang akun sendiri", result.Message);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesAUserIdOfAnotherOfficesRegister()
    {
        await using (var db = _h.Query())
        {
            db.SpseAccounts.Add(new SpseAccountBuilder().WithUserId("rina.kota").InOffice(_h.OtherOffice.Id).Build());
            await db.SaveChangesAsync();
        }

        var result = await _h.Service().SubmitAsync(new SubmitResetCommandBuilder().ForSpseUserId("rina.kota").Build(), _h.ApplicantActor,
            CancellationToken.None);

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("tidak terdaftar di register", result.Message);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesAnApplicantWhoseNipStaffFoundNotToMatchTheSk()
    {
        await using (var db = _h.Query())
        {
            await db.Users.Where(u => u.Id == _h.Applicant.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.NipStatus, NipStatus.Mismatch));
        }

        var result = await _h.Service().SubmitAsync(new SubmitResetCommandBuilder().Build(), _h.ApplicantActor, CancellationToken.None);

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("tidak sesuai SK", result.Message);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task AcceptsAnUnverifiedNipAtSubmissionButNotAsValid()
    {
        // As SOP 2: a declared NIP that matches the register may submit; the validity check waits for the NIP's verification.
        await using (var db = _h.Query())
        {
            await db.Users.Where(u => u.Id == _h.Applicant.Id).ExecuteUpdateAsync(u => u
                .SetProperty(x => x.NipStatus, NipStatus.Unverified).SetProperty(x => x.ApplicantNipKey, (string?)null));
        }

        var id = await _h.DriveToAsync(RequestStatus.AwaitingValidation);
        var result = await _h.CheckValidityAsync(id, deviationReason: "Dikonfirmasi lewat telepon");

        Assert.Equal(_h.Account.Id, (await _h.LoadAsync(id)).SpseAccountId);
        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("NIP pemohon belum diverifikasi", result.Message);
        await AssertUnchangedAsync(id, RequestStatus.AwaitingValidation, StepKind.ValidityCheck);
    }

    [Fact]
    public async Task RefusesAChangeOfInformationThatNamesNothingToChange()
    {
        var result = await _h.Service().SubmitAsync(new SubmitResetCommandBuilder().ChangingInformation().Build(), _h.ApplicantActor,
            CancellationToken.None);

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesAChangeOfInformationWhoseFieldsAreOnlyWhitespace()
    {
        var result = await _h.Service().SubmitAsync(new SubmitResetCommandBuilder().ChangingInformation(email: "   ").Build(),
            _h.ApplicantActor, CancellationToken.None);

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task KeepsOnlyTheRequestedChangesOfAChangeOfInformation()
    {
        var id = await _h.SubmitAsync(new SubmitResetCommandBuilder().ChangingInformation(email: " rina.baru@contoh.go.id ", phone: "  ").Build());

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestType.ChangeUserInformation, request.Type);
        Assert.Equal("rina.baru@contoh.go.id", request.NewHolderEmail);
        Assert.Null(request.NewHolderPhone);
        Assert.Null(request.NewHolderName);
        Assert.Null(request.NewAgency);
    }

    [Fact]
    public async Task ReportsUnavailableWhenTheOfficeHasNoPasswordResetSop()
    {
        int officeId;
        await using (var db = _h.Query())
        {
            var office = new OfficeBuilder().WithCode("KAB-TANPA-SOP").Build();
            db.Offices.Add(office);
            await db.SaveChangesAsync();
            officeId = office.Id;
        }

        var result = await _h.Service().SubmitAsync(new SubmitResetCommandBuilder().Build(), _h.ApplicantActor with { OfficeId = officeId },
            CancellationToken.None);

        Assert.Equal(ErrorKind.Unavailable, result.Error);
        await AssertNothingSubmittedAsync();
    }

    // ------------------------------------------------------------------------------------------------
    // Steps 2, 3 and 7: completeness check
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ForwardsCompleteFileToValidityCheck()
    {
        var id = await _h.SubmitAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(3));

        AssertOk(await _h.CheckCompletenessAsync(id, CompletenessDecision.Complete, remarks: "Asli diterima di loket"));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingValidation, request.Status);
        var check = Assert.Single(request.Steps, s => s.Kind == StepKind.CompletenessCheck);
        Assert.Equal(Now, check.CompletedAt);
        Assert.Equal(_h.Admin.UserId, check.PerformerUserId);
        Assert.Equal(_h.Admin.Name, check.PerformerName);
        Assert.Equal(180, check.ElapsedSeconds);
        Assert.False(check.IsLate);
        Assert.Equal("Berkas lengkap", check.Outcome);
        Assert.Equal("Asli diterima di loket", check.Note);

        var validity = Assert.Single(request.Steps, s => s.Kind == StepKind.ValidityCheck);
        Assert.Same(validity, request.OpenStep);
        Assert.Equal(5, validity.StepNumber);
        Assert.Equal(Now.AddMinutes(15), validity.DueAt);
        Assert.Equal(Now.AddMinutes(15), request.CurrentStepDueAt);
        Assert.Equal(Roles.AdminAgency, request.CurrentActorRole);

        await using var db = _h.Query();
        Assert.Contains(await db.UserNotifications.Where(n => n.UserId == _h.Applicant.Id).Select(n => n.Message).ToListAsync(),
            m => m.Contains("lengkap dan sedang diperiksa keabsahannya"));
    }

    [Fact]
    public async Task RefusesToCallAFileCompleteWhileADocumentIsMarkedMissing()
    {
        var id = await _h.SubmitAsync();

        var result = await _h.CheckCompletenessAsync(id, CompletenessDecision.Complete, [DecreeCode]);

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertUnchangedAsync(id, RequestStatus.Submitted, StepKind.CompletenessCheck);
    }

    [Fact]
    public async Task ReturnsIncompleteFileToTheApplicantNamingTheMissingDocument()
    {
        var id = await _h.SubmitAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(2));

        AssertOk(await _h.CheckCompletenessAsync(id, CompletenessDecision.Incomplete, [DecreeCode]));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.ReturnedForCompletion, request.Status);
        Assert.Contains(DecreeName, request.MissingItems);
        Assert.DoesNotContain("Surat Permohonan", request.MissingItems);

        var check = Assert.Single(request.Steps, s => s.Kind == StepKind.CompletenessCheck);
        Assert.Equal(2, check.StepNumber);
        Assert.Equal(Now, check.CompletedAt);
        Assert.Contains(DecreeName, check.Outcome);

        var askToComplete = Assert.Single(request.Steps, s => s.Kind == StepKind.RequestCompletion);
        Assert.Equal(3, askToComplete.StepNumber);
        Assert.Equal(Now, askToComplete.ActionableAt);
        Assert.Equal(Now, askToComplete.CompletedAt);
        Assert.Equal(0, askToComplete.ElapsedSeconds);
        Assert.Equal(_h.Admin.UserId, askToComplete.PerformerUserId);
        Assert.False(askToComplete.IsLate);

        var completion = Assert.Single(request.Steps, s => s.Kind == StepKind.ApplicantCompletion);
        Assert.Same(completion, request.OpenStep);
        Assert.Equal(4, completion.StepNumber);
        Assert.Equal(Roles.Pemohon, completion.ActorRole);
        Assert.Null(completion.DueAt);
        Assert.Equal(Roles.Pemohon, request.CurrentActorRole);
        Assert.Equal(AccessRequest.NoDeadline, request.CurrentStepDueAt); // the step has no standard: it sorts after every real deadline

        await using var db = _h.Query();
        var mail = Assert.Single(await db.OutboxMessages.Where(m => m.Kind == "incomplete").ToListAsync());
        Assert.Equal(_h.Applicant.Email, mail.To);
        Assert.Contains(DecreeName, mail.Body);
        Assert.Contains(await db.UserNotifications.Where(n => n.UserId == _h.Applicant.Id).Select(n => n.Message).ToListAsync(),
            m => m.Contains("dikembalikan untuk dilengkapi") && m.Contains(DecreeName));
    }

    [Fact]
    public async Task ReturnsFileWithOnlyAWrittenRemark()
    {
        var id = await _h.SubmitAsync();

        AssertOk(await _h.CheckCompletenessAsync(id, CompletenessDecision.Incomplete, remarks: "Surat belum ditandatangani"));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.ReturnedForCompletion, request.Status);
        Assert.Equal("- Surat belum ditandatangani", request.MissingItems);
    }

    [Fact]
    public async Task RefusesToReturnAFileWithNothingMarkedMissing()
    {
        var id = await _h.SubmitAsync();

        var result = await _h.CheckCompletenessAsync(id, CompletenessDecision.Incomplete, [], remarks: "  ");

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertUnchangedAsync(id, RequestStatus.Submitted, StepKind.CompletenessCheck);
    }

    [Fact]
    public async Task RefusesARejectionWithoutReason()
    {
        var id = await _h.SubmitAsync();

        var result = await _h.CheckCompletenessAsync(id, CompletenessDecision.Reject, remarks: null);

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertUnchangedAsync(id, RequestStatus.Submitted, StepKind.CompletenessCheck);
    }

    [Fact]
    public async Task RejectsAtCompletenessCheckWithNoticeAndOpensTheArchiveStep()
    {
        var id = await _h.SubmitAsync();

        AssertOk(await _h.CheckCompletenessAsync(id, CompletenessDecision.Reject, remarks: "Pemohon bukan anggota Pokja"));

        await AssertRejectedAsync(id, "Pemohon bukan anggota Pokja");
        var check = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == StepKind.CompletenessCheck);
        Assert.NotNull(check.CompletedAt);
        Assert.Equal("Pemohon bukan anggota Pokja", check.Note);
    }

    // ------------------------------------------------------------------------------------------------
    // Step 4: the applicant completes the file
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task LetsOnlyTheApplicantCompleteTheFile()
    {
        var id = await _h.DriveToAsync(RequestStatus.ReturnedForCompletion);

        var byOtherApplicant = await _h.ResubmitAsync(id, actor: _h.OtherApplicantActor);
        var byAdmin = await _h.ResubmitAsync(id, actor: _h.Admin);

        Assert.Equal(ErrorKind.Forbidden, byOtherApplicant.Error);
        Assert.Equal(ErrorKind.Forbidden, byAdmin.Error);
        await AssertUnchangedAsync(id, RequestStatus.ReturnedForCompletion, StepKind.ApplicantCompletion);
        Assert.Equal(2, _h.StoredPaths.Count);
    }

    [Fact]
    public async Task SendsACompletedFileBackToCompletenessCheckKeepingItsHistory()
    {
        var id = await _h.DriveToAsync(RequestStatus.ReturnedForCompletion);
        var firstRound = await _h.LoadAsync(id);
        _h.Time.Advance(TimeSpan.FromHours(20));
        var newDecree = AksesSpse.Tests.Shared.TestDocuments.Pdf("SK yang sudah ditandatangani");

        AssertOk(await _h.ResubmitAsync(id, [new IncomingFile(DecreeCode, "sk-baru.pdf", newDecree)], note: "SK terbaru"));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.Submitted, request.Status);
        Assert.Null(request.MissingItems);

        Assert.Equal(3, request.Documents.Count);
        Assert.All(firstRound.Documents, old => Assert.Contains(request.Documents, d => d.Id == old.Id && d.StoragePath == old.StoragePath));
        var current = Assert.Single(request.CurrentDocuments, d => d.DocumentCode == DecreeCode);
        Assert.Equal("sk-baru.pdf", current.FileName);
        Assert.Equal(Now, current.UploadedAt);

        var completion = Assert.Single(request.Steps, s => s.Kind == StepKind.ApplicantCompletion);
        Assert.Equal(Now, completion.CompletedAt);
        Assert.Equal(_h.Applicant.Id, completion.PerformerUserId);
        Assert.Equal("SK terbaru", completion.Note);
        Assert.False(completion.IsLate);
        Assert.Equal(20 * 3600, completion.ElapsedSeconds);

        var checks = request.Steps.Where(s => s.Kind == StepKind.CompletenessCheck).OrderBy(s => s.ActionableAt).ToList();
        Assert.Equal(2, checks.Count);
        Assert.NotNull(checks[0].CompletedAt);
        Assert.Null(checks[1].CompletedAt);
        Assert.Same(checks[1], request.OpenStep);
        Assert.Equal(Now.AddMinutes(5), checks[1].DueAt);
        Assert.Equal(
            [StepKind.Submit, StepKind.CompletenessCheck, StepKind.RequestCompletion, StepKind.ApplicantCompletion, StepKind.CompletenessCheck],
            request.Steps.OrderBy(s => s.ActionableAt).ThenBy(s => s.Id).Select(s => s.Kind));

        AssertOk(await _h.CheckCompletenessAsync(id));
        Assert.Equal(RequestStatus.AwaitingValidation, (await _h.LoadAsync(id)).Status);
    }

    [Fact]
    public async Task AcceptsACompletionWithOnlyANote()
    {
        var id = await _h.DriveToAsync(RequestStatus.ReturnedForCompletion);

        AssertOk(await _h.ResubmitAsync(id, [], note: "SK asli sudah diserahkan di loket"));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.Submitted, request.Status);
        Assert.Equal(2, request.Documents.Count);
    }

    [Fact]
    public async Task RefusesACompletionThatGivesNothing()
    {
        var id = await _h.DriveToAsync(RequestStatus.ReturnedForCompletion);

        var result = await _h.ResubmitAsync(id, [], note: "   ");

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertUnchangedAsync(id, RequestStatus.ReturnedForCompletion, StepKind.ApplicantCompletion);
    }

    [Fact]
    public async Task RefusesADisguisedFileOnCompletionAndStoresNothing()
    {
        var id = await _h.DriveToAsync(RequestStatus.ReturnedForCompletion);

        var result = await _h.ResubmitAsync(id, [new IncomingFile(DecreeCode, "sk.pdf", TestFiles.Png())]);

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertUnchangedAsync(id, RequestStatus.ReturnedForCompletion, StepKind.ApplicantCompletion);
        Assert.Equal(2, _h.StoredPaths.Count);
        Assert.Equal(2, (await _h.LoadAsync(id)).Documents.Count);
    }

    // ------------------------------------------------------------------------------------------------
    // Steps 5 and 7: validity check
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task SendsAValidFileMatchingTheRegisterToExecution()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingValidation);
        _h.Time.Advance(TimeSpan.FromMinutes(10));

        AssertOk(await _h.CheckValidityAsync(id, valid: true, confirmationNote: "Dikonfirmasi lewat telepon"));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingExecution, request.Status);
        Assert.Equal(_h.Account.Id, request.SpseAccountId);
        var validity = Assert.Single(request.Steps, s => s.Kind == StepKind.ValidityCheck);
        Assert.Equal(Now, validity.CompletedAt);
        Assert.Equal(600, validity.ElapsedSeconds);
        Assert.Equal("Dikonfirmasi lewat telepon", validity.Note);
        var action = Assert.Single(request.Steps, s => s.Kind == StepKind.AccountAction);
        Assert.Same(action, request.OpenStep);
        Assert.Equal(6, action.StepNumber);
        Assert.Equal(Now.AddMinutes(15), action.DueAt);
    }

    [Fact]
    public async Task RefusesToCallValidAFileForAUserIdNotInTheRegister()
    {
        // A user ID unknown to the register is refused at submission; one can still leave the register afterwards.
        var id = await _h.DriveToAsync(RequestStatus.AwaitingValidation);
        await RenameAccountInRegisterAsync("rina.lama");

        var result = await _h.CheckValidityAsync(id, valid: true);

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("rina.pokja", result.Message);
        Assert.Contains("tidak ada di register", result.Message);
        await AssertUnchangedAsync(id, RequestStatus.AwaitingValidation, StepKind.ValidityCheck);
    }

    [Fact]
    public async Task RefusesToCallAFileInvalidWithoutReason()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingValidation);

        var result = await _h.CheckValidityAsync(id, valid: false, reason: " ");

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertUnchangedAsync(id, RequestStatus.AwaitingValidation, StepKind.ValidityCheck);
    }

    [Fact]
    public async Task RejectsAnInvalidFileWithNotice()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingValidation);

        AssertOk(await _h.CheckValidityAsync(id, valid: false, reason: "NIP pada SK berbeda dengan register"));

        await AssertRejectedAsync(id, "NIP pada SK berbeda dengan register");
        var validity = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == StepKind.ValidityCheck);
        Assert.Contains("NIP pada SK berbeda dengan register", validity.Outcome);
        Assert.DoesNotContain((await _h.LoadAsync(id)).Steps, s => s.Kind == StepKind.AccountAction);
    }

    [Fact]
    public async Task RefusesValidAgainstAFailedRegisterCheckWithoutAWrittenReason()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingValidation);
        await SetAccountAsync(a => a.SetProperty(x => x.ValidUntil, new DateOnly(2026, 2, 28)));

        var result = await _h.CheckValidityAsync(id, valid: true, confirmationNote: "Dikonfirmasi lewat telepon", deviationReason: "  ");

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("SK penetapan masih berlaku", result.Message);
        Assert.Contains("alasan tertulis", result.Message);
        await AssertUnchangedAsync(id, RequestStatus.AwaitingValidation, StepKind.ValidityCheck);
    }

    [Fact]
    public async Task RecordsValidAgainstAFailedRegisterCheckAsADeviationInTheStepAndTheArchive()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingValidation);
        await SetAccountAsync(a => a.SetProperty(x => x.ValidUntil, new DateOnly(2026, 2, 28)));

        AssertOk(await _h.CheckValidityAsync(id, valid: true, deviationReason: "SK perpanjangan 2026 sudah terbit, register belum diperbarui"));

        var validity = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == StepKind.ValidityCheck);
        Assert.Contains("penyimpangan", validity.Outcome);
        Assert.NotNull(validity.Deviation);
        Assert.Contains("SK penetapan masih berlaku", validity.Deviation);
        Assert.Contains("28-02-2026", validity.Deviation);
        Assert.Contains("Alasan: SK perpanjangan 2026 sudah terbit, register belum diperbarui", validity.Deviation);
        Assert.Equal(RequestStatus.AwaitingExecution, (await _h.LoadAsync(id)).Status);

        AssertOk(await _h.ExecuteAsync(id));
        AssertOk(await _h.NotifyAsync(id));
        AssertOk(await _h.ArchiveAsync(id));
        await using var db = _h.Query();
        var summary = Assert.Single(await db.ArchiveRecords.ToListAsync()).Summary;
        Assert.Contains("PENYIMPANGAN: " + validity.Deviation, summary);
    }

    [Fact]
    public async Task RecordsNoDeviationWhenEveryRegisterCheckPassed()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingValidation);

        AssertOk(await _h.CheckValidityAsync(id, valid: true, deviationReason: "Tidak perlu"));

        var validity = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == StepKind.ValidityCheck);
        Assert.Null(validity.Deviation);
        Assert.Equal("Berkas benar/valid sesuai register akun SPSE", validity.Outcome);
    }

    [Fact]
    public async Task RefusesValidWhenTheRegisterNowNamesAnotherHolderWhateverTheReason()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingValidation);
        await SetAccountAsync(a => a.SetProperty(x => x.HolderNip, "197011061996031002"));

        var result = await _h.CheckValidityAsync(id, valid: true, deviationReason: "Dikonfirmasi lewat telepon");

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("bukan milik pemohon", result.Message);
        await AssertUnchangedAsync(id, RequestStatus.AwaitingValidation, StepKind.ValidityCheck);
    }

    [Fact]
    public async Task ValidityReportPassesEveryCheckForTheApplicantsOwnAccount()
    {
        var request = await _h.LoadAsync(await _h.DriveToAsync(RequestStatus.AwaitingValidation));

        var report = await _h.Service().BuildValidityReportAsync(request, CancellationToken.None);

        Assert.True(report.AccountFound);
        Assert.Equal(_h.Account.Id, report.AccountId);
        Assert.True(report.AllPassed, string.Join("; ", report.Items.Where(i => !i.Passed).Select(i => i.Label)));
        Assert.Equal(6, report.Items.Count);
    }

    [Theory]
    [InlineData("nip", "NIP pemohon sama dengan NIP pemegang akun")]
    [InlineData("name", "Nama pemohon sama dengan nama pemegang akun")]
    [InlineData("role", "Peran akun adalah Pokja Pemilihan")]
    [InlineData("inactive", "Akun berstatus aktif")]
    [InlineData("expired", "SK penetapan masih berlaku")]
    public async Task ValidityReportFlagsWhatDiffersFromTheRegister(string defect, string failingCheck)
    {
        var account = new SpseAccountBuilder().WithUserId("rina.pokja2").InOffice(_h.Office.Id);
        account = defect switch
        {
            "nip" => account, // another holder's NIP is refused at submission: the register changes afterwards, below
            "name" => account.WithHolderName("Rina Wulan"),
            "role" => account.WithRole(SpseRole.Ppk),
            "inactive" => account.Inactive(),
            _ => account.SkValidUntil(new DateOnly(2026, 2, 28)),
        };
        await using (var db = _h.Query())
        {
            db.SpseAccounts.Add(account.Build());
            await db.SaveChangesAsync();
        }

        var request = await _h.LoadAsync(await _h.SubmitAsync(new SubmitResetCommandBuilder().ForSpseUserId("rina.pokja2").Build()));
        if (defect == "nip")
        {
            await using var db = _h.Query();
            await db.SpseAccounts.Where(a => a.UserId == "rina.pokja2")
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.HolderNip, "197011061996031002"));
        }

        var report = await _h.Service().BuildValidityReportAsync(request, CancellationToken.None);

        Assert.True(report.AccountFound);
        Assert.False(report.AllPassed);
        var failed = Assert.Single(report.Items, i => !i.Passed);
        Assert.Equal(failingCheck, failed.Label);
    }

    [Fact]
    public async Task ValidityReportFlagsAUserIdMissingFromTheRegister()
    {
        var request = await _h.LoadAsync(await _h.SubmitAsync());
        await RenameAccountInRegisterAsync("rina.lama");

        var report = await _h.Service().BuildValidityReportAsync(request, CancellationToken.None);

        Assert.False(report.AccountFound);
        var item = Assert.Single(report.Items);
        Assert.False(item.Passed);
        Assert.Contains("rina.pokja", item.Detail);
    }

    [Fact]
    public async Task ValidityReportLooksOnlyAtTheRegisterOfTheRequestsOffice()
    {
        // Submission refuses another office's user ID; here the account moves to the other office's register afterwards.
        var request = await _h.LoadAsync(await _h.SubmitAsync());
        await using (var db = _h.Query())
        {
            await db.SpseAccounts.Where(a => a.Id == _h.Account.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.OfficeId, _h.OtherOffice.Id));
        }

        var report = await _h.Service().BuildValidityReportAsync(request, CancellationToken.None);

        Assert.False(report.AccountFound);
    }

    // ------------------------------------------------------------------------------------------------
    // Step 6: reset the password or change the information
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ResetGivesAStrongTemporaryPasswordThatIsStoredNowhereInPlainText()
    {
        var logger = new ListLogger<PasswordResetService>();
        _h.Logger = logger;
        var id = await _h.DriveToAsync(RequestStatus.AwaitingExecution);

        var result = await _h.ExecuteAsync(id);

        AssertOk(result);
        var password = result.Value!.TemporaryPassword!;
        Assert.Equal(16, password.Length);
        Assert.Contains(password, char.IsAsciiLetterUpper);
        Assert.Contains(password, char.IsAsciiLetterLower);
        Assert.Contains(password, char.IsAsciiDigit);
        Assert.Contains(password, c => !char.IsAsciiLetterOrDigit(c));
        Assert.Equal("rina.pokja", result.Value.SpseUserId);
        Assert.Null(result.Value.ChangesSummary);

        Assert.DoesNotContain(_h.Database.AllTextValues(), v => v.Value.Contains(password, StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Lines, l => l.Contains(password, StringComparison.Ordinal));
        Assert.NotEmpty(logger.Lines);

        await using var db = _h.Query();
        var delivery = Assert.Single(await db.CredentialDeliveries.ToListAsync());
        Assert.Equal(id, delivery.AccessRequestId);
        Assert.Equal(_h.Account.Id, delivery.SpseAccountId);
        Assert.Equal(_h.Account.HolderEmail, delivery.HolderEmail);
        Assert.NotNull(delivery.ProtectedSecret);
        Assert.Null(delivery.RevealedAt);
        Assert.Equal(password, _h.Protection.CreateProtector("AksesSpse.Credentials.TemporaryPassword.v1").Unprotect(delivery.ProtectedSecret));
        Assert.Empty(await db.OutboxMessages.Where(m => m.Kind == "credential").ToListAsync());
    }

    [Fact]
    public async Task ResetIsRecordedInTheRegisterHistoryAndOpensTheNoticeStep()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingExecution);

        AssertOk(await _h.ExecuteAsync(id));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingNotification, request.Status);
        var action = Assert.Single(request.Steps, s => s.Kind == StepKind.AccountAction);
        Assert.Equal(Now, action.CompletedAt);
        Assert.Equal(_h.Admin.UserId, action.PerformerUserId);
        var notify = Assert.Single(request.Steps, s => s.Kind == StepKind.Notify);
        Assert.Same(notify, request.OpenStep);
        Assert.Equal(8, notify.StepNumber);
        Assert.Equal(Now.AddMinutes(10), notify.DueAt);

        await using var db = _h.Query();
        var history = Assert.Single(await db.SpseAccountHistory.Where(h => h.SpseAccountId == _h.Account.Id).ToListAsync());
        Assert.Equal(SpseAccountChange.PasswordReset, history.Change);
        Assert.Equal(id, history.AccessRequestId);
        Assert.Equal(_h.Admin.UserId, history.ChangedByUserId);
        Assert.Equal(Now, history.ChangedAt);
        Assert.Equal(Now, (await db.SpseAccounts.SingleAsync(a => a.Id == _h.Account.Id)).UpdatedAt);
    }

    [Fact]
    public async Task ChangeOfInformationUpdatesTheRegisterAndRecordsOldAndNewValues()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingExecution,
            new SubmitResetCommandBuilder().ChangingInformation(email: "rina.baru@contoh.go.id").Build());

        var result = await _h.ExecuteAsync(id);

        AssertOk(result);
        Assert.Null(result.Value!.TemporaryPassword);
        Assert.Equal("Email: rina.spse@contoh.go.id → rina.baru@contoh.go.id", result.Value.ChangesSummary);

        await using var db = _h.Query();
        var account = await db.SpseAccounts.Include(a => a.History).SingleAsync(a => a.Id == _h.Account.Id);
        Assert.Equal("rina.baru@contoh.go.id", account.HolderEmail);
        Assert.Equal(_h.Account.HolderName, account.HolderName);
        Assert.Equal(_h.Account.HolderPhone, account.HolderPhone);
        Assert.Equal(_h.Account.Version + 1, account.Version);
        var history = Assert.Single(account.History);
        Assert.Equal(SpseAccountChange.InformationChanged, history.Change);
        Assert.Contains("Email: rina.spse@contoh.go.id → rina.baru@contoh.go.id", history.Detail);
        Assert.Empty(await db.CredentialDeliveries.ToListAsync());
        Assert.Equal(RequestStatus.AwaitingNotification, (await _h.LoadAsync(id)).Status);
    }

    [Fact]
    public async Task RefusesToCallValidAChangeThatTheRegisterAlreadyHas()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingValidation,
            new SubmitResetCommandBuilder().ChangingInformation(email: _h.Account.HolderEmail).Build());

        var result = await _h.CheckValidityAsync(id);

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("sudah sama dengan register", result.Message);
        await AssertUnchangedAsync(id, RequestStatus.AwaitingValidation, StepKind.ValidityCheck);
    }

    [Fact]
    public async Task FinishesAChangeThatTheRegisterReceivedMeanwhileWithoutChangingAnything()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingExecution,
            new SubmitResetCommandBuilder().ChangingInformation(email: "rina.baru@contoh.go.id").Build());
        await using (var db = _h.Query())
        {
            var account = await db.SpseAccounts.SingleAsync(a => a.Id == _h.Account.Id);
            account.HolderEmail = "rina.baru@contoh.go.id";
            await db.SaveChangesAsync();
        }

        var result = await _h.ExecuteAsync(id);

        AssertOk(result);
        Assert.Contains("Tidak ada perubahan", result.Value!.ChangesSummary);
        await using var check = _h.Query();
        Assert.Empty(await check.SpseAccountHistory.ToListAsync());
        Assert.Equal(RequestStatus.AwaitingNotification, (await _h.LoadAsync(id)).Status);
    }

    [Fact]
    public async Task RegeneratesALostTemporaryPasswordAndVoidsTheOldOne()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingExecution);
        var first = (await _h.ExecuteAsync(id)).Value!.TemporaryPassword!;

        var again = await _h.Service().RegeneratePasswordAsync(id, await _h.VersionOfAsync(id), _h.Admin, CancellationToken.None);

        AssertOk(again);
        var second = again.Value!.TemporaryPassword!;
        Assert.NotEqual(first, second);
        await using var db = _h.Query();
        var deliveries = await db.CredentialDeliveries.Where(c => c.AccessRequestId == id).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(2, deliveries.Count);
        Assert.Null(deliveries[0].ProtectedSecret);
        Assert.NotNull(deliveries[1].ProtectedSecret);
        Assert.Equal(2, await db.SpseAccountHistory.CountAsync(h => h.Change == SpseAccountChange.PasswordReset));
        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingNotification, request.Status);
        Assert.Contains("dibuat ulang", request.Steps.Single(s => s.IsOpen).Note);

        // The holder's link then opens the new password.
        AssertOk(await _h.NotifyAsync(id));
        var mail = await db.OutboxMessages.SingleAsync(m => m.Kind == "credential");
        var token = TokenFrom(mail.Body);
        var revealed = await _h.Credentials().RevealAsync(token, _h.Applicant.Id, CancellationToken.None);
        Assert.Equal(second, revealed.Value!.Password);
    }

    [Fact]
    public async Task RefusesToRegenerateAPasswordOnceTheHolderWasTold()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingArchive);

        var result = await _h.Service().RegeneratePasswordAsync(id, await _h.VersionOfAsync(id), _h.Admin, CancellationToken.None);

        Assert.Equal(ErrorKind.InvalidState, result.Error);
    }

    [Fact]
    public async Task RefusesToRegenerateAPasswordWithAStaleVersion()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingExecution);
        var version = await _h.VersionOfAsync(id);
        AssertOk(await _h.ExecuteAsync(id));

        var result = await _h.Service().RegeneratePasswordAsync(id, version, _h.Admin, CancellationToken.None);

        Assert.Equal(ErrorKind.Conflict, result.Error);
    }

    // ------------------------------------------------------------------------------------------------
    // Step 8: tell the holder
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task NotifiesTheHolderWithAOneTimeLinkAndNeverThePassword()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingExecution);
        var password = (await _h.ExecuteAsync(id)).Value!.TemporaryPassword!;

        AssertOk(await _h.NotifyAsync(id));

        await using var db = _h.Query();
        var mail = Assert.Single(await db.OutboxMessages.Where(m => m.Kind == "credential").ToListAsync());
        Assert.Equal(_h.Account.HolderEmail, mail.To);
        Assert.Equal(id, mail.AccessRequestId);
        Assert.DoesNotContain(password, mail.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(password, mail.Subject, StringComparison.Ordinal);
        var token = TokenFrom(mail.Body);

        var delivery = Assert.Single(await db.CredentialDeliveries.ToListAsync());
        Assert.Equal(CredentialService.Hash(token), delivery.TokenHash);
        Assert.Matches("^[0-9a-f]{64}$", delivery.TokenHash);
        Assert.Equal(Now.AddHours(72), delivery.ExpiresAt);
        Assert.DoesNotContain(_h.Database.AllTextValues(), v => v.Value.Contains(password, StringComparison.Ordinal));
        Assert.DoesNotContain(_h.Database.AllTextValues(),
            v => v.Table != "OutboxMessages" && v.Value.Contains(token, StringComparison.Ordinal));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingArchive, request.Status);
        Assert.Equal(RequestOutcome.Completed, request.Outcome);
        var notify = Assert.Single(request.Steps, s => s.Kind == StepKind.Notify);
        Assert.Contains(_h.Account.HolderEmail, notify.Outcome);
        var archive = Assert.Single(request.Steps, s => s.Kind == StepKind.Archive);
        Assert.Same(archive, request.OpenStep);
        Assert.Equal(Now.AddMinutes(5), archive.DueAt);
    }

    [Fact]
    public async Task RevealsThePasswordOnceAndOnlyToTheApplicant()
    {
        var (id, password, token) = await ResetAndNotifyAsync();

        var byOther = await _h.Credentials().RevealAsync(token, _h.OtherApplicant.Id, CancellationToken.None);
        var first = await _h.Credentials().RevealAsync(token, _h.Applicant.Id, CancellationToken.None);
        var second = await _h.Credentials().RevealAsync(token, _h.Applicant.Id, CancellationToken.None);

        Assert.Equal(ErrorKind.Forbidden, byOther.Error);
        AssertOk(first);
        Assert.Equal(password, first.Value!.Password);
        Assert.Equal("rina.pokja", first.Value.SpseUserId);
        Assert.Equal((await _h.LoadAsync(id)).Number, first.Value.RequestNumber);
        Assert.Equal(ErrorKind.InvalidState, second.Error);
        Assert.Null(second.Value);

        await using var db = _h.Query();
        var delivery = Assert.Single(await db.CredentialDeliveries.ToListAsync());
        Assert.Null(delivery.ProtectedSecret);
        Assert.Equal(Now, delivery.RevealedAt);
    }

    [Fact]
    public async Task InspectingALinkUsesNothingUpAndTellsWhenItWasUsed()
    {
        var (id, password, token) = await ResetAndNotifyAsync();

        var before = await _h.Credentials().InspectAsync(token, _h.Applicant.Id, CancellationToken.None);
        var stillThere = await _h.Credentials().InspectAsync(token, _h.Applicant.Id, CancellationToken.None);
        var byOther = await _h.Credentials().InspectAsync(token, _h.OtherApplicant.Id, CancellationToken.None);
        var openedAt = Now;
        AssertOk(await _h.Credentials().RevealAsync(token, _h.Applicant.Id, CancellationToken.None));
        _h.Time.Advance(TimeSpan.FromHours(2));
        var after = await _h.Credentials().InspectAsync(token, _h.Applicant.Id, CancellationToken.None);
        var unknown = await _h.Credentials().InspectAsync("bukan-token-yang-benar", _h.Applicant.Id, CancellationToken.None);

        Assert.Equal(CredentialLinkStatus.Ready, before.Status);
        Assert.Equal(CredentialLinkStatus.Ready, stillThere.Status);
        Assert.Equal("rina.pokja", before.SpseUserId);
        Assert.Equal((await _h.LoadAsync(id)).Number, before.RequestNumber);
        Assert.Equal(CredentialLinkStatus.NotYours, byOther.Status);
        Assert.Null(byOther.SpseUserId);
        Assert.Equal(CredentialLinkStatus.Used, after.Status);
        Assert.Equal(openedAt, after.RevealedAt);
        Assert.Equal(CredentialLinkStatus.Unknown, unknown.Status);
        Assert.False(string.IsNullOrEmpty(password));
    }

    [Fact]
    public async Task InspectingAnExpiredLinkSaysExpired()
    {
        var (_, _, token) = await ResetAndNotifyAsync();
        _h.Time.Advance(TimeSpan.FromHours(73));

        var state = await _h.Credentials().InspectAsync(token, _h.Applicant.Id, CancellationToken.None);

        Assert.Equal(CredentialLinkStatus.Expired, state.Status);
    }

    [Fact]
    public async Task ExpiredLinkRevealsNothingAndErasesTheSecret()
    {
        var (_, _, token) = await ResetAndNotifyAsync();
        _h.Time.Advance(TimeSpan.FromHours(73));

        var result = await _h.Credentials().RevealAsync(token, _h.Applicant.Id, CancellationToken.None);

        Assert.Equal(ErrorKind.InvalidState, result.Error);
        Assert.Contains("kedaluwarsa", result.Message);
        await using var db = _h.Query();
        var delivery = Assert.Single(await db.CredentialDeliveries.ToListAsync());
        Assert.Null(delivery.ProtectedSecret);
        Assert.Null(delivery.RevealedAt);
    }

    [Fact]
    public async Task ExpiredLinkStillSaysExpiredWhenOpenedAgain()
    {
        var (_, _, token) = await ResetAndNotifyAsync();
        _h.Time.Advance(TimeSpan.FromHours(73));
        await _h.Credentials().RevealAsync(token, _h.Applicant.Id, CancellationToken.None);

        var again = await _h.Credentials().RevealAsync(token, _h.Applicant.Id, CancellationToken.None);

        Assert.Equal(ErrorKind.InvalidState, again.Error);
        Assert.Contains("kedaluwarsa", again.Message);
        Assert.DoesNotContain("sudah dibuka", again.Message);
    }

    [Fact]
    public async Task LinkStillWorksJustBeforeItExpires()
    {
        var (_, password, token) = await ResetAndNotifyAsync();
        _h.Time.Advance(TimeSpan.FromHours(72));

        var result = await _h.Credentials().RevealAsync(token, _h.Applicant.Id, CancellationToken.None);

        AssertOk(result);
        Assert.Equal(password, result.Value!.Password);
    }

    [Fact]
    public async Task UnknownLinkIsNotFound()
    {
        await ResetAndNotifyAsync();

        var result = await _h.Credentials().RevealAsync("bukan-token-yang-benar", _h.Applicant.Id, CancellationToken.None);

        Assert.Equal(ErrorKind.NotFound, result.Error);
    }

    [Fact]
    public async Task NotifiesChangedInformationToTheNewAddressWithACopyToTheApplicant()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingNotification,
            new SubmitResetCommandBuilder().ChangingInformation(email: "rina.baru@contoh.go.id").Build());

        AssertOk(await _h.NotifyAsync(id));

        await using var db = _h.Query();
        var mail = Assert.Single(await db.OutboxMessages.Where(m => m.Kind == "changed").ToListAsync());
        Assert.Equal("rina.baru@contoh.go.id", mail.To);
        Assert.Equal(_h.Applicant.Email, mail.Cc);
        Assert.Contains("Email: rina.spse@contoh.go.id → rina.baru@contoh.go.id", mail.Body);
        Assert.Empty(await db.CredentialDeliveries.ToListAsync());
        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingArchive, request.Status);
        Assert.Equal(RequestOutcome.Completed, request.Outcome);
    }

    // ------------------------------------------------------------------------------------------------
    // Step 9: archive
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ArchivesTheRequestAsASealedRecordAndClosesIt()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingArchive);
        _h.Time.Advance(TimeSpan.FromMinutes(4));

        AssertOk(await _h.ArchiveAsync(id));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.Archived, request.Status);
        Assert.Equal(RequestOutcome.Completed, request.Outcome);
        Assert.Equal(Now, request.ClosedAt);
        Assert.Null(request.OpenStep);
        Assert.All(request.Steps, s => Assert.NotNull(s.CompletedAt));
        Assert.Null(request.CurrentStepDueAt);
        Assert.Null(request.CurrentStepSince);
        Assert.Null(request.CurrentActorRole);

        await using var db = _h.Query();
        var record = Assert.Single(await db.ArchiveRecords.ToListAsync());
        Assert.Equal(id, record.AccessRequestId);
        Assert.Equal(request.Number, record.RequestNumber);
        Assert.Equal(_h.Office.Id, record.OfficeId);
        Assert.Equal(_h.Admin.UserId, record.ArchivedByUserId);
        Assert.Equal(Now, record.ArchivedAt);
        Assert.Equal(new DateOnly(2031, 3, 2), record.RetainUntil);
        Assert.Matches("^[0-9a-f]{64}$", record.ContentHash);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(record.Summary))), record.ContentHash);
        Assert.Contains(request.Number, record.Summary);
        Assert.All(request.Documents, d => Assert.Contains(d.Sha256, record.Summary));
        Assert.Equal(request.Steps.Count, Regex.Count(record.Summary, "^Langkah ", RegexOptions.Multiline));
    }

    [Fact]
    public async Task ArchivesARejectedRequestWithItsReason()
    {
        var id = await _h.SubmitAsync();
        AssertOk(await _h.CheckCompletenessAsync(id, CompletenessDecision.Reject, remarks: "Berkas bukan untuk Pokja"));

        AssertOk(await _h.ArchiveAsync(id));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.Archived, request.Status);
        Assert.Equal(RequestOutcome.Rejected, request.Outcome);
        await using var db = _h.Query();
        Assert.Contains("Berkas bukan untuk Pokja", (await db.ArchiveRecords.SingleAsync()).Summary);
    }

    // ------------------------------------------------------------------------------------------------
    // Late steps: every deviation from the time standard needs the performer's explanation
    // ------------------------------------------------------------------------------------------------

    public static TheoryData<ResetAction, StepKind, int> TimedAdminSteps => new()
    {
        { ResetAction.CheckCompleteness, StepKind.CompletenessCheck, 5 },
        { ResetAction.CheckValidity, StepKind.ValidityCheck, 15 },
        { ResetAction.Execute, StepKind.AccountAction, 15 },
        { ResetAction.Notify, StepKind.Notify, 10 },
        { ResetAction.Archive, StepKind.Archive, 5 },
    };

    [Theory]
    [MemberData(nameof(TimedAdminSteps))]
    public async Task LateStepCannotBeCompletedWithoutAnExplanation(ResetAction action, StepKind kind, int standardMinutes)
    {
        var status = PasswordResetWorkflow.RequiredStatus(action);
        var id = await _h.DriveToAsync(status);
        var before = await _h.LoadAsync(id);
        _h.Time.Advance(TimeSpan.FromMinutes(standardMinutes + 2));

        var result = await PerformWithExplanationAsync(action, id, lateExplanation: "   ");

        Assert.Equal(ErrorKind.LateExplanationRequired, result.Error);
        Assert.Contains($"standar waktu {standardMinutes} menit", result.Message);
        var after = await AssertUnchangedAsync(id, status, kind);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Steps.Count, after.Steps.Count);
    }

    [Theory]
    [MemberData(nameof(TimedAdminSteps))]
    public async Task LateStepWithAnExplanationIsCompletedAndMarkedLate(ResetAction action, StepKind kind, int standardMinutes)
    {
        var id = await _h.DriveToAsync(PasswordResetWorkflow.RequiredStatus(action));
        var opened = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == kind);
        _h.Time.Advance(TimeSpan.FromMinutes(standardMinutes + 2));

        AssertOk(await PerformWithExplanationAsync(action, id, lateExplanation: "  Jaringan SPSE terputus  "));

        var step = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Id == opened.Id);
        Assert.Equal(Now, step.CompletedAt);
        Assert.True(step.IsLate);
        Assert.Equal("Jaringan SPSE terputus", step.LateExplanation);
        Assert.Equal((standardMinutes + 2) * 60, step.ElapsedSeconds);
        Assert.Equal(_h.Admin.UserId, step.PerformerUserId);
    }

    [Fact]
    public async Task StepDoneExactlyAtItsDueTimeIsOnTime()
    {
        var id = await _h.SubmitAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(5));

        AssertOk(await _h.CheckCompletenessAsync(id));

        var check = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == StepKind.CompletenessCheck);
        Assert.False(check.IsLate);
        Assert.Equal(300, check.ElapsedSeconds);
    }

    [Fact]
    public async Task StepDoneOneSecondAfterItsDueTimeIsLate()
    {
        var id = await _h.SubmitAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        var result = await _h.CheckCompletenessAsync(id);

        Assert.Equal(ErrorKind.LateExplanationRequired, result.Error);
        await AssertUnchangedAsync(id, RequestStatus.Submitted, StepKind.CompletenessCheck);
    }

    [Fact]
    public async Task KeepsNoExplanationForAStepDoneOnTime()
    {
        var id = await _h.SubmitAsync();

        AssertOk(await _h.CheckCompletenessAsync(id, lateExplanation: "tidak perlu"));

        var check = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == StepKind.CompletenessCheck);
        Assert.False(check.IsLate);
        Assert.Null(check.LateExplanation);
    }

    [Fact]
    public async Task LateRejectionAlsoNeedsAnExplanation()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingValidation);
        _h.Time.Advance(TimeSpan.FromMinutes(16));

        var result = await _h.CheckValidityAsync(id, valid: false, reason: "SK tidak sah");

        Assert.Equal(ErrorKind.LateExplanationRequired, result.Error);
        await AssertUnchangedAsync(id, RequestStatus.AwaitingValidation, StepKind.ValidityCheck);
        await using var db = _h.Query();
        Assert.Empty(await db.OutboxMessages.Where(m => m.Kind == "rejected").ToListAsync());
    }

    [Fact]
    public async Task ApplicantsOwnStepIsNeverLate()
    {
        var id = await _h.DriveToAsync(RequestStatus.ReturnedForCompletion);
        _h.Time.Advance(TimeSpan.FromDays(30));

        AssertOk(await _h.ResubmitAsync(id));

        var completion = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == StepKind.ApplicantCompletion);
        Assert.False(completion.IsLate);
    }

    // ------------------------------------------------------------------------------------------------
    // Concurrency
    // ------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public async Task RefusesAMoveMadeOnAnotherVersion(int offset)
    {
        var id = await _h.SubmitAsync();
        var version = await _h.VersionOfAsync(id);

        var result = await _h.CheckCompletenessAsync(id, version: version + offset);

        Assert.Equal(ErrorKind.Conflict, result.Error);
        Assert.Contains((await _h.LoadAsync(id)).Number, result.Message);
        var after = await AssertUnchangedAsync(id, RequestStatus.Submitted, StepKind.CompletenessCheck);
        Assert.Equal(version, after.Version);
    }

    [Fact]
    public async Task IncrementsTheVersionOnEverySuccessfulMove()
    {
        var id = await _h.SubmitAsync();
        var versions = new List<int> { await _h.VersionOfAsync(id) };

        AssertOk(await _h.CheckCompletenessAsync(id, CompletenessDecision.Incomplete, [DecreeCode]));
        versions.Add(await _h.VersionOfAsync(id));
        AssertOk(await _h.ResubmitAsync(id));
        versions.Add(await _h.VersionOfAsync(id));
        AssertOk(await _h.CheckCompletenessAsync(id));
        versions.Add(await _h.VersionOfAsync(id));
        AssertOk(await _h.CheckValidityAsync(id));
        versions.Add(await _h.VersionOfAsync(id));
        AssertOk(await _h.ExecuteAsync(id));
        versions.Add(await _h.VersionOfAsync(id));
        AssertOk(await _h.NotifyAsync(id));
        versions.Add(await _h.VersionOfAsync(id));
        AssertOk(await _h.ArchiveAsync(id));
        versions.Add(await _h.VersionOfAsync(id));

        Assert.Equal(Enumerable.Range(versions[0], versions.Count), versions);
    }

    [Fact]
    public async Task SecondOfficerActingOnTheSameVersionGetsAConflict()
    {
        var id = await _h.SubmitAsync();
        var seen = await _h.VersionOfAsync(id);
        var colleague = Actors.AdminAgency(_h.Office.Id, "admin-sari", "Sari Dewi");

        AssertOk(await _h.CheckCompletenessAsync(id, CompletenessDecision.Complete, actor: colleague, version: seen));
        var late = await _h.CheckCompletenessAsync(id, CompletenessDecision.Reject, remarks: "Ditolak", version: seen);

        Assert.Equal(ErrorKind.Conflict, late.Error);
        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingValidation, request.Status);
        Assert.Equal(colleague.UserId, Assert.Single(request.Steps, s => s.Kind == StepKind.CompletenessCheck).PerformerUserId);
    }

    [Fact]
    public async Task SameOfficerRepeatingAMoveIsToldItWasTheirOwnNotAnotherOfficers()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingExecution);
        var seen = await _h.VersionOfAsync(id);
        AssertOk(await _h.ExecuteAsync(id, version: seen));

        // The page that showed the temporary password is reloaded: the browser posts the same form again.
        var reload = await _h.ExecuteAsync(id, version: seen);

        Assert.Equal(ErrorKind.Conflict, reload.Error);
        Assert.DoesNotContain("petugas lain", reload.Message);
        Assert.Contains("sudah Anda simpan sebelumnya", reload.Message);
        Assert.Contains("Buat ulang password sementara", reload.Message);
        await using var db = _h.Query();
        Assert.Single(await db.CredentialDeliveries.ToListAsync());
    }

    [Fact]
    public async Task AnotherOfficersEarlierMoveIsStillCalledAnotherOfficers()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingExecution);
        var seen = await _h.VersionOfAsync(id);
        var colleague = Actors.AdminAgency(_h.Office.Id, "admin-sari", "Sari Dewi");
        AssertOk(await _h.ExecuteAsync(id, actor: colleague, version: seen));

        var late = await _h.ExecuteAsync(id, version: seen);

        Assert.Equal(ErrorKind.Conflict, late.Error);
        Assert.Contains("petugas lain", late.Message);
    }

    [Fact]
    public async Task MoveThatLosesARaceBetweenLoadAndSaveEndsInConflictAndSavesNothing()
    {
        var id = await _h.SubmitAsync();
        var seen = await _h.VersionOfAsync(id);
        var colleague = Actors.AdminAgency(_h.Office.Id, "admin-sari", "Sari Dewi");
        var hook = new BeforeSaveHook(async () =>
            AssertOk(await _h.CheckCompletenessAsync(id, CompletenessDecision.Reject, remarks: "SK palsu", actor: colleague, version: seen)));
        var slow = _h.ServiceOn(_h.Database.NewContext(hook));

        var result = await slow.CheckCompletenessAsync(id, seen, CompletenessDecision.Complete, [], null, null, _h.Admin, CancellationToken.None);

        Assert.True(hook.Ran);
        Assert.Equal(ErrorKind.Conflict, result.Error);
        Assert.Contains("Menunggu pengarsipan", result.Message);
        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingArchive, request.Status);
        Assert.Equal(RequestOutcome.Rejected, request.Outcome);
        Assert.Equal(seen + 1, request.Version);
        Assert.DoesNotContain(request.Steps, s => s.Kind == StepKind.ValidityCheck);
        Assert.Equal(colleague.UserId, Assert.Single(request.Steps, s => s.Kind == StepKind.CompletenessCheck).PerformerUserId);
        await using var db = _h.Query();
        Assert.DoesNotContain(await db.UserNotifications.Select(n => n.Message).ToListAsync(), m => m.Contains("sedang diperiksa keabsahannya"));
    }

    [Fact]
    public async Task CompletionThatLosesARaceDeletesTheFilesItStored()
    {
        var id = await _h.DriveToAsync(RequestStatus.ReturnedForCompletion);
        var seen = await _h.VersionOfAsync(id);
        const string loserPath = "requests/2026/03/loser.pdf";
        var loserFiles = new Mock<IFileStore>();
        loserFiles.Setup(f => f.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<byte[]>(), It.IsAny<CancellationToken>()))
            .Returns(async (string _, string _, byte[] _, CancellationToken _) =>
            {
                // The applicant's second tab completes the file while this one is storing its upload.
                AssertOk(await _h.ResubmitAsync(id, version: seen));
                return loserPath;
            });
        var slow = _h.ServiceOn(_h.Database.NewContext(), files: loserFiles.Object);

        var result = await slow.ResubmitAsync(id, seen, [new IncomingFile(DecreeCode, "sk-tab-2.pdf", TestFiles.Pdf())], null,
            _h.ApplicantActor, CancellationToken.None);

        Assert.Equal(ErrorKind.Conflict, result.Error);
        loserFiles.Verify(f => f.DeleteAsync(loserPath, It.IsAny<CancellationToken>()), Times.Once);
        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.Submitted, request.Status);
        Assert.Equal(seen + 1, request.Version);
        Assert.Equal(3, request.Documents.Count);
        Assert.DoesNotContain(request.Documents, d => d.StoragePath == loserPath);
        Assert.Single(request.Steps, s => s.Kind == StepKind.CompletenessCheck && s.IsOpen);
    }

    // ------------------------------------------------------------------------------------------------
    // Who may act
    // ------------------------------------------------------------------------------------------------

    public static TheoryData<ResetAction> AdminActions =>
        new(Enum.GetValues<ResetAction>().Where(a => a != ResetAction.Resubmit));

    [Theory]
    [MemberData(nameof(AdminActions))]
    public async Task RefusesAdminAgencyOfAnotherOffice(ResetAction action)
    {
        var status = PasswordResetWorkflow.RequiredStatus(action);
        var id = await _h.DriveToAsync(status);
        var before = await _h.LoadAsync(id);

        var result = await _h.PerformAsync(action, id, _h.OtherOfficeAdmin);

        Assert.Equal(ErrorKind.Forbidden, result.Error);
        var after = await _h.LoadAsync(id);
        Assert.Equal(status, after.Status);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Steps.Count, after.Steps.Count);
    }

    [Theory]
    [InlineData(Roles.HelpdeskLpse)]
    [InlineData(Roles.KepalaLpse)]
    [InlineData(Roles.Administrator)]
    [InlineData(Roles.Pemohon)]
    public async Task RefusesACompletenessCheckByAnyoneButAdminAgency(string role)
    {
        var id = await _h.SubmitAsync();

        var result = await _h.CheckCompletenessAsync(id, actor: Actors.WithRole(role, _h.Office.Id, _h.Applicant.Id));

        Assert.Equal(ErrorKind.Forbidden, result.Error);
        await AssertUnchangedAsync(id, RequestStatus.Submitted, StepKind.CompletenessCheck);
    }

    [Fact]
    public async Task ReportsAnUnknownRequestAsNotFound()
    {
        var result = await _h.CheckCompletenessAsync(404, version: 1);

        Assert.Equal(ErrorKind.NotFound, result.Error);
    }

    // ------------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------------

    [GeneratedRegex(@"/Kredensial/Buka\?token=([A-Za-z0-9_-]+)")]
    private static partial Regex CredentialLink();

    private static string TokenFrom(string body)
    {
        var match = CredentialLink().Match(body);
        Assert.True(match.Success, "the email has no /Kredensial/Buka?token= link");
        return match.Groups[1].Value;
    }

    private async Task<(int Id, string Password, string Token)> ResetAndNotifyAsync()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingExecution);
        var password = (await _h.ExecuteAsync(id)).Value!.TemporaryPassword!;
        AssertOk(await _h.NotifyAsync(id));
        await using var db = _h.Query();
        var mail = await db.OutboxMessages.SingleAsync(m => m.Kind == "credential");
        return (id, password, TokenFrom(mail.Body));
    }

    private async Task<OperationResult> PerformWithExplanationAsync(ResetAction action, int id, string lateExplanation) => action switch
    {
        ResetAction.CheckCompleteness => await _h.CheckCompletenessAsync(id, lateExplanation: lateExplanation),
        ResetAction.CheckValidity => await _h.CheckValidityAsync(id, lateExplanation: lateExplanation),
        ResetAction.Execute => await _h.ExecuteAsync(id, lateExplanation),
        ResetAction.Notify => await _h.NotifyAsync(id, lateExplanation),
        ResetAction.Archive => await _h.ArchiveAsync(id, lateExplanation),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>The request is still in <paramref name="status"/> with its <paramref name="openKind"/> step open.</summary>
    private async Task<AccessRequest> AssertUnchangedAsync(int id, RequestStatus status, StepKind openKind)
    {
        var request = await _h.LoadAsync(id);
        Assert.Equal(status, request.Status);
        var open = Assert.Single(request.Steps, s => s.IsOpen);
        Assert.Equal(openKind, open.Kind);
        Assert.False(open.IsLate);
        Assert.Null(open.LateExplanation);
        return request;
    }

    private async Task AssertRejectedAsync(int id, string reason)
    {
        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingArchive, request.Status);
        Assert.Equal(RequestOutcome.Rejected, request.Outcome);
        Assert.Equal(reason, request.RejectionReason);

        var notice = Assert.Single(request.Steps, s => s.Kind == StepKind.RejectionNotice);
        Assert.Equal(7, notice.StepNumber);
        Assert.Equal(Now, notice.CompletedAt);
        Assert.Equal(_h.Admin.UserId, notice.PerformerUserId);

        var archive = Assert.Single(request.Steps, s => s.Kind == StepKind.Archive);
        Assert.Same(archive, request.OpenStep);
        Assert.Equal(9, archive.StepNumber);
        Assert.Equal(Now.AddMinutes(5), archive.DueAt);

        await using var db = _h.Query();
        var mail = Assert.Single(await db.OutboxMessages.Where(m => m.Kind == "rejected").ToListAsync());
        Assert.Equal(_h.Applicant.Email, mail.To);
        Assert.Contains(reason, mail.Body);
        Assert.Contains(await db.UserNotifications.Where(n => n.UserId == _h.Applicant.Id).Select(n => n.Message).ToListAsync(),
            m => m.Contains("ditolak") && m.Contains(reason));
    }

    private async Task RenameAccountInRegisterAsync(string newUserId)
    {
        await using var db = _h.Query();
        await db.SpseAccounts.Where(a => a.Id == _h.Account.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.UserId, newUserId));
    }

    private async Task SetAccountAsync(Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<SpseAccount>> set)
    {
        await using var db = _h.Query();
        await db.SpseAccounts.Where(a => a.Id == _h.Account.Id).ExecuteUpdateAsync(set);
    }

    private async Task AssertNothingSubmittedAsync()
    {
        await using var db = _h.Query();
        Assert.Equal(0, await db.AccessRequests.CountAsync());
        Assert.Equal(0, await db.RequestDocuments.CountAsync());
        Assert.Equal(0, await db.OutboxMessages.CountAsync());
        Assert.Equal(0, await db.UserNotifications.CountAsync());
        _h.Files.Verify(f => f.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<byte[]>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
