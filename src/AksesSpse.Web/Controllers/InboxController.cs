using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// "Tugas saya": one inbox across SOPs of the requests whose current step the signed-in person's roles act on (and the
/// person's own requests waiting for them as applicant), overdue first; tabs "Semua" and one per running SOP with a count;
/// search, paging; on an SOP's tab, staff who may read the office's requests also filter by status or see every open one.
/// </summary>
[Authorize(Roles = Roles.InboxUsers)]
[Route("Tugas")]
public sealed class InboxController(InboxQueries inbox, SopCatalog sops, TimeProvider time, PageClock clock) : Controller
{
    /// <summary>The status filter's value for "every open request of this SOP" (the overview).</summary>
    public const string AllOpen = "berjalan";

    [HttpGet("")]
    public async Task<IActionResult> Index(int? sop, string? status, string? q, bool terlambat = false, int page = 1, CancellationToken ct = default)
    {
        var actor = User.ToActor();
        var kind = RunningSops.ByNumber(sop);
        var allOpen = kind is not null && status == AllOpen;
        RequestStatus? chosen = kind is not null && Enum.TryParse<RequestStatus>(status, ignoreCase: false, out var s) && Enum.IsDefined(s) ? s : null;
        var filter = new InboxFilter(kind, chosen, allOpen, q, terlambat, page);
        var result = await inbox.ListAsync(actor, filter, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var definition = kind is { } k ? await sops.CurrentAsync(actor.OfficeId, k, ct) : null;
        return View(new InboxPage
        {
            StatusOptions = definition is null ? [RequestStatus.Archived] : AksesSpse.Core.Engine.SopEngine.StatusesOf(definition),
            Result = result,
            Filter = filter,
            NowUtc = now,
            Today = clock.DateOf(now),
            MaySeeOffice = InboxQueries.MaySeeOffice(actor),
        });
    }
}
