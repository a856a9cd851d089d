using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// SOP 2 requests (deactivation and activation of SPSE access): the applicant submits, completes and confirms; Helpdesk
/// receives, checks, relays and archives; Admin Agency acts in SPSE. The request's page is RequestsController.Detail.
/// Each action validates the form, calls one service method, and redirects or re-renders.
/// </summary>
[Authorize]
[Route("Permohonan")]
public sealed class HakAksesController(
    AccessActivationService service,
    RequestQueries queries,
    IFileStore files) : Controller
{
    private Actor Actor => User.ToActor();

    /// <summary>SOP 2 runs on the engine: its start form is /Prosedur/Ajukan/2 (old links and bookmarks land there).</summary>
    [HttpGet("HakAkses/Baru")]
    [Authorize(Roles = Roles.Pemohon)]
    public IActionResult Create() => Redirect("/Prosedur/Ajukan/" + (int)SopKind.AccessActivation);

    // ---- Helpdesk: receive (step 2), completeness (step 3), relay (step 7), archive (step 9) ----

    [HttpPost("{id:int}/HakAkses/Terima")]
    [Authorize(Roles = Roles.HelpdeskLpse)]
    public async Task<IActionResult> Receive(int id, StepForm form, CancellationToken ct) =>
        this.StepRefused(id) ?? Done(id, await service.ReceiveAsync(id, form.Version, Actor, ct),
            "Berkas diterima. Formulir serah terima berkas dibuat dan dikirim ke email pemohon sebagai bukti penerimaan.");

    [HttpPost("{id:int}/HakAkses/Kelengkapan")]
    [Authorize(Roles = Roles.HelpdeskLpse)]
    public async Task<IActionResult> CheckCompleteness(int id, ActivationChecklistForm form,
        CancellationToken ct) =>
        this.StepRefused(id) ?? Done(id, await service.CheckCompletenessAsync(id, form.Version,
                new CompletenessChecklist(form.Decision, form.Passed, form.Missing, form.Remarks), form.LateExplanation, Actor, ct),
            form.Decision switch
            {
                CompletenessDecision.Complete => "Berkas dinyatakan lengkap dan diteruskan ke Admin Agency.",
                CompletenessDecision.Incomplete => "Berkas dikembalikan ke pemohon untuk dilengkapi; jam permohonan berhenti sampai berkas dikirim ulang.",
                _ => "Permohonan ditolak; pemohon diberi tahu.",
            });

    [HttpPost("{id:int}/HakAkses/Sampaikan")]
    [Authorize(Roles = Roles.HelpdeskLpse)]
    public async Task<IActionResult> Relay(int id, StepForm form, CancellationToken ct) =>
        this.StepRefused(id) ?? Done(id, await service.RelayAsync(id, form.Version, form.LateExplanation, Actor, ct),
            "Hasil disampaikan ke pemohon, dengan tautan untuk mengonfirmasi penerimaannya.");

    [HttpPost("{id:int}/HakAkses/Arsipkan")]
    [Authorize(Roles = Roles.HelpdeskLpse)]
    public async Task<IActionResult> Archive(int id, StepForm form, CancellationToken ct) =>
        this.StepRefused(id) ?? Done(id, await service.ArchiveAsync(id, form.Version, form.LateExplanation, Actor, ct),
            "Berkas permohonan dan data hak akses diarsipkan; permohonan ditutup.");

    // ---- the applicant (or Helpdesk for a paper file): resubmit (step 4); the applicant: confirm (step 8) ----

    [HttpPost("{id:int}/HakAkses/Lengkapi")]
    [Authorize(Roles = Roles.Pemohon + "," + Roles.HelpdeskLpse)]
    public async Task<IActionResult> Resubmit(int id, ActivationResubmitForm form,
        CancellationToken ct)
    {
        if (this.StepRefused(id) is { } refused)
        {
            return refused;
        }

        var view = await queries.GetAsync(id, Actor, ct);
        if (view is null || view.Request.Kind != SopKind.AccessActivation)
        {
            return NotFound();
        }

        var incoming = await Request.ReadDocumentsAsync(view.Request.Sop!, ModelState, ct);
        if (this.StepRefused(id) is { } tooLarge)
        {
            return tooLarge;
        }

        return Done(id, await service.ResubmitAsync(id, form.Version, incoming, form.Note, form.SkNumber, form.SkValidUntil, Actor, ct),
            "Berkas dilengkapi dan dikirim ulang ke Helpdesk LPSE untuk diperiksa kelengkapannya.");
    }

    [HttpPost("{id:int}/HakAkses/Konfirmasi")]
    [Authorize(Roles = Roles.Pemohon)]
    public async Task<IActionResult> ConfirmReceipt(int id, StepForm form, CancellationToken ct) =>
        this.StepRefused(id) ?? Done(id, await service.ConfirmReceiptAsync(id, form.Version, form.LateExplanation, Actor, ct),
            "Terima kasih. Penerimaan pemberitahuan telah dikonfirmasi.");

    // ---- Helpdesk, when the applicant does not open the link: record a confirmation given otherwise, or send the link again ----

    [HttpPost("{id:int}/HakAkses/KonfirmasiPetugas")]
    [Authorize(Roles = Roles.HelpdeskLpse)]
    public async Task<IActionResult> RecordConfirmation(int id, StaffConfirmationForm form, CancellationToken ct) =>
        this.StepRefused(id) ?? Done(id, await service.RecordConfirmationAsync(id, form.Version,
                new StaffConfirmation(form.ConfirmedBy, form.Method!.Value, form.MethodDetail, form.ConfirmedAt!.Value), form.LateExplanation, Actor, ct),
            "Konfirmasi penerimaan hasil dicatat. Permohonan menunggu diarsipkan.");

    [HttpPost("{id:int}/HakAkses/KirimUlangKonfirmasi")]
    [Authorize(Roles = Roles.HelpdeskLpse)]
    public async Task<IActionResult> ResendConfirmation(int id, StepForm form, CancellationToken ct) =>
        this.StepRefused(id) ?? Done(id, await service.ResendConfirmationLinkAsync(id, form.Version, Actor, ct),
            "Email hasil dengan tautan konfirmasi dikirim ulang ke pemohon.");

    // ---- Admin Agency: act in SPSE (step 6) ----

    [HttpPost("{id:int}/HakAkses/Laksanakan")]
    [Authorize(Roles = Roles.AdminAgency)]
    public async Task<IActionResult> Execute(int id, StepForm form, CancellationToken ct) =>
        this.StepRefused(id) ?? Done(id, await service.ExecuteAsync(id, form.Version, form.LateExplanation, Actor, ct),
            "Tindakan di SPSE dicatat dan register akun diperbarui. Helpdesk menyampaikan hasilnya ke pemohon.");

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
            return Redirect(RequestUrls.Detail(view.Request.Kind, id));
        }

        var stream = await files.OpenAsync(receipt.Value!.StoragePath, ct);
        if (stream is null)
        {
            TempData["Error"] = "Berkas formulir serah terima tidak ditemukan di penyimpanan. Hubungi Administrator LPSE.";
            return Redirect(RequestUrls.Detail(view.Request.Kind, id));
        }

        return File(stream, receipt.Value.ContentType, receipt.Value.FileName);
    }

    private IActionResult Done(int id, OperationResult result, string success) => this.StepDone(id, result, success);

}
