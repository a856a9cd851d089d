namespace AksesSpse.Core.Requests;

public static class RequestLabels
{
    public static string Label(this RequestType type) => type switch
    {
        RequestType.ResetPassword => "Reset password",
        RequestType.ChangeUserInformation => "Perubahan informasi user ID",
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
        _ => status.ToString(),
    };

    public static string Label(this RequestOutcome outcome) => outcome switch
    {
        RequestOutcome.Completed => "Selesai",
        RequestOutcome.Rejected => "Ditolak",
        _ => "Dalam proses",
    };
}
