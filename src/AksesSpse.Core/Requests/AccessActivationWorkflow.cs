using AksesSpse.Core.Identity;

namespace AksesSpse.Core.Requests;

/// <summary>The moves of SOP 2 (deactivation and activation of SPSE access).</summary>
public enum ActivationAction
{
    Receive = 1,
    CheckCompleteness = 2,
    Resubmit = 3,
    Execute = 4,
    Relay = 5,
    ConfirmReceipt = 6,
    Archive = 7,
}

/// <summary>The items Helpdesk checks on the file (SOP 2 step 3).</summary>
public enum ChecklistItem
{
    Letterhead = 1,
    Signature = 2,
    WetStamp = 3,
    AddressedToHead = 4,
    SkValid = 5,
    PersonalData = 6,
}

/// <summary>
/// Which move SOP 2 allows in which status, and whose move it is. The service re-checks these before acting and the
/// pages ask them before showing a button.
/// </summary>
public static class AccessActivationWorkflow
{
    public static RequestStatus RequiredStatus(ActivationAction action) => action switch
    {
        ActivationAction.Receive => RequestStatus.AwaitingReceipt,
        ActivationAction.CheckCompleteness => RequestStatus.Submitted,
        ActivationAction.Resubmit => RequestStatus.ReturnedForCompletion,
        ActivationAction.Execute => RequestStatus.AwaitingExecution,
        ActivationAction.Relay => RequestStatus.AwaitingNotification,
        ActivationAction.ConfirmReceipt => RequestStatus.AwaitingConfirmation,
        ActivationAction.Archive => RequestStatus.AwaitingArchive,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static string ActorRole(ActivationAction action) => action switch
    {
        ActivationAction.Resubmit or ActivationAction.ConfirmReceipt => Roles.Pemohon,
        ActivationAction.Execute => Roles.AdminAgency,
        _ => Roles.HelpdeskLpse,
    };

    public static bool IsAllowed(RequestStatus status, ActivationAction action) => RequiredStatus(action) == status;

    public static IEnumerable<ActivationAction> AllowedIn(RequestStatus status) =>
        Enum.GetValues<ActivationAction>().Where(a => IsAllowed(status, a));

    public static string Label(this ActivationAction action) => action switch
    {
        ActivationAction.Receive => "Terima berkas",
        ActivationAction.CheckCompleteness => "Periksa kelengkapan berkas",
        ActivationAction.Resubmit => "Lengkapi dan kirim ulang",
        ActivationAction.Execute => "Laksanakan di SPSE",
        ActivationAction.Relay => "Sampaikan hasil ke pemohon",
        ActivationAction.ConfirmReceipt => "Konfirmasi penerimaan hasil",
        ActivationAction.Archive => "Arsipkan",
        _ => action.ToString(),
    };

    public static string Label(this ChecklistItem item) => item switch
    {
        ChecklistItem.Letterhead => "Surat permohonan memakai kop surat instansi",
        ChecklistItem.Signature => "Surat permohonan bertanda tangan",
        ChecklistItem.WetStamp => "Surat permohonan berstempel basah instansi",
        ChecklistItem.AddressedToHead => "Surat permohonan ditujukan kepada Kepala LPSE",
        ChecklistItem.SkValid => "SK / Surat Tugas / Surat Penunjukan berlaku pada hari ini",
        ChecklistItem.PersonalData => "Data personal lengkap (Nama, NIP, Pangkat/Golongan, Jabatan, Instansi, Alamat, No. HP, Email)",
        _ => item.ToString(),
    };
}
