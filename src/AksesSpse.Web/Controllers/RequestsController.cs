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
/// The applicant's list of requests, the former request page (now leading to /Prosedur/{id}), and a request's documents.
/// </summary>
[Authorize]
[Route("Permohonan")]
public sealed class RequestsController(RequestQueries queries, IFileStore files) : Controller
{
    private Actor Actor => User.ToActor();

    [HttpGet("")]
    [Authorize(Roles = Roles.Pemohon)]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await queries.MineAsync(Actor, ct));

    /// <summary>SOP 4 runs on the engine: its start form is /Prosedur/Ajukan/4 (old links and bookmarks land there).</summary>
    [HttpGet("Baru")]
    [Authorize(Roles = Roles.Pemohon)]
    public IActionResult Create() => Redirect("/Prosedur/Ajukan/" + (int)SopKind.PasswordReset);

    /// <summary>
    /// The former page of a request: every SOP runs on the engine, so a request the person may see leads to /Prosedur/{id}
    /// (links in mails and bookmarks keep working); anyone else gets 404.
    /// </summary>
    [HttpGet("Detail/{id:int}")]
    public async Task<IActionResult> Detail(int id, CancellationToken ct) =>
        await queries.GetAsync(id, Actor, ct) is { } view ? Redirect(RequestUrls.Detail(id)) : NotFound();

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
