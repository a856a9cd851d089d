using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>Admin Agency's work queue: filter, search, paging; overdue and oldest first.</summary>
[Authorize(Roles = Roles.AdminAgency + "," + Roles.KepalaLpse + "," + Roles.Auditor)]
[Route("Antrian")]
public sealed class QueueController(RequestQueries queries, TimeProvider time) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(RequestStatus? status, string? q, bool terlambat = false, int page = 1, CancellationToken ct = default)
    {
        var filter = new QueueFilter(status, q, terlambat, page);
        var result = await queries.QueueAsync(User.ToActor(), filter, ct);
        return View(new QueuePage { Result = result, Filter = filter, NowUtc = time.GetUtcNow().UtcDateTime });
    }
}
