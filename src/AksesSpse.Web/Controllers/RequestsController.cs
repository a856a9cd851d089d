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
/// The applicant's list of requests, the request page of SOP 2 (its moves are in HakAksesController; every SOP on the
/// engine redirects to /Prosedur/{id}), and a request's documents.
/// </summary>
[Authorize]
[Route("Permohonan")]
public sealed class RequestsController(
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
                ActivationActions = AccessActivationService.AvailableActions(request, actor),
                Account = request.SpseAccountId is { } accountId ? await register.GetAsync(request.OfficeId, accountId, ct) : null,
                Actor = actor,
                ApplicantNipStatus = view.ApplicantNipStatus,
                NowUtc = now,
                Today = clock.DateOf(now),
                LateRequired = lateRequired,
            });
        }

        // Every other SOP runs on the engine and was redirected above; only SOP 2 is left on this page.
        return NotFound();
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
}
