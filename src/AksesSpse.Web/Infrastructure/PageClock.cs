using System.Globalization;
using System.Security.Claims;
using AksesSpse.Core.Offices;

namespace AksesSpse.Web.Infrastructure;

/// <summary>
/// The office clock of the page being made (docs/adr/0018): the signed-in user's office decides the zone of every
/// time and "today" on their pages; a page about a request seen without signing in (the public status page) uses the
/// request's office instead (<see cref="Use"/>). Without either, the default zone (WIB). Views get it as <c>Clock</c>.
/// </summary>
public sealed class PageClock
{
    private readonly IHttpContextAccessor? _http;
    private readonly OfficeCalendar? _calendar;
    private OfficeClock? _clock;

    public PageClock(IHttpContextAccessor http, OfficeCalendar calendar)
    {
        _http = http;
        _calendar = calendar;
    }

    private PageClock(OfficeClock clock) => _clock = clock;

    /// <summary>A page clock fixed to one office clock (for a validator used outside a request).</summary>
    public static PageClock Fixed(OfficeClock clock) => new(clock);

    public OfficeClock Current => _clock ??= Resolve();

    /// <summary>Today's date at the office.</summary>
    public DateOnly Today => Current.Today;

    /// <summary>"WIB", "WITA" or "WIT".</summary>
    public string Label => Current.Label;

    /// <summary>"02-12-2026 01:30 WIB"; "-" for no time.</summary>
    public string Format(DateTime? utc) => Current.Format(utc);

    /// <summary>A stored (UTC) instant as a datetime-local field's value at the office ("2026-11-29T10:15").</summary>
    public string FormatInput(DateTime utc) => Current.FormatInput(utc);

    /// <summary>The office's date at a stored (UTC) instant.</summary>
    public DateOnly DateOf(DateTime utc) => Current.DateOf(utc);

    /// <summary>This page shows the times of another office than the signed-in user's (or there is no signed-in user).</summary>
    public void Use(OfficeClock clock) => _clock = clock;

    private OfficeClock Resolve()
    {
        var calendar = _calendar!;
        var claim = _http?.HttpContext?.User.FindFirstValue(AppClaims.OfficeId);
        return int.TryParse(claim, NumberStyles.None, CultureInfo.InvariantCulture, out var officeId) && officeId > 0
            ? calendar.ForOffice(officeId)
            : calendar.ForZone(null);
    }
}
