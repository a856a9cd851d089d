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
/// answer from the SOP definition (the open step's actor role and the office); each SOP's start form is its own (<see cref="IStartForm"/>).
/// </summary>
[Authorize]
[Route("Prosedur")]
public sealed class ProsedurController(SopEngine engine, PasswordResetModule resets, AccessActivationModule activations,
    ProcedureQueries queries, IFileStore files, TimeProvider time, AksesSpse.Core.Offices.OfficeCalendar calendar, PageClock clock,
    IEnumerable<IStartForm> startForms) : Controller
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
        if (await StartableAsync(sop, ct) is not ({ } form, { } definition))
        {
            return Refusal ?? NotFound();
        }

        var empty = form.NewForm();
        await form.PrefillAsync(empty, Actor, ct);
        return View(form.View, await form.PageAsync(empty, definition, Actor, ct));
    }

    /// <summary>Step 1 online of any engine SOP: the SOP's own form (<see cref="IStartForm"/>), bound and validated here.</summary>
    [HttpPost("Ajukan/{sop:int}")]
    [ActionName(nameof(Start))]
    [RequestFormLimits(ValueCountLimit = 8192)] // SOP 1: up to 500 members of 7 fields each
    public async Task<IActionResult> StartPost(int sop, CancellationToken ct)
    {
        if (await StartableAsync(sop, ct) is not ({ } form, { } definition))
        {
            return Refusal ?? NotFound();
        }

        var bound = form.NewForm();
        await TryUpdateModelAsync(bound, form.FormType, "");
        await FormValidationFilter.ValidateAsync(HttpContext.RequestServices, ModelState, bound, "", ct);
        var page = await form.PageAsync(bound, definition, Actor, ct);
        var incoming = await Request.ReadDocumentsAsync(definition, ModelState, ct);
        if (!ModelState.IsValid)
        {
            return View(form.View, page);
        }

        var result = await form.StartAsync(engine, bound, incoming, Actor, ct);
        if (!result.Succeeded)
        {
            if (result.Error == ErrorKind.Forbidden)
            {
                return Forbid();
            }

            ModelState.AddModelError("", result.Message!);
            return View(form.View, page);
        }

        TempData["Success"] = form.Started;
        return RedirectToAction(nameof(Detail), new { id = result.Value });
    }

    /// <summary>The request page of any engine SOP; the open step's form only for whoever may perform it.</summary>
    [HttpGet("{id:int}")]
    public async Task<IActionResult> Detail(int id, CancellationToken ct)
    {
        var request = await engine.LoadAsync(id, track: false, ct);
        if (request is null || !SopEngine.CanView(request, Actor) || !engine.Runs(request.Kind))
        {
            return NotFound(); // (a request of an SOP the app does not run has no page: there are none)
        }

        var step = SopEngine.CurrentStep(request);
        var performs = step is not null && SopEngine.MayPerform(step, request, Actor);
        var module = engine.Module(request.Kind);
        var maker = request.Sop!.Steps.FirstOrDefault(s => s.Kind == StepKind.AccountAction);
        var mayReissue = module is IReissuesPersonLinks && request.OfficeId == Actor.OfficeId && maker is not null && Actor.IsIn(maker.ActorRole);
        var now = time.GetUtcNow().UtcDateTime;
        var open = request.Steps.Where(s => s.IsOpen && s.DueAt is not null).OrderBy(s => s.ActionableAt).FirstOrDefault();
        return View(new ProcedureDetailPage
        {
            YearsWithoutHolidayList = open is null ? [] : (await calendar.WorkCalendarAsync(request.OfficeId, ct)).YearsWithoutList(open.ActionableAt, open.DueAt!.Value),
            Account = request.Kind == SopKind.AccessActivation ? await queries.AccountAsync(request, ct) : null,
            MayRecordConfirmation = request.Type == RequestType.PokjaAccounts
                ? SopEngine.MayRecordConfirmation(request, Actor)
                : AccessActivationModule.CanRecordConfirmation(request, Actor),
            MayCancelMembers = request.Type == RequestType.PokjaAccounts && step is { Kind: StepKind.ConfirmReceipt } &&
                               request.OfficeId == Actor.OfficeId && maker is not null && Actor.IsIn(maker.ActorRole),
            Copies = request.Type == RequestType.PokjaAccounts ? await queries.CopiesAsync(id, ct) : [],
            Today = clock.DateOf(now),
            MayReissue = mayReissue,
            OpenedPersons = mayReissue ? await queries.OpenedPersonsAsync(id, ct) : new HashSet<int>(),
            Request = request,
            Facts = engine.Module(request.Kind).PageFacts(request).ToList(),
            Step = performs ? step : null,
            Validity = performs && step!.Kind == StepKind.ValidityCheck ? await module.ValidityItemsAsync(request, ct) : [],
            MayRegeneratePassword = request.Kind == SopKind.PasswordReset && PasswordResetModule.CanRegeneratePassword(request, Actor),
            ApplicantNipStatus = request.Kind is SopKind.PasswordReset or SopKind.AccessActivation ? await queries.ApplicantNipStatusAsync(request, ct) : null,
            Messages = Actor.UserId == request.ApplicantUserId && !Actor.IsIn(AksesSpse.Core.Identity.Roles.AdminAgency) ? [] : await queries.MessagesAsync(id, ct),
            CredentialReady = request.Kind == SopKind.PasswordReset && Actor.UserId == request.ApplicantUserId &&
                              request.Outcome == RequestOutcome.Completed && await queries.CredentialPendingAsync(id, ct),
            MayVerifyNip = AksesSpse.Core.Identity.NipVerificationService.MayVerify(Actor),
            NowUtc = now,
            LateRequired = TempData["LateRequired"] as string == "1",
        });
    }

    /// <summary>Every move of every step: the engine checks the actor, the version, the step's kelengkapan and its kind.</summary>
    [HttpPost("{id:int}/Langkah")]
    [RequestFormLimits(ValueCountLimit = 8192)] // SOP 1: a decision of 4 fields for each of up to 500 members
    public async Task<IActionResult> Move(int id, StepMoveForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            TempData["Error"] = string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Distinct());
            return RedirectToAction(nameof(Detail), new { id });
        }

        var request = await engine.LoadAsync(id, track: false, ct);
        if (request is null)
        {
            return NotFound();
        }

        // Documents come only with a step that accepts them (the applicant's completion); the engine refuses any other.
        var incoming = await Request.ReadDocumentsAsync(request.Sop!, ModelState, ct);
        if (!ModelState.IsValid)
        {
            TempData["Error"] = string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Distinct());
            return RedirectToAction(nameof(Detail), new { id });
        }

        var move = new StepMove(form.StepNumber, form.Version)
        {
            Answer = form.Answer,
            CheckedItems = form.Checked,
            MissingDocuments = form.MissingDocuments,
            Note = form.Note,
            LateExplanation = form.LateExplanation,
            DeviationReason = form.DeviationReason,
            ShortfallReason = form.ShortfallReason,
            SkNumber = form.SkNumber,
            SkValidUntil = form.SkValidUntil,
            Files = incoming,
            Persons = form.Persons.Select(p => p.ToDecision()).OfType<PersonDecision>().ToList(),
        };
        var result = await engine.MoveAsync(id, move, Actor, ct);
        if (result.Error == ErrorKind.None && result.Value!.Secrets.Count > 0)
        {
            // Shown once in this response: never redirected, stored or logged.
            Response.Headers.CacheControl = "no-cache, no-store"; // as antiforgery sets it on pages with a form (no override warning)
            Response.Headers.Pragma = "no-cache";
            return View("Secrets", new SecretsPage
            {
                RequestId = id, RequestNumber = request.Number, Secrets = result.Value.Secrets, Reset = request.Kind == SopKind.PasswordReset,
                AlreadySent = request.Type == RequestType.PokjaAccounts,
            });
        }

        var done = request.Sop!.Steps.FirstOrDefault(s => s.Number == form.StepNumber);
        return Answered(id, result, Recorded(done?.Kind, form.Answer, form.StepNumber,
            done is null ? null : SopEngine.NextStep(request.Sop, done, form.Answer)?.ActorLabel));
    }

    /// <summary>What the page says after a move, in the step's own words (<paramref name="next"/>: who acts next, if anyone).</summary>
    private static string Recorded(StepKind? kind, StepAnswer answer, int number, string? next) => (kind, answer) switch
    {
        (_, StepAnswer.Reject) => "Permohonan ditolak. Alasannya disampaikan kepada pemohon.",
        (StepKind.Receive, _) => "Berkas diterima. Formulir serah terima berkas dibuat dan dikirim ke email pemohon sebagai bukti penerimaan.",
        (StepKind.CompletenessCheck, StepAnswer.No) => "Berkas dikembalikan ke pemohon untuk dilengkapi; jam permohonan berhenti sampai berkas dikirim ulang.",
        (StepKind.CompletenessCheck, _) => next is null ? "Berkas dinyatakan lengkap." : $"Berkas dinyatakan lengkap dan diteruskan ke {next}.",
        (StepKind.ApplicantCompletion, _) => "Berkas dilengkapi dan dikirim ulang untuk diperiksa.",
        (StepKind.ValidityCheck, StepAnswer.No) => "Berkas dinyatakan tidak valid; permohonan ditolak.",
        (StepKind.ValidityCheck, _) => "Berkas dinyatakan benar / valid.",
        (StepKind.AccountAction, _) => next is null ? "Tindakan di SPSE dicatat dan register akun diperbarui." :
            $"Tindakan di SPSE dicatat dan register akun diperbarui. Berikutnya: {next}.",
        (StepKind.Notify, _) => "Pemberitahuan dikirim.",
        (StepKind.ConfirmReceipt, _) => "Terima kasih. Penerimaan hasil telah dikonfirmasi.",
        (StepKind.Archive, _) => "Permohonan diarsipkan dan ditutup.",
        _ => $"Langkah {number} tercatat.",
    };

    /// <summary>
    /// SOP 2 step 8 for an applicant who confirmed receiving the result by phone, at the desk or otherwise instead of opening the
    /// emailed link: recorded by the staff who relayed it (who confirmed, how, when).
    /// </summary>
    [HttpPost("{id:int}/KonfirmasiPetugas")]
    public async Task<IActionResult> RecordConfirmation(int id, StaffConfirmationForm form, CancellationToken ct)
    {
        if (await activations.MayRecordAsync(engine, id, Actor, ct) is { Succeeded: false } refused)
        {
            return Answered(id, refused, "");
        }

        if (!ModelState.IsValid)
        {
            TempData["Error"] = string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Distinct());
            return RedirectToAction(nameof(Detail), new { id });
        }

        var result = await activations.RecordConfirmationAsync(engine, id, form.Version,
            new StaffConfirmation(form.ConfirmedBy, form.Method!.Value, form.MethodDetail, form.ConfirmedAt!.Value), form.LateExplanation, Actor, ct);
        return Answered(id, result, "Konfirmasi penerimaan hasil dicatat. Permohonan menunggu diarsipkan.");
    }

    /// <summary>SOP 2 step 8: the result email with its confirmation link sent again (lost, or in the spam folder).</summary>
    [HttpPost("{id:int}/KirimUlangKonfirmasi")]
    public async Task<IActionResult> ResendConfirmation(int id, [FromForm] int version, CancellationToken ct) =>
        Answered(id, await activations.ResendConfirmationLinkAsync(engine, id, version, Actor, ct),
            "Email hasil dengan tautan konfirmasi dikirim ulang ke pemohon.");

    /// <summary>The answer to a move (the step form, or one made beside it): back to the request page with its message; a refused one is 403.</summary>
    private IActionResult Answered(int id, OperationResult result, string success)
    {
        switch (result.Error)
        {
            case ErrorKind.None:
                TempData["Success"] = success;
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

    /// <summary>A new temporary password and link for a person whose link expired, bounced or was lost unopened (SOP 3 after step 4, SOP 1 at step 3).</summary>
    [HttpPost("{id:int}/Personil/{personId:int}/KirimUlang")]
    public async Task<IActionResult> ReissueLink(int id, int personId, [FromForm] int version, CancellationToken ct)
    {
        var kind = await queries.KindOfAsync(id, ct);
        if (kind is null || !engine.Runs(kind.Value) || engine.Module(kind.Value) is not IReissuesPersonLinks links)
        {
            return NotFound();
        }

        var result = await links.ReissueLinkAsync(id, personId, version, Actor, ct);
        return await SecretsOnceAsync(id, result, number => new SecretsPage
        {
            RequestId = id, RequestNumber = number, Secrets = [result.Value!], Reissued = true, AlreadySent = kind == SopKind.PokjaAccountRequest,
        }, ct);
    }

    /// <summary>SOP 4: a new temporary password while the holder is not told yet (step 8 open), shown once; the old one stops.</summary>
    [HttpPost("{id:int}/BuatUlangPassword")]
    public async Task<IActionResult> RegeneratePassword(int id, [FromForm] int version, CancellationToken ct)
    {
        var result = await resets.RegeneratePasswordAsync(engine, id, version, Actor, ct);
        return await SecretsOnceAsync(id, result,
            number => new SecretsPage { RequestId = id, RequestNumber = number, Secrets = result.Value!.Secrets, Reissued = true, Reset = true }, ct);
    }

    /// <summary>
    /// A secret made again, shown once in this response (never stored, cached or redirected); a refused move is 403 whoever
    /// asks, as every move on a request; any other refusal goes back to the request page with its message.
    /// </summary>
    private async Task<IActionResult> SecretsOnceAsync(int id, OperationResult result, Func<string, SecretsPage> page, CancellationToken ct)
    {
        switch (result.Error)
        {
            case ErrorKind.None:
                Response.Headers.CacheControl = "no-cache, no-store";
                Response.Headers.Pragma = "no-cache";
                var request = await engine.LoadAsync(id, track: false, ct);
                return View("Secrets", page(request!.Number));
            case ErrorKind.NotFound:
                return NotFound();
            case ErrorKind.Forbidden:
                return Forbid();
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

    /// <summary>The account form drawn from the request's data, to print and sign: SOP 3's "Formulir Pembuatan Akun", SOP 1's request form.</summary>
    [HttpGet("{id:int}/Formulir")]
    public async Task<IActionResult> AccountForm(int id, CancellationToken ct)
    {
        var request = await engine.LoadAsync(id, track: false, ct);
        if (request is null || !SopEngine.CanView(request, Actor) || request.Kind is not (SopKind.StaffRegistration or SopKind.PokjaAccountRequest))
        {
            return NotFound();
        }

        var office = await queries.OfficeNameAsync(request.OfficeId, ct);
        var printed = (await calendar.ForOfficeAsync(request.OfficeId, ct)).Format(time.GetUtcNow().UtcDateTime);
        if (request.Kind == SopKind.PokjaAccountRequest)
        {
            // SOP 1's account-request form as sent: the members on the request, with its number.
            var first = request.Sop!.Steps.OrderBy(s => s.Number).First();
            var form = new PokjaAccountForm(office, request.Sop.Unit, first.ActorLabel, request.Number, request.PokjaName ?? "", request.SkNumber ?? "",
                request.SkDate, request.AssignmentLetterNumber ?? "", string.Join(", ", SopCopy.Parse(first.CopyTo).Select(SopCopy.Label)));
            var members = request.Persons.OrderBy(p => p.Order).Select(p => new PokjaMember(p.FullName, p.Nip, p.Position ?? "", p.RankGrade ?? "",
                p.Agency ?? "", p.Email, p.Phone ?? "")).ToList();
            return File(PokjaAccountFormPdf.Render(form, members, printed), "application/pdf", $"formulir-permohonan-akun-pokja-{request.Number}.pdf");
        }

        var pdf = StaffAccountFormPdf.Render(office, request, printed);
        return File(pdf, "application/pdf", $"formulir-pembuatan-akun-{request.Number}.pdf");
    }

    /// <summary>Why the actor may not start the SOP asked for (set when <see cref="StartableAsync"/> returns nothing).</summary>
    private IActionResult? Refusal { get; set; }

    /// <summary>The SOP's start form and current definition when the actor may start it here, else nothing (and why, in <see cref="Refusal"/>).</summary>
    private async Task<(IStartForm? Form, SopDefinition? Definition)> StartableAsync(int sop, CancellationToken ct)
    {
        var form = startForms.SingleOrDefault(f => (int)f.Kind == sop && engine.Runs(f.Kind));
        if (form is null)
        {
            return default;
        }

        var definition = await engine.CurrentDefinitionAsync(Actor.OfficeId, form.Kind, ct);
        if (definition is null)
        {
            TempData["Error"] = "SOP ini belum ditetapkan untuk kantor Anda. Hubungi Administrator LPSE.";
            Refusal = Redirect("/");
            return default;
        }

        if (!SopEngine.MayStart(definition, Actor))
        {
            Refusal = Forbid();
            return default;
        }

        return (form, definition);
    }
}
