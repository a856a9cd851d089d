using AksesSpse.Core.Common;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Procedures;
using AksesSpse.Core.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// SOP 1 step 3 for one Pokja member: the link in their own account email, pressed once they received their user ID and password.
/// Opened without signing in; the link carries the member sealed with Data Protection (<see cref="RequestLinks"/>). A GET only shows
/// the button (mail scanners follow links); the POST confirms. Anonymous POSTs fall under the anonymous-form rate limit.
/// </summary>
[AllowAnonymous]
[Route("Kredensial/Konfirmasi")]
public sealed class MemberConfirmationController(RequestLinks links, SopEngine engine, PokjaAccountsModule module) : Controller
{
    [HttpGet("")]
    public IActionResult Open([FromQuery] string? t)
    {
        NoStore();
        ViewData["Problem"] = links.ReadPersonConfirmToken(t) is null ? Unknown : null;
        return View("Index", t ?? "");
    }

    [HttpPost("")]
    public async Task<IActionResult> Confirm([FromForm] string? t, CancellationToken ct)
    {
        NoStore();
        if (links.ReadPersonConfirmToken(t) is not { } personId)
        {
            ViewData["Problem"] = Unknown;
            return View("Index", t ?? "");
        }

        var result = await module.ConfirmByMemberAsync(engine, personId, ct);
        if (result.Succeeded)
        {
            ViewData["Done"] = $"Terima kasih, {result.Value!.TrimEnd('.')}. Penerimaan user ID dan password SPSE Anda telah dicatat.";
        }
        else
        {
            ViewData["Problem"] = result.Error == ErrorKind.NotFound ? Unknown : result.Message;
        }

        return View("Index", t ?? "");
    }

    /// <summary>The page carries the member's token: never cached (as the one-time account link's page).</summary>
    private void NoStore()
    {
        Response.Headers.CacheControl = "no-cache, no-store";
        Response.Headers.Pragma = "no-cache";
    }

    private const string Unknown = "Tautan konfirmasi tidak dikenal atau sudah kedaluwarsa. Buka tautan persis seperti pada email Anda, " +
                                   "atau hubungi Admin Agency LPSE untuk mencatat konfirmasi Anda.";
}
