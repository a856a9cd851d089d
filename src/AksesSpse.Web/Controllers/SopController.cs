using AksesSpse.Core.Identity;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Sop.Document;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>The office's SOPs, as a list and each as its table; a new version of an SOP the engine runs.</summary>
[Authorize]
[Route("Sop")]
public sealed class SopController(SopCatalog catalog, SopVersions versions, SopDocuments documents, ServiceStandards standards) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await catalog.ListAsync(User.ToActor().OfficeId, ct));

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Detail(int id, CancellationToken ct)
    {
        var sop = await catalog.GetAsync(User.ToActor().OfficeId, id, ct);
        ViewData["CanRevise"] = sop is not null && sop.IsCurrent && versions.CanRevise(sop.Kind) && SopVersions.MayRevise(User.ToActor());
        ViewData["OfficeCode"] = (await standards.OfficeAsync(User.ToActor().OfficeId, ct))?.Code;
        return sop is null ? NotFound() : View(sop);
    }

    /// <summary>The SOP document (PermenPAN-RB 35/2012 format) generated from this version, for anyone who may read the SOP.</summary>
    [HttpGet("{id:int}/Dokumen.pdf")]
    public async Task<IActionResult> Document(int id, CancellationToken ct)
    {
        var file = await documents.PdfAsync(User.ToActor().OfficeId, id, ct);
        return file is null ? NotFound() : File(file.Content, "application/pdf", file.FileName);
    }

    [HttpGet("{id:int}/VersiBaru")]
    [Authorize(Roles = Roles.Administrator + "," + Roles.KepalaLpse)]
    public async Task<IActionResult> Revise(int id, CancellationToken ct)
    {
        var sop = await catalog.GetAsync(User.ToActor().OfficeId, id, ct);
        if (sop is null)
        {
            return NotFound();
        }

        var form = new SopRevisionForm
        {
            Steps = sop.Steps.OrderBy(s => s.Number).Select(s => new StepRevisionInput
            {
                Number = s.Number, ActorRole = s.ActorRole, ActorLabel = s.ActorLabel, StandardKind = s.StandardKind, StandardValue = s.StandardValue,
                Checks = string.Join("\n", s.Requirements.Where(r => r.Kind == RequirementKind.Check).OrderBy(r => r.Order).Select(r => r.Label)),
            }).ToList(),
        };
        return View(new SopRevisionPage(sop, form, Blocked(sop)));
    }

    /// <summary>Why this version cannot be revised here, or null.</summary>
    private string? Blocked(SopDefinition sop) =>
        !versions.CanRevise(sop.Kind) ? "SOP ini belum dijalankan oleh mesin SOP aplikasi, sehingga versinya belum dapat diubah di sini."
        : !sop.IsCurrent ? $"Versi {sop.Version} sudah tidak berlaku. Buat versi baru dari versi yang berlaku."
        : null;

    [HttpPost("{id:int}/VersiBaru")]
    [Authorize(Roles = Roles.Administrator + "," + Roles.KepalaLpse)]
    public async Task<IActionResult> Revise(int id, SopRevisionForm form, CancellationToken ct)
    {
        var sop = await catalog.GetAsync(User.ToActor().OfficeId, id, ct);
        if (sop is null)
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            var result = await versions.ReviseAsync(id, form.Steps.Select(s => new StepRevision(s.Number, s.ActorRole, s.ActorLabel ?? "",
                s.StandardKind, s.StandardValue, s.CheckLines)).ToList(), form.Note, User.ToActor(), ct);
            if (result.Succeeded)
            {
                TempData["Success"] = "Versi baru SOP berlaku untuk permohonan yang diajukan mulai sekarang. " +
                                      "Permohonan yang sedang berjalan tetap mengikuti versi saat diajukan.";
                return RedirectToAction(nameof(Detail), new { id = result.Value });
            }

            ModelState.AddModelError("", result.Message!);
        }

        return View(new SopRevisionPage(sop, form, Blocked(sop)));
    }
}
