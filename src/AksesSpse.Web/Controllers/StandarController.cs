using AksesSpse.Core.Common;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Sop.Document;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// The public standar pelayanan of each office's SOPs (issue #11 §3): readable without signing in, printable, linked from the
/// request forms; the SOP's own components come from its current published version. Kepala LPSE (or the Administrator) fills
/// in the office's own components.
/// </summary>
[Route("Standar")]
public sealed class StandarController(ServiceStandards standards, SopDocuments documents) : Controller
{
    [AllowAnonymous]
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await standards.OfficesAsync(ct));

    [AllowAnonymous]
    [HttpGet("{office}")]
    public async Task<IActionResult> Office(string office, CancellationToken ct)
    {
        var row = await standards.OfficeAsync(office, ct);
        if (row is null)
        {
            return NotFound();
        }

        ViewData["Office"] = row;
        return View(await standards.CurrentSopsAsync(row.Id, ct));
    }

    [AllowAnonymous]
    [HttpGet("{office}/{sop}")]
    public async Task<IActionResult> Detail(string office, string sop, CancellationToken ct)
    {
        var page = SopSlugs.Parse(sop) is { } kind ? await standards.PageAsync(office, kind, ct) : null;
        if (page is null)
        {
            return NotFound();
        }

        ViewData["CanEdit"] = User.Identity?.IsAuthenticated == true && User.ToActor() is var actor && actor.OfficeId == page.Office.Id &&
                              ServiceStandards.MayEdit(actor);
        return View(page);
    }

    /// <summary>
    /// The SOP document of the current published version, for anyone: the service standard's procedure in its official form.
    /// Generated on each request (about 10 ms, bench/sop-document.sh), so a new letterhead or version shows at once; limited per
    /// client like an anonymous form.
    /// </summary>
    [AllowAnonymous]
    [FormRateLimit(FormLimitGroup.PublicDocument)]
    [HttpGet("{office}/{sop}/sop.pdf")]
    public async Task<IActionResult> Document(string office, string sop, CancellationToken ct)
    {
        var current = SopSlugs.Parse(sop) is { } kind ? await standards.CurrentVersionAsync(office, kind, ct) : null;
        if (current is not { } found)
        {
            return NotFound();
        }

        var file = await documents.PdfAsync(found.OfficeId, found.SopId, ct);
        return file is null ? NotFound() : File(file.Content, "application/pdf", file.FileName);
    }

    [Authorize(Roles = Roles.KepalaLpse + "," + Roles.Administrator)]
    [HttpGet("Ubah/{sop}")]
    public async Task<IActionResult> Edit(string sop, CancellationToken ct)
    {
        var context = await EditContextAsync(sop, ct);
        if (context is null)
        {
            return NotFound();
        }

        var filled = await standards.FilledAsync(context.Value.Page.Office.Id, context.Value.Page.Sop.Kind, ct);
        return View(new ServiceStandardEditPage(context.Value.Page.Sop, context.Value.Page.Office.Code, ServiceStandardForm.From(filled)));
    }

    [Authorize(Roles = Roles.KepalaLpse + "," + Roles.Administrator)]
    [HttpPost("Ubah/{sop}")]
    public async Task<IActionResult> Edit(string sop, ServiceStandardForm form, CancellationToken ct)
    {
        var context = await EditContextAsync(sop, ct);
        if (context is null)
        {
            return NotFound();
        }

        var (page, slug) = context.Value;
        if (ModelState.IsValid)
        {
            var result = await standards.SaveAsync(page.Sop.Kind, form.ToInput(), form.Version, User.ToActor(), ct);
            if (result.Succeeded)
            {
                TempData["Success"] = "Standar pelayanan disimpan. Halaman publik di bawah ini sudah menampilkan isinya.";
                return Redirect($"/Standar/{Uri.EscapeDataString(page.Office.Code)}/{slug}");
            }

            ModelState.AddModelError("", result.Message!);
        }

        return View(new ServiceStandardEditPage(page.Sop, page.Office.Code, form));
    }

    private async Task<(ServiceStandardPage Page, string Slug)?> EditContextAsync(string slug, CancellationToken ct)
    {
        if (SopSlugs.Parse(slug) is not { } kind)
        {
            return null;
        }

        var actor = User.ToActor();
        var office = await standards.OfficeAsync(actor.OfficeId, ct);
        var page = office is null ? null : await standards.PageAsync(office.Code, kind, ct);
        return page is null ? null : (page, slug);
    }
}
