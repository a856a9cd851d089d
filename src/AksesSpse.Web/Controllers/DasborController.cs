using AksesSpse.Core.Accountability;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
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
public sealed class DasborController(PerformanceReport report, AccountabilityReports reports) : Controller
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

    /// <summary>The monthly accountability report (issue #10 §4) for the dashboard's period and filter, to sign and file.</summary>
    [HttpGet("Laporan/Pdf")]
    public Task<IActionResult> ReportPdf(DashboardFilterForm form, CancellationToken ct) =>
        ReportAsync(form, data => File(AccountabilityExports.Pdf(data), AccountabilityExports.PdfContentType, AccountabilityExports.FileName(data, "pdf")), ct);

    [HttpGet("Laporan/Xlsx")]
    public Task<IActionResult> ReportXlsx(DashboardFilterForm form, CancellationToken ct) =>
        ReportAsync(form, data => File(AccountabilityExports.Xlsx(data), AccountabilityExports.XlsxContentType, AccountabilityExports.FileName(data, "xlsx")), ct);

    /// <summary>One table of the report as CSV: <c>bagian</c> = langkah, pelaksana or register.</summary>
    [HttpGet("Laporan/Csv")]
    public Task<IActionResult> ReportCsv(DashboardFilterForm form, string? bagian, CancellationToken ct)
    {
        var section = bagian switch
        {
            "langkah" => ReportSection.Steps,
            "pelaksana" => ReportSection.Performers,
            "register" or null or "" => ReportSection.Register,
            _ => (ReportSection?)null,
        };
        if (section is null)
        {
            ModelState.AddModelError("bagian", "Pilih bagian laporan: langkah, pelaksana, atau register.");
        }

        return ReportAsync(form, data => File(AccountabilityExports.Csv(data, section!.Value), AccountabilityExports.CsvContentType,
            AccountabilityExports.FileName(data, "csv", section.Value)), ct);
    }

    private async Task<IActionResult> ReportAsync(DashboardFilterForm form, Func<AccountabilityReportData, IActionResult> file, CancellationToken ct)
    {
        var actor = User.ToActor();
        var current = await report.CurrentMonthAsync(actor.OfficeId, ct);
        var performers = await report.PerformersAsync(actor.OfficeId, ct);
        if (!ModelState.IsValid)
        {
            // The filter as typed, with its messages, on the dashboard (status 400: no report was made).
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), new DashboardPage { Form = form, Summary = null, Performers = performers, CurrentMonth = current });
        }

        var filter = form.ToFilter(current);
        var text = string.Join("; ",
            filter.Sop is { } sop ? "SOP " + RunningSops.ShortTitle(sop) : "semua SOP",
            filter.StepNumber is { } step ? $"langkah {step}" : "semua langkah",
            filter.PerformerUserId is { } id ? "petugas " + (performers.FirstOrDefault(p => p.UserId == id)?.Name ?? "-") : "semua petugas",
            filter.Channel is { } channel ? "cara masuk " + channel.Label() : "semua cara masuk");
        var data = await reports.BuildAsync(actor, filter, text, ct);
        Response.Headers.CacheControl = "no-store";
        return file(data);
    }
}
