using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// Helpdesk LPSE's desk for SOP 2: the landing page, and the intake of a request file brought on paper or sent by email
/// (steps 1 and 2 at once: the request is registered, received, and its handover form made).
/// </summary>
[Authorize(Roles = Roles.HelpdeskLpse)]
[Route("Helpdesk")]
public sealed class HelpdeskController(AccessActivationService service, SopCatalog sops) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View();

    [HttpGet("Penerimaan/Baru")]
    public async Task<IActionResult> Intake(CancellationToken ct)
    {
        var page = await BuildPageAsync(new IntakeForm { SubmissionKey = Guid.NewGuid() }, ct);
        return page is null ? View("~/Views/HakAkses/NoSop.cshtml") : View(page);
    }

    [HttpPost("Penerimaan/Baru")]
    public async Task<IActionResult> Intake(IntakeForm form, CancellationToken ct)
    {
        var page = await BuildPageAsync(form, ct);
        if (page is null)
        {
            return View("~/Views/HakAkses/NoSop.cshtml");
        }

        var incoming = await Request.ReadDocumentsAsync(page.Sop, ModelState, ct);
        if (!ModelState.IsValid)
        {
            return View(page);
        }

        var result = await service.IntakeAsync(new IntakeCommand(form.SubmissionKey, form.Channel!.Value, form.Type!.Value, form.ApplicantName,
            form.ApplicantNip, form.ApplicantEmail, new PersonalDetails(form.RankGrade, form.Position, form.Agency, form.Address, form.Phone),
            form.SpseUserId, form.Reason, form.SkNumber, form.SkValidUntil!.Value, incoming), User.ToActor(), ct);
        if (!result.Succeeded)
        {
            ModelState.AddModelError("", result.Message!);
            return View(page);
        }

        TempData["Success"] = "Permohonan dicatat dan berkas diterima. Cetak formulir serah terima berkas untuk pemohon; salinannya juga dikirim ke email pemohon.";
        return RedirectToAction(nameof(RequestsController.Detail), "Requests", new { id = result.Value });
    }

    private async Task<IntakePage?> BuildPageAsync(IntakeForm form, CancellationToken ct)
    {
        var sop = await sops.CurrentAsync(User.ToActor().OfficeId, SopKind.AccessActivation, ct);
        return sop is null ? null : new IntakePage { Form = form, Sop = sop };
    }
}
