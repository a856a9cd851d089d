using AksesSpse.Core.Common;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// What an SOP 2 applicant opens without signing in (docs/adr/0011): the status page behind the handover form's QR code,
/// and the receipt confirmation from the result email. Each link carries the request id sealed by RequestLinks; a
/// missing, forged or expired token shows a page that says so (404), never anything of a request.
/// The error pages of the app live at /Beranda/Status/{code} (HomeController), so "/Status" is free for this.
/// </summary>
[AllowAnonymous]
[Route("Status")]
public sealed class PublicStatusController(RequestQueries queries, AksesSpse.Core.Engine.SopEngine engine, AksesSpse.Core.Procedures.AccessActivationModule module,
    RequestLinks links, TimeProvider time,
    OfficeCalendar calendar, PageClock clock) : Controller
{
    private const int MaxExplanation = 2000;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? t, CancellationToken ct)
    {
        var status = links.ReadStatusToken(t) is { } id ? await queries.PublicStatusAsync(id, ct) : null;
        if (status is null)
        {
            return Invalid("Tautan status tidak sah",
                "Tautan status permohonan ini tidak sah atau tidak lengkap. Pindai kembali kode QR pada formulir serah terima berkas, atau hubungi Helpdesk LPSE.");
        }

        NoIndex();
        await UseOfficeClockAsync(status, ct);
        return View(new PublicStatusPage { Status = status, NowUtc = time.GetUtcNow().UtcDateTime });
    }

    [HttpGet("Konfirmasi")]
    public async Task<IActionResult> Confirm(string? t, CancellationToken ct)
    {
        var page = await ConfirmPageAsync(t, null, null, ct);
        return page is null ? InvalidConfirmLink() : View(page);
    }

    [HttpPost("Konfirmasi")]
    public async Task<IActionResult> Confirm(string? t, string? lateExplanation, CancellationToken ct)
    {
        if (lateExplanation?.Length > MaxExplanation)
        {
            var tooLong = await ConfirmPageAsync(t, $"Penjelasan keterlambatan maksimal {MaxExplanation} karakter.", lateExplanation, ct);
            return tooLong is null ? InvalidConfirmLink() : View(tooLong);
        }

        var result = await module.ConfirmReceiptByLinkAsync(engine, t, lateExplanation, ct);
        if (result.Succeeded)
        {
            NoIndex();
            var id = links.ReadConfirmToken(t);
            var status = id is { } requestId ? await queries.PublicStatusAsync(requestId, ct) : null;
            await UseOfficeClockAsync(status, ct);
            ViewData["StatusUrl"] = id is { } sid ? "/Status?t=" + Uri.EscapeDataString(links.StatusToken(sid)) : null;
            return View("Confirmed", status);
        }

        if (result.Error == ErrorKind.NotFound)
        {
            return InvalidConfirmLink();
        }

        var page = await ConfirmPageAsync(t, result.Message, lateExplanation, ct);
        return page is null ? InvalidConfirmLink() : View(page);
    }

    private async Task<ConfirmByLinkPage?> ConfirmPageAsync(string? token, string? error, string? lateExplanation, CancellationToken ct)
    {
        if (links.ReadConfirmToken(token) is not { } id || await queries.PublicStatusAsync(id, ct) is not { } status)
        {
            return null;
        }

        NoIndex();
        await UseOfficeClockAsync(status, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var step = status.Steps.FirstOrDefault(s => s.IsOpen && s.Kind == StepKind.ConfirmReceipt);
        ViewData["StatusUrl"] = "/Status?t=" + Uri.EscapeDataString(links.StatusToken(id));
        return new ConfirmByLinkPage
        {
            Token = token!,
            Status = status,
            CanConfirm = status.Status == RequestStatus.AwaitingConfirmation,
            Overdue = step?.IsOverdue(now) == true,
            Error = error,
            LateExplanation = lateExplanation,
        };
    }

    /// <summary>Nobody is signed in here: the request's office decides the zone of the times shown (docs/adr/0018).</summary>
    private async Task UseOfficeClockAsync(PublicStatus? status, CancellationToken ct)
    {
        if (status is not null)
        {
            clock.Use(await calendar.ForOfficeAsync(status.OfficeId, ct));
        }
    }

    private ViewResult InvalidConfirmLink() => Invalid("Tautan konfirmasi tidak sah",
        "Tautan konfirmasi ini tidak sah atau sudah kedaluwarsa. Masuk ke aplikasi untuk mengonfirmasi dari halaman permohonan, atau hubungi Helpdesk LPSE.");

    private ViewResult Invalid(string title, string message)
    {
        NoIndex();
        Response.StatusCode = StatusCodes.Status404NotFound;
        ViewData["Title"] = title;
        ViewData["Message"] = message;
        return View("Invalid");
    }

    /// <summary>The pages carry a capability in their address: keep them out of caches and search engines.</summary>
    private void NoIndex()
    {
        Response.Headers.CacheControl = "no-cache, no-store"; // as antiforgery sets it on pages with a form (no override warning)
        Response.Headers.Pragma = "no-cache";
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
    }
}
