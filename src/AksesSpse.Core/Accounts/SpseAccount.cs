namespace AksesSpse.Core.Accounts;

/// <summary>The role an account has in SPSE.</summary>
public enum SpseRole
{
    Ppk = 1,
    Pokja = 2,
    PejabatPengadaan = 3,
    Verifikator = 4,
    Helpdesk = 5,
    AdminAgency = 6,
    Auditor = 7,
}

public enum SpseAccountStatus
{
    Active = 1,
    Inactive = 2,
}

public enum SpseAccountChange
{
    Registered = 1,
    Activated = 2,
    Deactivated = 3,
    PasswordReset = 4,
    InformationChanged = 5,
}

/// <summary>An SPSE account that the office manages: who holds it, in what role, under which SK, and its status.</summary>
public sealed class SpseAccount : Common.IVersioned
{
    public int Id { get; set; }
    public int OfficeId { get; set; }

    /// <summary>The user ID in SPSE.</summary>
    public string UserId { get; set; } = "";
    public string HolderName { get; set; } = "";
    public string HolderNip { get; set; } = "";
    public string HolderEmail { get; set; } = "";
    public string? HolderPhone { get; set; }
    public string Agency { get; set; } = "";
    public SpseRole Role { get; set; }

    public string SkNumber { get; set; } = "";
    public DateOnly? SkDate { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }

    public SpseAccountStatus Status { get; set; } = SpseAccountStatus.Active;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token, incremented on every change.</summary>
    public int Version { get; set; }

    public List<SpseAccountHistory> History { get; set; } = [];

    public bool IsSkExpired(DateOnly today) => ValidUntil is { } until && until < today;
}

/// <summary>One change to an account: what, when, by whom, through which request.</summary>
public sealed class SpseAccountHistory
{
    public long Id { get; set; }
    public int SpseAccountId { get; set; }
    public SpseAccountChange Change { get; set; }
    public string Detail { get; set; } = "";
    public DateTime ChangedAt { get; set; }
    public string? ChangedByUserId { get; set; }
    public string ChangedByName { get; set; } = "";
    public int? AccessRequestId { get; set; }

    /// <summary>The year-end PPK campaign that made the change, if any.</summary>
    public int? PpkCampaignId { get; set; }
}

public static class SpseRoleLabels
{
    public static string Label(this SpseRole role) => role switch
    {
        SpseRole.Ppk => "PPK",
        SpseRole.Pokja => "Pokja Pemilihan",
        SpseRole.PejabatPengadaan => "Pejabat Pengadaan",
        SpseRole.Verifikator => "Verifikator",
        SpseRole.Helpdesk => "Helpdesk",
        SpseRole.AdminAgency => "Admin Agency",
        SpseRole.Auditor => "Auditor",
        _ => role.ToString(),
    };

    public static string Label(this SpseAccountStatus status) =>
        status == SpseAccountStatus.Active ? "Aktif" : "Nonaktif";

    public static string Label(this SpseAccountChange change) => change switch
    {
        SpseAccountChange.Registered => "Didaftarkan",
        SpseAccountChange.Activated => "Diaktifkan",
        SpseAccountChange.Deactivated => "Dinonaktifkan",
        SpseAccountChange.PasswordReset => "Reset password",
        SpseAccountChange.InformationChanged => "Perubahan informasi user ID",
        _ => change.ToString(),
    };
}
