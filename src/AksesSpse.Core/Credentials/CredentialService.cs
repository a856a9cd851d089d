using System.Security.Cryptography;
using System.Text;
using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Offices;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AksesSpse.Core.Credentials;

/// <summary>Makes temporary passwords and hands them to their holder once (docs/adr/0007).</summary>
public sealed class CredentialService(AppDbContext db, IDataProtectionProvider protection, TimeProvider time, OfficeCalendar calendar,
    IOptions<AppOptions> options)
{
    private const string Purpose = "AksesSpse.Credentials.TemporaryPassword.v1";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    private const string Symbols = "#$%&*+-=?@";

    private IDataProtector Protector => protection.CreateProtector(Purpose);

    /// <summary>A 16-character password with upper, lower, digit and symbol, without look-alike characters.</summary>
    /// <summary>The placeholder token hash of a password not yet sent (unique, and never the hash of a real token).</summary>
    public const string PendingPrefix = "pending-";

    public static string GeneratePassword(int length = 16)
    {
        const string all = Upper + Lower + Digits + Symbols;
        var chars = new char[length];
        chars[0] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[1] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        chars[3] = Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)];
        for (var i = 4; i < length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    /// <summary>Adds an encrypted delivery for the password; no token yet (the link is made when the holder is told).</summary>
    public CredentialDelivery Prepare(int requestId, int? accountId, string spseUserId, string holderEmail, string password)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var delivery = new CredentialDelivery
        {
            AccessRequestId = requestId,
            SpseAccountId = accountId,
            SpseUserId = spseUserId,
            HolderEmail = holderEmail,
            ProtectedSecret = Protector.Protect(password),
            TokenHash = PendingPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            CreatedAt = now,
            ExpiresAt = now.AddHours(options.Value.CredentialLinkHours),
        };
        db.CredentialDeliveries.Add(delivery);
        return delivery;
    }

    /// <summary>Gives the delivery a one-time token and returns it (only its hash is stored).</summary>
    public string IssueToken(CredentialDelivery delivery)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        delivery.TokenHash = Hash(token);
        delivery.ExpiresAt = time.GetUtcNow().UtcDateTime.AddHours(options.Value.CredentialLinkHours);
        return token;
    }

    /// <summary>
    /// Erases the temporary passwords whose one-time link expired unopened (run by the periodic housekeeping): an expired
    /// link can never reveal them, so they are not kept even encrypted. A password prepared but not yet sent (its token
    /// still a placeholder) is left for its request, which issues the link or makes a new password. Returns how many.
    /// </summary>
    public Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.CredentialDeliveries
            .Where(c => c.ProtectedSecret != null && c.RevealedAt == null && c.ExpiresAt < now && !c.TokenHash.StartsWith(PendingPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ProtectedSecret, (string?)null), ct);
    }

    /// <summary>The token travels in the query string, never in the path: paths are written to the request logs.</summary>
    public string Link(string token) => $"{options.Value.BaseUrl.TrimEnd('/')}/Kredensial/Buka?token={token}";

    /// <summary>
    /// What a one-time link leads to, without using it up: the page behind the link offers the reveal button only while the
    /// password is still there, and says when it was opened once it was.
    /// </summary>
    public async Task<CredentialLinkState> InspectAsync(string token, string userId, CancellationToken ct)
    {
        var hash = Hash(token);
        var delivery = await db.CredentialDeliveries.AsNoTracking().Where(c => c.TokenHash == hash)
            .Select(c => new { c.AccessRequestId, c.SpseUserId, c.RevealedAt, HasSecret = c.ProtectedSecret != null, c.ExpiresAt })
            .SingleOrDefaultAsync(ct);
        if (delivery is null)
        {
            return new CredentialLinkState(CredentialLinkStatus.Unknown);
        }

        var request = await db.AccessRequests.AsNoTracking().Where(r => r.Id == delivery.AccessRequestId)
            .Select(r => new { r.ApplicantUserId, r.Number }).SingleAsync(ct);
        if (request.ApplicantUserId != userId)
        {
            return new CredentialLinkState(CredentialLinkStatus.NotYours);
        }

        var status = delivery.RevealedAt is not null ? CredentialLinkStatus.Used
            : !delivery.HasSecret || time.GetUtcNow().UtcDateTime > delivery.ExpiresAt ? CredentialLinkStatus.Expired
            : CredentialLinkStatus.Ready;
        return new CredentialLinkState(status, request.Number, delivery.SpseUserId, delivery.RevealedAt, delivery.ExpiresAt);
    }

    /// <summary>
    /// Shows the password once to the applicant of the request, then erases it. "Once" holds under parallel opens too: the
    /// secret is taken by one conditional UPDATE (still unrevealed, still holding this secret, not expired) and only the
    /// caller whose UPDATE changed the row shows it; every other caller is told it was already opened.
    /// </summary>
    public async Task<OperationResult<RevealedCredential>> RevealAsync(string token, string userId, CancellationToken ct)
    {
        var hash = Hash(token);
        var delivery = await db.CredentialDeliveries.AsNoTracking().SingleOrDefaultAsync(c => c.TokenHash == hash, ct);
        if (delivery is null)
        {
            return OperationResult<RevealedCredential>.From(OperationResult.Fail(ErrorKind.NotFound, "Tautan tidak dikenal. Periksa kembali tautan pada email Anda."));
        }

        var applicant = await db.AccessRequests.Where(r => r.Id == delivery.AccessRequestId)
            .Select(r => new { r.ApplicantUserId, r.Number, r.OfficeId }).SingleAsync(ct);
        if (applicant.ApplicantUserId != userId || delivery.RequestPersonId is not null)
        {
            return OperationResult<RevealedCredential>.From(OperationResult.Forbidden());
        }

        return await TakeAsync(delivery, applicant.Number, applicant.OfficeId, ct);
    }

    /// <summary>Wrong NIPs allowed on a person's link before its password is erased.</summary>
    public const int MaxNipAttempts = 5;

    private static OperationResult<RevealedCredential> Blocked() => OperationResult<RevealedCredential>.From(OperationResult.Fail(ErrorKind.InvalidState,
        $"Tautan ini diblokir karena NIP yang dimasukkan salah {MaxNipAttempts} kali, dan password sementaranya sudah dihapus. " +
        "Hubungi Admin PPE LPSE untuk dibuatkan password dan tautan baru."));

    /// <summary>The link of a person's new account (SOP 3): opened without signing in, by the person proving their NIP.</summary>
    public string PersonLink(string token) => $"{options.Value.BaseUrl.TrimEnd('/')}/Kredensial/Akun?token={token}";

    /// <summary>
    /// Shows a person's new account password once (SOP 3). The link alone is not enough: whoever opens it must give the
    /// NIP of the person the account was made for, so a forwarded or intercepted email does not hand the account over.
    /// </summary>
    public async Task<OperationResult<RevealedCredential>> RevealToPersonAsync(string token, string nip, CancellationToken ct)
    {
        var hash = Hash(token);
        var delivery = await db.CredentialDeliveries.AsNoTracking().SingleOrDefaultAsync(c => c.TokenHash == hash && c.RequestPersonId != null, ct);
        if (delivery is null)
        {
            return OperationResult<RevealedCredential>.From(OperationResult.Fail(ErrorKind.NotFound, "Tautan tidak dikenal. Periksa kembali tautan pada email Anda."));
        }

        var person = await db.RequestPersons.AsNoTracking().Where(p => p.Id == delivery.RequestPersonId)
            .Join(db.AccessRequests, p => p.AccessRequestId, r => r.Id, (p, r) => new { p.Nip, r.Number, r.OfficeId }).SingleAsync(ct);
        if (delivery.RevealedAt is null && (delivery.FailedAttempts >= MaxNipAttempts || person.Nip.Length != 18))
        {
            return Blocked();
        }

        var given = new string((nip ?? "").Where(char.IsAsciiDigit).ToArray());
        if (delivery.RevealedAt is null &&
            !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), Encoding.ASCII.GetBytes(person.Nip)))
        {
            // Counted in the database (every node sees it); the last allowed miss erases the password for good.
            await db.CredentialDeliveries.Where(c => c.Id == delivery.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.FailedAttempts, c => c.FailedAttempts + 1), ct);
            if (delivery.FailedAttempts + 1 >= MaxNipAttempts)
            {
                await db.CredentialDeliveries.Where(c => c.Id == delivery.Id && c.RevealedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.ProtectedSecret, (string?)null), ct);
                return Blocked();
            }

            return OperationResult<RevealedCredential>.From(OperationResult.Fail(ErrorKind.Validation,
                $"NIP tidak sesuai dengan NIP penerima akun ini (sisa {MaxNipAttempts - delivery.FailedAttempts - 1} kali percobaan). " +
                "Masukkan NIP Anda sendiri (18 digit) sebagaimana tercantum pada SK."));
        }

        return await TakeAsync(delivery, person.Number, person.OfficeId, ct);
    }

    /// <summary>
    /// Why a person's link (SOP 3) can no longer be opened, in words — unknown, already opened, or expired — or null when it
    /// still can: the page asks for the NIP only while the link works.
    /// </summary>
    public async Task<string?> PersonLinkProblemAsync(string token, CancellationToken ct)
    {
        var hash = Hash(token);
        var delivery = await db.CredentialDeliveries.AsNoTracking().Where(c => c.TokenHash == hash && c.RequestPersonId != null)
            .Join(db.AccessRequests, c => c.AccessRequestId, r => r.Id,
                (c, r) => new { c.RevealedAt, c.ExpiresAt, c.FailedAttempts, Erased = c.ProtectedSecret == null, r.OfficeId })
            .SingleOrDefaultAsync(ct);
        return delivery switch
        {
            null => "Tautan tidak dikenal. Periksa kembali tautan pada email Anda, atau hubungi Admin PPE.",
            { RevealedAt: { } at } => $"Tautan ini sudah dipakai pada {(await calendar.ForOfficeAsync(delivery.OfficeId, ct)).Format(at)}; " +
                                       "password sementara tidak dapat ditampilkan lagi. " +
                                       "Jika bukan Anda yang membukanya, segera hubungi Admin PPE agar password akun Anda diganti.",
            { FailedAttempts: >= MaxNipAttempts } => Blocked().Message,
            _ when delivery.Erased || time.GetUtcNow().UtcDateTime > delivery.ExpiresAt =>
                "Tautan ini sudah kedaluwarsa. Hubungi Admin PPE untuk meminta password sementara yang baru.",
            _ => null,
        };
    }

    private async Task<OperationResult<RevealedCredential>> TakeAsync(CredentialDelivery delivery, string requestNumber, int officeId, CancellationToken ct)
    {
        if (delivery.RevealedAt is not null)
        {
            return AlreadyRevealed(delivery.RevealedAt.Value, await calendar.ForOfficeAsync(officeId, ct));
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (delivery.ProtectedSecret is null || now > delivery.ExpiresAt)
        {
            if (delivery.ProtectedSecret is not null)
            {
                await db.CredentialDeliveries.Where(c => c.Id == delivery.Id && c.RevealedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.ProtectedSecret, (string?)null), ct);
            }

            return OperationResult<RevealedCredential>.From(OperationResult.Fail(ErrorKind.InvalidState,
                "Tautan password sementara sudah kedaluwarsa. Ajukan permohonan reset password baru."));
        }

        var secret = delivery.ProtectedSecret;
        // Decrypt before the secret is erased: a node that cannot decrypt (wrong certificate) fails here and the
        // password is still there for a node that can.
        var password = Protector.Unprotect(secret);
        var taken = await db.CredentialDeliveries
            .Where(c => c.Id == delivery.Id && c.RevealedAt == null && c.ProtectedSecret == secret && c.ExpiresAt >= now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ProtectedSecret, (string?)null).SetProperty(c => c.RevealedAt, now), ct);
        if (taken != 1)
        {
            // Another open of the same link (or a new password for the request) got there first.
            var current = await db.CredentialDeliveries.AsNoTracking().Where(c => c.Id == delivery.Id)
                .Select(c => new { c.RevealedAt }).SingleAsync(CancellationToken.None);
            return current.RevealedAt is { } at
                ? AlreadyRevealed(at, await calendar.ForOfficeAsync(officeId, CancellationToken.None))
                : OperationResult<RevealedCredential>.From(OperationResult.Fail(ErrorKind.InvalidState,
                    "Tautan password sementara sudah tidak berlaku. Ajukan permohonan reset password baru."));
        }

        return OperationResult<RevealedCredential>.Ok(new RevealedCredential(requestNumber, delivery.SpseUserId, password));
    }

    private static OperationResult<RevealedCredential> AlreadyRevealed(DateTime at, OfficeClock clock) =>
        OperationResult<RevealedCredential>.From(OperationResult.Fail(ErrorKind.InvalidState,
            $"Password sementara ini sudah dibuka pada {clock.Format(at)} dan tidak dapat ditampilkan lagi. Jika bukan Anda yang membukanya, segera ajukan reset password baru."));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed record RevealedCredential(string RequestNumber, string SpseUserId, string Password);

public enum CredentialLinkStatus
{
    /// <summary>No delivery has this token (mistyped, or replaced by a newer password).</summary>
    Unknown,

    /// <summary>The link belongs to another applicant's request.</summary>
    NotYours,

    /// <summary>The password is waiting to be shown.</summary>
    Ready,

    /// <summary>The password was shown already (at <see cref="CredentialLinkState.RevealedAt"/>).</summary>
    Used,

    /// <summary>The link's time ran out, or a new password replaced this one.</summary>
    Expired,
}

public sealed record CredentialLinkState(CredentialLinkStatus Status, string? RequestNumber = null, string? SpseUserId = null,
    DateTime? RevealedAt = null, DateTime? ExpiresAt = null);
