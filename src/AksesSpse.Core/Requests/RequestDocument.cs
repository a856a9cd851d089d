namespace AksesSpse.Core.Requests;

/// <summary>An uploaded file of a request. Earlier versions are kept when the applicant completes the file.</summary>
public sealed class RequestDocument
{
    public int Id { get; set; }
    public int AccessRequestId { get; set; }
    public string DocumentCode { get; set; } = "";
    public string DocumentName { get; set; } = "";
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";

    /// <summary>Path relative to the storage root; never derived from the uploaded name.</summary>
    public string StoragePath { get; set; } = "";
    public DateTime UploadedAt { get; set; }
    public string UploadedByUserId { get; set; } = "";
}
