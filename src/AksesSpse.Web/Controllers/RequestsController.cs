using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// SOP 4 requests: the applicant submits and completes; Admin Agency checks, acts, notifies and archives. The detail page
/// serves every SOP (SOP 2's moves are in HakAksesController).
/// Each action validates the form, calls one service method, and redirects or re-renders.
/// </summary>
[Authorize]
[Route("Permohonan")]
public sealed class RequestsController(
    PasswordResetService service,
    RequestQueries queries,
    IFileStore files,
    AccountRegister register,
    TimeProvider time,
    PageClock clock) : Controller
{
    private Actor Actor => User.ToActor();

    [HttpGet("")]
    [Authorize(Roles = Roles.Pemohon)]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await queries.MineAsync(Actor, ct));

    /// <summary>SOP 4 runs on the engine: its start form is /Prosedur/Ajukan/4 (old links and bookmarks land there).</summary>
    [HttpGet("Baru")]
    [Authorize(Roles = Roles.Pemohon)]
    public IActionResult Create() => Redirect("/Prosedur/Ajukan/" + (int)SopKind.PasswordReset);

    /// <summary>The one page of a request, for every SOP: its facts, the open step, the moves the actor may make, the step log.</summary>
    [HttpGet("Detail/{id:int}")]
    public async Task<IActionResult> Detail(int id, CancellationToken ct)
    {
        var view = await queries.GetAsync(id, Actor, ct);
        if (view is null)
        {
            return NotFound();
        }

        if (AksesSpse.Core.Engine.SopEngine.EngineKinds.Contains(view.Request.Kind))
        {
            return Redirect(RequestUrls.Detail(view.Request.Kind, id)); // the engine's request page (SOP 4 and SOP 3)
        }

        var actor = Actor;
        var request = view.Request;
        var now = time.GetUtcNow().UtcDateTime;
        var lateRequired = TempData["LateRequired"] as string == "1";
        var messages = actor.UserId == request.ApplicantUserId && !actor.IsIn(Roles.AdminAgency) ? [] : view.Messages;
        if (request.Kind == SopKind.AccessActivation)
        {
            return View(new RequestDetailPage
            {
                Request = request,
                Messages = messages,
                Actions = [],
                ActivationActions = AccessActivationService.AvailableActions(request, actor),
                Account = request.SpseAccountId is { } accountId ? await register.GetAsync(request.OfficeId, accountId, ct) : null,
                Actor = actor,
                ApplicantNipStatus = view.ApplicantNipStatus,
                NowUtc = now,
                Today = clock.DateOf(now),
                LateRequired = lateRequired,
            });
        }

        var actions = PasswordResetService.AvailableActions(request, actor);
        ValidityReport? validity = null;
        if (actions.Contains(ResetAction.CheckValidity) || (actor.IsIn(Roles.AdminAgency) && request.Status == RequestStatus.AwaitingExecution))
        {
            validity = await service.BuildValidityReportAsync(request, ct);
        }

        return View(new RequestDetailPage
        {
            Request = request,
            Messages = messages,
            Actions = actions,
            Actor = actor,
            Validity = validity,
            CredentialPending = view.CredentialPending,
            ApplicantNipStatus = view.ApplicantNipStatus,
            NowUtc = now,
            Today = clock.DateOf(now),
            LateRequired = lateRequired,
        });
    }

    [HttpGet("{id:int}/Dokumen/{documentId:int}")]
    public async Task<IActionResult> Document(int id, int documentId, CancellationToken ct)
    {
        var document = await queries.GetDocumentAsync(id, documentId, Actor, ct);
        if (document is null)
        {
            return NotFound();
        }

        var stream = await files.OpenAsync(document.StoragePath, ct);
        if (stream is null)
        {
            return NotFound();
        }

        // Served as an attachment with the type detected at upload, never rendered inline from user content.
        return File(stream, document.ContentType, RequestFiles.WithoutBidiControls(document.FileName));
    }

    [HttpPost("{id:int}/Lengkapi")]
    [Authorize(Roles = Roles.Pemohon + "," + Roles.HelpdeskLpse + "," + Roles.AdminAgency)] // staff only for a paper file (the service decides)
    public async Task<IActionResult> Resubmit(int id, ResubmitForm form, CancellationToken ct)
    {
        if (this.StepRefused(id) is { } refused)
        {
            return refused;
        }

        var view = await queries.GetAsync(id, Actor, ct);
        if (view is null)
        {
            return NotFound();
        }

        var incoming = await Request.ReadDocumentsAsync(view.Request.Sop!, ModelState, ct);
        if (this.StepRefused(id) is { } tooLarge)
        {
            return tooLarge;
        }

        return Done(id, await service.ResubmitAsync(id, form.Version, incoming, form.Note, Actor, ct),
            "Berkas dilengkapi dan dikirim ulang ke Admin Agency.");
    }

    [HttpPost("{id:int}/Kelengkapan")]
    [Authorize(Roles = Roles.AdminAgency)]
    public async Task<IActionResult> CheckCompleteness(int id, CompletenessForm form, CancellationToken ct) =>
        this.StepRefused(id) ?? Done(id, await service.CheckCompletenessAsync(id, form.Version, form.Decision, form.Missing, form.Remarks, form.LateExplanation, Actor, ct),
            form.Decision switch
            {
                CompletenessDecision.Complete => "Berkas dinyatakan lengkap; lanjut ke pemeriksaan keabsahan.",
                CompletenessDecision.Incomplete => "Berkas dikembalikan; pemohon diberi tahu apa yang harus dilengkapi.",
                _ => "Permohonan ditolak; pemohon diberi tahu.",
            });

    [HttpPost("{id:int}/Keabsahan")]
    [Authorize(Roles = Roles.AdminAgency)]
    public async Task<IActionResult> CheckValidity(int id, ValidityForm form, CancellationToken ct) =>
        this.StepRefused(id) ?? Done(id, await service.CheckValidityAsync(id, form.Version, form.Valid, form.Reason, form.ConfirmationNote,
                form.DeviationReason, form.LateExplanation, Actor, ct),
            form.Valid ? "Berkas dinyatakan benar/valid; lanjutkan pelaksanaan di SPSE." : "Berkas dinyatakan tidak valid; pemohon diberi tahu permohonan ditolak.");

    [HttpPost("{id:int}/Laksanakan")]
    [Authorize(Roles = Roles.AdminAgency)]
    public async Task<IActionResult> Execute(int id, StepForm form, CancellationToken ct)
    {
        if (this.StepRefused(id) is { } refused)
        {
            return refused;
        }

        var result = await service.ExecuteAsync(id, form.Version, form.LateExplanation, Actor, ct);
        if (!result.Succeeded)
        {
            return Done(id, result, "");
        }

        // The temporary password is rendered once in this response: never redirected, stored or logged.
        Response.Headers.CacheControl = "no-cache, no-store"; // as antiforgery sets it on pages with a form (no override warning)
        Response.Headers.Pragma = "no-cache";
        return View("Executed", new ExecutionPage { Result = result.Value!, RequestId = id });
    }

    [HttpPost("{id:int}/BuatUlangPassword")]
    [Authorize(Roles = Roles.AdminAgency)]
    public async Task<IActionResult> RegeneratePassword(int id, StepForm form, CancellationToken ct)
    {
        if (this.StepRefused(id) is { } refused)
        {
            return refused;
        }

        var result = await service.RegeneratePasswordAsync(id, form.Version, Actor, ct);
        if (!result.Succeeded)
        {
            return Done(id, result, "");
        }

        Response.Headers.CacheControl = "no-cache, no-store"; // as antiforgery sets it on pages with a form (no override warning)
        Response.Headers.Pragma = "no-cache";
        return View("Executed", new ExecutionPage { Result = result.Value!, RequestId = id });
    }

    [HttpPost("{id:int}/Beritahu")]
    [Authorize(Roles = Roles.AdminAgency)]
    public async Task<IActionResult> Notify(int id, StepForm form, CancellationToken ct) =>
        this.StepRefused(id) ?? Done(id, await service.NotifyAsync(id, form.Version, form.LateExplanation, Actor, ct),
            "Pemberitahuan dikirim ke pemegang akun.");

    [HttpPost("{id:int}/Arsipkan")]
    [Authorize(Roles = Roles.AdminAgency)]
    public async Task<IActionResult> Archive(int id, StepForm form, CancellationToken ct) =>
        this.StepRefused(id) ?? Done(id, await service.ArchiveAsync(id, form.Version, form.LateExplanation, Actor, ct),
            "Permohonan diarsipkan dan ditutup.");

    private IActionResult Done(int id, OperationResult result, string success) => this.StepDone(id, result, success);
}
