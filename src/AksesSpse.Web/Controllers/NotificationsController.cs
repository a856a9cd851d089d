using AksesSpse.Core.Requests;
using AksesSpse.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

[Authorize]
[Route("Notifikasi")]
public sealed class NotificationsController(RequestQueries queries) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await queries.NotificationsAsync(User.ToActor().UserId, ct));

    [HttpPost("TandaiDibaca")]
    public async Task<IActionResult> MarkRead(CancellationToken ct)
    {
        await queries.MarkAllReadAsync(User.ToActor().UserId, ct);
        return RedirectToAction(nameof(Index));
    }
}
