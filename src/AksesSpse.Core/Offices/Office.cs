namespace AksesSpse.Core.Offices;

/// <summary>An LPSE office (a tenant). Every request, account and SOP belongs to one.</summary>
public sealed class Office
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Address { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }

    /// <summary>IANA time zone of the office (Asia/Jakarta = WIB, Asia/Makassar = WITA, Asia/Jayapura = WIT).</summary>
    public string TimeZoneId { get; set; } = "Asia/Jakarta";

    public string? HeadOfLpseEmail { get; set; }

    /// <summary>The line above the office's name in its letterhead (e.g. "Pemerintah Kabupaten Batang").</summary>
    public string? ParentAuthority { get; set; }

    /// <summary>The office's logo for its documents (PNG or JPEG, checked by content on upload); null prints an emblem of its code.</summary>
    public byte[]? Logo { get; set; }
    public string? LogoContentType { get; set; }
}
