using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// SOP 2's former address and the handover form: SOP 2 runs on the engine (its form is /Prosedur/Ajukan/2, its requests'
/// pages /Prosedur/{id}); the handover form of any request taken in at the desk or received in the app is served here.
/// </summary>
[Authorize]
[Route("Permohonan")]
public sealed class HakAksesController(
    RequestQueries queries,
    IFileStore files) : Controller
{
    private Actor Actor => User.ToActor();

    /// <summary>SOP 2 runs on the engine: its start form is /Prosedur/Ajukan/2 (old links and bookmarks land there).</summary>
    [HttpGet("HakAkses/Baru")]
    [Authorize(Roles = Roles.Pemohon)]
    public IActionResult Create() => Redirect("/Prosedur/Ajukan/" + (int)SopKind.AccessActivation);

    // ---- the handover form (receipt) ----

    [HttpGet("{id:int}/TandaTerima")]
    public async Task<IActionResult> Receipt(int id, CancellationToken ct)
    {
        var view = await queries.GetAsync(id, Actor, ct);
        if (view is null)
        {
            return NotFound();
        }

        // Any SOP's request taken in at the desk has one (SOP 2 and SOP 4).
        var receipt = await queries.ReceiptAsync(view.Request, ct);
        if (!receipt.Succeeded)
        {
            TempData["Error"] = receipt.Message;
            return Redirect(RequestUrls.Detail(id));
        }

        var stream = await files.OpenAsync(receipt.Value!.StoragePath, ct);
        if (stream is null)
        {
            TempData["Error"] = "Berkas formulir serah terima tidak ditemukan di penyimpanan. Hubungi Administrator LPSE.";
            return Redirect(RequestUrls.Detail(id));
        }

        return File(stream, receipt.Value.ContentType, receipt.Value.FileName);
    }
}
