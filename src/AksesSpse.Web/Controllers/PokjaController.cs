using AksesSpse.Core.Common;
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
/// What SOP 1 adds to the engine's pages (docs/adr/0019): the member list's import and its template, the account-request form
/// drawn from the list before it is sent, and the per-member moves of its confirm step (a confirmation staff record, an account
/// cancelled). Who may do what is the module's and the engine's answer from the SOP definition.
/// </summary>
[Authorize]
[Route("Prosedur")]
public sealed class PokjaController(SopEngine engine, PokjaAccountsModule module, ProcedureQueries queries, TimeProvider time,
    AksesSpse.Core.Offices.OfficeCalendar calendar, IEnumerable<IStartForm> startForms) : Controller
{
    /// <summary>The largest member file read: a 500-row sheet is far smaller.</summary>
    public const long MaxImportBytes = PokjaMemberImport.MaxFileBytes;

    private Actor Actor => User.ToActor();

    /// <summary>The template of the member list: the columns of the account-request form, as .xlsx (text columns) or .csv.</summary>
    [HttpGet("Ajukan/1/Templat")]
    public async Task<IActionResult> Template([FromQuery] string? format, CancellationToken ct)
    {
        if (await StartableAsync(ct) is null)
        {
            return Forbid();
        }

        return format == "csv"
            ? File(PokjaMemberTemplate.Csv(), PokjaMemberTemplate.CsvContentType, PokjaMemberTemplate.CsvFileName)
            : File(PokjaMemberTemplate.Xlsx(), PokjaMemberTemplate.XlsxContentType, PokjaMemberTemplate.XlsxFileName);
    }

    /// <summary>
    /// The member list read from an uploaded CSV/XLSX into the start form, for review: every bad line named, nothing filled then.
    /// Nothing is saved; the request is made only when the form is sent.
    /// </summary>
    [HttpPost("Ajukan/1/Impor")]
    [RequestFormLimits(ValueCountLimit = 8192)] // the whole start form comes along (documents too): the app's body limit applies; the file is capped below
    public async Task<IActionResult> Import(PokjaAccountsForm form, IFormFile? memberFile, CancellationToken ct)
    {
        if (await StartableAsync(ct) is not { } sop)
        {
            return Forbid();
        }

        ModelState.Clear(); // the rest of the form is kept as typed; it is checked when sent
        if (memberFile is null || memberFile.Length == 0)
        {
            ModelState.AddModelError("MemberFile", "Pilih berkas daftar anggota (.xlsx atau .csv) untuk diimpor.");
        }
        else if (memberFile.Length > MaxImportBytes)
        {
            ModelState.AddModelError("MemberFile", "Berkas daftar anggota lebih dari 2 MB. Simpan hanya lembar daftar anggota dari templat, lalu unggah lagi.");
        }
        else
        {
            await using var buffer = new MemoryStream();
            await memberFile.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            var read = PokjaMemberImport.Read(buffer, await calendar.TodayAsync(Actor.OfficeId, ct));
            if (read.Ok)
            {
                form.Members = [.. read.Rows.Select(PokjaMemberRow.From)];
                ViewData["Imported"] = read.Rows.Count;
            }
            else
            {
                foreach (var error in read.Errors)
                {
                    ModelState.AddModelError("MemberFile", error.Text);
                }
            }
        }

        return await StartPageAsync(form, sop, ct);
    }

    /// <summary>The account-request form drawn from the list as typed, for signing and uploading back; nothing is saved.</summary>
    [HttpPost("Ajukan/1/Formulir")]
    [RequestFormLimits(ValueCountLimit = 8192)]
    public async Task<IActionResult> DraftForm(PokjaAccountsForm form, CancellationToken ct)
    {
        if (await StartableAsync(ct) is not { } sop)
        {
            return Forbid();
        }

        var members = form.ToMembers();
        if (members.Count == 0 || string.IsNullOrWhiteSpace(form.PokjaName) || members.Count > PokjaAccountsModule.MaxMembers || !ModelState.IsValid)
        {
            // The form is drawn only from a list the start form would take (its own validator ran on the binding).
            if (ModelState.IsValid)
            {
                ModelState.AddModelError("", $"Isi nama Pokja dan 1 sampai {PokjaAccountsModule.MaxMembers} anggota sebelum mengunduh formulir permohonan.");
            }

            return await StartPageAsync(form, sop, ct);
        }

        var first = sop.Steps.OrderBy(s => s.Number).First();
        var zone = await calendar.ForOfficeAsync(Actor.OfficeId, ct);
        var pdf = PokjaAccountFormPdf.Render(new PokjaAccountForm(await queries.OfficeNameAsync(Actor.OfficeId, ct), sop.Unit, first.ActorLabel, null,
                form.PokjaName.Trim(), form.SkNumber.Trim(), form.SkDate, form.AssignmentLetterNumber.Trim(),
                string.Join(", ", SopCopy.Parse(first.CopyTo).Select(SopCopy.Label))),
            members, zone.Format(time.GetUtcNow().UtcDateTime));
        return File(pdf, "application/pdf", "formulir-permohonan-akun-pokja.pdf");
    }

    /// <summary>A member's confirmation given by phone, at the desk or otherwise, recorded by the staff who delivered the accounts.</summary>
    [HttpPost("{id:int}/Anggota/{personId:int}/Konfirmasi")]
    public async Task<IActionResult> RecordConfirmation(int id, int personId, StaffConfirmationForm form, CancellationToken ct)
    {
        if (await RefusedAsync(id, r => SopEngine.MayRecordConfirmation(r, Actor), ct) is { } refused)
        {
            return refused;
        }

        if (!ModelState.IsValid)
        {
            TempData["Error"] = string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Distinct());
            return RedirectToAction("Detail", "Prosedur", new { id });
        }

        var result = await module.RecordConfirmationAsync(engine, id, personId,
            new StaffConfirmation(form.ConfirmedBy, form.Method!.Value, form.MethodDetail, form.ConfirmedAt!.Value), Actor, ct);
        return Answered(id, result, "Konfirmasi penerimaan anggota dicatat.");
    }

    /// <summary>A member refused after their account was made, before they confirmed: the account deactivated, the link dead.</summary>
    [HttpPost("{id:int}/Anggota/{personId:int}/Batalkan")]
    public async Task<IActionResult> Cancel(int id, int personId, CancelMemberForm form, CancellationToken ct)
    {
        if (await RefusedAsync(id, r => r.OfficeId == Actor.OfficeId &&
                r.Sop!.Steps.Any(s => s.Kind == StepKind.AccountAction && Actor.IsIn(s.ActorRole)), ct) is { } refused)
        {
            return refused;
        }

        if (!ModelState.IsValid)
        {
            TempData["Error"] = string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Distinct());
            return RedirectToAction("Detail", "Prosedur", new { id });
        }

        return Answered(id, await module.CancelMemberAsync(engine, id, personId, form.Reason, Actor, ct),
            "Akun anggota dibatalkan: dinonaktifkan di register dan tautannya tidak berlaku lagi.");
    }

    /// <summary>
    /// Who may make a per-member move is decided before the form is read: a request this actor cannot see, or of another SOP, is not
    /// found; one they see but may not act on is forbidden (the module checks it again in the move's transaction).
    /// </summary>
    private async Task<IActionResult?> RefusedAsync(int id, Func<AccessRequest, bool> may, CancellationToken ct)
    {
        var request = await engine.LoadAsync(id, track: false, ct);
        if (request is null || request.Kind != SopKind.PokjaAccountRequest || !SopEngine.CanView(request, Actor))
        {
            return NotFound();
        }

        return may(request) ? null : Forbid();
    }

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
                break;
        }

        return RedirectToAction("Detail", "Prosedur", new { id });
    }

    /// <summary>The office's current SOP 1 when the actor may start it, else null.</summary>
    private async Task<SopDefinition?> StartableAsync(CancellationToken ct) =>
        await engine.CurrentDefinitionAsync(Actor.OfficeId, SopKind.PokjaAccountRequest, ct) is { } sop && SopEngine.MayStart(sop, Actor) ? sop : null;

    /// <summary>The start form again, as SOP 1's start form shows it (<see cref="PokjaAccountsStartForm"/>).</summary>
    private async Task<IActionResult> StartPageAsync(PokjaAccountsForm form, SopDefinition sop, CancellationToken ct)
    {
        if (form.SubmissionKey == Guid.Empty)
        {
            form.SubmissionKey = Guid.NewGuid();
        }

        var start = startForms.Single(f => f.Kind == SopKind.PokjaAccountRequest);
        return View("~/Views/Prosedur/" + start.View + ".cshtml", await start.PageAsync(form, sop, Actor, ct));
    }
}
