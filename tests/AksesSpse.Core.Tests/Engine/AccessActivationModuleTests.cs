using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Procedures;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Moq;
using static AksesSpse.Core.Tests.Engine.AccessActivationEngineHarness;
using static AksesSpse.Core.Tests.TestSupport.AccessActivationHarness;

namespace AksesSpse.Core.Tests.Engine;

/// <summary>
/// SOP 2 on the engine through <see cref="AccessActivationModule"/>, over a real SQLite database: the behaviour the old
/// AccessActivation*Tests covered (submission and intake, every step and its actor, the time standards, two officers at
/// once), where a request stands is its open step (CurrentStepNumber), not a per-SOP status.
/// </summary>
[Trait("Sop", "Deactivation")]
public sealed partial class AccessActivationModuleTests : IDisposable
{
    private readonly AccessActivationEngineHarness _h = new();

    private DateTime Now => _h.Now;

    public void Dispose() => _h.Dispose();

    // ------------------------------------------------------------------------------------------------
    // Every open step × every step's move, through the engine (was: the workflow table and its service tests)
    // ------------------------------------------------------------------------------------------------

    private static readonly int[] Moves = [ReceiveStep, CompletenessStep, CompletionStep, AccountStep, NotifyStep, ConfirmStep, ArchiveStep];

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
        var before = await SnapshotAsync(id);
        var actor = _h.DefaultActor(move);

        var result = await _h.PerformAsync(move, id, actor);

        var after = await SnapshotAsync(id);
        if (open == move)
        {
            AssertOk(result);
            Assert.NotEqual(open, after.Request.CurrentStepNumber);
            Assert.True(after.Request.Version > before.Request.Version);
        }
        else
        {
            // Another step is open: its own actor is told the step is not running; anyone else may not act at all.
            var mayActNow = open == Closed || SopEngine.CanAct(before.Request, actor);
            Assert.Equal(mayActNow ? ErrorKind.InvalidState : ErrorKind.Forbidden, result.Error);
            AssertNothingChanged(before, after);
        }
    }

    [Fact]
    public async Task EachStepIsItsSeededActorsMove()
    {
        var sop = (await _h.LoadAsync(await _h.SubmitAsync())).Sop!;

        Assert.Equal(
            [(1, Roles.Pemohon), (2, Roles.HelpdeskLpse), (3, Roles.HelpdeskLpse), (4, Roles.Pemohon), (5, Roles.AdminAgency), (6, Roles.AdminAgency),
                (7, Roles.HelpdeskLpse), (8, Roles.Pemohon), (9, Roles.HelpdeskLpse)],
            sop.Steps.OrderBy(s => s.Number).Select(s => (s.Number, s.ActorRole)));
    }

    [Theory]
    [InlineData(ReceiveStep)]
    [InlineData(CompletenessStep)]
    [InlineData(CompletionStep)]
    [InlineData(AccountStep)]
    [InlineData(NotifyStep)]
    [InlineData(ConfirmStep)]
    [InlineData(ArchiveStep)]
    [InlineData(Closed)]
    public async Task OffersEachOpenStepOnlyToItsOwnActor(int open)
    {
        var request = await _h.LoadAsync(await _h.DriveToAsync(open));

        Assert.Equal(open is ReceiveStep or CompletenessStep or NotifyStep or ArchiveStep, SopEngine.CanAct(request, _h.Helpdesk));
        Assert.Equal(open == AccountStep, SopEngine.CanAct(request, _h.Admin));
        Assert.Equal(open is CompletionStep or ConfirmStep, SopEngine.CanAct(request, _h.ApplicantActor));
        Assert.False(SopEngine.CanAct(request, _h.OtherApplicantActor));
        Assert.False(SopEngine.CanAct(request, _h.OtherOfficeHelpdesk));
        Assert.False(SopEngine.CanAct(request, _h.OtherOfficeAdmin));
    }

    [Fact]
    public async Task OffersHelpdeskTheCompletionOfAFileThatCameOnPaper()
    {
        var request = await _h.LoadAsync(await _h.DriveToAsync(CompletionStep, intake: new IntakeCommandBuilder().Build()));

        Assert.True(SopEngine.CanAct(request, _h.Helpdesk));
        Assert.False(SopEngine.CanAct(request, _h.Admin));
        Assert.False(SopEngine.CanAct(request, _h.OtherOfficeHelpdesk));
    }

    [Fact]
    public async Task RefusesAnAnswerThatIsNotOneOfTheChoices()
    {
        var id = await _h.DriveToAsync(CompletenessStep);
        var before = await SnapshotAsync(id);

        var result = await _h.CheckCompletenessAsync(id, (StepAnswer)99);

        Assert.Equal(ErrorKind.Validation, result.Error);
        AssertNothingChanged(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task ReportsAnUnknownRequestAsNotFound()
    {
        var result = await _h.CheckCompletenessAsync(404, version: 1);

        Assert.Equal(ErrorKind.NotFound, result.Error);
    }

    [Fact]
    public async Task DoesNotActOnARequestOfAnotherSop()
    {
        var reset = await _h.Data.SubmitResetAsync(new SubmitResetCommandBuilder().Build(), _h.ApplicantActor);
        AssertOk(reset);
        var before = await _h.Data.LoadAsync(reset.Value);

        var result = await _h.CheckCompletenessAsync(reset.Value);

        Assert.Equal(ErrorKind.NotFound, result.Error);
        var after = await _h.Data.LoadAsync(reset.Value);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.CurrentStepNumber, after.CurrentStepNumber);
    }

    // ------------------------------------------------------------------------------------------------
    // Step 1: the applicant's own submission in the app
    // ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task SubmitCreatesANumberedRequestWaitingForHelpdeskToReceiveIt()
    {
        var id = await _h.SubmitAsync();

        var request = await _h.LoadAsync(id);
        Assert.Matches(@"^HAK-2026-\d{6}$", request.Number);
        Assert.Equal(SopEngine.FormatNumber(AccessActivationModule.Prefix, Now, id), request.Number);
        Assert.Equal(SopKind.AccessActivation, request.Kind);
        Assert.Equal(RequestType.Deactivate, request.Type);
        Assert.Equal(RequestStatus.InProgress, request.Status);
        Assert.Equal(RequestStatus.AwaitingReceipt, SopEngine.StatusOf(request));
        Assert.Equal(ReceiveStep, request.CurrentStepNumber);
        Assert.Equal(IntakeChannel.Online, request.Channel);
        Assert.Null(request.RegisteredByUserId);
        Assert.Equal(_h.Applicant.Id, request.ApplicantUserId);
        Assert.Equal(_h.Applicant.FullName, request.ApplicantName);
        Assert.Equal(_h.Applicant.Nip, request.ApplicantNip);
        Assert.Equal(_h.Applicant.Email, request.ApplicantEmail);
        Assert.Equal(SubmitActivationCommandBuilder.DefaultDetails.RankGrade, request.ApplicantRankGrade);
        Assert.Equal(SubmitActivationCommandBuilder.DefaultDetails.Phone, request.ApplicantPhone);
        Assert.Equal(PokjaUserId, request.SpseUserId);
        Assert.Equal(_h.PokjaAccount.Id, request.SpseAccountId);
        Assert.Equal(_h.PokjaAccount.Id, request.OpenSpseAccountId);
        Assert.Equal("027/15/SK-PBJ/2026", request.SkNumber);
        Assert.Equal(new DateOnly(2026, 12, 31), request.SkValidUntil);
        Assert.Equal(Now, request.SubmittedAt);
        Assert.Null(request.PausedSince);
        Assert.Equal(0, request.PausedSeconds);

        var submit = Assert.Single(request.Steps, s => s.Kind == StepKind.Submit);
        Assert.Equal(_h.Applicant.Id, submit.PerformerUserId);
        Assert.Equal(Now, submit.CompletedAt);
        var receive = Assert.Single(request.Steps, s => s.Kind == StepKind.Receive);
        Assert.Same(receive, request.OpenStep);
        Assert.Equal(ReceiveStep, receive.StepNumber);
        Assert.Equal(Roles.HelpdeskLpse, receive.ActorRole);
        Assert.Null(receive.DueAt);
        Assert.Equal(AccessRequest.NoDeadline, request.CurrentStepDueAt);
        Assert.Equal(Roles.HelpdeskLpse, request.CurrentActorRole);

        Assert.Equal(2, request.Documents.Count);
        Assert.DoesNotContain(request.Documents, d => d.DocumentCode == PaperIntake.ReceiptCode);
        await using var db = _h.Query();
        var mails = await db.OutboxMessages.ToListAsync();
        var mail = Assert.Single(mails, m => m.To == _h.Applicant.Email);
        Assert.Equal("activation-submitted", mail.Kind);
        // Helpdesk LPSE, who receives it next, is told of the new work (docs/adr/0023).
        Assert.All(mails.Where(m => m.To != _h.Applicant.Email), m => Assert.Equal("new-work", m.Kind));
        Assert.Equal(_h.Applicant.Email, mail.To);
        Assert.Contains(request.Number, mail.Body);
        Assert.Contains("https://lpse.contoh.go.id/aksesspse/Status?t=", mail.Body);
        Assert.Null(mail.AttachmentPath);
        Assert.Contains(await db.UserNotifications.Select(n => n.Message).ToListAsync(), m => m.Contains(request.Number));
    }

    [Fact]
    public async Task SubmitsAnActivationOfAnInactiveAccount()
    {
        var id = await _h.SubmitAsync(new SubmitActivationCommandBuilder().Activating().Build());

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestType.Activate, request.Type);
        Assert.Equal(_h.PpkAccount.Id, request.SpseAccountId);
    }

    [Fact]
    public async Task RefusesAUserIdThatIsNotInTheRegister()
    {
        var result = await _h.TrySubmitAsync(new SubmitActivationCommandBuilder().ForSpseUserId("tidak.ada").Build());

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("\"tidak.ada\" tidak terdaftar di register akun SPSE kantor ini", result.Message);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesAUserIdOfTheRegisterOfAnotherOffice()
    {
        await using (var db = _h.Query())
        {
            db.SpseAccounts.Add(new SpseAccountBuilder().WithUserId("rina.lain").InOffice(_h.OtherOffice.Id).Build());
            await db.SaveChangesAsync();
        }

        var result = await _h.TrySubmitAsync(new SubmitActivationCommandBuilder().ForSpseUserId("rina.lain").Build());

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("tidak terdaftar di register", result.Message);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesAnAccountHeldByAnotherNip()
    {
        var result = await _h.TrySubmitAsync(new SubmitActivationCommandBuilder().ForSpseUserId(OtherHoldersUserId).Build());

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("tidak terdaftar atas NIP pemohon", result.Message);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesAnAccountInARoleTheSopDoesNotCover()
    {
        var result = await _h.TrySubmitAsync(new SubmitActivationCommandBuilder().ForSpseUserId(VerifikatorUserId).Build());

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("berperan Verifikator", result.Message);
        Assert.Contains("hanya untuk akun PPK, Pokja Pemilihan dan Pejabat Pengadaan", result.Message);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesToDeactivateAnAccountThatIsAlreadyInactive()
    {
        var result = await _h.TrySubmitAsync(new SubmitActivationCommandBuilder().ForSpseUserId(PpkUserId).Build());

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("sudah nonaktif", result.Message);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesToActivateAnAccountThatIsStillActive()
    {
        var result = await _h.TrySubmitAsync(new SubmitActivationCommandBuilder().Activating(PokjaUserId).Build());

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("masih aktif", result.Message);
        await AssertNothingSubmittedAsync();
    }

    [Theory]
    [InlineData(RequestType.ResetPassword)]
    [InlineData(RequestType.ChangeUserInformation)]
    public async Task RefusesARequestTypeOfAnotherSop(RequestType type)
    {
        var result = await _h.TrySubmitAsync(new SubmitActivationCommandBuilder().OfType(type).Build());

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesAnApplicantWithoutANipOrWhoseNipStaffFoundNotToMatchTheSk()
    {
        await using (var db = _h.Query())
        {
            await db.Users.Where(u => u.Id == _h.Applicant.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.NipStatus, NipStatus.Mismatch));
            await db.Users.Where(u => u.Id == _h.OtherApplicant.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.Nip, (string?)null));
        }

        var mismatch = await _h.TrySubmitAsync();
        var noNip = await _h.TrySubmitAsync(new SubmitActivationCommandBuilder().ForSpseUserId(OtherHoldersUserId).Build(), _h.OtherApplicantActor);

        Assert.Equal(ErrorKind.Validation, mismatch.Error);
        Assert.Contains("dinyatakan tidak sesuai SK", mismatch.Message);
        Assert.Equal(ErrorKind.Validation, noNip.Error);
        Assert.Contains("belum memuat NIP", noNip.Message);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task JudgesTheSkOnTheOfficesCalendarNotOnUtc()
    {
        // 2 March 18:00 UTC is already 3 March 01:00 in Jakarta: an SK valid until 2 March ended yesterday there.
        using var h = new AccessActivationEngineHarness(new DateTimeOffset(2026, 3, 2, 18, 0, 0, TimeSpan.Zero));

        var expired = await h.TrySubmitAsync(new SubmitActivationCommandBuilder().SkValidUntil(new DateOnly(2026, 3, 2)).Build());
        var validToday = await h.TrySubmitAsync(new SubmitActivationCommandBuilder().SkValidUntil(new DateOnly(2026, 3, 3)).Build());

        Assert.Equal(ErrorKind.Validation, expired.Error);
        Assert.Contains("berakhir pada 02-03-2026 dan tidak berlaku hari ini", expired.Message);
        AssertOk(validToday);
        Assert.Equal(new DateOnly(2026, 3, 3), h.Data.Calendar(h.Query()).ForZone("Asia/Jakarta").Today);
    }

    [Fact]
    public async Task NumbersTheRequestInTheOfficesYear()
    {
        // 31 December 18:00 UTC is already 1 January 01:00 in Jakarta: the request is of the new year there.
        using var h = new AccessActivationEngineHarness(new DateTimeOffset(2026, 12, 31, 18, 0, 0, TimeSpan.Zero));

        var id = await h.SubmitAsync(new SubmitActivationCommandBuilder().SkValidUntil(new DateOnly(2027, 12, 31)).Build());

        Assert.Equal($"HAK-2027-{id:D6}", (await h.LoadAsync(id)).Number);
    }

    [Fact]
    public async Task RefusesSubmissionMissingARequiredDocumentAndNamesIt()
    {
        var result = await _h.TrySubmitAsync(new SubmitActivationCommandBuilder().Without(DecreeCode).Build());

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("Dokumen wajib belum diunggah", result.Message);
        Assert.Contains(DecreeName, result.Message);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesAPngNamedPdfAndStoresNothing()
    {
        var result = await _h.TrySubmitAsync(new SubmitActivationCommandBuilder().WithFile(DecreeCode, "sk-penunjukan.pdf", TestFiles.Png()).Build());

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("bernama .pdf tetapi isinya PNG", result.Message);
        Assert.Contains(DecreeName, result.Message);
        await AssertNothingSubmittedAsync();
    }

    [Fact]
    public async Task RefusesASecondRequestWhileOneIsOpenForTheSameAccount()
    {
        var first = await _h.SubmitAsync();
        var number = (await _h.LoadAsync(first)).Number;

        var second = await _h.TrySubmitAsync(new SubmitActivationCommandBuilder().Build());

        Assert.Equal(ErrorKind.Validation, second.Error);
        Assert.Contains($"Masih ada permohonan {number} yang berjalan untuk akun \"{PokjaUserId}\"", second.Message);
        await using var db = _h.Query();
        Assert.Equal(1, await db.AccessRequests.CountAsync());
    }

    [Fact]
    public async Task AcceptsANewRequestForTheAccountOnceTheLastOneIsArchived()
    {
        var archived = await _h.DriveToAsync(Closed);
        Assert.Null((await _h.LoadAsync(archived)).OpenSpseAccountId);

        var activation = await _h.SubmitAsync(new SubmitActivationCommandBuilder().Activating(PokjaUserId).Build());

        Assert.Equal(ReceiveStep, (await _h.LoadAsync(activation)).CurrentStepNumber);
    }

    [Fact]
    public async Task ReturnsTheFirstRequestForADoubleSubmissionWithTheSameKey()
    {
        var key = Guid.NewGuid();

        var first = await _h.SubmitAsync(new SubmitActivationCommandBuilder().WithKey(key).Build());
        var second = await _h.TrySubmitAsync(new SubmitActivationCommandBuilder().WithKey(key).Build());

        AssertOk(second);
        Assert.Equal(first, second.Value);
        await using var db = _h.Query();
        Assert.Equal(1, await db.AccessRequests.CountAsync());
        Assert.Equal(2, await db.RequestDocuments.CountAsync());
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Kind == "activation-submitted")); // and the new work told once
        Assert.Equal(await db.OutboxMessages.CountAsync(m => m.Kind == "new-work"), (await db.OutboxMessages.Where(m => m.Kind == "new-work").Select(m => m.To).ToListAsync()).Distinct().Count());
        Assert.Equal(2, _h.StoredPaths.Count);
    }

    [Fact]
    public async Task RefusesAKeyAlreadyUsedByAnotherPerson()
    {
        var key = Guid.NewGuid();
        await _h.SubmitAsync(new SubmitActivationCommandBuilder().WithKey(key).Build());

        var result = await _h.TrySubmitAsync(new SubmitActivationCommandBuilder().WithKey(key).ForSpseUserId(OtherHoldersUserId).Build(),
            _h.OtherApplicantActor);

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("Formulir ini sudah dipakai", result.Message);
        await using var db = _h.Query();
        Assert.Equal(1, await db.AccessRequests.CountAsync());
    }

    [Theory]
    [InlineData(Roles.HelpdeskLpse)]
    [InlineData(Roles.AdminAgency)]
    [InlineData(Roles.KepalaLpse)]
    public async Task RefusesOnlineSubmissionByStaff(string role)
    {
        var result = await _h.TrySubmitAsync(new SubmitActivationCommandBuilder().Build(), Actors.WithRole(role, _h.Office.Id, _h.Applicant.Id));

        Assert.Equal(ErrorKind.Forbidden, result.Error);
        await AssertNothingSubmittedAsync();
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
        Assert.Equal(0, await db.OutboxMessages.CountAsync());
    }

    // ------------------------------------------------------------------------------------------------
    // Steps 1 and 2 at once: Helpdesk's intake of a paper or email file
    // ------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(IntakeChannel.WalkIn)]
    [InlineData(IntakeChannel.Email)]
    public async Task IntakeRegistersTheFileAsReceivedAndOpensTheCompletenessCheck(IntakeChannel channel)
    {
        var id = await _h.IntakeAsync(new IntakeCommandBuilder().ByChannel(channel).Build());

        var request = await _h.LoadAsync(id);
        Assert.Matches(@"^HAK-2026-\d{6}$", request.Number);
        Assert.Equal(CompletenessStep, request.CurrentStepNumber);
        Assert.Equal(RequestStatus.Submitted, SopEngine.StatusOf(request));
        Assert.Equal(channel, request.Channel);
        Assert.Equal(_h.Helpdesk.UserId, request.RegisteredByUserId);
        Assert.Equal(WalkInName, request.ApplicantName);
        Assert.Equal(WalkInNip, request.ApplicantNip);
        Assert.Equal(WalkInEmail, request.ApplicantEmail);
        Assert.Equal("Pejabat Pembuat Komitmen", request.ApplicantPosition);
        Assert.Equal(_h.WalkInAccount.Id, request.SpseAccountId);

        var submit = Assert.Single(request.Steps, s => s.Kind == StepKind.Submit);
        Assert.Equal(_h.Helpdesk.UserId, submit.PerformerUserId);
        Assert.Contains(channel.Label(), submit.Outcome);
        var receive = Assert.Single(request.Steps, s => s.Kind == StepKind.Receive);
        Assert.Equal(_h.Helpdesk.UserId, receive.PerformerUserId);
        Assert.Equal(Now, receive.CompletedAt);
        var check = Assert.Single(request.Steps, s => s.Kind == StepKind.CompletenessCheck);
        Assert.Same(check, request.OpenStep);
        Assert.Equal(Now.AddMinutes(10), check.DueAt);
        Assert.Equal(Now.AddMinutes(10), request.CurrentStepDueAt);
        Assert.Equal(3, request.Documents.Count);
        Assert.Single(request.Documents, d => d.DocumentCode == PaperIntake.ReceiptCode);
        Assert.All(request.Documents, d => Assert.Equal(_h.Helpdesk.UserId, d.UploadedByUserId));
    }

    [Fact]
    public async Task IntakeCreatesAContactApplicantWhoCannotSignIn()
    {
        var id = await _h.IntakeAsync();

        await using var db = _h.Query();
        var contact = await db.Users.AsNoTracking().SingleAsync(u => u.NormalizedEmail == WalkInEmail.ToUpperInvariant());
        Assert.Equal(contact.Id, (await _h.LoadAsync(id)).ApplicantUserId);
        Assert.Null(contact.PasswordHash);
        Assert.False(contact.EmailConfirmed);
        Assert.Equal(WalkInEmail, contact.UserName);
        Assert.Equal(WalkInName, contact.FullName);
        Assert.Equal(WalkInNip, contact.Nip);
        Assert.Equal(_h.Office.Id, contact.OfficeId);
        Assert.Equal(ApplicantKind.Ppk, contact.ApplicantKind);
        Assert.Equal("Pejabat Pembuat Komitmen", contact.Position);
        Assert.False(string.IsNullOrEmpty(contact.SecurityStamp));
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == contact.Id select r.Name)
            .ToListAsync();
        Assert.Equal([Roles.Pemohon], roles);
        Assert.Contains(await db.UserNotifications.Where(n => n.UserId == contact.Id).Select(n => n.Message).ToListAsync(),
            m => m.Contains("diterima Helpdesk"));
    }

    [Fact]
    public async Task IntakeLinksAnApplicantWhoAlreadyHasAnAccountWithThatEmail()
    {
        var usersBefore = await CountUsersAsync();

        var id = await _h.IntakeAsync(new IntakeCommandBuilder()
            .ForApplicant(_h.Applicant.FullName, _h.Applicant.Nip!, "  RINA@contoh.go.id ")
            .ForSpseUserId(PokjaUserId).Build());

        Assert.Equal(_h.Applicant.Id, (await _h.LoadAsync(id)).ApplicantUserId);
        Assert.Equal(usersBefore, await CountUsersAsync());
        // The applicant sees the request among her own.
        var mine = await _h.Queries().MineAsync(_h.ApplicantActor, CancellationToken.None);
        Assert.Contains(mine, r => r.Id == id);
    }

    [Fact]
    public async Task IntakeRefusesAnEmailThatBelongsToAStaffUser()
    {
        var result = await _h.TryIntakeAsync(new IntakeCommandBuilder().WithEmail(_h.HelpdeskUser.Email!).Build());

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains($"Email {_h.HelpdeskUser.Email} sudah dipakai akun lain", result.Message);
        await AssertNothingSubmittedAsync(expectedUsers: 3);
    }

    [Fact]
    public async Task IntakeRefusesTheEmailOfAnApplicantWithAnotherNip()
    {
        var result = await _h.TryIntakeAsync(new IntakeCommandBuilder().WithEmail(_h.Applicant.Email!).Build());

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("terdaftar atas NIP lain", result.Message);
        await AssertNothingSubmittedAsync(expectedUsers: 3);
    }

    [Fact]
    public async Task IntakeRefusesAnApplicantOfAnotherOffice()
    {
        await using (var db = _h.Query())
        {
            var stranger = new ApplicantBuilder().WithId("user-lain").WithEmail("orang.lain@contoh.go.id").WithNip(WalkInNip)
                .InOffice(_h.OtherOffice.Id).Build();
            db.Users.Add(stranger);
            db.UserRoles.Add(new() { UserId = stranger.Id, RoleId = await db.Roles.Where(r => r.Name == Roles.Pemohon).Select(r => r.Id).SingleAsync() });
            await db.SaveChangesAsync();
        }

        var result = await _h.TryIntakeAsync(new IntakeCommandBuilder().WithEmail("orang.lain@contoh.go.id").Build());

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertNothingSubmittedAsync(expectedUsers: 4);
    }

    [Fact]
    public async Task IntakeAppliesTheSameRulesAsAnOnlineSubmission()
    {
        var wrongNip = await _h.TryIntakeAsync(new IntakeCommandBuilder().ForSpseUserId(PokjaUserId).Build());
        var missing = await _h.TryIntakeAsync(new IntakeCommandBuilder().Without(DecreeCode).Build());
        var disguised = await _h.TryIntakeAsync(new IntakeCommandBuilder().WithFile(DecreeCode, "sk.pdf", TestFiles.Png()).Build());

        Assert.Equal(ErrorKind.Validation, wrongNip.Error);
        Assert.Contains("tidak terdaftar atas NIP pemohon", wrongNip.Message);
        Assert.Equal(ErrorKind.Validation, missing.Error);
        Assert.Contains(DecreeName, missing.Message);
        Assert.Equal(ErrorKind.Validation, disguised.Error);
        await AssertNothingSubmittedAsync(expectedUsers: 3);
    }

    [Fact]
    public async Task IntakeRefusesTheOnlineChannel()
    {
        var result = await _h.TryIntakeAsync(new IntakeCommandBuilder().ByChannel(IntakeChannel.Online).Build());

        Assert.Equal(ErrorKind.Validation, result.Error);
        await AssertNothingSubmittedAsync(expectedUsers: 3);
    }

    [Theory]
    [InlineData(Roles.Pemohon)]
    [InlineData(Roles.AdminAgency)]
    public async Task IntakeIsHelpdesksAlone(string role)
    {
        var result = await _h.TryIntakeAsync(new IntakeCommandBuilder().Build(), Actors.WithRole(role, _h.Office.Id, _h.Applicant.Id));

        Assert.Equal(ErrorKind.Forbidden, result.Error);
        await AssertNothingSubmittedAsync(expectedUsers: 3);
    }

    [Fact]
    public async Task IntakeReturnsTheFirstRequestForADoubleSubmissionWithTheSameKey()
    {
        var key = Guid.NewGuid();

        var first = await _h.IntakeAsync(new IntakeCommandBuilder().WithKey(key).Build());
        var second = await _h.TryIntakeAsync(new IntakeCommandBuilder().WithKey(key).Build());
        var otherOfficer = await _h.TryIntakeAsync(new IntakeCommandBuilder().WithKey(key).Build(), _h.OtherHelpdesk);

        AssertOk(second);
        Assert.Equal(first, second.Value);
        Assert.Equal(ErrorKind.Validation, otherOfficer.Error);
        await using var db = _h.Query();
        Assert.Equal(1, await db.AccessRequests.CountAsync());
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == WalkInEmail));
        Assert.Equal(3, _h.StoredPaths.Count);
    }

    [Fact]
    public async Task IntakeDeletesTheScansAndCreatesNoContactWhenSavingFails()
    {
        var failing = new BeforeSaveHook(() => throw new InvalidOperationException("database is down"));
        var engine = _h.Engine(_h.Database.NewContext(failing));

        await Assert.ThrowsAsync<InvalidOperationException>(() => _h.TryIntakeAsync(engine: engine));

        Assert.Equal(2, _h.StoredPaths.Count);
        foreach (var path in _h.StoredPaths)
        {
            _h.Files.Verify(f => f.DeleteAsync(path, It.IsAny<CancellationToken>()), Times.Once);
        }

        await AssertNothingSubmittedAsync(expectedUsers: 3, filesSaved: true);
    }

    [Fact]
    public async Task IntakeDeletesTheScansAndTheHandoverFormWhenTheSecondSaveFails()
    {
        var engine = _h.Engine(_h.Database.NewContext(new FailingSave(failOnCall: 2)));

        await Assert.ThrowsAsync<InvalidOperationException>(() => _h.TryIntakeAsync(engine: engine));

        Assert.Equal(3, _h.StoredPaths.Count);
        Assert.Single(_h.StoredPaths, p => p.StartsWith("generated/", StringComparison.Ordinal));
        foreach (var path in _h.StoredPaths)
        {
            _h.Files.Verify(f => f.DeleteAsync(path, It.IsAny<CancellationToken>()), Times.Once);
        }

        await AssertNothingSubmittedAsync(expectedUsers: 3, filesSaved: true);
    }

    [Fact]
    public async Task IntakeWithARefusedUploadLeavesNoContactBehindForTheNextIntake()
    {
        var engine = _h.Engine();
        var refused = await _h.TryIntakeAsync(new IntakeCommandBuilder().WithFile(DecreeCode, "sk.pdf", TestFiles.Png()).Build(), engine: engine);
        var accepted = await _h.TryIntakeAsync(new IntakeCommandBuilder().Build(), engine: engine);

        Assert.Equal(ErrorKind.Validation, refused.Error);
        AssertOk(accepted);
        await using var db = _h.Query();
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == WalkInEmail));
    }

    // ------------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------------

    private async Task<int> CountUsersAsync()
    {
        await using var db = _h.Query();
        return await db.Users.CountAsync();
    }

    private async Task AssertNothingSubmittedAsync(int expectedUsers = 3, bool filesSaved = false)
    {
        await using var db = _h.Query();
        Assert.Equal(0, await db.AccessRequests.CountAsync());
        Assert.Equal(0, await db.RequestDocuments.CountAsync());
        Assert.Equal(0, await db.OutboxMessages.CountAsync());
        Assert.Equal(0, await db.UserNotifications.CountAsync());
        Assert.Equal(expectedUsers, await db.Users.CountAsync());
        if (!filesSaved)
        {
            _h.Files.Verify(f => f.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<byte[]>(), It.IsAny<CancellationToken>()), Times.Never);
        }
    }

    private sealed record Snapshot(AccessRequest Request, int Outbox, int Notifications, int History, int Archives, int Users,
        string RegisterStatuses, int StoredFiles);

    private async Task<Snapshot> SnapshotAsync(int id)
    {
        var request = await _h.LoadAsync(id);
        await using var db = _h.Query();
        var statuses = string.Join(",", await db.SpseAccounts.OrderBy(a => a.Id).Select(a => a.UserId + ":" + a.Status + ":" + a.SkNumber).ToListAsync());
        return new Snapshot(request, await db.OutboxMessages.CountAsync(), await db.UserNotifications.CountAsync(),
            await db.SpseAccountHistory.CountAsync(), await db.ArchiveRecords.CountAsync(), await db.Users.CountAsync(), statuses,
            _h.StoredPaths.Count);
    }

    private void AssertNothingChanged(Snapshot before, Snapshot after)
    {
        Assert.Equal(before.Request.Status, after.Request.Status);
        Assert.Equal(before.Request.CurrentStepNumber, after.Request.CurrentStepNumber);
        Assert.Equal(before.Request.Version, after.Request.Version);
        Assert.Equal(before.Request.Outcome, after.Request.Outcome);
        Assert.Equal(before.Request.PausedSince, after.Request.PausedSince);
        Assert.Equal(before.Request.PausedSeconds, after.Request.PausedSeconds);
        Assert.Equal(before.Request.MissingItems, after.Request.MissingItems);
        Assert.Equal(before.Request.CurrentStepDueAt, after.Request.CurrentStepDueAt);
        Assert.Equal(before.Request.ClosedAt, after.Request.ClosedAt);
        Assert.Equal(before.Request.Steps.Count, after.Request.Steps.Count);
        Assert.Equal(before.Request.Steps.Count(s => s.IsOpen), after.Request.Steps.Count(s => s.IsOpen));
        Assert.Equal(before.Request.Documents.Count, after.Request.Documents.Count);
        Assert.Equal(before.Outbox, after.Outbox);
        Assert.Equal(before.Notifications, after.Notifications);
        Assert.Equal(before.History, after.History);
        Assert.Equal(before.Archives, after.Archives);
        Assert.Equal(before.Users, after.Users);
        Assert.Equal(before.RegisterStatuses, after.RegisterStatuses);
        Assert.Equal(before.StoredFiles, after.StoredFiles);
        _h.Files.Verify(f => f.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    /// <summary>Throws on the n-th save of its context: "the database went away half-way through".</summary>
    private sealed class FailingSave(int failOnCall) : SaveChangesInterceptor
    {
        private int _calls;

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default) =>
            ++_calls == failOnCall
                ? throw new InvalidOperationException("database is down")
                : ValueTask.FromResult(result);
    }
}
