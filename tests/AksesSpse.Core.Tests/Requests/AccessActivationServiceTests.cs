using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Moq;
using static AksesSpse.Core.Tests.TestSupport.AccessActivationHarness;

namespace AksesSpse.Core.Tests.Requests;

/// <summary>
/// SOP 2 through <see cref="AccessActivationService"/>, over a real SQLite database: which move is accepted in which
/// status and from whom, the time standard of each step, and two officers acting on the same request.
/// </summary>
[Trait("Sop", "Deactivation")]
public sealed class AccessActivationServiceTests : IDisposable
{
    private readonly AccessActivationHarness _h = new();

    private DateTime Now => _h.Now;

    public void Dispose() => _h.Dispose();

    // ------------------------------------------------------------------------------------------------
    // Every status × every move, through the service
    // ------------------------------------------------------------------------------------------------

    public static TheoryData<RequestStatus, ActivationAction> EveryStatusAndAction()
    {
        var data = new TheoryData<RequestStatus, ActivationAction>();
        // InProgress belongs to the SOP engine's requests: an SOP 2 request never reaches it (the workflow table proves no move is allowed in it).
        foreach (var status in Enum.GetValues<RequestStatus>().Where(s => s != RequestStatus.InProgress))
        {
            foreach (var action in Enum.GetValues<ActivationAction>())
            {
                data.Add(status, action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndAction))]
    public async Task AcceptsAMoveOnlyInTheStatusTheWorkflowAllows(RequestStatus status, ActivationAction action)
    {
        var id = await _h.DriveToAsync(status);
        var before = await SnapshotAsync(id);

        var result = await _h.PerformAsync(action, id);

        var after = await SnapshotAsync(id);
        if (AccessActivationWorkflow.IsAllowed(status, action))
        {
            AssertOk(result);
            Assert.NotEqual(status, after.Request.Status);
            Assert.Equal(before.Request.Version + 1, after.Request.Version);
        }
        else
        {
            Assert.Equal(ErrorKind.InvalidState, result.Error);
            Assert.Contains("tidak dapat dilakukan karena status permohonan", result.Message);
            Assert.Contains(action.Label(), result.Message);
            Assert.Contains(status.Label(), result.Message);
            AssertNothingChanged(before, after);
        }
    }

    [Theory]
    [InlineData(RequestStatus.AwaitingReceipt)]
    [InlineData(RequestStatus.Submitted)]
    [InlineData(RequestStatus.ReturnedForCompletion)]
    [InlineData(RequestStatus.AwaitingExecution)]
    [InlineData(RequestStatus.AwaitingNotification)]
    [InlineData(RequestStatus.AwaitingConfirmation)]
    [InlineData(RequestStatus.AwaitingArchive)]
    [InlineData(RequestStatus.Archived)]
    public async Task OffersEachActorOnlyTheirOwnAllowedMoves(RequestStatus status)
    {
        var request = await _h.LoadAsync(await _h.DriveToAsync(status));

        var allowed = AccessActivationWorkflow.AllowedIn(status).ToList();
        Assert.Equal(allowed.Where(a => AccessActivationWorkflow.ActorRole(a) == Roles.HelpdeskLpse),
            AccessActivationService.AvailableActions(request, _h.Helpdesk));
        Assert.Equal(allowed.Where(a => a == ActivationAction.Execute), AccessActivationService.AvailableActions(request, _h.Admin));
        Assert.Equal(allowed.Where(a => AccessActivationWorkflow.ActorRole(a) == Roles.Pemohon),
            AccessActivationService.AvailableActions(request, _h.ApplicantActor));
        Assert.Empty(AccessActivationService.AvailableActions(request, _h.OtherApplicantActor));
        Assert.Empty(AccessActivationService.AvailableActions(request, _h.OtherOfficeHelpdesk));
        Assert.Empty(AccessActivationService.AvailableActions(request, _h.OtherOfficeAdmin));
    }

    [Fact]
    public async Task OffersHelpdeskTheCompletionOfAFileThatCameOnPaper()
    {
        var request = await _h.LoadAsync(await _h.DriveToAsync(RequestStatus.ReturnedForCompletion, intake: new IntakeCommandBuilder().Build()));

        Assert.Equal([ActivationAction.Resubmit], AccessActivationService.AvailableActions(request, _h.Helpdesk));
        Assert.Empty(AccessActivationService.AvailableActions(request, _h.OtherOfficeHelpdesk));
    }

    [Fact]
    public async Task OffersNothingOnARequestOfAnotherSop()
    {
        var request = await _h.LoadAsync(await _h.DriveToAsync(RequestStatus.Submitted));
        request.Kind = SopKind.PasswordReset;

        Assert.Empty(AccessActivationService.AvailableActions(request, _h.Helpdesk));
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
        var reset = await _h.SubmitResetAsync(new SubmitResetCommandBuilder().Build(), _h.ApplicantActor);
        AssertOk(reset);

        var result = await _h.CheckCompletenessAsync(reset.Value);

        Assert.Equal(ErrorKind.NotFound, result.Error);
        Assert.Equal(RequestStatus.InProgress, (await _h.LoadAsync(reset.Value)).Status);
    }

    // ------------------------------------------------------------------------------------------------
    // Who may act
    // ------------------------------------------------------------------------------------------------

    private static readonly string[] ActorNames =
        ["applicant", "other applicant", "Helpdesk", "Admin Agency", "Kepala LPSE", "Auditor", "Administrator", "Helpdesk other office", "Admin Agency other office"];

    /// <summary>Every move with every actor who must not make it on an online request.</summary>
    public static TheoryData<ActivationAction, string> WrongActors()
    {
        var data = new TheoryData<ActivationAction, string>();
        foreach (var action in Enum.GetValues<ActivationAction>())
        {
            var rightful = action switch
            {
                ActivationAction.Resubmit or ActivationAction.ConfirmReceipt => "applicant",
                ActivationAction.Execute => "Admin Agency",
                _ => "Helpdesk",
            };
            foreach (var name in ActorNames.Where(n => n != rightful))
            {
                data.Add(action, name);
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
    public async Task RefusesAMoveByAnyoneButItsActor(ActivationAction action, string actorName)
    {
        var status = AccessActivationWorkflow.RequiredStatus(action);
        var id = await _h.DriveToAsync(status);
        var before = await SnapshotAsync(id);

        var result = await _h.PerformAsync(action, id, ActorNamed(actorName));

        Assert.Equal(ErrorKind.Forbidden, result.Error);
        Assert.Equal("Anda tidak berwenang melakukan tindakan ini.", result.Message);
        AssertNothingChanged(before, await SnapshotAsync(id));
    }

    [Theory]
    [InlineData(ActivationAction.Receive)]
    [InlineData(ActivationAction.CheckCompleteness)]
    [InlineData(ActivationAction.Relay)]
    [InlineData(ActivationAction.Archive)]
    public async Task AnyHelpdeskOfficerOfTheOfficeMayMakeHelpdesksMove(ActivationAction action)
    {
        var id = await _h.DriveToAsync(AccessActivationWorkflow.RequiredStatus(action));

        AssertOk(await _h.PerformAsync(action, id, _h.OtherHelpdesk));

        var request = await _h.LoadAsync(id);
        Assert.Contains(request.Steps, s => !s.IsOpen && s.PerformerUserId == _h.OtherHelpdesk.UserId);
    }

    [Theory]
    [InlineData(IntakeChannel.WalkIn)]
    [InlineData(IntakeChannel.Email)]
    public async Task HelpdeskRecordsTheCompletionOfAFileThatCameOnPaperOrByEmail(IntakeChannel channel)
    {
        var id = await _h.DriveToAsync(RequestStatus.ReturnedForCompletion, intake: new IntakeCommandBuilder().ByChannel(channel).Build());

        AssertOk(await _h.ResubmitAsync(id, actor: _h.Helpdesk));

        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.Submitted, request.Status);
        var completion = Assert.Single(request.Steps, s => s.Kind == StepKind.ApplicantCompletion);
        Assert.Equal(_h.Helpdesk.UserId, completion.PerformerUserId);
        Assert.Contains($"diterima oleh {_h.Helpdesk.Name}", completion.Outcome);
    }

    [Fact]
    public async Task HelpdeskMayNotCompleteAFileTheApplicantSubmittedOnline()
    {
        var id = await _h.DriveToAsync(RequestStatus.ReturnedForCompletion);
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
        var id = await _h.DriveToAsync(RequestStatus.ReturnedForCompletion, intake: new IntakeCommandBuilder().Build());
        var before = await SnapshotAsync(id);

        var result = await _h.ResubmitAsync(id, actor: ActorNamed(actorName));

        Assert.Equal(ErrorKind.Forbidden, result.Error);
        AssertNothingChanged(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task HelpdeskMayNotConfirmReceiptEvenForAPaperFile()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingConfirmation, intake: new IntakeCommandBuilder().Build());
        var before = await SnapshotAsync(id);

        var result = await _h.ConfirmReceiptAsync(id, actor: _h.Helpdesk);

        Assert.Equal(ErrorKind.Forbidden, result.Error);
        AssertNothingChanged(before, await SnapshotAsync(id));
    }

    // ------------------------------------------------------------------------------------------------
    // Late steps: every deviation from the time standard needs the performer's explanation
    // ------------------------------------------------------------------------------------------------

    public static TheoryData<ActivationAction, StepKind> TenMinuteSteps => new()
    {
        { ActivationAction.CheckCompleteness, StepKind.CompletenessCheck },
        { ActivationAction.Execute, StepKind.AccountAction },
        { ActivationAction.ConfirmReceipt, StepKind.ConfirmReceipt },
        { ActivationAction.Archive, StepKind.Archive },
    };

    [Theory]
    [MemberData(nameof(TenMinuteSteps))]
    public async Task LateStepCannotBeCompletedWithoutAnExplanation(ActivationAction action, StepKind kind)
    {
        var status = AccessActivationWorkflow.RequiredStatus(action);
        var id = await _h.DriveToAsync(status);
        var before = await SnapshotAsync(id);
        Assert.Equal(kind, Assert.Single(before.Request.Steps, s => s.IsOpen).Kind);
        _h.Time.Advance(TimeSpan.FromMinutes(12));

        var result = await _h.PerformAsync(action, id, lateExplanation: "   ");

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
    public async Task LateStepWithAnExplanationIsSavedAndMarkedLate(ActivationAction action, StepKind kind)
    {
        var id = await _h.DriveToAsync(AccessActivationWorkflow.RequiredStatus(action));
        var opened = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.IsOpen);
        Assert.Equal(kind, opened.Kind);
        _h.Time.Advance(TimeSpan.FromMinutes(12));

        AssertOk(await _h.PerformAsync(action, id, lateExplanation: "  Jaringan SPSE terputus  "));

        var step = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Id == opened.Id);
        Assert.Equal(Now, step.CompletedAt);
        Assert.True(step.IsLate);
        Assert.Equal("Jaringan SPSE terputus", step.LateExplanation);
        Assert.Equal(12 * 60, step.ElapsedSeconds);
        Assert.Equal(_h.DefaultActor(action).UserId, step.PerformerUserId);
        Assert.Equal(_h.DefaultActor(action).Name, step.PerformerName);
    }

    [Theory]
    [MemberData(nameof(TenMinuteSteps))]
    public async Task StepDoneExactlyAtItsTenMinutesIsOnTime(ActivationAction action, StepKind kind)
    {
        var id = await _h.DriveToAsync(AccessActivationWorkflow.RequiredStatus(action));
        _h.Time.Advance(TimeSpan.FromMinutes(10));

        AssertOk(await _h.PerformAsync(action, id));

        var step = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Kind == kind);
        Assert.False(step.IsLate);
        Assert.Equal(600, step.ElapsedSeconds);
    }

    [Theory]
    [InlineData(ActivationAction.Receive, StepKind.Receive)]
    [InlineData(ActivationAction.Relay, StepKind.Notify)]
    [InlineData(ActivationAction.Resubmit, StepKind.ApplicantCompletion)]
    public async Task StepWithoutATimeStandardIsNeverLate(ActivationAction action, StepKind kind)
    {
        var id = await _h.DriveToAsync(AccessActivationWorkflow.RequiredStatus(action));
        var opened = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.IsOpen);
        Assert.Equal(kind, opened.Kind);
        Assert.Equal(TimeStandard.NotApplicable, opened.Standard);
        Assert.Null(opened.DueAt);
        _h.Time.Advance(TimeSpan.FromDays(3));

        AssertOk(await _h.PerformAsync(action, id));

        var step = Assert.Single((await _h.LoadAsync(id)).Steps, s => s.Id == opened.Id);
        Assert.Equal(Now, step.CompletedAt);
        Assert.False(step.IsLate);
        Assert.Null(step.LateExplanation);
    }

    [Fact]
    public async Task LateReturnOfAnIncompleteFileAlsoNeedsAnExplanationAndStopsNoClock()
    {
        var id = await _h.DriveToAsync(RequestStatus.Submitted);
        var before = await SnapshotAsync(id);
        _h.Time.Advance(TimeSpan.FromMinutes(11));

        var result = await _h.CheckCompletenessAsync(id, MissingDecree());

        Assert.Equal(ErrorKind.LateExplanationRequired, result.Error);
        var after = await SnapshotAsync(id);
        AssertNothingChanged(before, after);
        Assert.Null(after.Request.PausedSince);
        Assert.Null(after.Request.MissingItems);
    }

    [Fact]
    public async Task KeepsNoExplanationForAStepDoneOnTime()
    {
        var id = await _h.DriveToAsync(RequestStatus.Submitted);

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
        var id = await _h.DriveToAsync(RequestStatus.Submitted);
        var seen = await _h.VersionOfAsync(id);
        var before = await SnapshotAsync(id);
        // Yoga saves his check while Sari's, loaded from the same version in another context, is about to be saved.
        var hook = new BeforeSaveHook(async () =>
            AssertOk(await _h.CheckCompletenessAsync(id, MissingDecree("SK tidak terbaca"), actor: _h.OtherHelpdesk, version: seen)));
        var sari = _h.ServiceOn(_h.Database.NewContext(hook));

        var result = await sari.CheckCompletenessAsync(id, seen, AllPassed(), null, _h.Helpdesk, CancellationToken.None);

        Assert.True(hook.Ran);
        Assert.Equal(ErrorKind.Conflict, result.Error);
        var request = await _h.LoadAsync(id);
        Assert.Contains(request.Number, result.Message);
        Assert.Contains("baru saja diproses oleh petugas lain", result.Message);
        Assert.Contains(RequestStatus.ReturnedForCompletion.Label(), result.Message);
        Assert.Contains("Tindakan Anda tidak disimpan", result.Message);

        Assert.Equal(RequestStatus.ReturnedForCompletion, request.Status);
        Assert.Equal(seen + 1, request.Version);
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
        var id = await _h.DriveToAsync(RequestStatus.Submitted);
        var seen = await _h.VersionOfAsync(id);

        AssertOk(await _h.CheckCompletenessAsync(id, actor: _h.OtherHelpdesk, version: seen));
        var late = await _h.CheckCompletenessAsync(id, MissingDecree(), actor: _h.Helpdesk, version: seen);

        Assert.Equal(ErrorKind.Conflict, late.Error);
        Assert.Contains("baru saja diproses oleh petugas lain", late.Message);
        Assert.Contains(RequestStatus.AwaitingExecution.Label(), late.Message);
        var request = await _h.LoadAsync(id);
        Assert.Equal(RequestStatus.AwaitingExecution, request.Status);
        Assert.Equal(seen + 1, request.Version);
        Assert.Null(request.PausedSince);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public async Task RefusesAMoveMadeOnAnotherVersion(int offset)
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingExecution);
        var before = await SnapshotAsync(id);

        var result = await _h.ExecuteAsync(id, version: before.Request.Version + offset);

        Assert.Equal(ErrorKind.Conflict, result.Error);
        AssertNothingChanged(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task TwoOfficersReceivingAtOnceKeepOneHandoverFormAndDeleteTheOther()
    {
        var id = await _h.DriveToAsync(RequestStatus.AwaitingReceipt);
        var seen = await _h.VersionOfAsync(id);
        var loserPaths = new List<string>();
        var loserFiles = new Mock<IFileStore>();
        loserFiles.Setup(f => f.SaveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<byte[]>(), It.IsAny<CancellationToken>()))
            .Returns(async (string folder, string extension, byte[] _, CancellationToken _) =>
            {
                // A colleague receives the same file while this officer's form is being stored.
                AssertOk(await _h.ReceiveAsync(id, _h.OtherHelpdesk, seen));
                var path = $"{folder}/kalah{extension}";
                loserPaths.Add(path);
                return path;
            });
        var slow = _h.ServiceOn(_h.Database.NewContext(), loserFiles.Object);

        var result = await slow.ReceiveAsync(id, seen, _h.Helpdesk, CancellationToken.None);

        Assert.Equal(ErrorKind.Conflict, result.Error);
        var loserPath = Assert.Single(loserPaths);
        loserFiles.Verify(f => f.DeleteAsync(loserPath, It.IsAny<CancellationToken>()), Times.Once);
        var request = await _h.LoadAsync(id);
        var receipt = Assert.Single(request.Documents, d => d.DocumentCode == AccessActivationService.ReceiptCode);
        Assert.NotEqual(loserPath, receipt.StoragePath);
        Assert.Equal(_h.OtherHelpdesk.UserId, receipt.UploadedByUserId);
        await using var db = _h.Query();
        Assert.Single(await db.OutboxMessages.Where(m => m.Kind == "activation-received").ToListAsync());
    }

    [Fact]
    public async Task IncrementsTheVersionOnEverySuccessfulMove()
    {
        var id = await _h.SubmitAsync();
        var versions = new List<int> { await _h.VersionOfAsync(id) };

        async Task Step(Task<OperationResult> move)
        {
            AssertOk(await move);
            versions.Add(await _h.VersionOfAsync(id));
        }

        await Step(_h.ReceiveAsync(id));
        await Step(_h.CheckCompletenessAsync(id, MissingDecree()));
        await Step(_h.ResubmitAsync(id));
        await Step(_h.CheckCompletenessAsync(id));
        await Step(_h.ExecuteAsync(id));
        await Step(_h.RelayAsync(id));
        await Step(_h.ConfirmReceiptAsync(id));
        await Step(_h.ArchiveAsync(id));

        Assert.Equal(Enumerable.Range(versions[0], versions.Count), versions);
    }

    // ------------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------------

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
        Assert.Equal(before.Request.Version, after.Request.Version);
        Assert.Equal(before.Request.Outcome, after.Request.Outcome);
        Assert.Equal(before.Request.PausedSince, after.Request.PausedSince);
        Assert.Equal(before.Request.PausedSeconds, after.Request.PausedSeconds);
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
}
