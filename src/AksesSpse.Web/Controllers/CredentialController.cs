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
    [HttpGet("Buka/{token}")]
    public IActionResult Open(string token)
    {
        ViewData["Token"] = token;
        return View();
    }

    [HttpPost("Buka/{token}")]
    public async Task<IActionResult> Reveal(string token, CancellationToken ct)
    {
        var result = await credentials.RevealAsync(token, User.ToActor().UserId, ct);
        Response.Headers.CacheControl = "no-store";
        if (result.Error == ErrorKind.Forbidden)
        {
            return Forbid();
        }

        if (!result.Succeeded)
        {
            ViewData["Error"] = result.Message;
            ViewData["Token"] = token;
            return View("Open");
        }

        return View("Revealed", result.Value);
    }
}
