using AksesSpse.Core.Common;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// The desk that takes in a request file brought on paper or sent by email, for every SOP whose module allows it
/// (<see cref="PaperIntakePolicies"/>; steps 1 and 2 at once: the request is registered, received, and its handover form
/// made): SOP 2 by Helpdesk LPSE, SOP 4 by Helpdesk LPSE or Admin Agency. Also Helpdesk's landing page.
/// </summary>
[Authorize(Roles = Roles.HelpdeskLpse + "," + Roles.AdminAgency)]
[Route("Helpdesk")]
public sealed class HelpdeskController(AksesSpse.Core.Engine.SopEngine engine, AksesSpse.Core.Procedures.AccessActivationModule activations,
    AksesSpse.Core.Procedures.PasswordResetModule resets, SopCatalog sops) : Controller
{
    private Actor Actor => User.ToActor();

    [HttpGet("")]
    public IActionResult Index() => View(new IntakeMenu { Policies = PaperIntakePolicies.ForActor(Actor) });

    // ---- SOP 2: deactivation / activation of SPSE access ----

    [HttpGet("Penerimaan/Baru")]
    public async Task<IActionResult> Intake(CancellationToken ct)
    {
        var page = await BuildPageAsync(new IntakeForm { SubmissionKey = Guid.NewGuid() }, ct);
        return page is null ? Refused(SopKind.AccessActivation) : View(page);
    }

    [HttpPost("Penerimaan/Baru")]
    public async Task<IActionResult> Intake(IntakeForm form, CancellationToken ct)
    {
        var page = await BuildPageAsync(form, ct);
        if (page is null)
        {
            return Refused(SopKind.AccessActivation);
        }

        var incoming = await Request.ReadDocumentsAsync(page.Sop, ModelState, ct);
        if (!ModelState.IsValid)
        {
            return View(page);
        }

        // SOP 2 runs on the engine: the module records steps 1 and 2 for the applicant (docs/adr/0019).
        var result = await activations.IntakeAsync(engine, new IntakeCommand(form.SubmissionKey, form.Channel!.Value, form.Type!.Value, form.ApplicantName,
            form.ApplicantNip, form.ApplicantEmail, new PersonalDetails(form.RankGrade, form.Position, form.Agency, form.Address, form.Phone),
            form.SpseUserId, form.Reason, form.SkNumber, form.SkValidUntil!.Value, incoming), Actor, ct);
        return Registered(result, page, SopKind.AccessActivation);
    }

    // ---- SOP 4: reset password / change of user-ID information ----

    [HttpGet("Penerimaan/ResetPassword")]
    public async Task<IActionResult> ResetIntake(CancellationToken ct)
    {
        var page = await BuildResetPageAsync(new ResetIntakeForm { SubmissionKey = Guid.NewGuid() }, ct);
        return page is null ? Refused(SopKind.PasswordReset) : View(page);
    }

    [HttpPost("Penerimaan/ResetPassword")]
    public async Task<IActionResult> ResetIntake(ResetIntakeForm form, CancellationToken ct)
    {
        var page = await BuildResetPageAsync(form, ct);
        if (page is null)
        {
            return Refused(SopKind.PasswordReset);
        }

        var incoming = await Request.ReadDocumentsAsync(page.Sop, ModelState, ct);
        if (!ModelState.IsValid)
        {
            return View(page);
        }

        // SOP 4 runs on the engine: the module records steps 1 and 2 for the applicant (docs/adr/0019).
        var result = await resets.IntakeAsync(engine, new ResetIntakeCommand(form.SubmissionKey, form.Channel!.Value, form.ApplicantName,
            form.ApplicantNip, form.ApplicantEmail, form.Phone ?? "", form.Agency ?? "", form.SkNumber, form.Type, form.SpseUserId, form.Reason,
            form.NewHolderName, form.NewHolderEmail, form.NewAgency, form.NewHolderPhone, incoming), Actor, ct);
        return Registered(result, page, SopKind.PasswordReset);
    }

    // ---- shared ----

    private IActionResult Registered(Core.Common.OperationResult<int> result, object page, SopKind kind)
    {
        if (!result.Succeeded)
        {
            if (result.Error == Core.Common.ErrorKind.Forbidden)
            {
                return Forbid();
            }

            ModelState.AddModelError("", result.Message!);
            return View(page);
        }

        TempData["Success"] = "Permohonan dicatat dan berkas diterima. Cetak formulir serah terima berkas untuk pemohon; salinannya juga dikirim ke email pemohon.";
        return Redirect(RequestUrls.Detail(result.Value));
    }

    /// <summary>No form when this person may not take in this SOP's files, or the office has no such SOP.</summary>
    private IActionResult Refused(SopKind kind) =>
        PaperIntakePolicies.For(kind)?.AllowsBy(Actor) == true ? View("~/Views/HakAkses/NoSop.cshtml") : Forbid();

    private async Task<IntakePage?> BuildPageAsync(IntakeForm form, CancellationToken ct)
    {
        var sop = await CurrentSopAsync(SopKind.AccessActivation, ct);
        return sop is null ? null : new IntakePage { Form = form, Sop = sop, Menu = new IntakeMenu { Policies = PaperIntakePolicies.ForActor(Actor), Current = sop.Kind } };
    }

    private async Task<ResetIntakePage?> BuildResetPageAsync(ResetIntakeForm form, CancellationToken ct)
    {
        var sop = await CurrentSopAsync(SopKind.PasswordReset, ct);
        return sop is null ? null : new ResetIntakePage { Form = form, Sop = sop, Menu = new IntakeMenu { Policies = PaperIntakePolicies.ForActor(Actor), Current = sop.Kind } };
    }

    private async Task<SopDefinition?> CurrentSopAsync(SopKind kind, CancellationToken ct) =>
        PaperIntakePolicies.For(kind)?.AllowsBy(Actor) == true ? await sops.CurrentAsync(Actor.OfficeId, kind, ct) : null;
}
