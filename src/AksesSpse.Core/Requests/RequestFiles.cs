using System.Globalization;
using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Sop;

namespace AksesSpse.Core.Requests;

/// <summary>
/// The documents of a request, for every SOP's service: checks each upload by content and size before anything is
/// written, stores it under a generated name, and deletes what was stored when the step is not saved after all.
/// </summary>
public sealed class RequestFiles(IFileStore files, UploadInspector inspector)
{
    public async Task<OperationResult> StoreAsync(AccessRequest request, SopDefinition sop, IReadOnlyList<IncomingFile> incoming,
        string uploadedByUserId, DateTime now, List<string> stored, CancellationToken ct)
    {
        var checkedFiles = new List<(IncomingFile File, InspectedFile Type, SopRequiredDocument Document)>();
        foreach (var file in incoming)
        {
            var document = sop.RequiredDocuments.SingleOrDefault(d => d.Code == file.DocumentCode);
            if (document is null)
            {
                return OperationResult.Fail(ErrorKind.Validation, "Jenis dokumen yang diunggah tidak dikenal.");
            }

            var (type, error) = inspector.Inspect(file.FileName, file.Content, document.Name);
            if (error is not null)
            {
                return OperationResult.Fail(ErrorKind.Validation, error);
            }

            checkedFiles.Add((file, type!, document));
        }

        foreach (var (file, type, document) in checkedFiles)
        {
            var path = await files.SaveAsync("requests/" + now.ToString("yyyy'/'MM", CultureInfo.InvariantCulture), type.Extension, file.Content, ct);
            stored.Add(path);
            request.Documents.Add(new RequestDocument
            {
                DocumentCode = document.Code,
                DocumentName = document.Name,
                FileName = SafeFileName(file.FileName),
                ContentType = type.ContentType,
                Size = file.Content.Length,
                Sha256 = LocalFileStore.Sha256Hex(file.Content),
                StoragePath = path,
                UploadedAt = now,
                UploadedByUserId = uploadedByUserId,
            });
        }

        return OperationResult.Ok();
    }

    /// <summary>Stores a document the app made (e.g. the handover form) with the request.</summary>
    public async Task<RequestDocument> StoreGeneratedAsync(AccessRequest request, string code, string name, string fileName,
        string contentType, string extension, byte[] content, string byUserId, DateTime now, List<string> stored, CancellationToken ct)
    {
        var path = await files.SaveAsync("generated/" + now.ToString("yyyy'/'MM", CultureInfo.InvariantCulture), extension, content, ct);
        stored.Add(path);
        var document = new RequestDocument
        {
            DocumentCode = code,
            DocumentName = name,
            FileName = fileName,
            ContentType = contentType,
            Size = content.Length,
            Sha256 = LocalFileStore.Sha256Hex(content),
            StoragePath = path,
            UploadedAt = now,
            UploadedByUserId = byUserId,
        };
        request.Documents.Add(document);
        return document;
    }

    public async Task DeleteAsync(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            await files.DeleteAsync(path, CancellationToken.None);
        }
    }

    /// <summary>
    /// The name an upload is stored and shown under: no folders, no control characters, and no bidirectional controls —
    /// a right-to-left override would make "rapor\u202Efdp.exe" read as "rapor" + "exe.pdf".
    /// </summary>
    public static string SafeFileName(string name)
    {
        var justName = Path.GetFileName(WithoutBidiControls(name).Replace('\\', '/'));
        var cleaned = new string(justName.Select(c => char.IsControl(c) || Path.GetInvalidFileNameChars().Contains(c) ? '_' : c).ToArray());
        if (cleaned.Length == 0)
        {
            cleaned = "berkas";
        }

        return cleaned.Length > 200 ? cleaned[^200..] : cleaned;
    }

    /// <summary>The text without the Unicode bidirectional controls (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, U+061C).</summary>
    public static string WithoutBidiControls(string text)
    {
        if (!text.Any(IsBidiControl))
        {
            return text;
        }

        return new string(text.Where(c => !IsBidiControl(c)).ToArray());
    }

    public static bool IsBidiControl(char c) => c is '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
