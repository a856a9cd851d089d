namespace AksesSpse.Core.Common;

public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>The public address of the app, used for links in emails.</summary>
    public string BaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>How long an archive record is kept, in years.</summary>
    public int ArchiveRetentionYears { get; set; } = 5;

    /// <summary>How long a one-time credential link stays valid, in hours.</summary>
    public int CredentialLinkHours { get; set; } = 72;
}
