using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Controllers;

namespace AksesSpse.Web.Models;

public sealed class InboxPage
{
    public required InboxResult Result { get; init; }
    public required InboxFilter Filter { get; init; }
    public DateTime NowUtc { get; init; }

    /// <summary>Today in the office's zone (for "SK berakhir").</summary>
    public DateOnly Today { get; init; }

    /// <summary>The person may read the office's requests: on an SOP's tab the status filter and the overview are offered.</summary>
    public bool MaySeeOffice { get; init; }

    /// <summary>The tab's number in the URL (?sop=2, ?sop=4), null on "Semua".</summary>
    public int? SopNumber => Filter.Kind is { } k ? (int)k : null;

    /// <summary>The status filter's value as it goes in the URL.</summary>
    public string StatusValue => Filter.AllOpen ? InboxController.AllOpen : Filter.Status?.ToString() ?? "";

    /// <summary>The statuses the filter offers on an SOP's tab: those its steps can stand in (<see cref="Core.Engine.SopEngine.StatusesOf"/>).</summary>
    public IReadOnlyList<RequestStatus> StatusOptions { get; init; } = [RequestStatus.Archived];

    /// <summary>This view of the inbox at another page.</summary>
    public string Link(int page) =>
        $"/Tugas?{(SopNumber is { } n ? $"sop={n}&" : "")}{(SopNumber is not null && StatusValue != "" ? $"status={StatusValue}&" : "")}" +
        $"q={Uri.EscapeDataString(Filter.Search ?? "")}&terlambat={Filter.OverdueOnly.ToString().ToLowerInvariant()}&page={page}";
}
