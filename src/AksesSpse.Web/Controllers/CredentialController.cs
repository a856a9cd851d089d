using AksesSpse.Core.Common;
using AksesSpse.Core.Credentials;
using AksesSpse.Core.Identity;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>The one-time link that shows a temporary password to its holder (docs/adr/0007).</summary>
[Authorize(Roles = Roles.Pemohon)]
[Route("Kredensial")]
public sealed class CredentialController(CredentialService credentials) : Controller
{
    private const string Incomplete = "Tautan tidak lengkap. Buka tautan persis seperti pada email Anda.";

    /// <summary>
    /// Only a confirmation page: mail scanners that follow links must not use up the password. It looks at the link without
    /// using it, so a link already used says when, instead of offering the button again.
    /// </summary>
    [HttpGet("Buka")]
    public async Task<IActionResult> Open([FromQuery] string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return View(new CredentialOpenPage { Error = Incomplete });
        }

        var state = await credentials.InspectAsync(token, User.ToActor().UserId, ct);
        return state.Status == CredentialLinkStatus.NotYours ? Forbid() : View(new CredentialOpenPage { Token = token, State = state });
    }

    /// <summary>The token comes in the form body, so it is never part of a logged path.</summary>
    [HttpPost("Buka")]
    public async Task<IActionResult> Reveal([FromForm] string? token, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-cache, no-store"; // as antiforgery sets it on pages with a form (no override warning)
        Response.Headers.Pragma = "no-cache";
        if (string.IsNullOrWhiteSpace(token))
        {
            return View("Open", new CredentialOpenPage { Error = Incomplete });
        }

        var result = await credentials.RevealAsync(token, User.ToActor().UserId, ct);
        if (result.Error == ErrorKind.Forbidden)
        {
            return Forbid();
        }

        if (!result.Succeeded)
        {
            // Opened meanwhile (another tab, another device) or expired: the same page as a second visit of the link.
            var state = await credentials.InspectAsync(token, User.ToActor().UserId, ct);
            return View("Open", state.Status is CredentialLinkStatus.Used or CredentialLinkStatus.Expired
                ? new CredentialOpenPage { State = state }
                : new CredentialOpenPage { Error = result.Message });
        }

        return View("Revealed", result.Value);
    }
}
