using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// The in-app notices of the signed-in person, newest first, and (staff) how they want new work by email: at once or in a
/// daily digest (issue #10 §2, docs/adr/0023).
/// </summary>
[Authorize]
[Route("Notifikasi")]
public sealed class NotificationsController(RequestQueries queries, UserManager<ApplicationUser> users) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var actor = User.ToActor();
        var user = await users.GetUserAsync(User);
        return View(new NotificationsPage
        {
            Notices = await queries.NotificationsAsync(actor.UserId, ct),
            IsStaff = Roles.Staff.Any(actor.IsIn) && !actor.IsIn(Roles.Administrator),
            WorkMail = user?.WorkMail ?? WorkMailChoice.Immediate,
        });
    }

    [HttpPost("TandaiDibaca")]
    public async Task<IActionResult> MarkRead(CancellationToken ct)
    {
        await queries.MarkAllReadAsync(User.ToActor().UserId, ct);
        return RedirectToAction(nameof(Index));
    }

    /// <summary>Staff choose how new work reaches them by email.</summary>
    [HttpPost("Surel")]
    public async Task<IActionResult> SetWorkMail(WorkMailForm form)
    {
        var actor = User.ToActor();
        if (!Roles.Staff.Any(actor.IsIn) || actor.IsIn(Roles.Administrator))
        {
            return Forbid();
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Forbid();
        }

        if (!ModelState.IsValid)
        {
            TempData["Error"] = "Pilih salah satu: surel untuk setiap tugas baru, atau ringkasan harian.";
            return RedirectToAction(nameof(Index));
        }

        user.WorkMail = form.WorkMail;
        var saved = await users.UpdateAsync(user);
        TempData[saved.Succeeded ? "Success" : "Error"] = saved.Succeeded
            ? form.WorkMail == WorkMailChoice.DailyDigest
                ? "Tugas baru akan dikirim sebagai ringkasan harian pukul 07.00 setiap hari kerja. Pengingat dan eskalasi tetap dikirim saat itu juga."
                : "Setiap tugas baru akan dikirim ke surel Anda saat itu juga."
            : "Pilihan tidak dapat disimpan. Coba lagi.";
        return RedirectToAction(nameof(Index));
    }
}
