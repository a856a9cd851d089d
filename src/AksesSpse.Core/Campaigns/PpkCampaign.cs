namespace AksesSpse.Core.Campaigns;

public enum PpkCampaignStatus
{
    /// <summary>Being prepared: Admin Agency reviews the list and excludes accounts.</summary>
    Draft = 1,

    /// <summary>Run: the accounts were deactivated in one transaction.</summary>
    Completed = 2,
}

public enum PpkCampaignOutcome
{
    Deactivated = 1,
    Excluded = 2,
    Failed = 3,
}

/// <summary>
/// The year-end deactivation of PPK accounts (SOP 2 step 5): one per office and fiscal year. Exclusions are kept
/// while it is a draft; running it deactivates every other active PPK account at once and records a result per account.
/// </summary>
public sealed class PpkCampaign : Common.IVersioned
{
    public int Id { get; set; }
    public int OfficeId { get; set; }
    public int FiscalYear { get; set; }
    public PpkCampaignStatus Status { get; set; } = PpkCampaignStatus.Draft;

    public DateTime CreatedAt { get; set; }
    public string CreatedByUserId { get; set; } = "";
    public string CreatedByName { get; set; } = "";

    public DateTime? CompletedAt { get; set; }
    public string? CompletedByUserId { get; set; }
    public string? CompletedByName { get; set; }

    public int DeactivatedCount { get; set; }
    public int ExcludedCount { get; set; }
    public int FailedCount { get; set; }

    /// <summary>The collective notice (PDF) for the office's files, in the file store.</summary>
    public string? NoticeNumber { get; set; }
    public string? NoticeStoragePath { get; set; }
    public string? NoticeSha256 { get; set; }

    /// <summary>Optimistic concurrency token, incremented on every change.</summary>
    public int Version { get; set; }

    public List<PpkCampaignExclusion> Exclusions { get; set; } = [];
}

/// <summary>An account Admin Agency keeps active in a campaign, and why.</summary>
public sealed class PpkCampaignExclusion
{
    public long Id { get; set; }
    public int PpkCampaignId { get; set; }
    public int SpseAccountId { get; set; }
    public string Reason { get; set; } = "";
    public DateTime ExcludedAt { get; set; }
    public string ExcludedByUserId { get; set; } = "";
    public string ExcludedByName { get; set; } = "";
}

/// <summary>What a run did to one account: deactivated, excluded (with the reason) or failed (with why).</summary>
public sealed class PpkCampaignResult
{
    public long Id { get; set; }
    public int PpkCampaignId { get; set; }
    public int SpseAccountId { get; set; }
    public PpkCampaignOutcome Outcome { get; set; }
    public string? Detail { get; set; }
}
