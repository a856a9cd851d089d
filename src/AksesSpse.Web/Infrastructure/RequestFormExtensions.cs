using System.Globalization;
using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace AksesSpse.Web.Infrastructure;

/// <summary>What every request controller does the same way: read the uploads of a form, and answer a step's result.</summary>
public static class RequestFormExtensions
{
    /// <summary>
    /// Reads the uploads named doc_{CODE} of the SOP's required documents. A file larger than the per-document limit is
    /// not read at all: its message ("Berkas terlalu besar", with the limit) goes into ModelState, so the form comes back
    /// with what was typed. Content checks happen in the service.
    /// </summary>
    public static async Task<List<IncomingFile>> ReadDocumentsAsync(this HttpRequest request, SopDefinition sop, ModelStateDictionary modelState,
        CancellationToken ct)
    {
        var result = new List<IncomingFile>();
        if (!request.HasFormContentType)
        {
            return result;
        }

        var maxBytes = request.HttpContext.RequestServices.GetRequiredService<UploadInspector>().MaxBytes;
        foreach (var document in sop.RequiredDocuments)
        {
            var file = request.Form.Files.GetFile("doc_" + document.Code);
            if (file is null || (file.Length == 0 && string.IsNullOrEmpty(file.FileName)))
            {
                continue;
            }

            if (file.Length > maxBytes)
            {
                modelState.AddModelError("", TooLargeMessage(document.Name, file.FileName, file.Length, maxBytes));
                continue;
            }

            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ct);
            result.Add(new IncomingFile(document.Code, file.FileName, buffer.ToArray()));
        }

        return result;
    }

    public static string TooLargeMessage(string documentName, string fileName, long size, long maxBytes) =>
        string.Create(CultureInfo.GetCultureInfo("id-ID"),
            $"Berkas terlalu besar: \"{documentName}\" ({RequestFiles.SafeFileName(fileName)}) berukuran {size / 1024.0 / 1024.0:0.0} MB, melebihi batas {maxBytes / 1024 / 1024} MB per dokumen. Perkecil berkasnya (mis. pindai ulang dengan resolusi lebih rendah), lalu pilih ulang dan kirim kembali.");

    /// <summary>
    /// A step's form that did not pass its validator or did not bind (the validation filter has put the messages in
    /// ModelState): back to the request's page with the messages, before the service is asked. Null when the form is fine.
    /// </summary>
    public static IActionResult? StepRefused(this Controller controller, int id)
    {
        if (controller.ModelState.IsValid)
        {
            return null;
        }

        var messages = controller.ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)
            .Where(m => !string.IsNullOrWhiteSpace(m)).Distinct().ToList();
        controller.TempData["Error"] = messages.Count > 0
            ? string.Join(" ", messages)
            : "Isian formulir tidak sah. Muat ulang halaman, lalu kirim kembali.";
        return controller.RedirectToAction("Detail", "Requests", new { id });
    }

    /// <summary>
    /// The answer to a step posted from a request's page: back to the page with the success message or the service's
    /// reason (and the late-explanation field when that was missing); 404 or 403 when the request is not the actor's.
    /// </summary>
    public static IActionResult StepDone(this Controller controller, int id, OperationResult result, string success)
    {
        switch (result.Error)
        {
            case ErrorKind.None:
                controller.TempData["Success"] = success;
                break;
            case ErrorKind.NotFound:
                return controller.NotFound();
            case ErrorKind.Forbidden:
                return controller.Forbid();
            default:
                controller.TempData["Error"] = result.Message;
                if (result.Error == ErrorKind.LateExplanationRequired)
                {
                    controller.TempData["LateRequired"] = "1";
                }

                break;
        }

        return controller.RedirectToAction("Detail", "Requests", new { id });
    }
}
