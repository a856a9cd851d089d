using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;

namespace AksesSpse.Core.Tests.Requests;

[Trait("Sop", "Deactivation")]
public sealed class AccessActivationWorkflowTests
{
    /// <summary>
    /// SOP 2 as a table: the one move each status allows (Archived allows none; AwaitingValidation is SOP 4's, InProgress the
    /// SOP engine's).
    /// </summary>
    private static readonly Dictionary<RequestStatus, ActivationAction?> OnlyMoveIn = new()
    {
        [RequestStatus.AwaitingReceipt] = ActivationAction.Receive,
        [RequestStatus.Submitted] = ActivationAction.CheckCompleteness,
        [RequestStatus.ReturnedForCompletion] = ActivationAction.Resubmit,
        [RequestStatus.AwaitingValidation] = null,
        [RequestStatus.AwaitingExecution] = ActivationAction.Execute,
        [RequestStatus.AwaitingNotification] = ActivationAction.Relay,
        [RequestStatus.AwaitingConfirmation] = ActivationAction.ConfirmReceipt,
        [RequestStatus.AwaitingArchive] = ActivationAction.Archive,
        [RequestStatus.Archived] = null,
        [RequestStatus.InProgress] = null,
    };

    public static TheoryData<RequestStatus, ActivationAction, bool> EveryStatusAndAction()
    {
        var data = new TheoryData<RequestStatus, ActivationAction, bool>();
        foreach (var status in Enum.GetValues<RequestStatus>())
        {
            foreach (var action in Enum.GetValues<ActivationAction>())
            {
                data.Add(status, action, OnlyMoveIn[status] == action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndAction))]
    public void AllowsOnlyTheMoveTheSopPrescribesForEachStatus(RequestStatus status, ActivationAction action, bool expected)
    {
        Assert.Equal(expected, AccessActivationWorkflow.IsAllowed(status, action));
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndAction))]
    public void AllowedInListsExactlyTheAllowedMoves(RequestStatus status, ActivationAction action, bool expected)
    {
        Assert.Equal(expected, AccessActivationWorkflow.AllowedIn(status).Contains(action));
    }

    [Fact]
    public void TableCoversEveryStatusAndAction()
    {
        Assert.Equal(Enum.GetValues<RequestStatus>().Order(), OnlyMoveIn.Keys.Order());
        Assert.Equal(10 * 7, EveryStatusAndAction().Count);
        Assert.Equal(Enum.GetValues<ActivationAction>().Order(), OnlyMoveIn.Values.OfType<ActivationAction>().Order());
    }

    [Theory]
    [InlineData(RequestStatus.Archived)]
    [InlineData(RequestStatus.AwaitingValidation)]
    public void AllowsNothingInAStatusWithoutAnSop2Move(RequestStatus status)
    {
        Assert.Empty(AccessActivationWorkflow.AllowedIn(status));
    }

    [Theory]
    [InlineData(ActivationAction.Receive, Roles.HelpdeskLpse)]
    [InlineData(ActivationAction.CheckCompleteness, Roles.HelpdeskLpse)]
    [InlineData(ActivationAction.Resubmit, Roles.Pemohon)]
    [InlineData(ActivationAction.Execute, Roles.AdminAgency)]
    [InlineData(ActivationAction.Relay, Roles.HelpdeskLpse)]
    [InlineData(ActivationAction.ConfirmReceipt, Roles.Pemohon)]
    [InlineData(ActivationAction.Archive, Roles.HelpdeskLpse)]
    public void GivesEachMoveToTheActorTheSopNames(ActivationAction action, string role)
    {
        Assert.Equal(role, AccessActivationWorkflow.ActorRole(action));
    }

    [Fact]
    public void RefusesAnUnknownAction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AccessActivationWorkflow.RequiredStatus((ActivationAction)99));
    }

    [Fact]
    public void LabelsEveryActionAndChecklistItemInBahasaIndonesia()
    {
        foreach (var action in Enum.GetValues<ActivationAction>())
        {
            Assert.NotEqual(action.ToString(), action.Label());
        }

        foreach (var item in Enum.GetValues<ChecklistItem>())
        {
            Assert.NotEqual(item.ToString(), item.Label());
        }
    }
}
