using AksesSpse.Core.Common;
using AksesSpse.Core.Credentials;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// The one-time link of a new staff account (SOP 3 step 4): opened without signing in; the person proves their NIP and sees
/// the SPSE user ID and temporary password once (docs/adr/0007). Anonymous POSTs fall under the anonymous-form rate limit.
/// </summary>
[AllowAnonymous]
[Route("Kredensial/Akun")]
public sealed class PersonCredentialController(CredentialService credentials) : Controller
{
    /// <summary>Only the NIP form: mail scanners that follow links must not use up the password.</summary>
    [HttpGet("")]
    public async Task<IActionResult> Open([FromQuery] string? token, CancellationToken ct)
    {
        NoStore();
        ViewData["Problem"] = string.IsNullOrWhiteSpace(token) || token.Length > 100
            ? "Tautan tidak lengkap. Buka tautan persis seperti pada email Anda."
            : await credentials.PersonLinkProblemAsync(token, ct);
        return View("Open", new PersonCredentialForm { Token = token ?? "" });
    }

    [HttpPost("")]
    public async Task<IActionResult> Reveal(PersonCredentialForm form, CancellationToken ct)
    {
        NoStore();
        if (!ModelState.IsValid)
        {
            return View("Open", form);
        }

        var result = await credentials.RevealToPersonAsync(form.Token, form.Nip, ct);
        if (result.Succeeded)
        {
            return View("Revealed", result.Value);
        }

        if (result.Error == ErrorKind.Validation)
        {
            ModelState.AddModelError(nameof(form.Nip), result.Message!);
        }
        else
        {
            ViewData["Problem"] = await credentials.PersonLinkProblemAsync(form.Token, ct) ?? result.Message;
        }

        return View("Open", form);
    }

    private void NoStore()
    {
        Response.Headers.CacheControl = "no-cache, no-store"; // as antiforgery sets it on pages with a form (no override warning)
        Response.Headers.Pragma = "no-cache";
    }
}
