namespace AksesSpse.Core.Archive;

/// <summary>The archive record that closes a request: a summary, the step log and the documents, sealed by a hash.</summary>
public sealed class ArchiveRecord
{
    public int Id { get; set; }
    public int AccessRequestId { get; set; }
    public int OfficeId { get; set; }
    public string RequestNumber { get; set; } = "";
    public DateTime ArchivedAt { get; set; }
    public string ArchivedByUserId { get; set; } = "";
    public string ArchivedByName { get; set; } = "";
    public string Summary { get; set; } = "";

    /// <summary>SHA-256 over the summary, the step log and the documents' hashes.</summary>
    public string ContentHash { get; set; } = "";
    public DateOnly RetainUntil { get; set; }
}
