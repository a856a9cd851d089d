using AksesSpse.Core.Engine;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Tests.Engine;

/// <summary>
/// SOP 4 requests in flight under the old per-SOP statuses when SOP 4 moves onto the engine: placed once on their open step,
/// then carried on by the engine to their end.
/// </summary>
[Trait("Sop", "ResetPassword")]
public sealed class LegacyRequestsTests : IDisposable
{
    private readonly PasswordResetEngineHarness _engine = new();

    public void Dispose() => _engine.Dispose();

    private async Task<int> AdoptAsync(params SopKind[] kinds)
    {
        await using var db = _engine.Query();
        return await LegacyRequests.AdoptAsync(db, kinds, CancellationToken.None);
    }

    /// <summary>
    /// A request as the old SOP 4 service left it: the same step log, but standing on a per-SOP status with no paused clock
    /// (and, from before the engine's migration, no step number).
    /// </summary>
    private async Task<int> OldRequestAtAsync(RequestStatus status, bool withStepNumber = true)
    {
        var step = status switch
        {
            RequestStatus.Submitted => PasswordResetEngineHarness.CompletenessStep,
            RequestStatus.ReturnedForCompletion => PasswordResetEngineHarness.CompletionStep,
            RequestStatus.AwaitingValidation => PasswordResetEngineHarness.ValidityStep,
            RequestStatus.AwaitingExecution => PasswordResetEngineHarness.AccountStep,
            RequestStatus.AwaitingNotification => PasswordResetEngineHarness.NotifyStep,
            RequestStatus.AwaitingArchive => PasswordResetEngineHarness.ArchiveStep,
            _ => PasswordResetEngineHarness.Closed,
        };
        var id = await _engine.DriveToAsync(step);
        if (step != PasswordResetEngineHarness.Closed)
        {
            await using var db = _engine.Query();
            await db.AccessRequests.Where(r => r.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, status)
                .SetProperty(r => r.PausedSince, (DateTime?)null));
            if (!withStepNumber)
            {
                await db.AccessRequests.Where(r => r.Id == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.CurrentStepNumber, (int?)null));
            }
        }

        return id;
    }

    [Theory]
    [InlineData(RequestStatus.Submitted, 2)]
    [InlineData(RequestStatus.ReturnedForCompletion, 4)]
    [InlineData(RequestStatus.AwaitingValidation, 5)]
    [InlineData(RequestStatus.AwaitingExecution, 6)]
    [InlineData(RequestStatus.AwaitingNotification, 8)]
    [InlineData(RequestStatus.AwaitingArchive, 9)]
    public async Task ARequestInFlightIsPlacedOnItsOpenStepOnce_AndTheEngineCarriesItToItsEnd(RequestStatus status, int step)
    {
        var id = await OldRequestAtAsync(status);

        Assert.Equal(1, await AdoptAsync(SopKind.PasswordReset));
        Assert.Equal(0, await AdoptAsync(SopKind.PasswordReset));

        var adopted = await _engine.LoadAsync(id);
        Assert.Equal(step, adopted.CurrentStepNumber);
        Assert.Equal(RequestStatus.InProgress, adopted.Status);
        Assert.Equal(step == PasswordResetEngineHarness.CompletionStep, adopted.IsPaused);
        Assert.Equal(adopted.OpenStep!.StepNumber, adopted.CurrentStepNumber);

        while (adopted.CurrentStepNumber is { } open)
        {
            PasswordResetEngineHarness.AssertOk(await _engine.PerformAsync(open, id));
            adopted = await _engine.LoadAsync(id);
        }

        Assert.Equal(RequestStatus.Archived, adopted.Status);
        Assert.Equal(RequestOutcome.Completed, adopted.Outcome);
        await using var db = _engine.Query();
        Assert.Equal(1, await db.ArchiveRecords.CountAsync(a => a.AccessRequestId == id));
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.AccessRequestId == id && m.Kind == "credential"));
    }

    [Fact]
    public async Task LeavesClosedRequestsAndOtherSopsAlone()
    {
        var archived = await OldRequestAtAsync(RequestStatus.Archived);
        var open = await OldRequestAtAsync(RequestStatus.AwaitingValidation);

        Assert.Equal(0, await AdoptAsync(SopKind.StaffRegistration, SopKind.AccessActivation));
        Assert.Equal(RequestStatus.AwaitingValidation, (await _engine.LoadAsync(open)).Status);
        Assert.Equal(1, await AdoptAsync(SopKind.PasswordReset));

        var closed = await _engine.LoadAsync(archived);
        Assert.Equal(RequestStatus.Archived, closed.Status);
        Assert.Null(closed.CurrentStepNumber);
    }

    [Fact]
    public async Task ARequestFromBeforeTheStepNumberWasRecordedGetsItFromItsOpenStep()
    {
        var id = await OldRequestAtAsync(RequestStatus.AwaitingExecution, withStepNumber: false);

        Assert.Equal(1, await AdoptAsync(SopKind.PasswordReset));

        Assert.Equal(PasswordResetEngineHarness.AccountStep, (await _engine.LoadAsync(id)).CurrentStepNumber);
        PasswordResetEngineHarness.AssertOk(await _engine.ExecuteAsync(id));
    }

    [Fact]
    public async Task OpenRequestsFromBeforeTheStepKindColumnGetTheKindOfTheirOpenStep_ClosedOnesAndFilledOnesAreLeftAlone()
    {
        var atValidity = await _engine.DriveToAsync(PasswordResetEngineHarness.ValidityStep);
        var atNotify = await _engine.DriveToAsync(PasswordResetEngineHarness.NotifyStep);
        var closed = await _engine.DriveToAsync(PasswordResetEngineHarness.Closed);
        await using (var db = _engine.Query())
        {
            // As the engine keeps it: the open step's kind on the request, none once closed.
            Assert.Equal(StepKind.ValidityCheck, (await db.AccessRequests.SingleAsync(r => r.Id == atValidity)).CurrentStepKind);
            Assert.Null((await db.AccessRequests.SingleAsync(r => r.Id == closed)).CurrentStepKind);
            await db.AccessRequests.Where(r => r.Id == atValidity).ExecuteUpdateAsync(u => u.SetProperty(r => r.CurrentStepKind, (StepKind?)null));
        }

        await using (var db = _engine.Query())
        {
            Assert.Equal(1, await LegacyRequests.FillCurrentStepKindAsync(db, CancellationToken.None));
            Assert.Equal(0, await LegacyRequests.FillCurrentStepKindAsync(db, CancellationToken.None)); // once only
        }

        await using var check = _engine.Query();
        Assert.Equal(StepKind.ValidityCheck, (await check.AccessRequests.SingleAsync(r => r.Id == atValidity)).CurrentStepKind);
        Assert.Equal(StepKind.Notify, (await check.AccessRequests.SingleAsync(r => r.Id == atNotify)).CurrentStepKind);
        Assert.Null((await check.AccessRequests.SingleAsync(r => r.Id == closed)).CurrentStepKind);
    }
}
