using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using AksesSpse.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// The baseline page of the benchmark (bench/): same app, same sign-in, same layout, 20 rows from the same
/// table with no filtering or ordering work. Off unless Diagnostics:Enabled is true; Admin Agency (bench/queue.sh)
/// and the heads of the office (bench/dashboard.sh) may open it.
/// </summary>
[Authorize(Roles = Roles.AdminAgency + "," + DasborController.Heads)]
[Route("Diagnostik")]
public sealed class DiagnosticsController(AppDbContext db, IConfiguration config) : Controller
{
    [HttpGet("Minimal")]
    public async Task<IActionResult> Minimal(CancellationToken ct)
    {
        if (!config.GetValue("Diagnostics:Enabled", false))
        {
            return NotFound();
        }

        var officeId = User.ToActor().OfficeId;
        var rows = await db.AccessRequests.AsNoTracking().Where(r => r.OfficeId == officeId)
            .Take(20).Select(r => new { r.Id, r.Number, r.ApplicantName }).ToListAsync(ct);
        return View(rows.Select(r => (r.Id, r.Number, r.ApplicantName)).ToList());
    }
}
