using AksesSpse.Core.Common;
using AksesSpse.Core.Identity;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// Helpdesk LPSE and Admin Agency check applicants' self-declared NIPs against their SK (H1 of issue #7, docs/adr/0016):
/// the list of the office's applicants whose NIP is not verified, and one page per applicant to verify or refuse it.
/// </summary>
[Authorize(Roles = Roles.HelpdeskLpse + "," + Roles.AdminAgency)]
[Route("VerifikasiNip")]
public sealed class NipVerificationController(NipVerificationService service) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await service.PendingAsync(User.ToActor().OfficeId, ct));

    [HttpGet("{userId}")]
    public async Task<IActionResult> Detail(string userId, CancellationToken ct)
    {
        var applicant = await service.GetAsync(User.ToActor().OfficeId, userId, ct);
        return applicant is null ? NotFound() : View(new NipVerificationPage { Applicant = applicant });
    }

    [HttpPost("{userId}/Verifikasi")]
    public async Task<IActionResult> Verify(string userId, VerifyNipForm form, CancellationToken ct)
    {
        var applicant = await service.GetAsync(User.ToActor().OfficeId, userId, ct);
        if (applicant is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return View("Detail", new NipVerificationPage { Applicant = applicant, Verify = form });
        }

        var result = await service.VerifyAsync(userId, form.SkNumber, form.SkDate!.Value, form.Note, User.ToActor(), ct);
        return Done(applicant, result, $"NIP {applicant.FullName} diverifikasi terhadap SK {form.SkNumber.Trim()}.", form, null);
    }

    [HttpPost("{userId}/Tolak")]
    public async Task<IActionResult> Reject(string userId, RejectNipForm form, CancellationToken ct)
    {
        var applicant = await service.GetAsync(User.ToActor().OfficeId, userId, ct);
        if (applicant is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return View("Detail", new NipVerificationPage { Applicant = applicant, Reject = form });
        }

        var result = await service.MarkMismatchAsync(userId, form.Reason, User.ToActor(), ct);
        return Done(applicant, result, $"NIP {applicant.FullName} ditandai tidak sesuai SK; NIP tersebut dilepas dari akun ini.", null, form);
    }

    private IActionResult Done(NipApplicant applicant, OperationResult result, string success, VerifyNipForm? verify, RejectNipForm? reject)
    {
        if (result.Error == ErrorKind.Forbidden)
        {
            return Forbid();
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError("", result.Message!);
            return View("Detail", new NipVerificationPage { Applicant = applicant, Verify = verify ?? new(), Reject = reject ?? new() });
        }

        TempData["Success"] = success;
        return RedirectToAction(nameof(Index));
    }
}
