using AksesSpse.Core.Common;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Sop.Document;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// The office's SOPs: the list of versions, each version with its flowchart and its document, two versions side by side, and the
/// editor in which Kepala LPSE (or the Administrator) drafts and publishes the next version (issue #11 §2).
/// </summary>
[Authorize]
[Route("Sop")]
public sealed class SopController(SopCatalog catalog, SopVersions versions, SopDrafts drafts, SopDocuments documents, ServiceStandards standards,
    AksesSpse.Core.Offices.OfficeLetterheads letterheads) : Controller
{
    private const string Editors = Roles.Administrator + "," + Roles.KepalaLpse;

    private bool IsEditor => SopVersions.MayRevise(User.ToActor());

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var list = await catalog.ListAsync(User.ToActor().OfficeId, ct, withDrafts: IsEditor);
        ViewData["Names"] = await catalog.NamesAsync(list.Select(s => s.PublishedByUserId).Concat(list.Select(s => s.DraftSavedByUserId)), ct);
        return View(list);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Detail(int id, CancellationToken ct)
    {
        var sop = await catalog.GetAsync(User.ToActor().OfficeId, id, ct);
        if (sop is null || (sop.Status == SopStatus.Draft && !IsEditor))
        {
            return NotFound();
        }

        if (sop.Status == SopStatus.Draft)
        {
            return RedirectToAction(nameof(Draft), new { id });
        }

        ViewData["CanRevise"] = versions.CanRevise(sop.Kind) && IsEditor;
        ViewData["Draft"] = IsEditor ? await drafts.DraftOfAsync(sop.OfficeId, sop.Kind, ct) : null;
        ViewData["OfficeCode"] = (await standards.OfficeAsync(User.ToActor().OfficeId, ct))?.Code;
        ViewData["Names"] = await catalog.NamesAsync([sop.PublishedByUserId], ct);
        ViewData["PreviousId"] = (await catalog.ListAsync(sop.OfficeId, ct)).Where(s => s.Kind == sop.Kind && s.Version < sop.Version)
            .OrderByDescending(s => s.Version).Select(s => (int?)s.Id).FirstOrDefault();
        return View(sop);
    }

    /// <summary>The SOP document (PermenPAN-RB 35/2012 format) generated from this version, for anyone who may read the SOP; a draft's for its editors.</summary>
    [HttpGet("{id:int}/Dokumen.pdf")]
    public async Task<IActionResult> Document(int id, CancellationToken ct)
    {
        var sop = await catalog.GetAsync(User.ToActor().OfficeId, id, ct);
        if (sop is null || (sop.Status == SopStatus.Draft && !IsEditor))
        {
            return NotFound();
        }

        var file = await documents.PdfAsync(User.ToActor().OfficeId, id, ct);
        return file is null ? NotFound() : File(file.Content, "application/pdf", file.FileName);
    }

    /// <summary>Two versions of the same SOP side by side, step by step.</summary>
    [HttpGet("Bandingkan")]
    public async Task<IActionResult> Compare(int dari, int ke, CancellationToken ct)
    {
        var office = User.ToActor().OfficeId;
        var old = await catalog.GetAsync(office, dari, ct);
        var @new = await catalog.GetAsync(office, ke, ct);
        if (old is null || @new is null || old.Kind != @new.Kind || ((old.Status == SopStatus.Draft || @new.Status == SopStatus.Draft) && !IsEditor))
        {
            return NotFound();
        }

        var all = (await catalog.ListAsync(office, ct, withDrafts: IsEditor)).Where(s => s.Kind == old.Kind).ToList();
        return View(new SopComparePage(SopComparison.Of(old, @new), all));
    }

    /// <summary>Opens the draft of this SOP's next version (the one being edited, or a new copy of the version in force).</summary>
    [HttpPost("{id:int}/Draf")]
    [Authorize(Roles = Editors)]
    public async Task<IActionResult> StartDraft(int id, CancellationToken ct)
    {
        var result = await drafts.StartAsync(id, User.ToActor(), ct);
        if (!result.Succeeded)
        {
            if (result.Error == ErrorKind.NotFound)
            {
                return NotFound();
            }

            TempData["Error"] = result.Message;
            return RedirectToAction(nameof(Detail), new { id });
        }

        return RedirectToAction(nameof(Draft), new { id = result.Value });
    }

    [HttpGet("Draf/{id:int}")]
    [Authorize(Roles = Editors)]
    public async Task<IActionResult> Draft(int id, CancellationToken ct)
    {
        var draft = await DraftAsync(id, ct);
        return draft is null ? NotFound() : View(await PageAsync(draft, SopDraftForm.From(draft), ct));
    }

    [HttpPost("Draf/{id:int}")]
    [Authorize(Roles = Editors)]
    public async Task<IActionResult> Draft(int id, SopDraftForm form, CancellationToken ct)
    {
        var draft = await DraftAsync(id, ct);
        if (draft is null)
        {
            TempData["Error"] = "Draf ini sudah tidak ada: mungkin baru saja diterbitkan atau dibuang oleh petugas lain.";
            return RedirectToAction(nameof(Index));
        }

        if (!ModelState.IsValid)
        {
            return View(await PageAsync(draft, form, ct));
        }

        var done = form.Command is null or "simpan" ? null : form.ApplyCommand();
        var result = await drafts.SaveAsync(id, form.ToContent(draft), form.Stamp, User.ToActor(), ct);
        if (!result.Succeeded)
        {
            ModelState.AddModelError("", result.Message!);
            return View(await PageAsync(draft, form, ct));
        }

        TempData["Success"] = done ?? "Draf disimpan.";
        return Redirect($"/Sop/Draf/{id}" + (form.Command is { } c && c.Contains(':', StringComparison.Ordinal) ? "#langkah" : ""));
    }

    [HttpPost("Draf/{id:int}/Terbitkan")]
    [Authorize(Roles = Editors)]
    public async Task<IActionResult> Publish(int id, int stamp, string? note, CancellationToken ct)
    {
        if (note is { Length: > 1000 })
        {
            TempData["Error"] = "Catatan perubahan maksimal 1000 karakter.";
            return RedirectToAction(nameof(Draft), new { id });
        }

        var result = await drafts.PublishAsync(id, stamp, note, User.ToActor(), ct);
        if (!result.Succeeded)
        {
            TempData["Error"] = result.Error == ErrorKind.Validation
                ? "Draf belum dapat diterbitkan. Perbaiki hal-hal di bagian \"Pemeriksaan sebelum terbit\", simpan, lalu terbitkan lagi."
                : result.Message;
            return await DraftAsync(id, ct) is null ? RedirectToAction(nameof(Index)) : RedirectToAction(nameof(Draft), new { id });
        }

        TempData["Success"] = "Versi baru SOP diterbitkan dan berlaku untuk permohonan yang diajukan mulai sekarang. " +
                              "Permohonan yang sedang berjalan tetap mengikuti versi saat diajukan.";
        return RedirectToAction(nameof(Detail), new { id });
    }

    [HttpPost("Draf/{id:int}/Buang")]
    [Authorize(Roles = Editors)]
    public async Task<IActionResult> Discard(int id, int stamp, CancellationToken ct)
    {
        var result = await drafts.DiscardAsync(id, stamp, User.ToActor(), ct);
        if (!result.Succeeded)
        {
            TempData["Error"] = result.Message;
            return await DraftAsync(id, ct) is null ? RedirectToAction(nameof(Index)) : RedirectToAction(nameof(Draft), new { id });
        }

        TempData["Success"] = "Draf dibuang. Versi yang berlaku tidak berubah.";
        return RedirectToAction(nameof(Index));
    }

    /// <summary>The office's letterhead on its SOP documents: the line above its name and its logo.</summary>
    [HttpGet("Kop")]
    [Authorize(Roles = Editors)]
    public async Task<IActionResult> Letterhead(CancellationToken ct)
    {
        var office = await letterheads.GetAsync(User.ToActor().OfficeId, ct);
        return office is null ? NotFound() : View(new LetterheadPage(office, new LetterheadForm { ParentAuthority = office.ParentAuthority }));
    }

    [HttpPost("Kop")]
    [Authorize(Roles = Editors)]
    [RequestSizeLimit(2 * 1024 * 1024)]
    public async Task<IActionResult> Letterhead(LetterheadForm form, IFormFile? logo, CancellationToken ct)
    {
        var office = await letterheads.GetAsync(User.ToActor().OfficeId, ct);
        if (office is null)
        {
            return NotFound();
        }

        (string, byte[])? file = null;
        if (logo is { Length: > 0 })
        {
            if (logo.Length > AksesSpse.Core.Offices.OfficeLogo.MaxBytes)
            {
                ModelState.AddModelError("Logo", AksesSpse.Core.Offices.OfficeLogo.TooLarge(logo.Length)); // refused before it is read
            }
            else
            {
                using var buffer = new MemoryStream();
                await logo.CopyToAsync(buffer, ct);
                file = (logo.FileName, buffer.ToArray());
            }
        }

        if (ModelState.IsValid)
        {
            var result = await letterheads.SaveAsync(User.ToActor(), form.ParentAuthority, file, form.RemoveLogo, ct);
            if (result.Succeeded)
            {
                TempData["Success"] = "Kop dokumen SOP disimpan. Dokumen SOP yang diunduh sesudah ini memakainya.";
                return RedirectToAction(nameof(Letterhead));
            }

            ModelState.AddModelError("Logo", result.Message!);
        }

        return View(new LetterheadPage(office, form));
    }

    private async Task<SopDefinition?> DraftAsync(int id, CancellationToken ct)
    {
        var sop = await catalog.GetAsync(User.ToActor().OfficeId, id, ct);
        return sop is { Status: SopStatus.Draft } ? sop : null;
    }

    private async Task<SopDraftPage> PageAsync(SopDefinition draft, SopDraftForm form, CancellationToken ct)
    {
        var current = await drafts.CurrentOfAsync(draft, ct);
        var names = await catalog.NamesAsync([draft.DraftSavedByUserId], ct);
        return new SopDraftPage(draft, form, SopPublishChecks.Check(draft, current), current,
            draft.DraftSavedByUserId is { } by ? names.GetValueOrDefault(by) : null, SopDocuments.Svg(draft));
    }
}
