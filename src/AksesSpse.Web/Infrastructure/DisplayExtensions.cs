using System.Globalization;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace AksesSpse.Web.Infrastructure;

/// <summary>Times are stored in UTC and shown in the office's zone (WIB for now; the office setting takes over with the calendar).</summary>
public static partial class DisplayExtensions
{
    private static readonly TimeZoneInfo OfficeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");
    private static readonly CultureInfo Id = new("id-ID");

    public static string Wib(this IHtmlHelper html, DateTime? utc) => Local(utc);

    public static string Local(DateTime? utc) => utc is { } value
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(value, DateTimeKind.Utc), OfficeZone).ToString("dd-MM-yyyy HH:mm", Id) + " WIB"
        : "-";

    /// <summary>Today's date in the office's zone: an SK "valid today" is judged on the office's calendar.</summary>
    public static DateOnly OfficeToday(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), OfficeZone));

    /// <summary>A UTC time as a datetime-local field's value in the office's zone ("2026-11-29T10:15").</summary>
    public static string LocalInput(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), OfficeZone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? date) => date?.ToString("dd-MM-yyyy", Id) ?? "-";

    /// <summary>
    /// A sent email as staff may read it: the receipt confirmation link is the applicant's alone (whoever holds it can
    /// confirm), so it is not shown.
    /// </summary>
    public static string WithoutConfirmLinks(string body) =>
        ConfirmLink().Replace(body, "(tautan konfirmasi khusus pemohon, tidak ditampilkan)");

    [System.Text.RegularExpressions.GeneratedRegex(@"\S+/Status/Konfirmasi\?t=\S+")]
    private static partial System.Text.RegularExpressions.Regex ConfirmLink();

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
