using AksesSpse.Core.Sop;
using AksesSpse.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>"Ajukan permohonan": every SOP the app runs that the signed-in person may start, each with its start page.</summary>
[Authorize]
[Route("Ajukan")]
public sealed class StartController : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View(RunningSops.StartsFor(User.ToActor()));
}
