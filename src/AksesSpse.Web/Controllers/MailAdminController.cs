using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>The Administrator's mail page (M4): failed and waiting mail, "Coba lagi" and "Kirim ulang".</summary>
[Authorize(Roles = Roles.Administrator)]
[Route("Admin/Surel")]
public sealed class MailAdminController(OutboxAdmin outbox) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? status, int page = 1, CancellationToken ct = default)
    {
        var filter = ParseFilter(status);
        return View(await outbox.ListAsync(filter, page, User.ToActor(), ct));
    }

    [HttpPost("CobaLagi")]
    public async Task<IActionResult> Retry(long id, string? status, CancellationToken ct)
    {
        var result = await outbox.RetryAsync(id, User.ToActor(), ct);
        if (result.Succeeded)
        {
            TempData["Success"] = $"Surel {id} dikembalikan ke antrean dan akan dikirim pada giliran berikutnya.";
        }
        else
        {
            TempData["Error"] = result.Message;
        }

        return Redirect(Back(status));
    }

    [HttpPost("KirimUlang")]
    public async Task<IActionResult> Resend(long id, string? status, CancellationToken ct)
    {
        var result = await outbox.ResendAsync(id, User.ToActor(), ct);
        if (result.Succeeded)
        {
            TempData["Success"] = $"Surel {id} diantrekan untuk dikirim ulang sebagai surel baru nomor {result.Value}.";
        }
        else
        {
            TempData["Error"] = result.Message;
        }

        return Redirect(Back(status));
    }

    private static OutboxFilter ParseFilter(string? status) => status switch
    {
        "gagal" => OutboxFilter.Failed,
        "menunggu" => OutboxFilter.Waiting,
        "terkirim" => OutboxFilter.Sent,
        "semua" => OutboxFilter.All,
        _ => OutboxFilter.Problems,
    };

    private static string Back(string? status) =>
        ParseFilter(status) == OutboxFilter.Problems ? "/Admin/Surel" : "/Admin/Surel?status=" + Uri.EscapeDataString(status!);
}
