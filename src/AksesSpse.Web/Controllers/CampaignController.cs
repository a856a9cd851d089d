using AksesSpse.Core.Campaigns;
using AksesSpse.Core.Identity;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// The year-end PPK campaign (SOP 2 step 5): Admin Agency reviews the office's active PPK accounts, excludes some with a
/// reason and deactivates the rest at once; the staff who may read the office's requests see the outcome and download the
/// collective notice. Each post validates its form, calls one service method and redirects back with the outcome.
/// </summary>
[Authorize(Roles = Roles.AdminAgency + "," + Roles.HelpdeskLpse + "," + Roles.KepalaLpse + "," + Roles.KepalaUkpbj + "," + Roles.Auditor)]
[Route("Kampanye")]
public sealed class CampaignController(PpkCampaignService campaigns) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int? tahun, string? q, int page = 1, CancellationToken ct = default) =>
        View(await campaigns.GetOverviewAsync(User.ToActor(), tahun, q, page, ct));

    [HttpGet("Hasil")]
    public async Task<IActionResult> Result(int? tahun, PpkCampaignOutcome? hasil, string? q, int page = 1, CancellationToken ct = default)
    {
        if (tahun is not { } year)
        {
            return NotFound();
        }

        var results = await campaigns.GetResultsAsync(User.ToActor(), year, hasil, q, page, ct);
        if (results is null)
        {
            TempData["Error"] = $"Kampanye tahun anggaran {year} belum dijalankan.";
            return RedirectToAction(nameof(Index), new { tahun = year });
        }

        return View(results);
    }

    /// <summary>The collective notice (PDF), for the office's files.</summary>
    [HttpGet("Pemberitahuan")]
    public async Task<IActionResult> Notice(int? tahun, CancellationToken ct)
    {
        if (tahun is not { } year || await campaigns.OpenNoticeAsync(User.ToActor(), year, ct) is not { } notice)
        {
            return NotFound();
        }

        return File(notice.Content, "application/pdf", notice.FileName);
    }

    [HttpPost("Siapkan")]
    [Authorize(Roles = Roles.AdminAgency)]
    public async Task<IActionResult> Prepare(PrepareCampaignForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return BackWithErrors(form.FiscalYear);
        }

        var result = await campaigns.PrepareAsync(form.FiscalYear!.Value, User.ToActor(), ct);
        SetOutcome(result, $"Kampanye tahun anggaran {form.FiscalYear} siap. Periksa daftar dan kecualikan akun yang tetap aktif.");
        return RedirectToAction(nameof(Index), new { tahun = form.FiscalYear });
    }

    [HttpPost("Kecualikan")]
    [Authorize(Roles = Roles.AdminAgency)]
    public async Task<IActionResult> Exclude(ExcludeAccountForm form, CancellationToken ct)
    {
        IgnoreBindingErrors(nameof(form.Page));
        if (!ModelState.IsValid)
        {
            return BackWithErrors(form.FiscalYear, form.Search, Math.Max(1, form.Page));
        }

        var result = await campaigns.ExcludeAsync(form.FiscalYear!.Value, form.AccountId!.Value, form.Reason, User.ToActor(), ct);
        SetOutcome(result, "Akun dikecualikan dari penonaktifan dan tetap aktif.");
        return RedirectToAction(nameof(Index), new { tahun = form.FiscalYear, q = form.Search, page = form.Page });
    }

    [HttpPost("BatalKecualikan")]
    [Authorize(Roles = Roles.AdminAgency)]
    public async Task<IActionResult> Include(IncludeAccountForm form, CancellationToken ct)
    {
        IgnoreBindingErrors(nameof(form.Page));
        if (!ModelState.IsValid)
        {
            return BackWithErrors(form.FiscalYear, form.Search, Math.Max(1, form.Page));
        }

        var result = await campaigns.IncludeAsync(form.FiscalYear!.Value, form.AccountId!.Value, User.ToActor(), ct);
        SetOutcome(result, "Pengecualian dibatalkan; akun akan ikut dinonaktifkan.");
        return RedirectToAction(nameof(Index), new { tahun = form.FiscalYear, q = form.Search, page = form.Page });
    }

    [HttpPost("Jalankan")]
    [Authorize(Roles = Roles.AdminAgency)]
    public async Task<IActionResult> Run(RunCampaignForm form, CancellationToken ct)
    {
        // An unreadable version counts as "no campaign seen" (the service then refuses a draft made by someone else);
        // an unreadable checkbox binds as unticked, and the validator's message (Indonesian) replaces MVC's.
        IgnoreBindingErrors(nameof(form.Version));
        if (!ModelState.IsValid)
        {
            return BackWithErrors(form.FiscalYear);
        }

        var year = form.FiscalYear!.Value;
        var result = await campaigns.RunAsync(new RunCampaignCommand(year, form.Version, form.Confirmed, form.TypedFiscalYear), User.ToActor(), ct);
        if (!result.Succeeded)
        {
            TempData["Error"] = result.Message;
            return RedirectToAction(nameof(Index), new { tahun = year });
        }

        var s = result.Value!;
        TempData["Success"] = $"Kampanye tahun anggaran {year} selesai: {s.Deactivated} akun dinonaktifkan, {s.Excluded} dikecualikan, {s.Failed} gagal.";
        return RedirectToAction(nameof(Result), new { tahun = year });
    }

    /// <summary>Drops the conversion errors of fields that no validator speaks of and whose fallback value the service handles.</summary>
    private void IgnoreBindingErrors(params string[] fields)
    {
        foreach (var field in fields)
        {
            ModelState.Remove(field);
        }
    }

    private RedirectToActionResult BackWithErrors(int? year, string? search = null, int page = 1)
    {
        TempData["Error"] = string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Distinct());
        return RedirectToAction(nameof(Index), new { tahun = year, q = search, page });
    }

    private void SetOutcome(Core.Common.OperationResult result, string success)
    {
        if (result.Succeeded)
        {
            TempData["Success"] = success;
        }
        else
        {
            TempData["Error"] = result.Message;
        }
    }
}
