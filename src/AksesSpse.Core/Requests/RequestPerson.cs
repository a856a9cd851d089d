using AksesSpse.Core.Accounts;

namespace AksesSpse.Core.Requests;

public enum PersonOutcome
{
    Pending = 0,

    /// <summary>The account was made (or changed) in SPSE for this person.</summary>
    Done = 1,

    /// <summary>Not done for this person, with the reason (e.g. already holds that role's account).</summary>
    NotDone = 2,
}

/// <summary>
/// One person a request names (SOP 3: each staff member under the SK; SOP 1: each Pokja member): their data as the form
/// gave it, the SPSE account asked for, and what became of it — each person has their own outcome.
/// </summary>
public sealed class RequestPerson
{
    public int Id { get; set; }
    public int AccessRequestId { get; set; }
    public int Order { get; set; }

    public string FullName { get; set; } = "";
    public string Nip { get; set; } = "";
    public string Email { get; set; } = "";
    public string? Phone { get; set; }
    public string? Position { get; set; }
    public SpseRole Role { get; set; }

    /// <summary>The user ID the form proposes; the one made in SPSE may differ and is then recorded here.</summary>
    public string UserId { get; set; } = "";

    public PersonOutcome Outcome { get; set; }
    public string? OutcomeNote { get; set; }
    public DateTime? OutcomeAt { get; set; }

    /// <summary>The register entry the account became.</summary>
    public int? SpseAccountId { get; set; }

    /// <summary>When the account's one-time link was sent to the person.</summary>
    public DateTime? DeliveredAt { get; set; }
}
