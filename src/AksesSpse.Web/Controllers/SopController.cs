using AksesSpse.Core.Sop;
using AksesSpse.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>The office's SOPs, as a list and each as its table.</summary>
[Authorize]
[Route("Sop")]
public sealed class SopController(SopCatalog catalog) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await catalog.ListAsync(User.ToActor().OfficeId, ct));

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Detail(int id, CancellationToken ct)
    {
        var sop = await catalog.GetAsync(User.ToActor().OfficeId, id, ct);
        return sop is null ? NotFound() : View(sop);
    }
}
