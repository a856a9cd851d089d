using Microsoft.AspNetCore.Identity;

namespace AksesSpse.Core.Identity;

/// <summary>What an applicant is in the procurement organisation.</summary>
public enum ApplicantKind
{
    None = 0,
    Pokja = 1,
    Ppk = 2,
    PejabatPengadaan = 3,
}

/// <summary>A person who signs in: an applicant or a member of LPSE / UKPBJ staff.</summary>
public sealed class ApplicationUser : IdentityUser
{
    public string FullName { get; set; } = "";
    public string? Nip { get; set; }
    public string? RankGrade { get; set; }
    public string? Position { get; set; }
    public string? Agency { get; set; }
    public string? Address { get; set; }
    public ApplicantKind ApplicantKind { get; set; }
    public int OfficeId { get; set; }
    public bool MustChangePassword { get; set; }
    public DateTime CreatedAt { get; set; }
}
