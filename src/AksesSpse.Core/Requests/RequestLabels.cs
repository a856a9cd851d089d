namespace AksesSpse.Core.Requests;

public static class RequestLabels
{
    public static string Label(this RequestType type) => type switch
    {
        RequestType.ResetPassword => "Reset password",
        RequestType.ChangeUserInformation => "Perubahan informasi user ID",
        RequestType.Deactivate => "Penonaktifan hak akses SPSE",
        RequestType.Activate => "Pengaktifan hak akses SPSE",
        RequestType.StaffRegistration => "Registrasi akun Verifikator/Helpdesk/Admin Agency LPSE",
        RequestType.PokjaAccounts => "Permintaan user ID/password anggota Pokja",
        _ => type.ToString(),
    };

    public static string Label(this RequestStatus status) => status switch
    {
        RequestStatus.Submitted => "Menunggu pemeriksaan kelengkapan",
        RequestStatus.ReturnedForCompletion => "Dikembalikan untuk dilengkapi",
        RequestStatus.AwaitingValidation => "Menunggu pemeriksaan keabsahan",
        RequestStatus.AwaitingExecution => "Menunggu pelaksanaan di SPSE",
        RequestStatus.AwaitingNotification => "Menunggu pemberitahuan ke pemohon",
        RequestStatus.AwaitingArchive => "Menunggu pengarsipan",
        RequestStatus.Archived => "Selesai dan diarsipkan",
        RequestStatus.AwaitingReceipt => "Menunggu diterima Helpdesk",
        RequestStatus.AwaitingConfirmation => "Menunggu konfirmasi penerimaan oleh pemohon",
        RequestStatus.InProgress => "Sedang diproses",
        _ => status.ToString(),
    };

    public static string Label(this IntakeChannel channel) => channel switch
    {
        IntakeChannel.Online => "Daring (aplikasi)",
        IntakeChannel.WalkIn => "Datang langsung (berkas kertas)",
        IntakeChannel.Email => "Email (pindaian)",
        _ => channel.ToString(),
    };

    /// <summary>The decision on the request, apart from where it stands: "Dikabulkan" may still wait for its archive step.</summary>
    public static string Label(this RequestOutcome outcome) => outcome switch
    {
        RequestOutcome.Completed => "Dikabulkan",
        RequestOutcome.Rejected => "Ditolak",
        _ => "Dalam proses",
    };

    /// <summary>
    /// Where the request stands, worded so that it reads right beside its outcome ("Ditolak · Ditutup dan diarsipkan",
    /// never "Selesai" beside a status that still waits, nor "Selesai" beside "Ditolak").
    /// </summary>
    public static string Label(this RequestStatus status, RequestOutcome outcome) =>
        status == RequestStatus.Archived && outcome == RequestOutcome.Rejected ? "Ditutup dan diarsipkan" : status.Label();
}
