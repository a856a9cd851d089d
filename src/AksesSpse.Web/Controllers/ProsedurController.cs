using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Documents.Pdf;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Procedures;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// The pages of every SOP the engine runs (docs/adr/0019): one request page whose step form is chosen by the open step's
/// kind, one action for every move, the documents and the generated account form. Who may do what is the engine's
/// answer from the SOP definition (the open step's actor role and the office); SOP 3's start form is its module's.
/// </summary>
[Authorize]
[Route("Prosedur")]
public sealed class ProsedurController(SopEngine engine, StaffRegistrationModule staff, ProcedureQueries queries, IFileStore files,
    TimeProvider time, AksesSpse.Core.Offices.OfficeCalendar calendar) : Controller
{
    private Actor Actor => User.ToActor();

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] int sop = (int)SopKind.StaffRegistration, CancellationToken ct = default)
    {
        var kind = (SopKind)sop;
        var definition = engine.Runs(kind) ? await engine.CurrentDefinitionAsync(Actor.OfficeId, kind, ct) : null;
        if (definition is null)
        {
            return NotFound();
        }

        return View(new ProcedureListPage
        {
            Kind = kind, Title = definition.Title, MayStart = SopEngine.MayStart(definition, Actor),
            Requests = await queries.ListAsync(Actor, kind, ct), NowUtc = time.GetUtcNow().UtcDateTime,
        });
    }

    [HttpGet("Ajukan/{sop:int}")]
    public async Task<IActionResult> Start(int sop, CancellationToken ct)
    {
        var form = new StaffRegistrationForm { SubmissionKey = Guid.NewGuid() };
        return await StartPageAsync(sop, form, ct) ?? View(new ProcedureStartPage { Form = form, Sop = (await StartableAsync(ct))! });
    }

    [HttpPost("Ajukan/{sop:int}")]
    public async Task<IActionResult> Start(int sop, StaffRegistrationForm form, CancellationToken ct)
    {
        if (await StartPageAsync(sop, form, ct) is { } refused)
        {
            return refused;
        }

        var definition = (await StartableAsync(ct))!;
        var page = new ProcedureStartPage { Form = form, Sop = definition };
        var incoming = await Request.ReadDocumentsAsync(definition, ModelState, ct);
        if (!ModelState.IsValid)
        {
            return View(page);
        }

        var persons = form.Filled.Select(p => new StaffPerson(p.FullName!.Trim(), new string(p.Nip!.Where(char.IsAsciiDigit).ToArray()),
            p.Email!.Trim(), p.Phone, p.Position, p.Role!.Value, p.UserId!.Trim())).ToList();
        var result = await staff.StartAsync(engine,
            new StartStaffRegistration(form.SubmissionKey, form.SkNumber, form.SkDate!.Value, form.Note, persons, incoming), Actor, ct);
        if (!result.Succeeded)
        {
            if (result.Error == ErrorKind.Forbidden)
            {
                return Forbid();
            }

            ModelState.AddModelError("", result.Message!);
            return View(page);
        }

        TempData["Success"] = "Permohonan registrasi akun dibuat. Lanjutkan dengan langkah 2: perintahkan Admin PPE.";
        return RedirectToAction(nameof(Detail), new { id = result.Value });
    }

    /// <summary>The request page of any engine SOP; the open step's form only for whoever may perform it.</summary>
    [HttpGet("{id:int}")]
    public async Task<IActionResult> Detail(int id, CancellationToken ct)
    {
        var request = await engine.LoadAsync(id, track: false, ct);
        if (request is null || !SopEngine.CanView(request, Actor))
        {
            return NotFound();
        }

        if (!engine.Runs(request.Kind))
        {
            return RedirectToAction("Detail", "Requests", new { id });
        }

        var step = SopEngine.CurrentStep(request);
        var maker = request.Sop!.Steps.FirstOrDefault(s => s.Kind == StepKind.AccountAction);
        var mayReissue = request.Kind == SopKind.StaffRegistration && request.OfficeId == Actor.OfficeId && maker is not null && Actor.IsIn(maker.ActorRole);
        return View(new ProcedureDetailPage
        {
            MayReissue = mayReissue,
            OpenedPersons = mayReissue ? await queries.OpenedPersonsAsync(id, ct) : new HashSet<int>(),
            Request = request,
            Facts = engine.Module(request.Kind).Facts(request).ToList(),
            Step = step is not null && SopEngine.MayPerform(step, request, Actor) ? step : null,
            NowUtc = time.GetUtcNow().UtcDateTime,
            LateRequired = TempData["LateRequired"] as string == "1",
        });
    }

    /// <summary>Every move of every step: the engine checks the actor, the version, the step's kelengkapan and its kind.</summary>
    [HttpPost("{id:int}/Langkah")]
    public async Task<IActionResult> Move(int id, StepMoveForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            TempData["Error"] = string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Distinct());
            return RedirectToAction(nameof(Detail), new { id });
        }

        var move = new StepMove(form.StepNumber, form.Version)
        {
            Answer = form.Answer,
            CheckedItems = form.Checked,
            Note = form.Note,
            LateExplanation = form.LateExplanation,
            Persons = form.Persons.Where(p => p.Done is not null).Select(p => new PersonDecision(p.PersonId, p.Done!.Value, p.UserId, p.Note)).ToList(),
        };
        var result = await engine.MoveAsync(id, move, Actor, ct);
        switch (result.Error)
        {
            case ErrorKind.None when result.Value!.Secrets.Count > 0:
                // Shown once in this response: never redirected, stored or logged.
                Response.Headers.CacheControl = "no-cache, no-store"; // as antiforgery sets it on pages with a form (no override warning)
                Response.Headers.Pragma = "no-cache";
                var request = await engine.LoadAsync(id, track: false, ct);
                return View("Secrets", new SecretsPage { RequestId = id, RequestNumber = request!.Number, Secrets = result.Value.Secrets });
            case ErrorKind.None:
                TempData["Success"] = $"Langkah {form.StepNumber} tercatat.";
                break;
            case ErrorKind.NotFound:
                return NotFound();
            case ErrorKind.Forbidden:
                return Forbid();
            default:
                TempData["Error"] = result.Message;
                TempData["LateRequired"] = result.Error == ErrorKind.LateExplanationRequired ? "1" : null;
                break;
        }

        return RedirectToAction(nameof(Detail), new { id });
    }

    /// <summary>A new temporary password and link for a person whose link expired, bounced or was lost unopened (SOP 3, after step 4).</summary>
    [HttpPost("{id:int}/Personil/{personId:int}/KirimUlang")]
    public async Task<IActionResult> ReissueLink(int id, int personId, [FromForm] int version, CancellationToken ct)
    {
        var result = await staff.ReissueLinkAsync(id, personId, version, Actor, ct);
        switch (result.Error)
        {
            case ErrorKind.None:
                Response.Headers.CacheControl = "no-cache, no-store"; // shown once in this response, never stored or redirected
                Response.Headers.Pragma = "no-cache";
                var request = await engine.LoadAsync(id, track: false, ct);
                return View("Secrets", new SecretsPage { RequestId = id, RequestNumber = request!.Number, Secrets = [result.Value!], Reissued = true });
            case ErrorKind.Forbidden:
                return Forbid(); // as every move on a request (Langkah): refused, whoever asks
            default:
                TempData["Error"] = result.Message;
                return RedirectToAction(nameof(Detail), new { id });
        }
    }

    [HttpGet("{id:int}/Dokumen/{documentId:int}")]
    public async Task<IActionResult> Document(int id, int documentId, CancellationToken ct)
    {
        var request = await engine.LoadAsync(id, track: false, ct);
        var document = request is not null && SopEngine.CanView(request, Actor) ? request.Documents.SingleOrDefault(d => d.Id == documentId) : null;
        if (document is null || await files.OpenAsync(document.StoragePath, ct) is not { } stream)
        {
            return NotFound();
        }

        // Served as an attachment with the type detected at upload, never rendered inline from user content.
        return File(stream, document.ContentType, RequestFiles.WithoutBidiControls(document.FileName));
    }

    /// <summary>SOP 3's "Formulir Pembuatan Akun", drawn from the request's data, to print and sign.</summary>
    [HttpGet("{id:int}/Formulir")]
    public async Task<IActionResult> AccountForm(int id, CancellationToken ct)
    {
        var request = await engine.LoadAsync(id, track: false, ct);
        if (request is null || !SopEngine.CanView(request, Actor) || request.Kind != SopKind.StaffRegistration)
        {
            return NotFound();
        }

        var pdf = StaffAccountFormPdf.Render(await queries.OfficeNameAsync(request.OfficeId, ct), request,
            (await calendar.ForOfficeAsync(request.OfficeId, ct)).Format(time.GetUtcNow().UtcDateTime));
        return File(pdf, "application/pdf", $"formulir-pembuatan-akun-{request.Number}.pdf");
    }

    /// <summary>Null when the actor may start SOP <paramref name="sop"/> here (only SOP 3 has a start form on the engine yet).</summary>
    private async Task<IActionResult?> StartPageAsync(int sop, StaffRegistrationForm form, CancellationToken ct)
    {
        if (sop != (int)SopKind.StaffRegistration)
        {
            return NotFound();
        }

        var definition = await StartableAsync(ct);
        if (definition is null)
        {
            TempData["Error"] = "SOP ini belum ditetapkan untuk kantor Anda. Hubungi Administrator LPSE.";
            return Redirect("/");
        }

        if (!SopEngine.MayStart(definition, Actor))
        {
            return Forbid();
        }

        while (form.Persons.Count < StaffRegistrationForm.BlankRows)
        {
            form.Persons.Add(new StaffPersonRow());
        }

        return null;
    }

    private Task<SopDefinition?> StartableAsync(CancellationToken ct) => engine.CurrentDefinitionAsync(Actor.OfficeId, SopKind.StaffRegistration, ct);
}
