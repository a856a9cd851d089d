using System.Globalization;
using AksesSpse.Core.Documents;
using Microsoft.AspNetCore.Http.Features;

namespace AksesSpse.Web.Infrastructure;

/// <summary>
/// How large a posted form may be. The hard limit (<c>Storage:MaxRequestBytes</c>, 64 MB) is well above what a form may
/// carry (5 MB per document), so that an oversized document still arrives whole and the form comes back with its
/// fields and a "Berkas terlalu besar" message naming the file (RequestFormExtensions.ReadDocumentsAsync). Only a body
/// beyond the hard limit, or one the form reader refuses, is cut off: <see cref="RequestBodyLimitMiddleware"/> then
/// answers with a page in Bahasa Indonesia that says nothing was saved and offers "Kembali" (the browser keeps what
/// was typed).
/// </summary>
public static class RequestBodyLimit
{
    public const long DefaultMaxRequestBytes = 64 * 1024 * 1024;

    public static long MaxRequestBytes(IConfiguration config) => config.GetValue("Storage:MaxRequestBytes", DefaultMaxRequestBytes);

    public static void AddRequestBodyLimit(this WebApplicationBuilder builder)
    {
        var limit = MaxRequestBytes(builder.Configuration);
        builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = limit);

        // Kestrel's own cut-off sits a little above, for the multipart framing around the files.
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = limit + (1024 * 1024));
    }

    public static string Megabytes(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.GetCultureInfo("id-ID"));
}

/// <summary>Reads every posted form before MVC does, and answers a body that cannot be read with a page that explains.</summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IConfiguration config, UploadInspector inspector, ILogger<RequestBodyLimitMiddleware> logger)
{
    private readonly long _limit = RequestBodyLimit.MaxRequestBytes(config);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType)
        {
            await next(context);
            return;
        }

        if (request.ContentLength > _limit)
        {
            await TooLargeAsync(context, request.ContentLength.Value);
            return;
        }

        try
        {
            await request.ReadFormAsync(context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await TooLargeAsync(context, null);
            return;
        }
        catch (InvalidDataException e)
        {
            if (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
            {
                // One value (or the count of values) beyond what the form reader takes, though the body is within the limit.
                logger.LogWarning("Form beyond the reader's limits on {Path}: {Reason}", request.Path, e.Message);
                await ErrorResponses.WritePageAsync(context, StatusCodes.Status413PayloadTooLarge, "Isian terlalu besar",
                    "Salah satu isian formulir jauh melebihi ukuran yang wajar, sehingga formulir tidak dapat dibaca dan tidak ada yang tersimpan " +
                    "(data yang sudah tersimpan sebelumnya tidak berubah). Tekan Kembali, persingkat isiannya, lalu kirim kembali.");
                return;
            }

            if (e.Message.Contains("invalid characters", StringComparison.OrdinalIgnoreCase))
            {
                // The form reader refuses a NUL in a URL-encoded value before any validator sees it.
                logger.LogWarning("Form with a NUL character on {Path}", request.Path);
                await ErrorResponses.WritePageAsync(context, StatusCodes.Status400BadRequest, "Isian berisi karakter yang tidak diizinkan",
                    "Salah satu isian formulir berisi karakter kendali (NUL) yang tidak diizinkan, sehingga tidak ada yang tersimpan. " +
                    "Tekan Kembali, ketik ulang isian yang disalin dari dokumen lain (karakter itu biasanya ikut tersalin tanpa terlihat), lalu kirim kembali.");
                return;
            }

            logger.LogWarning("Unreadable form on {Path}: {Reason}", request.Path, e.Message);
            await ErrorResponses.WritePageAsync(context, StatusCodes.Status400BadRequest, "Formulir tidak dapat dibaca",
                "Kiriman formulir ini rusak atau tidak lengkap, sehingga tidak ada yang tersimpan. Tekan Kembali, lalu kirim formulirnya sekali lagi.");
            return;
        }

        await next(context);
    }

    private Task TooLargeAsync(HttpContext context, long? size)
    {
        logger.LogWarning("Form body too large on {Path}: {Size} bytes (limit {Limit})", context.Request.Path, size, _limit);
        var sent = size is { } s ? $"Kiriman Anda berukuran {RequestBodyLimit.Megabytes(s)} MB, " : "Kiriman Anda ";
        return ErrorResponses.WritePageAsync(context, StatusCodes.Status413PayloadTooLarge, "Berkas terlalu besar",
            $"{sent}melebihi batas {RequestBodyLimit.Megabytes(_limit)} MB untuk satu formulir, sehingga formulir tidak dapat dibaca dan " +
            $"tidak ada yang tersimpan (data yang sudah tersimpan sebelumnya tidak berubah). Setiap dokumen maksimal {RequestBodyLimit.Megabytes(inspector.MaxBytes)} MB. " +
            "Tekan Kembali: isian yang sudah Anda ketik masih ada di formulir; pilih ulang berkas yang lebih kecil, lalu kirim kembali.");
    }
}
