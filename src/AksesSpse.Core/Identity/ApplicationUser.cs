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

/// <summary>How a staff member hears of new work by email (issue #10 §2); in the app they are always told at once.</summary>
public enum WorkMailChoice
{
    /// <summary>One email per new task, when it arrives.</summary>
    Immediate = 0,

    /// <summary>One email a working day (07.00 office time) listing the work waiting for them.</summary>
    DailyDigest = 1,
}

/// <summary>Whether staff have checked an applicant's self-declared NIP against their SK (docs/adr/0016).</summary>
public enum NipStatus
{
    /// <summary>Declared by the applicant (or not yet checked): it proves nothing about who they are.</summary>
    Unverified = 0,

    /// <summary>Helpdesk LPSE or Admin Agency checked it against the SK; who, when and which SK are recorded.</summary>
    Verified = 1,

    /// <summary>Staff found that the SK does not match: the account no longer holds the NIP in its office.</summary>
    Mismatch = 2,
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

    /// <summary>New work by email: at once or in a daily digest (reminders and escalations always go at once).</summary>
    public WorkMailChoice WorkMail { get; set; }
    public DateTime CreatedAt { get; set; }

    // ---- the NIP check (H1 of issue #7, docs/adr/0016) ----

    public NipStatus NipStatus { get; set; }

    /// <summary>
    /// The NIP an applicant account holds in its office: equal to <see cref="Nip"/> on applicant accounts, null on staff
    /// accounts and after a mismatch. Unique with <see cref="OfficeId"/>: one applicant account per NIP per office.
    /// </summary>
    public string? ApplicantNipKey { get; set; }

    /// <summary>When and by whom the NIP was verified or marked as a mismatch, against which SK, with what note.</summary>
    public DateTime? NipCheckedAt { get; set; }
    public string? NipCheckedByUserId { get; set; }
    public string? NipCheckedByName { get; set; }
    public string? NipSkNumber { get; set; }
    public DateOnly? NipSkDate { get; set; }
    public string? NipCheckNote { get; set; }

    /// <summary>The NIP was checked against an SK and is still the one checked.</summary>
    public bool IsNipVerified => NipStatus == NipStatus.Verified && !string.IsNullOrEmpty(Nip);
}
