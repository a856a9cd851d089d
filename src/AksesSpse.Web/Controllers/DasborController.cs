using AksesSpse.Core.Identity;
using AksesSpse.Core.Performance;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// "Dasbor kinerja" (issue #10 §4, docs/adr/0024): the heads of the office (Kepala LPSE, Kepala UKPBJ) and the Auditor see,
/// for their own office, how the SOP steps keep their time standards: per SOP and step, the 12-month trend, the work overdue
/// now and the deviations per performer; every count opens the list of the requests behind it.
/// </summary>
[Authorize(Roles = Heads)]
[Route("Dasbor")]
public sealed class DasborController(PerformanceReport report) : Controller
{
    public const string Heads = Roles.KepalaLpse + "," + Roles.KepalaUkpbj + "," + Roles.Auditor;

    [HttpGet("")]
    public async Task<IActionResult> Index(DashboardFilterForm form, CancellationToken ct)
    {
        var officeId = User.ToActor().OfficeId;
        var current = await report.CurrentMonthAsync(officeId, ct);
        var performers = await report.PerformersAsync(officeId, ct);
        var summary = ModelState.IsValid ? await report.SummarizeAsync(officeId, form.ToFilter(current), ct) : null;
        return View(new DashboardPage { Form = form, Summary = summary, Performers = performers, CurrentMonth = current });
    }

    [HttpGet("Permohonan")]
    public async Task<IActionResult> Requests(DashboardListForm form, int page = 1, CancellationToken ct = default)
    {
        if (!ModelState.IsValid)
        {
            return View(new DashboardListPage { Form = form });
        }

        var officeId = User.ToActor().OfficeId;
        var filter = form.ToFilter(await report.CurrentMonthAsync(officeId, ct));
        var drill = form.ToDrillDown();
        var result = await report.RequestsAsync(officeId, filter, drill, page, ct);
        var performer = filter.PerformerUserId is { } id ? (await report.PerformersAsync(officeId, ct)).FirstOrDefault(p => p.UserId == id)?.Name : null;
        return View(new DashboardListPage { Form = form, Filter = filter, DrillDown = drill, Result = result, PerformerName = performer });
    }
}
