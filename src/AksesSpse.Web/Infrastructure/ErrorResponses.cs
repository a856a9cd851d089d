using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace AksesSpse.Web.Infrastructure;

/// <summary>
/// The last line: an unhandled error becomes a page in Bahasa Indonesia. A database that cannot be reached
/// gives 503 and says that nothing was saved, so the user can go back and send the same form again.
/// </summary>
public static class ErrorResponses
{
    public static async Task HandleAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("AksesSpse.Errors");
        var (status, title, message) = Classify(error);
        if (status >= 500)
        {
            logger.LogError(error, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        else
        {
            logger.LogWarning("Request refused on {Method} {Path}: {Title}", context.Request.Method, context.Request.Path, title);
        }

        await WritePageAsync(context, status, title, message);
    }

    /// <summary>A self-contained error page (no layout, no view engine) with "Kembali" and "Beranda".</summary>
    public static async Task WritePageAsync(HttpContext context, int status, string title, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="id"><head><meta charset="utf-8"><title>{{WebUtility.HtmlEncode(title)}} - AksesSpse</title>
            <link rel="stylesheet" href="/css/site.css"><script src="/js/site.js" defer></script></head>
            <body><main class="container narrow"><div class="card error-card">
            <h1>{{WebUtility.HtmlEncode(title)}}</h1>
            <p>{{WebUtility.HtmlEncode(message)}}</p>
            <p><a href="{{WebUtility.HtmlEncode(BackHref(context.Request))}}" class="button" data-back>Kembali</a> <a href="/" class="button secondary">Beranda</a></p>
            </div></main></body></html>
            """);
    }

    /// <summary>
    /// Where "Kembali" leads without JavaScript: the page of this site the user came from (the form, for a failed post),
    /// else the home page. site.js turns the link into the browser's Back (<c>a[data-back]</c>), which keeps what was
    /// typed; an inline <c>javascript:</c> link would be blocked by the app's own Content-Security-Policy.
    /// </summary>
    public static string BackHref(HttpRequest request)
    {
        var referer = request.Headers.Referer.ToString();
        if (Uri.TryCreate(referer, UriKind.Absolute, out var from) &&
            string.Equals(from.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase) &&
            from.AbsolutePath.StartsWith('/') && !from.AbsolutePath.StartsWith("//", StringComparison.Ordinal) &&
            !from.AbsolutePath.StartsWith("/Beranda/Status", StringComparison.OrdinalIgnoreCase))
        {
            return from.PathAndQuery;
        }

        return "/";
    }

    private static (int Status, string Title, string Message) Classify(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AntiforgeryValidationException:
                    return (400, "Formulir kedaluwarsa",
                        "Formulir ini sudah kedaluwarsa atau dikirim dari halaman lain. Muat ulang halaman, lalu kirim kembali.");
                case BadHttpRequestException { StatusCode: 413 }:
                    return (413, "Berkas terlalu besar",
                        "Ukuran kiriman melebihi batas satu formulir, sehingga tidak ada yang tersimpan. Tekan Kembali, perkecil berkas (maksimal 5 MB per dokumen), pilih ulang, lalu kirim kembali.");
                case DbException or TimeoutException or System.Net.Sockets.SocketException:
                    return (503, "Basis data tidak dapat dihubungi",
                        "Layanan basis data sedang tidak dapat dihubungi, sehingga tindakan Anda BELUM tersimpan. Tidak ada data yang berubah. Coba lagi beberapa saat lagi; isian formulir tetap ada bila Anda kembali ke halaman sebelumnya.");
            }
        }

        return (500, "Terjadi kesalahan",
            "Terjadi kesalahan pada server dan tindakan Anda belum tentu tersimpan. Periksa status permohonan Anda sebelum mengulang. Kesalahan ini sudah dicatat.");
    }
}
