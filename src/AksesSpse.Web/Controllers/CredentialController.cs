using AksesSpse.Core.Common;
using AksesSpse.Core.Credentials;
using AksesSpse.Core.Identity;
using AksesSpse.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>The one-time link that shows a temporary password to its holder (docs/adr/0007).</summary>
[Authorize(Roles = Roles.Pemohon)]
[Route("Kredensial")]
public sealed class CredentialController(CredentialService credentials) : Controller
{
    /// <summary>Only a confirmation page: mail scanners that follow links must not use up the password.</summary>
    [HttpGet("Buka")]
    public IActionResult Open([FromQuery] string? token)
    {
        ViewData["Token"] = token;
        if (string.IsNullOrWhiteSpace(token))
        {
            ViewData["Error"] = "Tautan tidak lengkap. Buka tautan persis seperti pada email Anda.";
        }

        return View();
    }

    /// <summary>The token comes in the form body, so it is never part of a logged path.</summary>
    [HttpPost("Buka")]
    public async Task<IActionResult> Reveal([FromForm] string? token, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-cache, no-store"; // as antiforgery sets it on pages with a form (no override warning)
        Response.Headers.Pragma = "no-cache";
        if (string.IsNullOrWhiteSpace(token))
        {
            ViewData["Error"] = "Tautan tidak lengkap. Buka tautan persis seperti pada email Anda.";
            return View("Open");
        }

        var result = await credentials.RevealAsync(token, User.ToActor().UserId, ct);
        if (result.Error == ErrorKind.Forbidden)
        {
            return Forbid();
        }

        if (!result.Succeeded)
        {
            ViewData["Error"] = result.Message;
            return View("Open");
        }

        return View("Revealed", result.Value);
    }
}
