using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;

namespace AksesSpse.Core.Campaigns;

/// <summary>The "Nonaktifkan semua" form: the campaign as the page showed it, and the two confirmations.</summary>
/// <param name="ExpectedVersion">The campaign's version on the page; null when the page showed no campaign yet.</param>
/// <param name="TypedFiscalYear">The fiscal year as the officer typed it.</param>
public sealed record RunCampaignCommand(int FiscalYear, int? ExpectedVersion, bool Confirmed, string? TypedFiscalYear);

/// <summary>What one run did.</summary>
public sealed record CampaignRunSummary(int CampaignId, int FiscalYear, int Deactivated, int Excluded, int Failed, string NoticeNumber);

/// <summary>A campaign as the pages show it.</summary>
public sealed record CampaignState(
    int Id,
    int FiscalYear,
    PpkCampaignStatus Status,
    int Version,
    DateTime CreatedAt,
    string CreatedByName,
    DateTime? CompletedAt,
    string? CompletedByName,
    int DeactivatedCount,
    int ExcludedCount,
    int FailedCount,
    string? NoticeNumber,
    bool HasNotice)
{
    public bool IsCompleted => Status == PpkCampaignStatus.Completed;

    public int Total => DeactivatedCount + ExcludedCount + FailedCount;
}

/// <summary>The counts of the campaign screen; for a completed campaign those of its run.</summary>
/// <param name="WithOpenRequest">Not excluded, but with a request in progress: the run will skip them (Failed).</param>
public sealed record CampaignCounts(int ActivePpk, int Excluded, int WithOpenRequest)
{
    public int ToDeactivate => Math.Max(0, ActivePpk - Excluded - WithOpenRequest);
}

/// <summary>One active PPK account on the campaign screen.</summary>
public sealed record CampaignAccountRow(
    int Id,
    string UserId,
    string HolderName,
    string HolderNip,
    string Agency,
    string SkNumber,
    DateOnly? SkDate,
    DateOnly? ValidFrom,
    DateOnly? ValidUntil,
    bool SkExpired,
    string? ExclusionReason,
    string? ExcludedByName,
    DateTime? ExcludedAt,
    string? OpenRequestNumber)
{
    public bool IsExcluded => ExclusionReason is not null;
}

/// <summary>The campaign screen of one fiscal year.</summary>
public sealed record CampaignOverview(
    int FiscalYear,
    IReadOnlyList<int> Years,
    CampaignWindow Window,
    DateOnly Today,
    OfficeClock Clock,
    CampaignState? Campaign,
    CampaignCounts Counts,
    string? Search,
    PagedResult<CampaignAccountRow> Accounts)
{
    /// <summary>Exclusions may be changed: no run yet, and the window has not ended.</summary>
    public bool CanEdit => Campaign is not { IsCompleted: true } && !Window.HasClosed(Today);

    /// <summary>The run is allowed today.</summary>
    public bool CanRun => CanEdit && Window.IsOpen(Today);
}

/// <summary>What a run did to one account, for the result page.</summary>
public sealed record CampaignResultRow(
    int AccountId,
    string UserId,
    string HolderName,
    string HolderNip,
    string Agency,
    string SkNumber,
    DateOnly? ValidUntil,
    PpkCampaignOutcome Outcome,
    string? Detail);

/// <summary>The result page of a completed campaign.</summary>
public sealed record CampaignResults(
    CampaignState Campaign,
    OfficeClock Clock,
    PpkCampaignOutcome? Outcome,
    string? Search,
    PagedResult<CampaignResultRow> Rows);

/// <summary>The collective notice, ready to send.</summary>
public sealed record CampaignNoticeFile(Stream Content, string FileName);

public static class PpkCampaignLabels
{
    public static string Label(this PpkCampaignOutcome outcome) => outcome switch
    {
        PpkCampaignOutcome.Deactivated => "Dinonaktifkan",
        PpkCampaignOutcome.Excluded => "Dikecualikan",
        PpkCampaignOutcome.Failed => "Gagal",
        _ => outcome.ToString(),
    };

    public static string Label(this PpkCampaignStatus status) => status switch
    {
        PpkCampaignStatus.Draft => "Draf",
        PpkCampaignStatus.Completed => "Selesai dijalankan",
        _ => status.ToString(),
    };
}
