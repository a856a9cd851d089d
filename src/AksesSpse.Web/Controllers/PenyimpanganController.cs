using AksesSpse.Core.Accountability;
using AksesSpse.Core.Common;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// The deviation ledger (issue #10 §3, docs/adr/0025): everybody reads their own records and explains them; the heads review
/// the explanations of the roles they supervise; the heads and the Auditor read the whole office's ledger.
/// </summary>
[Authorize]
[Route("Penyimpangan")]
public sealed class PenyimpanganController(DeviationLedger ledger) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? lingkup, string? jenis, string? telaah, int? halaman, CancellationToken ct)
    {
        var actor = User.ToActor();
        var scope = DeviationsPage.ScopeOf(lingkup) ?? DeviationLedger.DefaultScope(actor);
        var query = new DeviationQuery(scope, DeviationsPage.KindOf(jenis), DeviationsPage.ReviewOf(telaah), halaman is > 0 and < 100_000 ? halaman.Value : 1);
        return View(new DeviationsPage { List = await ledger.ListAsync(actor, query, ct) });
    }

    [HttpGet("{id:long}")]
    public async Task<IActionResult> Detail(long id, CancellationToken ct)
    {
        var found = await ledger.GetAsync(id, User.ToActor(), ct);
        return found.Succeeded ? View(new DeviationDetailPage { Detail = found.Value! }) : NotFound();
    }

    [HttpPost("{id:long}/Penjelasan")]
    public async Task<IActionResult> Explain(long id, DeviationExplainForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return await AgainAsync(id, explain: form, ct: ct);
        }

        var result = await ledger.ExplainAsync(id, User.ToActor(), form.Explanation, form.Version, ct);
        return await DoneAsync(id, result, "Penjelasan Anda disimpan dan menunggu telaah atasan.", explain: form, ct: ct);
    }

    [HttpPost("{id:long}/Telaah")]
    public async Task<IActionResult> Review(long id, DeviationReviewForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return await AgainAsync(id, review: form, ct: ct);
        }

        var accepted = form.Decision == "terima";
        var result = await ledger.ReviewAsync(id, User.ToActor(), accepted, form.Note, form.Version, ct);
        return await DoneAsync(id, result, accepted ? "Penjelasan diterima; pelaksana diberi tahu." : "Penjelasan tidak diterima; pelaksana diberi tahu beserta catatan Anda.",
            review: form, ct: ct);
    }

    private async Task<IActionResult> DoneAsync(long id, OperationResult result, string success, DeviationExplainForm? explain = null,
        DeviationReviewForm? review = null, CancellationToken ct = default)
    {
        switch (result.Error)
        {
            case ErrorKind.None:
                TempData["Success"] = success;
                return RedirectToAction(nameof(Detail), new { id });
            case ErrorKind.NotFound:
                return NotFound();
            case ErrorKind.Forbidden:
                return Forbid();
            case ErrorKind.Validation:
                ModelState.AddModelError(explain is not null ? "Explanation" : "Note", result.Message!);
                return await AgainAsync(id, explain, review, ct);
            default:
                // Changed by someone else meanwhile, already reviewed, or the database refused: shown on the fresh record.
                TempData["Error"] = result.Message;
                return RedirectToAction(nameof(Detail), new { id });
        }
    }

    /// <summary>The record again with the form as typed and its messages (status 400: nothing was saved).</summary>
    private async Task<IActionResult> AgainAsync(long id, DeviationExplainForm? explain = null, DeviationReviewForm? review = null, CancellationToken ct = default)
    {
        var found = await ledger.GetAsync(id, User.ToActor(), ct);
        if (!found.Succeeded)
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(nameof(Detail), new DeviationDetailPage
        {
            Detail = found.Value!,
            Explain = explain ?? new DeviationExplainForm(),
            Review = review ?? new DeviationReviewForm(),
        });
    }
}
