using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Credentials;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Procedures;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Moq;
using static AksesSpse.Core.Tests.Engine.PasswordResetEngineHarness;

namespace AksesSpse.Core.Tests.Engine;

/// <summary>
/// SOP 4 on the engine through <see cref="PasswordResetModule"/>, over a real SQLite database: the behaviour the old
/// PasswordResetServiceTests covered, step by step — where a request stands is its open step (CurrentStepNumber), not a
/// per-SOP status.
/// </summary>
[Trait("Sop", "ResetPassword")]
public sealed partial class PasswordResetModuleTests : IDisposable
{
    private const string DecreeName = "Surat Keputusan Penetapan sebagai Pokja Pemilihan";

    private readonly PasswordResetEngineHarness _h = new();

    private DateTime Now => _h.Now;

    public void Dispose() => _h.Dispose();

    // ------------------------------------------------------------------------------------------------
    // Every open step × every step's move, through the engine
    // ------------------------------------------------------------------------------------------------

    private static readonly int[] Moves = [CompletenessStep, CompletionStep, ValidityStep, AccountStep, NotifyStep, ArchiveStep];

    public static TheoryData<int, int> EveryOpenStepAndMove()
    {
        var data = new TheoryData<int, int>();
        foreach (var open in Moves.Append(Closed))
        {
            foreach (var move in Moves)
            {
                data.Add(open, move);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryOpenStepAndMove))]
    public async Task AcceptsAMoveOnlyOnItsOwnOpenStep(int open, int move)
    {
        var id = await _h.DriveToAsync(open);
        var before = await _h.LoadAsync(id);
        var actor = move == CompletionStep ? _h.ApplicantActor : _h.Admin;

        var result = await _h.PerformAsync(move, id, actor);

        var after = await _h.LoadAsync(id);
        if (open == move)
        {
            AssertOk(result);
            Assert.NotEqual(open, after.CurrentStepNumber);
            Assert.True(after.Version > before.Version);
        }
        else
        {
            // Another step is open: its own actor is told the step is not running; anyone else may not act at all.
            var mayActNow = open == Closed || SopEngine.CanAct(before, actor);
            Assert.Equal(mayActNow ? ErrorKind.InvalidState : ErrorKind.Forbidden, result.Error);
            Assert.Equal(before.CurrentStepNumber, after.CurrentStepNumber);
            Assert.Equal(before.Version, after.Version);
            Assert.Equal(before.Steps.Count, after.Steps.Count);
        }
    }

    [Theory]
    [InlineData(CompletenessStep)]
    [InlineData(CompletionStep)]
    [InlineData(ValidityStep)]
    [InlineData(ArchiveStep)]
    [InlineData(Closed)]
    public async Task OffersEachOpenStepOnlyToItsOwnActor(int open)
    {
        var request = await _h.LoadAsync(await _h.DriveToAsync(open));

        Assert.Equal(open is not (CompletionStep or Closed), SopEngine.CanAct(request, _h.Admin));
        Assert.Equal(open == CompletionStep, SopEngine.CanAct(request, _h.ApplicantActor));
        Assert.False(SopEngine.CanAct(request, _h.OtherOfficeAdmin));
        Assert.False(SopEngine.CanAct(request, _h.OtherApplicantActor));
        Assert.False(SopEngine.CanAct(request, _h.Helpdesk)); // an online file is completed by its applicant only
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
        Assert.Equal(SopEngine.FormatNumber("RPW", Now, id), request.Number);
        Assert.Equal(RequestStatus.InProgress, request.Status);
        Assert.Equal(CompletenessStep, request.CurrentStepNumber);
        Assert.Equal(RequestOutcome.Pending, request.Outcome);
        Assert.Equal(RequestType.ResetPassword, request.Type);
        Assert.Equal(SopKind.PasswordReset, request.Kind);
        Assert.Equal(IntakeChannel.Online, request.Channel);
        Assert.Equal(_h.Office.Id, request.OfficeId);
        Assert.Equal(_h.Applicant.Id, request.ApplicantUserId);
        Assert.Equal(_h.Applicant.FullName, request.ApplicantName);
        Assert.Equal(_h.Applicant.Email, request.ApplicantEmail);
        Assert.Equal(_h.Applicant.Nip, request.ApplicantNip);
        Assert.Equal("rina.pokja", request.SpseUserId);
        Assert.Equal(_h.Account.Id, request.SpseAccountId);
        Assert.Equal(_h.Account.HolderEmail, request.RegisterEmailAtSubmission);
        Assert.Equal(Now, request.SubmittedAt);

        Assert.Equal(2, request.Steps.Count);
        var submit = Assert.Single(request.Steps, s => s.Kind == StepKind.Submit);
        Assert.Equal(1, submit.StepNumber);
        Assert.Equal(Now, submit.CompletedAt);
        Assert.Equal(_h.Applicant.Id, submit.PerformerUserId);
        Assert.Equal(_h.Applicant.FullName, submit.PerformerName);
        Assert.Equal(TimeStandardKind.None, submit.StandardKind);
        Assert.Equal("Berkas permohonan disampaikan", submit.Outcome);
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

        var request = await _h.LoadAsync(id);
        await using var db = _h.Query();
        var mail = Assert.Single(await db.OutboxMessages.ToListAsync());
        Assert.Equal("received", mail.Kind);
        Assert.Equal(_h.Applicant.Email, mail.To);
        Assert.Equal(id, mail.AccessRequestId);
        Assert.Contains(request.Number, mail.Subject);
        Assert.Contains(request.Number, mail.Body);
        Assert.Contains(new Notifier(db, _h.Time, _h.AppOptions).RequestLink(request), mail.Body);
        Assert.Equal(Now, mail.NextAttemptAt);
        Assert.Null(mail.SentAt);

        var notice = Assert.Single(await db.UserNotifications.ToListAsync());
        Assert.Equal(_h.Applicant.Id, notice.UserId);
        Assert.Equal(id, notice.AccessRequestId);
        Assert.Contains(request.Number, notice.Message);
    }

    [Fact]
    public async Task RefusesSubmissionMissingARequiredDocumentAndNamesIt()
    {
        var result = await _h.TrySubmitAsync(new SubmitResetCommandBuilder().Without(DecreeCode).Build());

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

        var result = await _h.TrySubmitAsync(new SubmitResetCommandBuilder().WithFile(DecreeCode, "sk-pokja.pdf", bytes).Build());

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains(DecreeName, result.Message);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesAnOversizedFile()
    {
        var result = await _h.TrySubmitAsync(
            new SubmitResetCommandBuilder().WithFile(DecreeCode, "sk.pdf", TestFiles.PdfLargerThan(UploadInspector.DefaultMaxBytes)).Build());

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("melebihi batas 5 MB", result.Message);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesAFileForADocumentTheSopDoesNotAskFor()
    {
        var result = await _h.TrySubmitAsync(new SubmitResetCommandBuilder().WithFile("KTP", "ktp.pdf", TestFiles.Pdf()).Build());

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task ReturnsTheFirstRequestForADoubleSubmissionWithTheSameKey()
    {
        var key = Guid.NewGuid();

        var first = await _h.SubmitAsync(new SubmitResetCommandBuilder().WithKey(key).Build());
        var second = await _h.TrySubmitAsync(new SubmitResetCommandBuilder().WithKey(key).Build());

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
        var loser = _h.Engine(_h.Database.NewContext(), loserFiles.Object);

        var result = await _h.TrySubmitAsync(new SubmitResetCommandBuilder().WithKey(key).Build(), engine: loser);

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
        var engine = _h.Engine(_h.Database.NewContext(failing));

        await Assert.ThrowsAsync<InvalidOperationException>(() => _h.TrySubmitAsync(engine: engine));

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

        var result = await _h.TrySubmitAsync(actor: staff);

        Assert.Equal(ErrorKind.Forbidden, result.Error);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesAUserIdThatIsNotInTheRegisterAndStoresNothing()
    {
        var result = await _h.TrySubmitAsync(new SubmitResetCommandBuilder().ForSpseUserId("rina.pokjaa").Build());

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

        var result = await _h.TrySubmitAsync(new SubmitResetCommandBuilder().ForSpseUserId("dodi.pokja").Build());

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

        var result = await _h.TrySubmitAsync(new SubmitResetCommandBuilder().ForSpseUserId("rina.kota").Build());

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

        var result = await _h.TrySubmitAsync();

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

        var id = await _h.DriveToAsync(ValidityStep);
        var result = await _h.CheckValidityAsync(id, deviationReason: "Dikonfirmasi lewat telepon");

        Assert.Equal(_h.Account.Id, (await _h.LoadAsync(id)).SpseAccountId);
        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("NIP pemohon belum diverifikasi", result.Message);
        await AssertUnchangedAsync(id, ValidityStep);
    }

    [Fact]
    public async Task RefusesAChangeOfInformationThatNamesNothingToChange()
    {
        var result = await _h.TrySubmitAsync(new SubmitResetCommandBuilder().ChangingInformation().Build());

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesAChangeOfInformationWhoseFieldsAreOnlyWhitespace()
    {
        var result = await _h.TrySubmitAsync(new SubmitResetCommandBuilder().ChangingInformation(email: "   ").Build());

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
    public async Task RefusesARequestTypeOfAnotherSop()
    {
        var result = await _h.TrySubmitAsync(new SubmitResetCommandBuilder().OfType(RequestType.Deactivate).Build());

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertNothingSubmittedAsync();
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

        var result = await _h.TrySubmitAsync(actor: _h.ApplicantActor with { OfficeId = officeId });

        Assert.Equal(ErrorKind.Unavailable, result.Error);
        await AssertNothingSubmittedAsync();
    }

    // ------------------------------------------------------------------------------------------------
    // Step 1 on paper: Helpdesk LPSE or Admin Agency takes the file in for the applicant
    // ------------------------------------------------------------------------------------------------

    private const string WalkInEmail = "agus@contoh.go.id";
    private const string WalkInNip = "198807152015031001";

    private ResetIntakeCommand Intake(Guid? key = null, RequestType type = RequestType.ResetPassword, string spseUserId = "agus.pokja",
        bool withDecree = true, IntakeChannel channel = IntakeChannel.WalkIn) =>
        new(key ?? Guid.NewGuid(), channel, "Agus Salim", WalkInNip, WalkInEmail, "081234567890", "Dinas PUPR", "SK-POKJA/12/2026", type,
            spseUserId, "Lupa password setelah cuti panjang", null, null, null, null,
            withDecree
                ? [new IncomingFile(LetterCode, "surat.pdf", TestFiles.Pdf()), new IncomingFile(DecreeCode, "sk-pokja.pdf", TestFiles.Pdf())]
                : [new IncomingFile(LetterCode, "surat.pdf", TestFiles.Pdf())]);

    private async Task AddWalkInAccountAsync()
    {
        await using var db = _h.Query();
        db.SpseAccounts.Add(new SpseAccountBuilder().WithUserId("agus.pokja").WithHolderName("Agus Salim").WithNip(WalkInNip)
            .WithEmail("agus.spse@contoh.go.id").InOffice(_h.Office.Id).Build());
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task HelpdeskTakesInAPaperFile_WithContactAccount_Scans_HandoverForm_AndCompletenessCheckOpenForAdminAgency()
    {
        await AddWalkInAccountAsync();

        var result = await _h.IntakeAsync(Intake(), _h.Helpdesk);

        AssertOk(result);
        var r = await _h.LoadAsync(result.Value);
        Assert.StartsWith("RPW-", r.Number);
        Assert.Equal(IntakeChannel.WalkIn, r.Channel);
        Assert.Equal(_h.Helpdesk.UserId, r.RegisteredByUserId);
        Assert.Equal(CompletenessStep, r.CurrentStepNumber);
        Assert.Equal("SK-POKJA/12/2026", r.SkNumber);
        Assert.Equal("081234567890", r.ApplicantPhone);
        Assert.Equal("agus.spse@contoh.go.id", r.RegisterEmailAtSubmission);

        await using var db = _h.Query();
        var contact = await db.Users.AsNoTracking().SingleAsync(u => u.Id == r.ApplicantUserId);
        Assert.Equal(WalkInEmail, contact.Email);
        Assert.Equal(NipStatus.Verified, contact.NipStatus);
        Assert.Equal(ApplicantKind.Pokja, contact.ApplicantKind);

        var submit = Assert.Single(r.Steps, s => s.Kind == StepKind.Submit);
        Assert.Equal(_h.Helpdesk.UserId, submit.PerformerUserId);
        Assert.Contains("Datang langsung", submit.Outcome);
        var open = Assert.Single(r.Steps, s => s.IsOpen);
        Assert.Equal(StepKind.CompletenessCheck, open.Kind);
        Assert.Equal(Roles.AdminAgency, open.ActorRole);

        Assert.Equal([PaperIntake.ReceiptCode, DecreeCode, LetterCode], r.Documents.Select(d => d.DocumentCode).Order());
        var mail = Assert.Single(await db.OutboxMessages.AsNoTracking().Where(m => m.AccessRequestId == r.Id).ToListAsync());
        Assert.Equal("activation-received", mail.Kind);
        Assert.Equal(WalkInEmail, mail.To);
        Assert.Contains("Helpdesk LPSE", mail.Body);
        Assert.Equal($"Serah-terima-{r.Number}.pdf", mail.AttachmentName);
    }

    [Fact]
    public async Task AdminAgencyTakesInAFileByEmail_ForAnApplicantWhoAlreadyHasAnAccount()
    {
        var result = await _h.IntakeAsync(Intake(spseUserId: "rina.pokja", channel: IntakeChannel.Email) with
        {
            ApplicantName = _h.Applicant.FullName, ApplicantNip = _h.Applicant.Nip!, ApplicantEmail = _h.Applicant.Email!,
        }, _h.Admin);

        AssertOk(result);
        var r = await _h.LoadAsync(result.Value);
        Assert.Equal(_h.Applicant.Id, r.ApplicantUserId);
        Assert.Equal(IntakeChannel.Email, r.Channel);
        Assert.Equal(_h.Admin.UserId, r.Steps.Single(s => s.Kind == StepKind.Submit).PerformerUserId);
        await using var db = _h.Query();
        Assert.Contains("Admin Agency", (await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.AccessRequestId == r.Id)).Body);
    }

    [Fact]
    public async Task IntakeForAnApplicantWhoseNipStaffFoundNotToMatchTheSk_IsRefusedUntilTheNipIsVerifiedAgain()
    {
        await using (var db = _h.Query())
        {
            await db.Users.Where(u => u.Id == _h.Applicant.Id).ExecuteUpdateAsync(u => u
                .SetProperty(x => x.NipStatus, NipStatus.Mismatch).SetProperty(x => x.ApplicantNipKey, (string?)null));
        }

        var result = await _h.IntakeAsync(Intake(spseUserId: "rina.pokja", channel: IntakeChannel.Email) with
        {
            ApplicantName = _h.Applicant.FullName, ApplicantNip = _h.Applicant.Nip!, ApplicantEmail = _h.Applicant.Email!,
        }, _h.Admin);

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("ditandai tidak sesuai SK", result.Message);
        Assert.Contains("Verifikasi NIP", result.Message);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task IntakeIsRefused_ToAnApplicant_ToStaffOfAnotherRole_AndAsAnOnlineChannel()
    {
        await AddWalkInAccountAsync();
        var kepala = Actors.WithRole(Roles.KepalaLpse, _h.Office.Id, "kepala-lpse", "Kepala LPSE");

        Assert.Equal(ErrorKind.Forbidden, (await _h.IntakeAsync(Intake(), _h.ApplicantActor)).Error);
        Assert.Equal(ErrorKind.Forbidden, (await _h.IntakeAsync(Intake(), kepala)).Error);
        Assert.Equal(ErrorKind.Validation, (await _h.IntakeAsync(Intake(channel: IntakeChannel.Online), _h.Helpdesk)).Error);
        await using var db = _h.Query();
        Assert.Equal(0, await db.AccessRequests.CountAsync());
    }

    [Fact]
    public async Task IntakeMakesTheOnlineChecks_MissingDocument_ChangeWithoutAnyNewValue_UnknownOrAnotherPersonsUserId()
    {
        await AddWalkInAccountAsync();

        var missing = await _h.IntakeAsync(Intake(withDecree: false), _h.Helpdesk);
        Assert.Equal(ErrorKind.Validation, missing.Error);
        Assert.Contains("Dokumen wajib belum diunggah: Surat Keputusan Penetapan sebagai Pokja Pemilihan", missing.Message);
        Assert.Equal(ErrorKind.Validation, (await _h.IntakeAsync(Intake(type: RequestType.ChangeUserInformation), _h.Helpdesk)).Error);
        Assert.Equal(ErrorKind.Validation, (await _h.IntakeAsync(Intake(type: RequestType.Deactivate), _h.Helpdesk)).Error);

        var unknown = await _h.IntakeAsync(Intake(spseUserId: "tidak.ada"), _h.Helpdesk);
        Assert.Equal(ErrorKind.Validation, unknown.Error);
        Assert.Contains("User ID \"tidak.ada\" tidak terdaftar di register akun SPSE kantor ini", unknown.Message);
        Assert.DoesNotContain("Anda", unknown.Message);

        var another = await _h.IntakeAsync(Intake(spseUserId: "rina.pokja"), _h.Helpdesk);
        Assert.Equal(ErrorKind.Validation, another.Error);
        Assert.Contains("User ID \"rina.pokja\" tidak terdaftar atas NIP pemohon", another.Message);

        await using var db = _h.Query();
        Assert.Equal(0, await db.AccessRequests.CountAsync());
        Assert.Null(await db.Users.SingleOrDefaultAsync(u => u.Email == WalkInEmail));
    }

    [Fact]
    public async Task TheSameIntakeFormPostedTwice_RegistersOneRequest_AndAnotherOfficerIsToldItWasUsed()
    {
        await AddWalkInAccountAsync();
        var command = Intake(key: Guid.NewGuid());

        var first = await _h.IntakeAsync(command, _h.Helpdesk);
        var second = await _h.IntakeAsync(command, _h.Helpdesk);
        var byAdmin = await _h.IntakeAsync(command, _h.Admin);

        AssertOk(first);
        Assert.Equal(first.Value, second.Value);
        Assert.Equal(ErrorKind.Validation, byAdmin.Error);
        await using var db = _h.Query();
        Assert.Equal(1, await db.AccessRequests.CountAsync());
    }

    [Fact]
    public async Task AReturnedPaperFile_IsCompletedByTheDesk_ButAnOnlineOneOnlyByItsApplicant()
    {
        await AddWalkInAccountAsync();
        var paper = (await _h.IntakeAsync(Intake(), _h.Helpdesk)).Value;
        AssertOk(await _h.CheckCompletenessAsync(paper, StepAnswer.No, [DecreeCode]));
        await using (var db = _h.Query())
        {
            // The applicant of a paper file is told to bring the missing documents, not to sign in.
            var notice = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.AccessRequestId == paper && m.Kind == "incomplete");
            Assert.Contains("Serahkan kelengkapan berkas ke LPSE", notice.Body);
        }

        var request = await _h.LoadAsync(paper);
        Assert.True(SopEngine.CanAct(request, _h.Admin));
        Assert.True(SopEngine.CanAct(request, _h.Helpdesk));
        AssertOk(await _h.ResubmitAsync(paper, [new IncomingFile(DecreeCode, "sk-baru.pdf", TestFiles.Pdf())], "SK diserahkan di loket", _h.Helpdesk));
        var completed = await _h.LoadAsync(paper);
        Assert.Equal(CompletenessStep, completed.CurrentStepNumber);
        Assert.Equal(_h.Helpdesk.UserId, completed.Steps.Single(s => s.Kind == StepKind.ApplicantCompletion).PerformerUserId);

        var online = await _h.DriveToAsync(CompletionStep);
        var refused = await _h.ResubmitAsync(online, actor: _h.Admin);
        Assert.Equal(ErrorKind.Forbidden, refused.Error);
        Assert.Equal(ErrorKind.Forbidden, (await _h.ResubmitAsync(online, actor: _h.Helpdesk)).Error);
    }

    // ------------------------------------------------------------------------------------------------
    // Steps 2, 3 and 7: completeness check
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ForwardsCompleteFileToValidityCheck()
    {
        var id = await _h.SubmitAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(3));

        AssertOk(await _h.CheckCompletenessAsync(id, StepAnswer.Yes, remarks: "Asli diterima di loket"));

        var request = await _h.LoadAsync(id);
        Assert.Equal(ValidityStep, request.CurrentStepNumber);
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

        var result = await _h.CheckCompletenessAsync(id, StepAnswer.Yes, [DecreeCode]);

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertUnchangedAsync(id, CompletenessStep);
    }

    [Fact]
    public async Task ReturnsIncompleteFileToTheApplicantNamingTheMissingDocument()
    {
        var id = await _h.SubmitAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(2));

        AssertOk(await _h.CheckCompletenessAsync(id, StepAnswer.No, [DecreeCode]));

        var request = await _h.LoadAsync(id);
        Assert.Equal(CompletionStep, request.CurrentStepNumber);
        Assert.Equal("- " + DecreeName, request.MissingItems);
        Assert.True(request.IsPaused);

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

        AssertOk(await _h.CheckCompletenessAsync(id, StepAnswer.No, remarks: "Surat belum ditandatangani"));

        var request = await _h.LoadAsync(id);
        Assert.Equal(CompletionStep, request.CurrentStepNumber);
        Assert.Equal("Surat belum ditandatangani", request.MissingItems);
    }

    [Fact]
    public async Task NamesTheMissingDocumentsAndTheRemarkOneLineEach()
    {
        var id = await _h.SubmitAsync();

        AssertOk(await _h.CheckCompletenessAsync(id, StepAnswer.No, [DecreeCode], remarks: "Surat belum ditandatangani"));

        Assert.Equal($"- {DecreeName}\n- Surat belum ditandatangani", (await _h.LoadAsync(id)).MissingItems);
    }

    [Fact]
    public async Task RefusesToReturnAFileWithNothingMarkedMissing()
    {
        var id = await _h.SubmitAsync();

        var result = await _h.CheckCompletenessAsync(id, StepAnswer.No, [], remarks: "  ");

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertUnchangedAsync(id, CompletenessStep);
    }

    [Fact]
    public async Task RefusesARejectionWithoutReason()
    {
        var id = await _h.SubmitAsync();

        var result = await _h.CheckCompletenessAsync(id, StepAnswer.Reject, remarks: null);

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertUnchangedAsync(id, CompletenessStep);
    }

    [Fact]
    public async Task RejectsAtCompletenessCheckWithNoticeAndOpensTheArchiveStep()
    {
        var id = await _h.SubmitAsync();

        AssertOk(await _h.CheckCompletenessAsync(id, StepAnswer.Reject, remarks: "Pemohon bukan anggota Pokja"));

        await AssertRejectedAsync(id, "Pemohon bukan anggota Pokja");
        var check = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == StepKind.CompletenessCheck);
        Assert.NotNull(check.CompletedAt);
        Assert.Contains("Pemohon bukan anggota Pokja", check.Outcome);
    }

    [Fact]
    public async Task TheDocumentMarkedMissingStaysTicked_UntilANewUploadReplacesIt()
    {
        var id = await _h.SubmitAsync();
        AssertOk(await _h.CheckCompletenessAsync(id, StepAnswer.No, [LetterCode, DecreeCode]));

        _h.Time.Advance(TimeSpan.FromMinutes(30));
        AssertOk(await _h.ResubmitAsync(id, [new IncomingFile(DecreeCode, "sk-baru.pdf", TestFiles.Pdf())], note: null));

        var r = await _h.LoadAsync(id);
        var ticks = CompletenessTicks.LastOf(r)!;
        Assert.True(ticks.StillMissing(r, LetterCode)); // not sent again: still ticked as missing for re-checking
        Assert.False(ticks.StillMissing(r, DecreeCode)); // a new decree came: staff check it afresh
        var oldDecree = r.Documents.Where(d => d.DocumentCode == DecreeCode).OrderBy(d => d.UploadedAt).First();
        Assert.Equal(Now, r.ReplacedAt(oldDecree));
        Assert.Single(r.Steps, s => s.Kind == StepKind.CompletenessCheck && s.IsOpen);
    }

    // ------------------------------------------------------------------------------------------------
    // Step 4: the applicant completes the file
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task LetsOnlyTheApplicantCompleteTheFile()
    {
        var id = await _h.DriveToAsync(CompletionStep);

        var byOtherApplicant = await _h.ResubmitAsync(id, actor: _h.OtherApplicantActor);
        var byAdmin = await _h.ResubmitAsync(id, actor: _h.Admin);

        Assert.Equal(ErrorKind.Forbidden, byOtherApplicant.Error);
        Assert.Equal(ErrorKind.Forbidden, byAdmin.Error);
        await AssertUnchangedAsync(id, CompletionStep);
        Assert.Equal(2, _h.StoredPaths.Count);
    }

    [Fact]
    public async Task SendsACompletedFileBackToCompletenessCheckKeepingItsHistory()
    {
        var id = await _h.DriveToAsync(CompletionStep);
        var firstRound = await _h.LoadAsync(id);
        _h.Time.Advance(TimeSpan.FromHours(20));
        var newDecree = AksesSpse.Tests.Shared.TestDocuments.Pdf("SK yang sudah ditandatangani");

        AssertOk(await _h.ResubmitAsync(id, [new IncomingFile(DecreeCode, "sk-baru.pdf", newDecree)], note: "SK terbaru"));

        var request = await _h.LoadAsync(id);
        Assert.Equal(CompletenessStep, request.CurrentStepNumber);
        Assert.Null(request.MissingItems);
        Assert.False(request.IsPaused);
        Assert.Equal(20 * 3600, request.PausedSeconds); // the time with the applicant does not count against the office

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
        Assert.Equal(ValidityStep, (await _h.LoadAsync(id)).CurrentStepNumber);
    }

    [Fact]
    public async Task AcceptsACompletionWithOnlyANote()
    {
        var id = await _h.DriveToAsync(CompletionStep);

        AssertOk(await _h.ResubmitAsync(id, [], note: "SK asli sudah diserahkan di loket"));

        var request = await _h.LoadAsync(id);
        Assert.Equal(CompletenessStep, request.CurrentStepNumber);
        Assert.Equal(2, request.Documents.Count);
    }

    [Fact]
    public async Task RefusesACompletionThatGivesNothing()
    {
        var id = await _h.DriveToAsync(CompletionStep);

        var result = await _h.ResubmitAsync(id, [], note: "   ");

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertUnchangedAsync(id, CompletionStep);
    }

    [Fact]
    public async Task RefusesADisguisedFileOnCompletionAndStoresNothing()
    {
        var id = await _h.DriveToAsync(CompletionStep);

        var result = await _h.ResubmitAsync(id, [new IncomingFile(DecreeCode, "sk.pdf", TestFiles.Png())]);

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertUnchangedAsync(id, CompletionStep);
        Assert.Equal(2, _h.StoredPaths.Count);
        Assert.Equal(2, (await _h.LoadAsync(id)).Documents.Count);
    }

    // ------------------------------------------------------------------------------------------------
    // Steps 5 and 7: validity check
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task SendsAValidFileMatchingTheRegisterToExecution()
    {
        var id = await _h.DriveToAsync(ValidityStep);
        _h.Time.Advance(TimeSpan.FromMinutes(10));

        AssertOk(await _h.CheckValidityAsync(id, valid: true, confirmationNote: "Dikonfirmasi lewat telepon"));

        var request = await _h.LoadAsync(id);
        Assert.Equal(AccountStep, request.CurrentStepNumber);
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
        var id = await _h.DriveToAsync(ValidityStep);
        await RenameAccountInRegisterAsync("rina.lama");

        var result = await _h.CheckValidityAsync(id, valid: true, deviationReason: "Dikonfirmasi lewat telepon");

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("rina.pokja", result.Message);
        Assert.Contains("tidak ada di register", result.Message);
        await AssertUnchangedAsync(id, ValidityStep);
    }

    [Fact]
    public async Task RefusesToCallAFileInvalidWithoutReason()
    {
        var id = await _h.DriveToAsync(ValidityStep);

        var result = await _h.CheckValidityAsync(id, valid: false, reason: " ");

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertUnchangedAsync(id, ValidityStep);
    }

    [Fact]
    public async Task RejectsAnInvalidFileWithNotice()
    {
        var id = await _h.DriveToAsync(ValidityStep);

        AssertOk(await _h.CheckValidityAsync(id, valid: false, reason: "NIP pada SK berbeda dengan register"));

        await AssertRejectedAsync(id, "NIP pada SK berbeda dengan register");
        var validity = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == StepKind.ValidityCheck);
        Assert.Contains("NIP pada SK berbeda dengan register", validity.Outcome);
        Assert.DoesNotContain((await _h.LoadAsync(id)).Steps, s => s.Kind == StepKind.AccountAction);
    }

    [Fact]
    public async Task RefusesValidAgainstAFailedRegisterCheckWithoutAWrittenReason()
    {
        var id = await _h.DriveToAsync(ValidityStep);
        await SetAccountAsync(a => a.SetProperty(x => x.ValidUntil, new DateOnly(2026, 2, 28)));

        var result = await _h.CheckValidityAsync(id, valid: true, confirmationNote: "Dikonfirmasi lewat telepon", deviationReason: "  ");

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("SK penetapan masih berlaku", result.Message);
        Assert.Contains("alasan tertulis", result.Message);
        await AssertUnchangedAsync(id, ValidityStep);
    }

    [Fact]
    public async Task RefusesADeviationReasonLongerThanTwoThousandCharacters()
    {
        var id = await _h.DriveToAsync(ValidityStep);
        await SetAccountAsync(a => a.SetProperty(x => x.ValidUntil, new DateOnly(2026, 2, 28)));

        var result = await _h.CheckValidityAsync(id, valid: true, deviationReason: new string('x', SopEngine.MaxDeviationReason + 1));

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertUnchangedAsync(id, ValidityStep);
        AssertOk(await _h.CheckValidityAsync(id, valid: true, deviationReason: new string('x', SopEngine.MaxDeviationReason)));
    }

    [Fact]
    public async Task RecordsValidAgainstAFailedRegisterCheckAsADeviationInTheStepAndTheArchive()
    {
        var id = await _h.DriveToAsync(ValidityStep);
        await SetAccountAsync(a => a.SetProperty(x => x.ValidUntil, new DateOnly(2026, 2, 28)));

        AssertOk(await _h.CheckValidityAsync(id, valid: true, deviationReason: "SK perpanjangan 2026 sudah terbit, register belum diperbarui"));

        var validity = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == StepKind.ValidityCheck);
        Assert.Contains("penyimpangan", validity.Outcome);
        Assert.NotNull(validity.Deviation);
        Assert.Contains("SK penetapan masih berlaku", validity.Deviation);
        Assert.Contains("28-02-2026", validity.Deviation);
        Assert.Contains("Alasan: SK perpanjangan 2026 sudah terbit, register belum diperbarui", validity.Deviation);
        Assert.Equal(AccountStep, (await _h.LoadAsync(id)).CurrentStepNumber);

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
        var id = await _h.DriveToAsync(ValidityStep);

        AssertOk(await _h.CheckValidityAsync(id, valid: true, deviationReason: "Tidak perlu"));

        var validity = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == StepKind.ValidityCheck);
        Assert.Null(validity.Deviation);
        Assert.Equal("Berkas benar/valid sesuai register akun SPSE", validity.Outcome);
    }

    [Fact]
    public async Task RefusesValidWhenTheRegisterNowNamesAnotherHolderWhateverTheReason()
    {
        var id = await _h.DriveToAsync(ValidityStep);
        await SetAccountAsync(a => a.SetProperty(x => x.HolderNip, "197011061996031002"));

        var result = await _h.CheckValidityAsync(id, valid: true, deviationReason: "Dikonfirmasi lewat telepon");

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("bukan milik pemohon", result.Message);
        await AssertUnchangedAsync(id, ValidityStep);
    }

    [Fact]
    public async Task ValidityReportPassesEveryCheckForTheApplicantsOwnAccount()
    {
        var request = await _h.LoadAsync(await _h.DriveToAsync(ValidityStep));

        var report = await Module(_h.Engine()).ValidityReportAsync(request, CancellationToken.None);

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
    [InlineData("email", "Email pemegang akun tidak berubah sejak permohonan diajukan")]
    public async Task ValidityReportFlagsWhatDiffersFromTheRegister(string defect, string failingCheck)
    {
        var account = new SpseAccountBuilder().WithUserId("rina.pokja2").InOffice(_h.Office.Id);
        account = defect switch
        {
            "nip" or "email" => account, // changed in the register after submission, below
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
        await using (var db = _h.Query())
        {
            var changed = db.SpseAccounts.Where(a => a.UserId == "rina.pokja2");
            _ = defect switch
            {
                "nip" => await changed.ExecuteUpdateAsync(u => u.SetProperty(a => a.HolderNip, "197011061996031002")),
                "email" => await changed.ExecuteUpdateAsync(u => u.SetProperty(a => a.HolderEmail, "orang.lain@contoh.go.id")),
                _ => 0,
            };
        }

        var report = await Module(_h.Engine()).ValidityReportAsync(request, CancellationToken.None);

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

        var report = await Module(_h.Engine()).ValidityReportAsync(request, CancellationToken.None);

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

        var report = await Module(_h.Engine()).ValidityReportAsync(request, CancellationToken.None);

        Assert.False(report.AccountFound);
    }

    // ------------------------------------------------------------------------------------------------
    // Step 6: reset the password or change the information
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ResetGivesAStrongTemporaryPasswordThatIsStoredNowhereInPlainText()
    {
        var logger = new ListLogger<SopEngine>();
        _h.Logger = logger;
        var id = await _h.DriveToAsync(AccountStep);

        var result = await _h.ExecuteAsync(id);

        AssertOk(result);
        var secret = Assert.Single(result.Value!.Secrets);
        var password = secret.Password;
        Assert.Equal(16, password.Length);
        Assert.Contains(password, char.IsAsciiLetterUpper);
        Assert.Contains(password, char.IsAsciiLetterLower);
        Assert.Contains(password, char.IsAsciiDigit);
        Assert.Contains(password, c => !char.IsAsciiLetterOrDigit(c));
        Assert.Equal("rina.pokja", secret.SpseUserId);
        Assert.DoesNotContain(password, secret.ToString(), StringComparison.Ordinal);

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
    public async Task ResetGoesToTheRegisterEmailHeldAtSubmission_NotToOneChangedSince()
    {
        var id = await _h.DriveToAsync(ValidityStep);
        await SetAccountAsync(a => a.SetProperty(x => x.HolderEmail, "penyusup@contoh.go.id"));
        AssertOk(await _h.CheckValidityAsync(id, deviationReason: "Dikonfirmasi langsung dengan pemegang akun"));

        AssertOk(await _h.ExecuteAsync(id));
        AssertOk(await _h.NotifyAsync(id));

        await using var db = _h.Query();
        Assert.Equal(_h.Account.HolderEmail, (await db.CredentialDeliveries.SingleAsync()).HolderEmail);
        Assert.Equal(_h.Account.HolderEmail, (await db.OutboxMessages.SingleAsync(m => m.Kind == "credential")).To);
    }

    [Fact]
    public async Task ResetIsRecordedInTheRegisterHistoryAndOpensTheNoticeStep()
    {
        var id = await _h.DriveToAsync(AccountStep);

        AssertOk(await _h.ExecuteAsync(id));

        var request = await _h.LoadAsync(id);
        Assert.Equal(NotifyStep, request.CurrentStepNumber);
        var action = Assert.Single(request.Steps, s => s.Kind == StepKind.AccountAction);
        Assert.Equal(Now, action.CompletedAt);
        Assert.Equal(_h.Admin.UserId, action.PerformerUserId);
        Assert.Equal("Password direset di SPSE; password sementara dibuat", action.Outcome);
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
        var id = await _h.DriveToAsync(AccountStep, new SubmitResetCommandBuilder().ChangingInformation(email: "rina.baru@contoh.go.id").Build());

        var result = await _h.ExecuteAsync(id);

        AssertOk(result);
        Assert.Empty(result.Value!.Secrets);
        var action = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == StepKind.AccountAction);
        Assert.Equal("Informasi user ID diubah:\nEmail: rina.spse@contoh.go.id → rina.baru@contoh.go.id", action.Outcome);

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
        Assert.Equal(NotifyStep, (await _h.LoadAsync(id)).CurrentStepNumber);

        // The old address hears of it at once (H1 of issue #7).
        var told = Assert.Single(await db.OutboxMessages.Where(m => m.Kind == "email-changed-old").ToListAsync());
        Assert.Equal("rina.spse@contoh.go.id", told.To);
    }

    [Fact]
    public async Task RefusesToCallValidAChangeThatTheRegisterAlreadyHas()
    {
        var id = await _h.DriveToAsync(ValidityStep, new SubmitResetCommandBuilder().ChangingInformation(email: _h.Account.HolderEmail).Build());

        var result = await _h.CheckValidityAsync(id);

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("sudah sama dengan register", result.Message);
        await AssertUnchangedAsync(id, ValidityStep);
    }

    [Fact]
    public async Task FinishesAChangeThatTheRegisterReceivedMeanwhileWithoutChangingAnything()
    {
        var id = await _h.DriveToAsync(AccountStep, new SubmitResetCommandBuilder().ChangingInformation(email: "rina.baru@contoh.go.id").Build());
        await using (var db = _h.Query())
        {
            var account = await db.SpseAccounts.SingleAsync(a => a.Id == _h.Account.Id);
            account.HolderEmail = "rina.baru@contoh.go.id";
            await db.SaveChangesAsync();
        }

        AssertOk(await _h.ExecuteAsync(id));

        var request = await _h.LoadAsync(id);
        Assert.Contains("Tidak ada perubahan", Assert.Single(request.Steps, s => s.Kind == StepKind.AccountAction).Outcome);
        await using var check = _h.Query();
        Assert.Empty(await check.SpseAccountHistory.ToListAsync());
        Assert.Equal(NotifyStep, request.CurrentStepNumber);
    }

    [Fact]
    public async Task RegeneratesALostTemporaryPasswordAndVoidsTheOldOne()
    {
        var id = await _h.DriveToAsync(AccountStep);
        var first = Assert.Single((await _h.ExecuteAsync(id)).Value!.Secrets).Password;
        var before = await _h.VersionOfAsync(id);

        var again = await _h.RegenerateAsync(id);

        AssertOk(again);
        var second = Assert.Single(again.Value!.Secrets).Password;
        Assert.NotEqual(first, second);
        Assert.True(await _h.VersionOfAsync(id) > before); // a page drawn before it is stale
        await using var db = _h.Query();
        var deliveries = await db.CredentialDeliveries.Where(c => c.AccessRequestId == id).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(2, deliveries.Count);
        Assert.Null(deliveries[0].ProtectedSecret);
        Assert.NotNull(deliveries[1].ProtectedSecret);
        Assert.Equal(2, await db.SpseAccountHistory.CountAsync(h => h.Change == SpseAccountChange.PasswordReset));
        var request = await _h.LoadAsync(id);
        Assert.Equal(NotifyStep, request.CurrentStepNumber);
        Assert.Contains("dibuat ulang", request.Steps.Single(s => s.IsOpen).Note);
        Assert.DoesNotContain(_h.Database.AllTextValues(), v => v.Value.Contains(second, StringComparison.Ordinal));

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
        var id = await _h.DriveToAsync(ArchiveStep);

        var result = await _h.RegenerateAsync(id);

        Assert.Equal(ErrorKind.InvalidState, result.Error);
    }

    [Fact]
    public async Task RefusesToRegenerateAPasswordWithAStaleVersion()
    {
        var id = await _h.DriveToAsync(AccountStep);
        var version = await _h.VersionOfAsync(id);
        AssertOk(await _h.ExecuteAsync(id));

        var result = await _h.RegenerateAsync(id, version: version);

        Assert.Equal(ErrorKind.Conflict, result.Error);
    }

    [Fact]
    public async Task RefusesToRegenerateAPasswordToAnyoneButTheNoticeStepsActor()
    {
        var id = await _h.DriveToAsync(AccountStep);
        AssertOk(await _h.ExecuteAsync(id));

        Assert.Equal(ErrorKind.Forbidden, (await _h.RegenerateAsync(id, _h.OtherOfficeAdmin)).Error);
        Assert.Equal(ErrorKind.Forbidden, (await _h.RegenerateAsync(id, _h.ApplicantActor)).Error);
        Assert.Equal(ErrorKind.Forbidden, (await _h.RegenerateAsync(id, _h.Helpdesk)).Error);
        await using var db = _h.Query();
        Assert.Single(await db.CredentialDeliveries.ToListAsync());
    }

    [Fact]
    public async Task RefusesToRegenerateForAChangeOfInformation()
    {
        var id = await _h.DriveToAsync(NotifyStep, new SubmitResetCommandBuilder().ChangingInformation(email: "rina.baru@contoh.go.id").Build());

        Assert.Equal(ErrorKind.InvalidState, (await _h.RegenerateAsync(id)).Error);
        Assert.False(PasswordResetModule.CanRegeneratePassword(await _h.LoadAsync(id), _h.Admin));
    }

    // ------------------------------------------------------------------------------------------------
    // Step 8: tell the holder
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task NotifiesTheHolderWithAOneTimeLinkAndNeverThePassword()
    {
        var id = await _h.DriveToAsync(AccountStep);
        var password = Assert.Single((await _h.ExecuteAsync(id)).Value!.Secrets).Password;
        Assert.True(PasswordResetModule.CanRegeneratePassword(await _h.LoadAsync(id), _h.Admin));

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
        Assert.Equal(ArchiveStep, request.CurrentStepNumber);
        Assert.Equal(RequestOutcome.Completed, request.Outcome);
        Assert.False(PasswordResetModule.CanRegeneratePassword(request, _h.Admin));
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
        var id = await _h.DriveToAsync(NotifyStep, new SubmitResetCommandBuilder().ChangingInformation(email: "rina.baru@contoh.go.id").Build());

        AssertOk(await _h.NotifyAsync(id));

        await using var db = _h.Query();
        var mail = Assert.Single(await db.OutboxMessages.Where(m => m.Kind == "changed").ToListAsync());
        Assert.Equal("rina.baru@contoh.go.id", mail.To);
        Assert.Equal(_h.Applicant.Email, mail.Cc);
        Assert.Contains("Email: rina.spse@contoh.go.id → rina.baru@contoh.go.id", mail.Body);
        Assert.Empty(await db.CredentialDeliveries.ToListAsync());
        var request = await _h.LoadAsync(id);
        Assert.Equal(ArchiveStep, request.CurrentStepNumber);
        Assert.Equal(RequestOutcome.Completed, request.Outcome);
    }

    // ------------------------------------------------------------------------------------------------
    // Step 9: archive
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ArchivesTheRequestAsASealedRecordAndClosesIt()
    {
        var id = await _h.DriveToAsync(ArchiveStep);
        _h.Time.Advance(TimeSpan.FromMinutes(4));

        AssertOk(await _h.ArchiveAsync(id));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.Archived, request.Status);
        Assert.Equal(RequestOutcome.Completed, request.Outcome);
        Assert.Equal(Now, request.ClosedAt);
        Assert.Null(request.OpenStep);
        Assert.Null(request.CurrentStepNumber);
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
        Assert.Contains("Jenis: Reset password", record.Summary, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Cara masuk: ", record.Summary);
        Assert.Contains("User ID SPSE: rina.pokja", record.Summary);
        Assert.All(request.Documents, d => Assert.Contains(d.Sha256, record.Summary));
        Assert.Equal(request.Steps.Count, Regex.Count(record.Summary, "^Langkah ", RegexOptions.Multiline));
    }

    [Fact]
    public async Task ArchivesARejectedRequestWithItsReason()
    {
        var id = await _h.SubmitAsync();
        AssertOk(await _h.CheckCompletenessAsync(id, StepAnswer.Reject, remarks: "Berkas bukan untuk Pokja"));

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

    public static TheoryData<int, StepKind, int> TimedAdminSteps => new()
    {
        { CompletenessStep, StepKind.CompletenessCheck, 5 },
        { ValidityStep, StepKind.ValidityCheck, 15 },
        { AccountStep, StepKind.AccountAction, 15 },
        { NotifyStep, StepKind.Notify, 10 },
        { ArchiveStep, StepKind.Archive, 5 },
    };

    [Theory]
    [MemberData(nameof(TimedAdminSteps))]
    public async Task LateStepCannotBeCompletedWithoutAnExplanation(int step, StepKind kind, int standardMinutes)
    {
        var id = await _h.DriveToAsync(step);
        var before = await _h.LoadAsync(id);
        _h.Time.Advance(TimeSpan.FromMinutes(standardMinutes + 2));

        var result = await PerformWithExplanationAsync(step, id, lateExplanation: "   ");

        Assert.Equal(ErrorKind.LateExplanationRequired, result.Error);
        Assert.Contains($"standar waktu {standardMinutes} menit", result.Message);
        var after = await AssertUnchangedAsync(id, step);
        Assert.Equal(kind, after.OpenStep!.Kind);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Steps.Count, after.Steps.Count);
        await using var db = _h.Query();
        Assert.Equal(step is NotifyStep or ArchiveStep ? 1 : 0, await db.CredentialDeliveries.CountAsync()); // nothing made in the register only to be refused
    }

    [Theory]
    [MemberData(nameof(TimedAdminSteps))]
    public async Task LateStepWithAnExplanationIsCompletedAndMarkedLate(int step, StepKind kind, int standardMinutes)
    {
        var id = await _h.DriveToAsync(step);
        var opened = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == kind);
        _h.Time.Advance(TimeSpan.FromMinutes(standardMinutes + 2));

        AssertOk(await PerformWithExplanationAsync(step, id, lateExplanation: "  Jaringan SPSE terputus  "));

        var done = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Id == opened.Id);
        Assert.Equal(Now, done.CompletedAt);
        Assert.True(done.IsLate);
        Assert.Equal("Jaringan SPSE terputus", done.LateExplanation);
        Assert.Equal((standardMinutes + 2) * 60, done.ElapsedSeconds);
        Assert.Equal(_h.Admin.UserId, done.PerformerUserId);
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
        await AssertUnchangedAsync(id, CompletenessStep);
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
        var id = await _h.DriveToAsync(ValidityStep);
        _h.Time.Advance(TimeSpan.FromMinutes(16));

        var result = await _h.CheckValidityAsync(id, valid: false, reason: "SK tidak sah");

        Assert.Equal(ErrorKind.LateExplanationRequired, result.Error);
        await AssertUnchangedAsync(id, ValidityStep);
        await using var db = _h.Query();
        Assert.Empty(await db.OutboxMessages.Where(m => m.Kind == "rejected").ToListAsync());
    }

    [Fact]
    public async Task ApplicantsOwnStepIsNeverLate()
    {
        var id = await _h.DriveToAsync(CompletionStep);
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
        var after = await AssertUnchangedAsync(id, CompletenessStep);
        Assert.Equal(version, after.Version);
    }

    [Fact]
    public async Task ChangesTheVersionOnEverySuccessfulMove()
    {
        var id = await _h.SubmitAsync();
        var versions = new List<int> { await _h.VersionOfAsync(id) };

        AssertOk(await _h.CheckCompletenessAsync(id, StepAnswer.No, [DecreeCode]));
        versions.Add(await _h.VersionOfAsync(id));
        AssertOk(await _h.ResubmitAsync(id));
        versions.Add(await _h.VersionOfAsync(id));
        AssertOk(await _h.CheckCompletenessAsync(id));
        versions.Add(await _h.VersionOfAsync(id));
        AssertOk(await _h.CheckValidityAsync(id));
        versions.Add(await _h.VersionOfAsync(id));
        AssertOk(await _h.ExecuteAsync(id));
        versions.Add(await _h.VersionOfAsync(id));
        AssertOk(await _h.RegenerateAsync(id));
        versions.Add(await _h.VersionOfAsync(id));
        AssertOk(await _h.NotifyAsync(id));
        versions.Add(await _h.VersionOfAsync(id));
        AssertOk(await _h.ArchiveAsync(id));
        versions.Add(await _h.VersionOfAsync(id));

        // Each move makes every page drawn before it stale (the engine claims the row, then saves the step).
        Assert.All(versions.Zip(versions.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"{pair.First} → {pair.Second}"));
    }

    [Fact]
    public async Task SecondOfficerActingOnTheSameVersionGetsAConflict()
    {
        var id = await _h.SubmitAsync();
        var seen = await _h.VersionOfAsync(id);
        var colleague = Actors.AdminAgency(_h.Office.Id, "admin-sari", "Sari Dewi");

        AssertOk(await _h.CheckCompletenessAsync(id, StepAnswer.Yes, actor: colleague, version: seen));
        var late = await _h.CheckCompletenessAsync(id, StepAnswer.Reject, remarks: "Ditolak", version: seen);

        Assert.Equal(ErrorKind.Conflict, late.Error);
        Assert.Contains("petugas lain", late.Message);
        var request = await _h.LoadAsync(id);
        Assert.Equal(ValidityStep, request.CurrentStepNumber);
        Assert.Equal(RequestOutcome.Pending, request.Outcome);
        Assert.Equal(colleague.UserId, Assert.Single(request.Steps, s => s.Kind == StepKind.CompletenessCheck).PerformerUserId);
    }

    [Fact]
    public async Task SameOfficerRepeatingAMoveIsToldItWasTheirOwnNotAnotherOfficers()
    {
        var id = await _h.DriveToAsync(AccountStep);
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
        var id = await _h.DriveToAsync(AccountStep);
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
        var won = 0;
        var hook = new BeforeTransactionHook(async () =>
        {
            AssertOk(await _h.CheckCompletenessAsync(id, StepAnswer.Reject, remarks: "SK palsu", actor: colleague, version: seen));
            won = await _h.VersionOfAsync(id);
        });
        var slow = _h.Engine(_h.Database.NewContext(hook));

        var result = await _h.CheckCompletenessAsync(id, StepAnswer.Yes, version: seen, engine: slow);

        Assert.True(hook.Ran);
        Assert.Equal(ErrorKind.Conflict, result.Error);
        Assert.Contains("langkah 9", result.Message);
        var request = await _h.LoadAsync(id);
        Assert.Equal(ArchiveStep, request.CurrentStepNumber);
        Assert.Equal(RequestOutcome.Rejected, request.Outcome);
        Assert.Equal(won, request.Version);
        Assert.DoesNotContain(request.Steps, s => s.Kind == StepKind.ValidityCheck);
        Assert.Equal(colleague.UserId, Assert.Single(request.Steps, s => s.Kind == StepKind.CompletenessCheck).PerformerUserId);
        await using var db = _h.Query();
        Assert.DoesNotContain(await db.UserNotifications.Select(n => n.Message).ToListAsync(), m => m.Contains("sedang diperiksa keabsahannya"));
    }

    [Fact]
    public async Task CompletionThatLosesARaceStoresNothing()
    {
        var id = await _h.DriveToAsync(CompletionStep);
        var seen = await _h.VersionOfAsync(id);
        var loserFiles = new Mock<IFileStore>();
        var hook = new BeforeTransactionHook(async () =>
            AssertOk(await _h.ResubmitAsync(id, version: seen))); // the applicant's second tab completes the file first
        var slow = _h.Engine(_h.Database.NewContext(hook), loserFiles.Object);

        var result = await _h.ResubmitAsync(id, [new IncomingFile(DecreeCode, "sk-tab-2.pdf", TestFiles.Pdf())], null, version: seen, engine: slow);

        Assert.True(hook.Ran);
        Assert.Equal(ErrorKind.Conflict, result.Error);
        // The claim comes before any file is stored: the losing tab leaves no file behind.
        loserFiles.Verify(f => f.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<byte[]>(), It.IsAny<CancellationToken>()), Times.Never);
        var request = await _h.LoadAsync(id);
        Assert.Equal(CompletenessStep, request.CurrentStepNumber);
        Assert.Equal(3, request.Documents.Count);
        Assert.Single(request.Steps, s => s.Kind == StepKind.CompletenessCheck && s.IsOpen);
    }

    // ------------------------------------------------------------------------------------------------
    // Who may act
    // ------------------------------------------------------------------------------------------------

    public static TheoryData<int> AdminSteps => new(CompletenessStep, ValidityStep, AccountStep, NotifyStep, ArchiveStep);

    [Theory]
    [MemberData(nameof(AdminSteps))]
    public async Task RefusesAdminAgencyOfAnotherOffice(int step)
    {
        var id = await _h.DriveToAsync(step);
        var before = await _h.LoadAsync(id);

        var result = await _h.PerformAsync(step, id, _h.OtherOfficeAdmin);

        Assert.Equal(ErrorKind.Forbidden, result.Error);
        var after = await _h.LoadAsync(id);
        Assert.Equal(step, after.CurrentStepNumber);
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
        await AssertUnchangedAsync(id, CompletenessStep);
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
        var id = await _h.DriveToAsync(AccountStep);
        var password = Assert.Single((await _h.ExecuteAsync(id)).Value!.Secrets).Password;
        AssertOk(await _h.NotifyAsync(id));
        await using var db = _h.Query();
        var mail = await db.OutboxMessages.SingleAsync(m => m.Kind == "credential");
        return (id, password, TokenFrom(mail.Body));
    }

    private async Task<OperationResult<MoveResult>> PerformWithExplanationAsync(int step, int id, string lateExplanation) => step switch
    {
        CompletenessStep => await _h.CheckCompletenessAsync(id, lateExplanation: lateExplanation),
        ValidityStep => await _h.CheckValidityAsync(id, lateExplanation: lateExplanation),
        AccountStep => await _h.ExecuteAsync(id, lateExplanation),
        NotifyStep => await _h.NotifyAsync(id, lateExplanation),
        ArchiveStep => await _h.ArchiveAsync(id, lateExplanation),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    /// <summary>The request still waits on step <paramref name="step"/>, its one open step, not marked late.</summary>
    private async Task<AccessRequest> AssertUnchangedAsync(int id, int step)
    {
        var request = await _h.LoadAsync(id);
        Assert.Equal(step, request.CurrentStepNumber);
        Assert.Equal(RequestStatus.InProgress, request.Status);
        var open = Assert.Single(request.Steps, s => s.IsOpen);
        Assert.Equal(step, open.StepNumber);
        Assert.False(open.IsLate);
        Assert.Null(open.LateExplanation);
        return request;
    }

    private async Task AssertRejectedAsync(int id, string reason)
    {
        var request = await _h.LoadAsync(id);
        Assert.Equal(ArchiveStep, request.CurrentStepNumber);
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
