using System.Text;
using AksesSpse.Core.Common;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Offices;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// The office calendar (issue #10 §1, docs/adr/0022): every staff member sees the office's zone, working week and days off;
/// the Kepala LPSE and the Administrator change the week and the office's regional days; the Administrator keeps the
/// national list of libur nasional and cuti bersama, typed in or imported as CSV.
/// </summary>
[Authorize(Roles = Staff)]
[Route("Kalender")]
public sealed class KalenderController(OfficeCalendarSettings settings, PageClock clock) : Controller
{
    private const string Staff = Roles.KepalaUkpbj + "," + Roles.HelpdeskLpse + "," + Roles.AdminAgency + "," + Roles.AdminPpe + "," +
                                 Roles.KepalaLpse + "," + Roles.Auditor + "," + Roles.Administrator;

    [HttpGet("")]
    public async Task<IActionResult> Index(int? tahun, CancellationToken ct)
    {
        var year = Year(tahun);
        var view = await settings.ViewAsync(User.ToActor(), year, ct);
        return view is null ? NotFound() : View(new OfficeCalendarPage { View = view, Week = OfficeWeekForm.From(view.Calendar) });
    }

    [HttpPost("Pekan")]
    public async Task<IActionResult> SaveWeek(OfficeWeekForm form, CancellationToken ct)
    {
        if (!OfficeCalendarSettings.MayEditOffice(User.ToActor()))
        {
            return Forbid();
        }

        if (!ModelState.IsValid)
        {
            return await PageAsync(null, week: form, ct: ct);
        }

        var result = await settings.SaveWeekAsync(User.ToActor(), form.TimeZoneId, form.ToInput(), ct);
        return await DoneAsync(result, "Zona waktu dan jam kerja kantor disimpan. Tenggat langkah yang sedang berjalan dihitung ulang.", null,
            week: form, ct: ct);
    }

    [HttpPost("Libur")]
    public async Task<IActionResult> AddDay(DayOffForm form, CancellationToken ct)
    {
        var actor = User.ToActor();
        if (form.Kind == DayOffKind.Regional ? !OfficeCalendarSettings.MayEditOffice(actor) : !OfficeCalendarSettings.MayEditNational(actor))
        {
            return Forbid();
        }

        if (!ModelState.IsValid)
        {
            return await PageAsync(form.Date?.Year, day: form, ct: ct);
        }

        var result = await settings.AddDayAsync(actor, form.Date!.Value, form.Kind, form.Description, ct);
        return await DoneAsync(result, $"{form.Date:dd-MM-yyyy} dicatat sebagai {DayOff.KindLabel(form.Kind).ToLowerInvariant()}. Tenggat yang terdampak dihitung ulang.",
            form.Date.Value.Year, day: form, ct: ct);
    }

    [HttpPost("Libur/{id:int}/Hapus")]
    public async Task<IActionResult> RemoveDay(int id, int? tahun, CancellationToken ct)
    {
        if (!OfficeCalendarSettings.MayEditOffice(User.ToActor()))
        {
            return Forbid();
        }

        var result = await settings.RemoveDayAsync(User.ToActor(), id, ct);
        return await DoneAsync(result, "Hari libur dihapus dari kalender. Tenggat yang terdampak dihitung ulang.", tahun, ct: ct);
    }

    [HttpPost("Impor")]
    [RequestSizeLimit(DayOffList.MaxFileBytes + 16 * 1024)]
    public async Task<IActionResult> Import(DayOffImportForm form, IFormFile? listFile, CancellationToken ct)
    {
        var actor = User.ToActor();
        if (form.National ? !OfficeCalendarSettings.MayEditNational(actor) : !OfficeCalendarSettings.MayEditOffice(actor))
        {
            return Forbid();
        }

        if (listFile is null || listFile.Length == 0)
        {
            ModelState.AddModelError("ListFile", "Pilih berkas CSV daftar hari libur untuk diimpor.");
        }
        else if (listFile.Length > DayOffList.MaxFileBytes)
        {
            ModelState.AddModelError("ListFile", $"Berkas lebih dari {DayOffList.MaxFileBytes / 1024} KB. Daftar hari libur satu tahun jauh lebih kecil; periksa berkasnya.");
        }

        if (!ModelState.IsValid)
        {
            return await PageAsync(null, import: form, ct: ct);
        }

        await using var stream = listFile!.OpenReadStream();
        var result = await settings.ImportAsync(actor, stream, form.National, form.Source, ct);
        if (result.Error == ErrorKind.Forbidden)
        {
            return Forbid();
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError("ListFile", result.Message!);
            return await PageAsync(null, import: form, ct: ct);
        }

        TempData["Success"] = $"{result.Value} hari libur diimpor dan menggantikan daftar {(form.National ? "nasional" : "daerah")} pada tahun yang sama. " +
                              "Tenggat langkah yang sedang berjalan dihitung ulang.";
        return RedirectToAction(nameof(Index));
    }

    /// <summary>The CSV shape to fill in: the header and two example lines.</summary>
    [HttpGet("Templat")]
    public IActionResult Template()
    {
        var text = DayOffList.Header + "\r\n" +
                   $"{clock.Today.Year + 1}-01-01,libur_nasional,Tahun Baru {clock.Today.Year + 1} Masehi\r\n" +
                   $"{clock.Today.Year + 1}-01-02,libur_daerah,Contoh hari libur daerah (hapus baris ini)\r\n";
        return File(new UTF8Encoding(true).GetBytes(text), "text/csv", "templat-hari-libur.csv");
    }

    private int Year(int? year) => year is >= 2000 and <= 2100 ? year.Value : clock.Today.Year;

    private async Task<IActionResult> DoneAsync(OperationResult result, string success, int? year, OfficeWeekForm? week = null, DayOffForm? day = null,
        CancellationToken ct = default)
    {
        if (result.Error == ErrorKind.Forbidden)
        {
            return Forbid();
        }

        if (result.Error == ErrorKind.NotFound)
        {
            TempData["Error"] = "Hari libur itu tidak ada lagi di kalender (mungkin sudah dihapus orang lain).";
            return RedirectToAction(nameof(Index), new { tahun = year });
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError("", result.Message!);
            return await PageAsync(year, week, day, ct: ct);
        }

        TempData["Success"] = success;
        return RedirectToAction(nameof(Index), new { tahun = year });
    }

    private async Task<IActionResult> PageAsync(int? year, OfficeWeekForm? week = null, DayOffForm? day = null, DayOffImportForm? import = null,
        CancellationToken ct = default)
    {
        var view = await settings.ViewAsync(User.ToActor(), Year(year), ct);
        if (view is null)
        {
            return NotFound();
        }

        return View("Index", new OfficeCalendarPage
        {
            View = view, Week = week ?? OfficeWeekForm.From(view.Calendar), Day = day ?? new DayOffForm(), Import = import ?? new DayOffImportForm(),
        });
    }
}
