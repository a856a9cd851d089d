using System.Globalization;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace AksesSpse.Web.Infrastructure;

/// <summary>Times are stored in UTC and shown in the office's zone (WIB for now; the office setting takes over with the calendar).</summary>
public static class DisplayExtensions
{
    private static readonly TimeZoneInfo OfficeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");
    private static readonly CultureInfo Id = new("id-ID");

    public static string Wib(this IHtmlHelper html, DateTime? utc) => Local(utc);

    public static string Local(DateTime? utc) => utc is { } value
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(value, DateTimeKind.Utc), OfficeZone).ToString("dd-MM-yyyy HH:mm", Id) + " WIB"
        : "-";

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
