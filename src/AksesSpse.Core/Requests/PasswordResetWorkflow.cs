using AksesSpse.Core.Identity;

namespace AksesSpse.Core.Requests;

/// <summary>The moves of SOP 4 (reset password and change of user-ID information).</summary>
public enum ResetAction
{
    CheckCompleteness = 1,
    Resubmit = 2,
    CheckValidity = 3,
    Execute = 4,
    Notify = 5,
    Archive = 6,
}

public enum CompletenessDecision
{
    Complete = 1,
    Incomplete = 2,
    Reject = 3,
}

/// <summary>
/// Which move SOP 4 allows in which status, and whose move it is. The single source of these rules:
/// the service re-checks them before acting and the pages ask them before showing a button.
/// </summary>
public static class PasswordResetWorkflow
{
    /// <summary>The statuses an SOP 4 request passes through (the others belong to SOP 2).</summary>
    public static readonly IReadOnlyList<RequestStatus> Statuses =
    [
        RequestStatus.Submitted, RequestStatus.ReturnedForCompletion, RequestStatus.AwaitingValidation, RequestStatus.AwaitingExecution,
        RequestStatus.AwaitingNotification, RequestStatus.AwaitingArchive, RequestStatus.Archived,
    ];

    public static RequestStatus RequiredStatus(ResetAction action) => action switch
    {
        ResetAction.CheckCompleteness => RequestStatus.Submitted,
        ResetAction.Resubmit => RequestStatus.ReturnedForCompletion,
        ResetAction.CheckValidity => RequestStatus.AwaitingValidation,
        ResetAction.Execute => RequestStatus.AwaitingExecution,
        ResetAction.Notify => RequestStatus.AwaitingNotification,
        ResetAction.Archive => RequestStatus.AwaitingArchive,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static string ActorRole(ResetAction action) =>
        action == ResetAction.Resubmit ? Roles.Pemohon : Roles.AdminAgency;

    public static bool IsAllowed(RequestStatus status, ResetAction action) => RequiredStatus(action) == status;

    public static IEnumerable<ResetAction> AllowedIn(RequestStatus status) =>
        Enum.GetValues<ResetAction>().Where(a => IsAllowed(status, a));

    public static string Label(this ResetAction action) => action switch
    {
        ResetAction.CheckCompleteness => "Periksa kelengkapan berkas",
        ResetAction.Resubmit => "Lengkapi dan kirim ulang",
        ResetAction.CheckValidity => "Periksa keabsahan berkas",
        ResetAction.Execute => "Laksanakan di SPSE",
        ResetAction.Notify => "Beritahukan ke pemohon",
        ResetAction.Archive => "Arsipkan",
        _ => action.ToString(),
    };
}
