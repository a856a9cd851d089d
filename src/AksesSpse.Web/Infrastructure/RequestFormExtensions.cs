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

}
