using System.Globalization;
using AksesSpse.Core.Common;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Tests.Requests;

/// <summary>
/// SOP 2 step 8 when the applicant never opens the email link (issue #8): Helpdesk records a confirmation given by phone,
/// at the desk or otherwise — who, how, when, recorded by whom — or sends the link again.
/// </summary>
public sealed class AccessActivationStaffConfirmationTests : IDisposable
{
    private static readonly TimeZoneInfo Wib = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");
    private readonly AccessActivationHarness _h = new();

    public void Dispose() => _h.Dispose();

    private Task<int> PaperRequestAwaitingConfirmationAsync() =>
        _h.DriveToAsync(RequestStatus.AwaitingConfirmation, intake: new IntakeCommandBuilder().Build());

    private static DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Wib);

    private async Task<OperationResult> RecordAsync(int id, StaffConfirmation confirmation, Actor? actor = null, string? late = null) =>
        await _h.Service().RecordConfirmationAsync(id, await _h.VersionOfAsync(id), confirmation, late, actor ?? _h.Helpdesk, CancellationToken.None);

    [Fact]
    public async Task HelpdeskRecordsAPhoneConfirmation_TheStepIsDoneWhenConfirmed_ByHelpdesk_AndTheRequestGoesToArchive()
    {
        var id = await PaperRequestAwaitingConfirmationAsync();
        var relayedAt = _h.Now;
        _h.Time.Advance(TimeSpan.FromHours(3)); // recorded long after the 10-minute standard, but confirmed within it
        var confirmedAt = Local(relayedAt.AddMinutes(5));

        var result = await RecordAsync(id, new StaffConfirmation("Agus Salim", ConfirmationMethod.Phone, null, confirmedAt));

        AccessActivationHarness.AssertOk(result);
        var r = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingArchive, r.Status);
        var step = r.Steps.Single(s => s.Kind == StepKind.ConfirmReceipt);
        Assert.Equal(_h.Helpdesk.UserId, step.PerformerUserId);
        Assert.Equal(relayedAt.AddMinutes(5), step.CompletedAt);
        Assert.False(step.IsLate);
        Assert.Contains("telepon", step.Outcome);
        Assert.Contains("oleh Agus Salim", step.Outcome);
        Assert.Contains($"pada {confirmedAt.ToString("dd-MM-yyyy HH:mm", CultureInfo.InvariantCulture)} WIB", step.Outcome);
        Assert.Contains($"dicatat oleh {_h.Helpdesk.Name}", step.Outcome);
        var archive = Assert.Single(r.Steps, s => s.IsOpen);
        Assert.Equal(StepKind.Archive, archive.Kind);
        Assert.Equal(_h.Now, archive.ActionableAt);
    }

    [Fact]
    public async Task AConfirmationAfterTheStandard_NeedsTheLateExplanation()
    {
        var id = await PaperRequestAwaitingConfirmationAsync();
        var confirmedAt = Local(_h.Now.AddMinutes(40));
        _h.Time.Advance(TimeSpan.FromHours(1));

        var refused = await RecordAsync(id, new StaffConfirmation("Agus Salim", ConfirmationMethod.InPerson, null, confirmedAt));
        Assert.Equal(ErrorKind.LateExplanationRequired, refused.Error);

        AccessActivationHarness.AssertOk(await RecordAsync(id, new StaffConfirmation("Agus Salim", ConfirmationMethod.InPerson, null, confirmedAt),
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

        var future = await RecordAsync(id, new StaffConfirmation("Agus Salim", ConfirmationMethod.Phone, null, Local(_h.Now.AddMinutes(10))));
        Assert.Equal(ErrorKind.Validation, future.Error);
        Assert.Contains("belum terjadi", future.Message);

        var beforeRelay = await RecordAsync(id, new StaffConfirmation("Agus Salim", ConfirmationMethod.Phone, null, Local(relayedAt.AddHours(-2))));
        Assert.Equal(ErrorKind.Validation, beforeRelay.Error);
        Assert.Contains("lebih awal dari saat hasil disampaikan", beforeRelay.Message);

        var other = await RecordAsync(id, new StaffConfirmation("Agus Salim", ConfirmationMethod.Other, " ", Local(relayedAt.AddMinutes(3))));
        Assert.Equal(ErrorKind.Validation, other.Error);

        var nobody = await RecordAsync(id, new StaffConfirmation(" ", ConfirmationMethod.Phone, null, Local(relayedAt.AddMinutes(3))));
        Assert.Equal(ErrorKind.Validation, nobody.Error);

        AccessActivationHarness.AssertOk(await RecordAsync(id,
            new StaffConfirmation("Agus Salim", ConfirmationMethod.Other, "pesan WhatsApp ke nomor dinas", Local(relayedAt.AddMinutes(3)))));
        Assert.Contains("lainnya (pesan WhatsApp ke nomor dinas)", (await _h.LoadAsync(id)).Steps.Single(s => s.Kind == StepKind.ConfirmReceipt).Outcome);
    }

    [Fact]
    public async Task OnlyHelpdeskOfTheOffice_AndOnlyWhileTheRequestAwaitsConfirmation()
    {
        var id = await PaperRequestAwaitingConfirmationAsync();
        var confirmation = new StaffConfirmation("Agus Salim", ConfirmationMethod.Phone, null, Local(_h.Now));
        var request = await _h.LoadAsync(id);
        Assert.True(AccessActivationService.CanRecordConfirmation(request, _h.Helpdesk));
        Assert.False(AccessActivationService.CanRecordConfirmation(request, _h.Admin));
        Assert.False(AccessActivationService.CanRecordConfirmation(request, _h.OtherOfficeHelpdesk));

        Assert.Equal(ErrorKind.Forbidden, (await RecordAsync(id, confirmation, _h.Admin)).Error);
        Assert.Equal(ErrorKind.Forbidden, (await RecordAsync(id, confirmation, _h.OtherOfficeHelpdesk)).Error);
        Assert.Equal(ErrorKind.Forbidden, (await RecordAsync(id, confirmation, _h.ApplicantActor)).Error);

        var executed = await _h.DriveToAsync(RequestStatus.AwaitingNotification);
        Assert.Equal(ErrorKind.InvalidState, (await RecordAsync(executed, confirmation)).Error);
        Assert.Equal(ErrorKind.InvalidState,
            (await _h.Service().ResendConfirmationLinkAsync(executed, await _h.VersionOfAsync(executed), _h.Helpdesk, CancellationToken.None)).Error);
    }

    [Fact]
    public async Task HelpdeskResendsTheConfirmationLink_OncePerClick_AndTheStepNotesIt()
    {
        var id = await PaperRequestAwaitingConfirmationAsync();
        await using var before = _h.Query();
        var resultMails = await before.OutboxMessages.CountAsync(m => m.AccessRequestId == id && m.Kind == "activation-result");
        var version = await _h.VersionOfAsync(id);

        AccessActivationHarness.AssertOk(await _h.Service().ResendConfirmationLinkAsync(id, version, _h.Helpdesk, CancellationToken.None));
        var twice = await _h.Service().ResendConfirmationLinkAsync(id, version, _h.Helpdesk, CancellationToken.None);

        Assert.Equal(ErrorKind.Conflict, twice.Error);
        await using var db = _h.Query();
        var mails = await db.OutboxMessages.Where(m => m.AccessRequestId == id && m.Kind == "activation-result").OrderBy(m => m.Id).ToListAsync();
        Assert.Equal(resultMails + 1, mails.Count);
        Assert.Contains("/Status/Konfirmasi", mails[^1].Body);
        var r = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingConfirmation, r.Status);
        Assert.Contains($"Tautan konfirmasi dikirim ulang ke {r.ApplicantEmail} oleh {_h.Helpdesk.Name}", r.Steps.Single(s => s.IsOpen).Note);
        Assert.Equal(ErrorKind.Forbidden,
            (await _h.Service().ResendConfirmationLinkAsync(id, await _h.VersionOfAsync(id), _h.Admin, CancellationToken.None)).Error);

        // The link still works for the applicant afterwards.
        Assert.True(await db.AccessRequests.AnyAsync(x => x.Id == id && x.Status == RequestStatus.AwaitingConfirmation));
        Assert.Equal(Roles.Pemohon, r.CurrentActorRole);
    }
}
