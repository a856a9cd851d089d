namespace AksesSpse.Core.Credentials;

/// <summary>
/// A temporary password waiting for its holder: encrypted with Data Protection, opened once through a
/// link whose token is stored only as a hash, then erased (docs/adr/0007).
/// </summary>
public sealed class CredentialDelivery
{
    public int Id { get; set; }
    public int AccessRequestId { get; set; }
    public int? SpseAccountId { get; set; }

    /// <summary>
    /// The person of a multi-person request (SOP 3) the account is for. Such a delivery is opened by the person without
    /// signing in to this app, proving who they are with their NIP; otherwise only the request's applicant may open it.
    /// </summary>
    public int? RequestPersonId { get; set; }
    public string SpseUserId { get; set; } = "";
    public string HolderEmail { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public string? ProtectedSecret { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevealedAt { get; set; }

    /// <summary>Wrong NIPs given on a person's link; at <see cref="CredentialService.MaxNipAttempts"/> the secret is erased.</summary>
    public int FailedAttempts { get; set; }
}
