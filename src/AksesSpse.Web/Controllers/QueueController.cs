using AksesSpse.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>The former work queue's address: bookmarks of /Antrian (with their ?sop=, filter and page) open "Tugas saya".</summary>
[Authorize(Roles = Roles.InboxUsers)]
[Route("Antrian")]
public sealed class QueueController : Controller
{
    [HttpGet("")]
    public IActionResult Index() => Redirect("/Tugas" + Request.QueryString.Value);
}
