using AksesSpse.Core.Accounts;

namespace AksesSpse.Core.Requests;

public enum PersonOutcome
{
    Pending = 0,

    /// <summary>The account was made (or changed) in SPSE for this person.</summary>
    Done = 1,

    /// <summary>Not done for this person, with the reason (e.g. already holds that role's account).</summary>
    NotDone = 2,

    /// <summary>SOP 1: the member already holds an active Pokja account; they keep it, and the request's SK is added to its history.</summary>
    Reused = 3,
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

    /// <summary>SOP 1: Pangkat/Golongan as the form gave it.</summary>
    public string? RankGrade { get; set; }

    /// <summary>SOP 1: the member's Instansi as the form gave it.</summary>
    public string? Agency { get; set; }

    /// <summary>SOP 1: the active Pokja account of the same NIP found in the register when the request was made (flagged, not refused).</summary>
    public int? HeldAccountId { get; set; }

    /// <summary>SOP 1: by when the member must confirm receipt (delivery plus the confirm step's standard); null without a standard.</summary>
    public DateTime? ConfirmationDueAt { get; set; }

    /// <summary>When the member confirmed receiving their user ID and password (by their own link, or as staff recorded it).</summary>
    public DateTime? ConfirmedAt { get; set; }

    /// <summary>How, when staff recorded it for the member (by phone, at the desk, otherwise); null when the member confirmed through their link.</summary>
    public ConfirmationMethod? ConfirmationMethod { get; set; }

    public string? ConfirmationDetail { get; set; }

    /// <summary>Who confirmed: the member, or who spoke for them as staff recorded it.</summary>
    public string? ConfirmedByName { get; set; }

    /// <summary>The officer who recorded a confirmation given outside the app.</summary>
    public string? ConfirmationRecordedByUserId { get; set; }

    public string? ConfirmationRecordedByName { get; set; }

    /// <summary>SOP 1: the member needs nothing more — refused, keeps the account they hold, or confirmed receipt.</summary>
    public bool IsSettled => Outcome is PersonOutcome.NotDone or PersonOutcome.Reused || ConfirmedAt is not null;

    /// <summary>Delivered, not confirmed, and past the confirm step's standard.</summary>
    public bool IsOverdue(DateTime now) => ConfirmedAt is null && Outcome == PersonOutcome.Done && ConfirmationDueAt is { } due && now > due;
}
