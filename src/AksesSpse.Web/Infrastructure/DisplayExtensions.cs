using System.Globalization;
using AksesSpse.Core.Requests;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace AksesSpse.Web.Infrastructure;

/// <summary>
/// How values are written on pages. Times are stored in UTC and shown by the office clock of the page
/// (<see cref="PageClock"/>, as <c>Clock.Format(...)</c> in views), never converted here.
/// </summary>
public static partial class DisplayExtensions
{
    private static readonly CultureInfo Id = new("id-ID");

    public static string Date(DateOnly? date) => date?.ToString("dd-MM-yyyy", Id) ?? "-";

    /// <summary>
    /// A sent email as staff may read it: the receipt confirmation link is the applicant's alone (whoever holds it can
    /// confirm), so it is not shown.
    /// </summary>
    public static string WithoutConfirmLinks(string body) =>
        PersonLink().Replace(ConfirmLink().Replace(body, "(tautan konfirmasi khusus pemohon, tidak ditampilkan)"),
            "(tautan sekali pakai khusus penerima, tidak ditampilkan)");

    [System.Text.RegularExpressions.GeneratedRegex(@"\S+/Status/Konfirmasi\?t=\S+")]
    private static partial System.Text.RegularExpressions.Regex ConfirmLink();

    /// <summary>A person's one-time account link (SOP 3, SOP 1) or a Pokja member's confirmation link: theirs alone, never shown to staff.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\S+/Kredensial/(?:Akun\?token|Konfirmasi\?t|Buka\?token)=\S+")]
    private static partial System.Text.RegularExpressions.Regex PersonLink();

    /// <summary>
    /// Where a request stands, the outcome first: "Dikabulkan · Menunggu pengarsipan", "Ditolak · Ditutup dan diarsipkan". Written
    /// here rather than as a partial view: the inbox draws it on every row, and a partial per row was a measurable share of the
    /// page's time (bench/README.md).
    /// </summary>
    public static IHtmlContent Status(this IHtmlHelper html, RequestStatus status, RequestOutcome outcome)
    {
        var content = new HtmlContentBuilder(7);
        if (outcome != RequestOutcome.Pending)
        {
            content.AppendHtml(outcome == RequestOutcome.Rejected ? "<span class=\"tag late\">" : "<span class=\"tag ok\">")
                .Append(outcome.Label()).AppendHtml("</span><span class=\"sep\" aria-hidden=\"true\"> · </span>");
        }

        return content.AppendHtml("<strong>").Append(status.Label(outcome)).AppendHtml("</strong>");
    }

    public static string Duration(this IHtmlHelper html, long? seconds)
    {
        if (seconds is not { } s)
        {
            return "-";
        }

        var t = TimeSpan.FromSeconds(s);
        return t.TotalMinutes < 1 ? $"{s} detik"
            : t.TotalHours < 1 ? $"{(int)t.TotalMinutes} menit {t.Seconds} detik"
            : t.TotalDays < 2 ? $"{(int)t.TotalHours} jam {t.Minutes} menit"
            : $"{(int)t.TotalDays} hari {t.Hours} jam";
    }
}
