using System.Globalization;
using AksesSpse.Core.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace AksesSpse.Core.Requests;

/// <summary>
/// Links that work without signing in (docs/adr/0011): the status page printed as a QR code on the handover form, and
/// the receipt confirmation sent by email. Each carries the request id sealed with Data Protection, so nothing is
/// stored, a number cannot be guessed or changed, and a link made later for the same request works as well.
/// </summary>
public sealed class RequestLinks(IDataProtectionProvider protection, TimeProvider time, IOptions<AppOptions> options)
{
    private const string StatusPurpose = "AksesSpse.Requests.StatusLink.v1";
    private const string ConfirmPurpose = "AksesSpse.Requests.ConfirmReceiptLink.v1";
    private const string PersonConfirmPurpose = "AksesSpse.Requests.PersonConfirmLink.v1";

    /// <summary>How long a receipt confirmation link is accepted.</summary>
    public static readonly TimeSpan ConfirmLifetime = TimeSpan.FromDays(30);

    private string BaseUrl => options.Value.BaseUrl.TrimEnd('/');

    public string StatusUrl(int requestId) => $"{BaseUrl}/Status?t={StatusToken(requestId)}";

    public string StatusToken(int requestId) =>
        protection.CreateProtector(StatusPurpose).Protect(requestId.ToString(CultureInfo.InvariantCulture));

    public int? ReadStatusToken(string? token) => Read(protection.CreateProtector(StatusPurpose), token);

    public string ConfirmUrl(int requestId) => $"{BaseUrl}/Status/Konfirmasi?t={ConfirmToken(requestId)}";

    public string ConfirmToken(int requestId) => SealUntil(ConfirmPurpose, requestId);

    public int? ReadConfirmToken(string? token) => ReadUntil(ConfirmPurpose, token);

    /// <summary>SOP 1: the link a Pokja member presses to confirm they received their own user ID and password (one person of a request).</summary>
    public string PersonConfirmUrl(int personId) => $"{BaseUrl}/Kredensial/Konfirmasi?t={PersonConfirmToken(personId)}";

    public string PersonConfirmToken(int personId) => SealUntil(PersonConfirmPurpose, personId);

    /// <returns>The <see cref="RequestPerson"/> id, or null for a token that is forged, of another purpose or expired.</returns>
    public int? ReadPersonConfirmToken(string? token) => ReadUntil(PersonConfirmPurpose, token);

    /// <summary>
    /// The id and the expiry (Unix seconds) sealed together. Not Data Protection's time-limited protector: that
    /// one checks the expiry against the system clock, so a token would follow a different clock than the injected one.
    /// </summary>
    private string SealUntil(string purpose, int id) => protection.CreateProtector(purpose).Protect(
        string.Create(CultureInfo.InvariantCulture, $"{id}|{time.GetUtcNow().Add(ConfirmLifetime).ToUnixTimeSeconds()}"));

    private int? ReadUntil(string purpose, string? token)
    {
        var parts = Unseal(protection.CreateProtector(purpose), token)?.Split('|');
        if (parts is not [var id, var expiry] ||
            !long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out var expires) ||
            expires < time.GetUtcNow().ToUnixTimeSeconds())
        {
            return null;
        }

        return Parse(id);
    }

    private static int? Read(IDataProtector protector, string? token) => Unseal(protector, token) is { } text ? Parse(text) : null;

    private static string? Unseal(IDataProtector protector, string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2000)
        {
            return null;
        }

        try
        {
            return protector.Unprotect(token);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private static int? Parse(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
