using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Tests.Requests;

/// <summary>
/// The paper / email intake for every SOP that allows it (issue #8): SOP 4 files taken in by Helpdesk LPSE or Admin
/// Agency through the same intake as SOP 2 — applicant found or made, scans attached, handover form, the online checks.
/// </summary>
public sealed class PaperIntakeTests : IDisposable
{
    private const string PokjaLetter = "SURAT_PERMOHONAN";
    private const string PokjaDecree = "SK_POKJA";
    private const string WalkInPokjaUserId = "agus.pokja";

    private readonly AccessActivationHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static ResetIntakeCommand ResetIntake(Guid? key = null, RequestType type = RequestType.ResetPassword, string spseUserId = WalkInPokjaUserId,
        string email = AccessActivationHarness.WalkInEmail, bool withDecree = true, string? newEmail = null) =>
        new(key ?? Guid.NewGuid(), IntakeChannel.WalkIn, AccessActivationHarness.WalkInName, AccessActivationHarness.WalkInNip, email,
            "081234567890", "Dinas PUPR", "SK-POKJA/12/2026", type, spseUserId, "Lupa password setelah cuti panjang", null, newEmail, null, null,
            withDecree
                ? [new IncomingFile(PokjaLetter, "surat.pdf", TestFiles.Pdf()), new IncomingFile(PokjaDecree, "sk-pokja.pdf", TestFiles.Pdf())]
                : [new IncomingFile(PokjaLetter, "surat.pdf", TestFiles.Pdf())]);

    private async Task AddWalkInPokjaAccountAsync()
    {
        await using var db = _h.Query();
        db.SpseAccounts.Add(new SpseAccountBuilder().WithUserId(WalkInPokjaUserId).WithHolderName(AccessActivationHarness.WalkInName)
            .WithNip(AccessActivationHarness.WalkInNip).InOffice(_h.Office.Id).Build());
        await db.SaveChangesAsync();
    }

    [Fact]
    public void EverySopWhoseSeedAllowsPaperHasAnIntake_AndItsOwnIntakeRoles()
    {
        Assert.Equal([SopKind.AccessActivation, SopKind.PasswordReset], PaperIntakePolicies.All.Select(p => p.Kind));
        Assert.True(PaperIntakePolicies.For(SopKind.AccessActivation)!.AllowsBy(_h.Helpdesk));
        Assert.False(PaperIntakePolicies.For(SopKind.AccessActivation)!.AllowsBy(_h.Admin));
        Assert.True(PaperIntakePolicies.For(SopKind.PasswordReset)!.AllowsBy(_h.Helpdesk));
        Assert.True(PaperIntakePolicies.For(SopKind.PasswordReset)!.AllowsBy(_h.Admin));
        Assert.False(PaperIntakePolicies.For(SopKind.PasswordReset)!.AllowsBy(_h.ApplicantActor));
        Assert.Null(PaperIntakePolicies.For(SopKind.StaffRegistration));
        Assert.Equal([SopKind.PasswordReset], PaperIntakePolicies.ForActor(_h.Admin).Select(p => p.Kind));
    }

    [Fact]
    public async Task HelpdeskTakesInAnSop4PaperFile_WithContactAccount_Scans_HandoverForm_AndCompletenessCheckOpenForAdminAgency()
    {
        await AddWalkInPokjaAccountAsync();

        var result = await _h.PasswordResets().IntakeAsync(ResetIntake(), _h.Helpdesk, CancellationToken.None);

        AccessActivationHarness.AssertOk(result);
        var r = await _h.LoadAsync(result.Value);
        Assert.Equal(SopKind.PasswordReset, r.Kind);
        Assert.StartsWith("RPW-", r.Number);
        Assert.Equal(IntakeChannel.WalkIn, r.Channel);
        Assert.Equal(_h.Helpdesk.UserId, r.RegisteredByUserId);
        Assert.Equal(RequestStatus.Submitted, r.Status);
        Assert.Equal("SK-POKJA/12/2026", r.SkNumber);
        Assert.Equal("081234567890", r.ApplicantPhone);

        // The applicant's app account was made from the paper file, with the NIP verified by the intake officer.
        await using var db = _h.Query();
        var contact = await db.Users.AsNoTracking().SingleAsync(u => u.Id == r.ApplicantUserId);
        Assert.Equal(AccessActivationHarness.WalkInEmail, contact.Email);
        Assert.Equal(NipStatus.Verified, contact.NipStatus);
        Assert.Equal(ApplicantKind.Pokja, contact.ApplicantKind);

        // Submit done by the intake officer, receiving is part of SOP 4's completeness check, which Admin Agency now holds.
        var submit = Assert.Single(r.Steps, s => s.Kind == StepKind.Submit);
        Assert.Equal(_h.Helpdesk.UserId, submit.PerformerUserId);
        Assert.Contains("Datang langsung", submit.Outcome);
        var open = Assert.Single(r.Steps, s => s.IsOpen);
        Assert.Equal(StepKind.CompletenessCheck, open.Kind);
        Assert.Equal(Roles.AdminAgency, open.ActorRole);

        // The scans and the handover form, mailed to the applicant with the form attached.
        Assert.Equal(["FORMULIR_SERAH_TERIMA", PokjaDecree, PokjaLetter], r.Documents.Select(d => d.DocumentCode).Order());
        var mail = Assert.Single(await db.OutboxMessages.AsNoTracking().Where(m => m.AccessRequestId == r.Id).ToListAsync());
        Assert.Equal("activation-received", mail.Kind);
        Assert.Equal(AccessActivationHarness.WalkInEmail, mail.To);
        Assert.Contains("Helpdesk LPSE", mail.Body);
        Assert.Equal($"Serah-terima-{r.Number}.pdf", mail.AttachmentName);
    }

    [Fact]
    public async Task AdminAgencyTakesInAnSop4File_ForAnApplicantWhoAlreadyHasAnAccount()
    {
        var result = await _h.PasswordResets().IntakeAsync(
            ResetIntake(spseUserId: AccessActivationHarness.PokjaUserId, email: _h.Applicant.Email!) with
            {
                ApplicantName = _h.Applicant.FullName, ApplicantNip = _h.Applicant.Nip!, Channel = IntakeChannel.Email,
            }, _h.Admin, CancellationToken.None);

        AccessActivationHarness.AssertOk(result);
        var r = await _h.LoadAsync(result.Value);
        Assert.Equal(_h.Applicant.Id, r.ApplicantUserId);
        Assert.Equal(IntakeChannel.Email, r.Channel);
        Assert.Equal(_h.Admin.UserId, r.Steps.Single(s => s.Kind == StepKind.Submit).PerformerUserId);
        await using var db = _h.Query();
        Assert.Contains("Admin Agency", (await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.AccessRequestId == r.Id)).Body);
    }

    [Fact]
    public async Task Sop4IntakeIsRefused_ToAnApplicant_AndToStaffOfAnotherRole()
    {
        var kepala = Actors.WithRole(Roles.KepalaLpse, _h.Office.Id, "kepala-lpse", "Kepala LPSE");
        Assert.Equal(ErrorKind.Forbidden, (await _h.PasswordResets().IntakeAsync(ResetIntake(), _h.ApplicantActor, CancellationToken.None)).Error);
        Assert.Equal(ErrorKind.Forbidden, (await _h.PasswordResets().IntakeAsync(ResetIntake(), kepala, CancellationToken.None)).Error);
        await using var db = _h.Query();
        Assert.Equal(0, await db.AccessRequests.CountAsync());
    }

    [Fact]
    public async Task Sop4IntakeMakesTheOnlineChecks_MissingDocument_AndChangeWithoutAnyNewValue()
    {
        await AddWalkInPokjaAccountAsync();

        var missing = await _h.PasswordResets().IntakeAsync(ResetIntake(withDecree: false), _h.Helpdesk, CancellationToken.None);
        Assert.Equal(ErrorKind.Validation, missing.Error);
        Assert.Contains("Dokumen wajib belum diunggah: Surat Keputusan Penetapan sebagai Pokja Pemilihan", missing.Message);

        var nothingToChange = await _h.PasswordResets().IntakeAsync(ResetIntake(type: RequestType.ChangeUserInformation), _h.Helpdesk, CancellationToken.None);
        Assert.Equal(ErrorKind.Validation, nothingToChange.Error);

        var wrongType = await _h.PasswordResets().IntakeAsync(ResetIntake(type: RequestType.Deactivate), _h.Helpdesk, CancellationToken.None);
        Assert.Equal(ErrorKind.Validation, wrongType.Error);

        await using var db = _h.Query();
        Assert.Equal(0, await db.AccessRequests.CountAsync());
        Assert.Null(await db.Users.SingleOrDefaultAsync(u => u.Email == AccessActivationHarness.WalkInEmail));
    }

    [Fact]
    public async Task Sop4IntakeChecksTheUserIdAsTheOnlineSubmission_InTheRegister_AndUnderTheNipOnTheFile()
    {
        // Not in the register at all (a typo on the paper form).
        var unknown = await _h.PasswordResets().IntakeAsync(ResetIntake(spseUserId: "tidak.ada"), _h.Helpdesk, CancellationToken.None);
        Assert.Equal(ErrorKind.Validation, unknown.Error);
        Assert.Contains("User ID \"tidak.ada\" tidak terdaftar di register akun SPSE kantor ini", unknown.Message);
        Assert.DoesNotContain("Anda", unknown.Message);

        // In the register, but held by another person (the harness applicant's Pokja account, not the walk-in's NIP).
        var another = await _h.PasswordResets().IntakeAsync(ResetIntake(spseUserId: AccessActivationHarness.PokjaUserId), _h.Helpdesk, CancellationToken.None);
        Assert.Equal(ErrorKind.Validation, another.Error);
        Assert.Contains($"User ID \"{AccessActivationHarness.PokjaUserId}\" tidak terdaftar atas NIP pemohon", another.Message);

        await using var db = _h.Query();
        Assert.Equal(0, await db.AccessRequests.CountAsync());
        Assert.Null(await db.Users.SingleOrDefaultAsync(u => u.Email == AccessActivationHarness.WalkInEmail));
    }

    [Fact]
    public async Task TheSameIntakeFormPostedTwice_RegistersOneSop4Request()
    {
        await AddWalkInPokjaAccountAsync();
        var command = ResetIntake(key: Guid.NewGuid());

        var first = await _h.PasswordResets().IntakeAsync(command, _h.Helpdesk, CancellationToken.None);
        var second = await _h.PasswordResets().IntakeAsync(command, _h.Helpdesk, CancellationToken.None);

        Assert.Equal(first.Value, second.Value);
        await using var db = _h.Query();
        Assert.Equal(1, await db.AccessRequests.CountAsync());
    }

    [Fact]
    public async Task AReturnedPaperSop4File_IsCompletedByTheDesk_ButAnOnlineOneOnlyByItsApplicant()
    {
        await AddWalkInPokjaAccountAsync();
        var paper = (await _h.PasswordResets().IntakeAsync(ResetIntake(), _h.Helpdesk, CancellationToken.None)).Value;
        var resets = _h.PasswordResets();
        AccessActivationHarness.AssertOk(await resets.CheckCompletenessAsync(paper, await _h.VersionOfAsync(paper), CompletenessDecision.Incomplete,
            [PokjaDecree], null, null, _h.Admin, CancellationToken.None));
        await using (var db = _h.Query())
        {
            // The applicant of a paper file is told to bring the missing documents, not to sign in.
            var notice = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.AccessRequestId == paper && m.Kind == "incomplete");
            Assert.Contains("Serahkan kelengkapan berkas ke LPSE", notice.Body);
            Assert.DoesNotContain("/Permohonan/Detail/", notice.Body);
        }

        var request = await _h.LoadAsync(paper);
        Assert.Contains(ResetAction.Resubmit, PasswordResetService.AvailableActions(request, _h.Admin));
        Assert.Contains(ResetAction.Resubmit, PasswordResetService.AvailableActions(request, _h.Helpdesk));

        var done = await _h.PasswordResets().ResubmitAsync(paper, await _h.VersionOfAsync(paper),
            [new IncomingFile(PokjaDecree, "sk-baru.pdf", TestFiles.Pdf())], "SK diserahkan di loket", _h.Helpdesk, CancellationToken.None);

        AccessActivationHarness.AssertOk(done);
        Assert.Equal(RequestStatus.Submitted, (await _h.LoadAsync(paper)).Status);

        var online = await _h.PasswordResets().SubmitAsync(new SubmitResetCommand(Guid.NewGuid(), RequestType.ResetPassword,
            AccessActivationHarness.PokjaUserId, "Lupa password setelah cuti", null, null, null, null,
            [new IncomingFile(PokjaLetter, "surat.pdf", TestFiles.Pdf()), new IncomingFile(PokjaDecree, "sk.pdf", TestFiles.Pdf())]),
            _h.ApplicantActor, CancellationToken.None);
        AccessActivationHarness.AssertOk(await _h.PasswordResets().CheckCompletenessAsync(online.Value, await _h.VersionOfAsync(online.Value),
            CompletenessDecision.Incomplete, [PokjaDecree], null, null, _h.Admin, CancellationToken.None));
        var refused = await _h.PasswordResets().ResubmitAsync(online.Value, await _h.VersionOfAsync(online.Value),
            [new IncomingFile(PokjaDecree, "sk-baru.pdf", TestFiles.Pdf())], null, _h.Admin, CancellationToken.None);
        Assert.Equal(ErrorKind.Forbidden, refused.Error);
    }
}
