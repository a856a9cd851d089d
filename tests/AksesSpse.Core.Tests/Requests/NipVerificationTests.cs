using AksesSpse.Core.Common;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Tests.Engine;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace AksesSpse.Core.Tests.Requests;

/// <summary>
/// H1 of issue #7: an SPSE account could be taken over with a self-declared NIP. A NIP counts only once staff verified
/// it against the SK; a reset goes only to the register's email of the time of the request; the old address hears of
/// an email change; an intake contact account is verified by the intake officer (docs/adr/0016).
/// </summary>
public sealed class NipVerificationTests
{
    // ---- SOP 4 (on the engine) ----

    [Fact]
    [Trait("Sop", "ResetPassword")]
    public async Task ValidityCheckOfAnUnverifiedNipIsNeverAllGreenAndCannotPass()
    {
        using var h = new PasswordResetEngineHarness();
        await SetNipStatusAsync(h.Query(), h.Applicant.Id, NipStatus.Unverified);
        var id = await h.DriveToAsync(PasswordResetEngineHarness.ValidityStep,
            new SubmitResetCommandBuilder().ChangingInformation(email: "penyerang@contoh.com").Build());

        var report = await PasswordResetEngineHarness.Module(h.Engine()).ValidityItemsAsync(await h.LoadAsync(id), CancellationToken.None);
        var valid = await h.CheckValidityAsync(id);
        var despite = await h.CheckValidityAsync(id, deviationReason: "Sudah dikonfirmasi lewat telepon");

        Assert.Contains(report, i => !i.Passed);
        var nip = Assert.Single(report, i => i.Label.StartsWith("NIP pemohon", StringComparison.Ordinal));
        Assert.False(nip.Passed);
        Assert.Contains("NIP belum diverifikasi", nip.Detail);
        Assert.Equal(ErrorKind.Validation, valid.Error);
        Assert.Equal(ErrorKind.Validation, despite.Error); // not even with a written reason: the NIP must be verified first
        Assert.Contains("NIP pemohon belum diverifikasi", despite.Message);
        Assert.Equal(PasswordResetEngineHarness.ValidityStep, (await h.LoadAsync(id)).CurrentStepNumber);
    }

    [Fact]
    [Trait("Sop", "ResetPassword")]
    public async Task ValidityCheckOfAVerifiedNipPasses()
    {
        using var h = new PasswordResetEngineHarness();
        var id = await h.DriveToAsync(PasswordResetEngineHarness.ValidityStep);

        var report = await PasswordResetEngineHarness.Module(h.Engine()).ValidityItemsAsync(await h.LoadAsync(id), CancellationToken.None);

        Assert.True(report.All(i => i.Passed), string.Join("; ", report.Where(i => !i.Passed).Select(i => i.Label + ": " + i.Detail)));
        PasswordResetEngineHarness.AssertOk(await h.CheckValidityAsync(id));
    }

    [Fact]
    [Trait("Sop", "ResetPassword")]
    public async Task ResetGoesOnlyToTheRegisterEmailOfTheTimeOfTheRequest()
    {
        using var h = new PasswordResetEngineHarness();
        var id = await h.DriveToAsync(PasswordResetEngineHarness.AccountStep);
        await using (var db = h.Query())
        {
            // E.g. a change of user-ID information executed meanwhile.
            await db.SpseAccounts.Where(a => a.Id == h.Account.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.HolderEmail, "penyerang@contoh.com"));
        }

        PasswordResetEngineHarness.AssertOk(await h.ExecuteAsync(id));
        PasswordResetEngineHarness.AssertOk(await h.NotifyAsync(id));

        await using var query = h.Query();
        var credential = await query.OutboxMessages.SingleAsync(m => m.AccessRequestId == id && m.Kind == OutboxDispatcher.CredentialKind);
        Assert.Equal("rina.spse@contoh.go.id", credential.To);
        Assert.False(await query.OutboxMessages.AnyAsync(m => m.To == "penyerang@contoh.com"));
        Assert.Equal("rina.spse@contoh.go.id", await query.CredentialDeliveries.Where(c => c.AccessRequestId == id).Select(c => c.HolderEmail).SingleAsync());
    }

    [Fact]
    [Trait("Sop", "ResetPassword")]
    public async Task AnEmailChangeInTheRegisterTellsTheOldAddressToo()
    {
        using var h = new PasswordResetEngineHarness();
        var id = await h.DriveToAsync(PasswordResetEngineHarness.NotifyStep,
            new SubmitResetCommandBuilder().ChangingInformation(email: "rina.baru@contoh.go.id").Build());
        PasswordResetEngineHarness.AssertOk(await h.NotifyAsync(id));

        await using var db = h.Query();
        var messages = await db.OutboxMessages.Where(m => m.AccessRequestId == id).ToListAsync();
        var old = Assert.Single(messages, m => m.To == "rina.spse@contoh.go.id");
        Assert.Contains("rina.baru@contoh.go.id", old.Body);
        Assert.Contains("hubungi Helpdesk LPSE", old.Body);
        Assert.Contains(messages, m => m.To == "rina.baru@contoh.go.id");
    }

    // ---- SOP 2 ----

    [Fact]
    [Trait("Sop", "Deactivation")]
    public async Task CompletenessCheckRefusesAnUnverifiedNipUntilStaffVerifyIt()
    {
        using var h = new AccessActivationEngineHarness();
        await SetNipStatusAsync(h.Query(), h.Applicant.Id, NipStatus.Unverified);
        var id = await h.DriveToAsync(AccessActivationEngineHarness.CompletenessStep);

        var refused = await h.CheckCompletenessAsync(id);

        Assert.Equal(ErrorKind.Validation, refused.Error);
        Assert.Contains("NIP belum diverifikasi", refused.Message);
        Assert.Equal(AccessActivationEngineHarness.CompletenessStep, (await h.LoadAsync(id)).CurrentStepNumber);

        await using (var db = h.Query())
        {
            var verified = await Verifier(db, h).VerifyAsync(h.Applicant.Id, "027/01/SK-POKJA/2026", new DateOnly(2026, 1, 5), "SK asli diperlihatkan",
                h.Helpdesk, CancellationToken.None);
            AccessActivationHarness.AssertOk(verified);
        }

        AccessActivationHarness.AssertOk(await h.CheckCompletenessAsync(id));
        await using var query = h.Query();
        var user = await query.Users.SingleAsync(u => u.Id == h.Applicant.Id);
        Assert.Equal(NipStatus.Verified, user.NipStatus);
        Assert.Equal(h.Helpdesk.Name, user.NipCheckedByName);
        Assert.Equal(h.Helpdesk.UserId, user.NipCheckedByUserId);
        Assert.Equal("027/01/SK-POKJA/2026", user.NipSkNumber);
        Assert.Equal(new DateOnly(2026, 1, 5), user.NipSkDate);
        Assert.Equal(h.Time.GetUtcNow().UtcDateTime, user.NipCheckedAt);
    }

    [Fact]
    [Trait("Sop", "Deactivation")]
    public async Task AContactAccountMadeAtIntakeIsVerifiedByTheIntakeOfficer()
    {
        using var h = new AccessActivationEngineHarness();

        var id = await h.IntakeAsync();

        await using var db = h.Query();
        var contact = await db.Users.SingleAsync(u => u.Email == AccessActivationHarness.WalkInEmail);
        Assert.Equal(NipStatus.Verified, contact.NipStatus);
        Assert.Equal(AccessActivationHarness.WalkInNip, contact.ApplicantNipKey);
        Assert.Equal(h.Helpdesk.Name, contact.NipCheckedByName);
        Assert.Equal("800/77/SK-PPK/2026", contact.NipSkNumber);
        AccessActivationHarness.AssertOk(await h.CheckCompletenessAsync(id));
    }

    [Fact]
    [Trait("Sop", "Deactivation")]
    public async Task IntakeRefusesANipAnotherApplicantAccountHolds()
    {
        using var h = new AccessActivationEngineHarness();

        // Agus's NIP, declared by someone else's self-registered account.
        await using (var db = h.Query())
        {
            var squatter = new ApplicantBuilder().WithId("user-penyerang").WithEmail("penyerang@contoh.com").WithName("Agus Salim")
                .WithNip(AccessActivationHarness.WalkInNip).WithUnverifiedNip().InOffice(h.Office.Id).Build();
            squatter.ApplicantNipKey = AccessActivationHarness.WalkInNip;
            db.Users.Add(squatter);
            db.UserRoles.Add(new() { UserId = squatter.Id, RoleId = await db.Roles.Where(r => r.Name == Roles.Pemohon).Select(r => r.Id).SingleAsync() });
            await db.SaveChangesAsync();
        }

        var refused = await h.TryIntakeAsync(new IntakeCommandBuilder().Build());
        Assert.Equal(ErrorKind.Validation, refused.Error);
        Assert.Contains("penyerang@contoh.com", refused.Message);

        // Helpdesk marks the squatter's NIP as not matching its SK: the NIP is free for its real holder.
        await using (var db = h.Query())
        {
            AccessActivationHarness.AssertOk(await Verifier(db, h).MarkMismatchAsync("user-penyerang", "SK atas nama orang lain", h.Helpdesk, CancellationToken.None));
        }

        await h.IntakeAsync();
        await using var query = h.Query();
        var squatterNow = await query.Users.SingleAsync(u => u.Id == "user-penyerang");
        Assert.Equal(NipStatus.Mismatch, squatterNow.NipStatus);
        Assert.Null(squatterNow.ApplicantNipKey);
        Assert.Equal("SK atas nama orang lain", squatterNow.NipCheckNote);
    }

    [Fact]
    public async Task OnlyHelpdeskAndAdminAgencyMayVerify()
    {
        using var h = new AccessActivationEngineHarness();
        await SetNipStatusAsync(h.Query(), h.Applicant.Id, NipStatus.Unverified);
        await using var db = h.Query();

        var byApplicant = await Verifier(db, h).VerifyAsync(h.Applicant.Id, "SK", new DateOnly(2026, 1, 5), null, h.ApplicantActor, CancellationToken.None);
        var otherOffice = await Verifier(db, h).VerifyAsync(h.Applicant.Id, "SK", new DateOnly(2026, 1, 5), null, h.OtherOfficeAdmin, CancellationToken.None);

        Assert.Equal(ErrorKind.Forbidden, byApplicant.Error);
        Assert.Equal(ErrorKind.NotFound, otherOffice.Error);
        Assert.Equal(NipStatus.Unverified, await db.Users.Where(u => u.Id == h.Applicant.Id).Select(u => u.NipStatus).SingleAsync());
    }

    private static NipVerificationService Verifier(Data.AppDbContext db, AccessActivationEngineHarness h) =>
        new(db, h.Time, NullLogger<NipVerificationService>.Instance);

    private static async Task SetNipStatusAsync(Data.AppDbContext db, string userId, NipStatus status)
    {
        await using (db)
        {
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.NipStatus, status));
        }
    }
}
