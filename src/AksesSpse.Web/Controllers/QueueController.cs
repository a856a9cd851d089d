using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// The work queues: SOP 4 (Admin Agency) and SOP 2 (Helpdesk LPSE, and Admin Agency for the step in SPSE), one tab each;
/// filter, search, paging; overdue and oldest first. Helpdesk opens on SOP 2, everyone else on SOP 4.
/// </summary>
[Authorize(Roles = Roles.AdminAgency + "," + Roles.HelpdeskLpse + "," + Roles.KepalaLpse + "," + Roles.Auditor)]
[Route("Antrian")]
public sealed class QueueController(RequestQueries queries, TimeProvider time, PageClock clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int? sop, RequestStatus? status, string? q, bool terlambat = false, int page = 1, CancellationToken ct = default)
    {
        var actor = User.ToActor();
        var kind = sop switch
        {
            2 => SopKind.AccessActivation,
            4 => SopKind.PasswordReset,
            _ when actor.IsIn(Roles.HelpdeskLpse) && !actor.IsIn(Roles.AdminAgency) => SopKind.AccessActivation,
            _ => SopKind.PasswordReset,
        };
        var filter = new QueueFilter(status, q, terlambat, page, Kind: kind);
        var result = await queries.QueueAsync(actor, filter, ct);
        var now = time.GetUtcNow().UtcDateTime;
        return View(new QueuePage { Result = result, Filter = filter, NowUtc = now, Actor = actor, Today = clock.DateOf(now) });
    }
}
