using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;

namespace AksesSpse.Core.Tests.Requests;

[Trait("Sop", "ResetPassword")]
public sealed class PasswordResetWorkflowTests
{
    /// <summary>SOP 4 as a table: the one move each status allows (Archived allows none).</summary>
    private static readonly Dictionary<RequestStatus, ResetAction?> OnlyMoveIn = new()
    {
        [RequestStatus.Submitted] = ResetAction.CheckCompleteness,
        [RequestStatus.ReturnedForCompletion] = ResetAction.Resubmit,
        [RequestStatus.AwaitingValidation] = ResetAction.CheckValidity,
        [RequestStatus.AwaitingExecution] = ResetAction.Execute,
        [RequestStatus.AwaitingNotification] = ResetAction.Notify,
        [RequestStatus.AwaitingArchive] = ResetAction.Archive,
        [RequestStatus.Archived] = null,
    };

    public static TheoryData<RequestStatus, ResetAction, bool> EveryStatusAndAction()
    {
        var data = new TheoryData<RequestStatus, ResetAction, bool>();
        foreach (var status in PasswordResetWorkflow.Statuses)
        {
            foreach (var action in Enum.GetValues<ResetAction>())
            {
                data.Add(status, action, OnlyMoveIn[status] == action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndAction))]
    public void AllowsOnlyTheMoveTheSopPrescribesForEachStatus(RequestStatus status, ResetAction action, bool expected)
    {
        Assert.Equal(expected, PasswordResetWorkflow.IsAllowed(status, action));
    }

    [Fact]
    public void TableCoversEveryStatusAndAction()
    {
        Assert.Equal(PasswordResetWorkflow.Statuses.Order(), OnlyMoveIn.Keys.Order());
        Assert.Equal(7 * 6, EveryStatusAndAction().Count);
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndAction))]
    public void AllowedInListsExactlyTheAllowedMoves(RequestStatus status, ResetAction action, bool expected)
    {
        Assert.Equal(expected, PasswordResetWorkflow.AllowedIn(status).Contains(action));
    }

    [Fact]
    public void ArchivedRequestAllowsNothing()
    {
        Assert.Empty(PasswordResetWorkflow.AllowedIn(RequestStatus.Archived));
    }

    [Theory]
    [InlineData(ResetAction.CheckCompleteness, Roles.AdminAgency)]
    [InlineData(ResetAction.Resubmit, Roles.Pemohon)]
    [InlineData(ResetAction.CheckValidity, Roles.AdminAgency)]
    [InlineData(ResetAction.Execute, Roles.AdminAgency)]
    [InlineData(ResetAction.Notify, Roles.AdminAgency)]
    [InlineData(ResetAction.Archive, Roles.AdminAgency)]
    public void GivesResubmitToTheApplicantAndEveryOtherMoveToAdminAgency(ResetAction action, string role)
    {
        Assert.Equal(role, PasswordResetWorkflow.ActorRole(action));
    }

    [Fact]
    public void RefusesAnUnknownAction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PasswordResetWorkflow.RequiredStatus((ResetAction)99));
    }

    [Fact]
    public void LabelsEveryActionInBahasaIndonesia()
    {
        foreach (var action in Enum.GetValues<ResetAction>())
        {
            Assert.NotEqual(action.ToString(), action.Label());
        }
    }
}
