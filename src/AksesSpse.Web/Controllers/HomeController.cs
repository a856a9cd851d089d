using System.Globalization;
using AksesSpse.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

[AllowAnonymous]
[Route("")]
public sealed class HomeController : Controller
{
    [HttpGet("")]
    [HttpGet("Beranda")]
    public IActionResult Index()
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return View();
        }

        if (User.IsInRole(Roles.AdminAgency))
        {
            return Redirect("/Tugas");
        }

        if (User.IsInRole(Roles.HelpdeskLpse))
        {
            return Redirect("/Helpdesk");
        }

        if (User.IsInRole(Roles.Pemohon))
        {
            return Redirect("/Permohonan");
        }

        if (User.IsInRole(Roles.Administrator))
        {
            return Redirect("/Pengguna");
        }

        if (User.IsInRole(Roles.KepalaLpse) || User.IsInRole(Roles.KepalaUkpbj) || User.IsInRole(Roles.Auditor))
        {
            return Redirect("/Dasbor");
        }

        return Redirect("/Sop");
    }

    // No verb: the status-code pages re-execute the failed request with its own method, and a GET-only action
    // turned every failed POST (e.g. a refused antiforgery token, 400) into an empty 405.
    // No parameters either: binding one would read the failed request's form again, and a form that could not be read
    // the first time (too large) failed again and showed "kode 0". The code is read from the route only.
    [Route("Beranda/Status/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Status()
    {
        var code = int.TryParse(RouteData.Values["code"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 500;
        ViewData["Code"] = code;
        (ViewData["Title"], ViewData["Message"]) = code switch
        {
            400 => ("Permintaan tidak sah", "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman, lalu kirim kembali."),
            403 => ("Akses ditolak", "Anda tidak berwenang membuka halaman ini."),
            404 => ("Tidak ditemukan", "Halaman atau data yang Anda cari tidak ditemukan, atau Anda tidak berwenang melihatnya."),
            413 => ("Berkas terlalu besar", "Ukuran unggahan melebihi batas, sehingga tidak ada yang tersimpan. Tekan Kembali, perkecil berkas (maksimal 5 MB per dokumen), pilih ulang, lalu kirim kembali."),
            _ => ("Terjadi kesalahan", $"Permintaan tidak dapat diproses (kode {code})."),
        };
        return View();
    }
}
