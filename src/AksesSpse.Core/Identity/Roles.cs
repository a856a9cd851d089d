namespace AksesSpse.Core.Identity;

/// <summary>The roles of the product. Names are stored in the database; labels are shown in the UI.</summary>
public static class Roles
{
    public const string Pemohon = "Pemohon";
    public const string KepalaUkpbj = "KepalaUKPBJ";
    public const string HelpdeskLpse = "HelpdeskLPSE";
    public const string AdminAgency = "AdminAgency";
    public const string AdminPpe = "AdminPPE";
    public const string KepalaLpse = "KepalaLPSE";
    public const string Auditor = "Auditor";
    public const string Administrator = "Administrator";

    public static readonly IReadOnlyList<string> All =
        [Pemohon, KepalaUkpbj, HelpdeskLpse, AdminAgency, AdminPpe, KepalaLpse, Auditor, Administrator];

    /// <summary>LPSE and procurement-unit staff: everyone who is not an applicant.</summary>
    public static readonly IReadOnlyList<string> Staff =
        [KepalaUkpbj, HelpdeskLpse, AdminAgency, AdminPpe, KepalaLpse, Auditor, Administrator];

    /// <summary>Staff who may read every request of their office (besides its applicant).</summary>
    public static readonly IReadOnlyList<string> RequestViewers = [AdminAgency, HelpdeskLpse, KepalaLpse, KepalaUkpbj, Auditor];

    /// <summary>
    /// Who has an inbox ("Tugas saya"): every role that acts on a step of an SOP or may read the office's requests, i.e. all
    /// but the Administrator, who runs the app and acts on no step.
    /// </summary>
    public const string InboxUsers = Pemohon + "," + KepalaUkpbj + "," + HelpdeskLpse + "," + AdminAgency + "," + AdminPpe + "," + KepalaLpse + "," + Auditor;

    public static string Label(string role) => role switch
    {
        Pemohon => "Pemohon (PPK / Pokja / Pejabat Pengadaan)",
        KepalaUkpbj => "Kepala UKPBJ",
        HelpdeskLpse => "Helpdesk LPSE",
        AdminAgency => "Admin Agency",
        AdminPpe => "Admin PPE",
        KepalaLpse => "Kepala LPSE",
        Auditor => "Auditor",
        Administrator => "Administrator",
        _ => role,
    };
}
