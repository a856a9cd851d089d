using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Sop;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Infrastructure;

/// <summary>What every request controller does the same way: read the uploads of a form, and answer a step's result.</summary>
public static class RequestFormExtensions
{
    /// <summary>Reads the uploads named doc_{CODE} of the SOP's required documents; content checks happen in the service.</summary>
    public static async Task<List<IncomingFile>> ReadDocumentsAsync(this HttpRequest request, SopDefinition sop, CancellationToken ct)
    {
        var result = new List<IncomingFile>();
        if (!request.HasFormContentType)
        {
            return result;
        }

        foreach (var document in sop.RequiredDocuments)
        {
            var file = request.Form.Files.GetFile("doc_" + document.Code);
            if (file is null || (file.Length == 0 && string.IsNullOrEmpty(file.FileName)))
            {
                continue;
            }

            using var buffer = new MemoryStream((int)Math.Min(file.Length, StartupExtensions.MaxRequestBytes));
            await file.CopyToAsync(buffer, ct);
            result.Add(new IncomingFile(document.Code, file.FileName, buffer.ToArray()));
        }

        return result;
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
