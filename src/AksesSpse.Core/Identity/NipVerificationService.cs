using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AksesSpse.Core.Identity;

/// <summary>An applicant account waiting for (or refused) the NIP check, as the verification page lists it.</summary>
public sealed record NipApplicant(
    string UserId,
    string FullName,
    string? Nip,
    string? Agency,
    string? Position,
    string Email,
    DateTime RegisteredAt,
    NipStatus Status,
    DateTime? CheckedAt,
    string? CheckedByName,
    string? SkNumber,
    DateOnly? SkDate,
    string? Note);

/// <summary>
/// The check of an applicant's self-declared NIP against their SK (H1 of issue #7, docs/adr/0016). Until Helpdesk LPSE or
/// Admin Agency verifies it, the NIP proves nothing: SOP 4's validity check and SOP 2's completeness check refuse to pass
/// a request on it. A verified NIP records who, when and against which SK; a mismatch frees the NIP for its real holder.
/// </summary>
public sealed class NipVerificationService(AppDbContext db, TimeProvider time, ILogger<NipVerificationService> logger)
{
    /// <summary>The staff roles that may verify a NIP.</summary>
    public static readonly string[] Verifiers = [Roles.HelpdeskLpse, Roles.AdminAgency];

    public static bool MayVerify(Actor actor) => Verifiers.Any(actor.IsIn);

    public const string UnverifiedLabel = "NIP belum diverifikasi";
    public const string MismatchLabel = "NIP tidak sesuai SK";

    /// <summary>The applicants of the office whose NIP is not verified (unverified first, oldest first), and the mismatches.</summary>
    public async Task<IReadOnlyList<NipApplicant>> PendingAsync(int officeId, CancellationToken ct) =>
        await Applicants(officeId)
            .Where(u => u.Nip != null && u.NipStatus != NipStatus.Verified)
            .OrderBy(u => u.NipStatus).ThenBy(u => u.CreatedAt).ThenBy(u => u.Id)
            .Take(500)
            .Select(Listing)
            .ToListAsync(ct);

    public Task<NipApplicant?> GetAsync(int officeId, string userId, CancellationToken ct) =>
        Applicants(officeId).Where(u => u.Id == userId).Select(Listing).SingleOrDefaultAsync(ct);

    /// <summary>The NIP check of one user, for the badge on their own pages (null when they have no NIP).</summary>
    public Task<NipStatus?> StatusOfAsync(string userId, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.Id == userId && u.Nip != null).Select(u => (NipStatus?)u.NipStatus).SingleOrDefaultAsync(ct);

    /// <summary>Whether another applicant account of the office already holds this NIP.</summary>
    public Task<bool> IsNipTakenAsync(int officeId, string nip, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.OfficeId == officeId && u.ApplicantNipKey == nip, ct);

    public async Task<OperationResult> VerifyAsync(string userId, string skNumber, DateOnly skDate, string? note, Actor actor, CancellationToken ct)
    {
        var user = await LoadAsync(userId, actor, ct);
        if (!user.Succeeded)
        {
            return user;
        }

        var u = user.Value!;
        if (string.IsNullOrEmpty(u.Nip))
        {
            return OperationResult.Fail(ErrorKind.InvalidState, "Akun ini belum memuat NIP, sehingga tidak ada yang dapat diverifikasi.");
        }

        if (u.NipStatus != NipStatus.Verified &&
            await db.Users.AnyAsync(o => o.OfficeId == u.OfficeId && o.ApplicantNipKey == u.Nip && o.Id != u.Id, ct))
        {
            return Taken(u.Nip);
        }

        MarkVerified(u, actor, time.GetUtcNow().UtcDateTime, skNumber, skDate, note);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Taken(u.Nip);
        }

        logger.LogInformation("NIP of user {UserId} verified by {ActorId}", u.Id, actor.UserId);
        return OperationResult.Ok();
    }

    public async Task<OperationResult> MarkMismatchAsync(string userId, string reason, Actor actor, CancellationToken ct)
    {
        var user = await LoadAsync(userId, actor, ct);
        if (!user.Succeeded)
        {
            return user;
        }

        var u = user.Value!;
        u.NipStatus = NipStatus.Mismatch;
        u.ApplicantNipKey = null; // the real holder may now register with it
        u.NipCheckedAt = time.GetUtcNow().UtcDateTime;
        u.NipCheckedByUserId = actor.UserId;
        u.NipCheckedByName = actor.Name;
        u.NipSkNumber = null;
        u.NipSkDate = null;
        u.NipCheckNote = reason.Trim();
        await db.SaveChangesAsync(ct);
        logger.LogInformation("NIP of user {UserId} marked as not matching its SK by {ActorId}", u.Id, actor.UserId);
        return OperationResult.Ok();
    }

    /// <summary>Records a verification on the (tracked or new) user; the caller saves.</summary>
    public static void MarkVerified(ApplicationUser user, Actor actor, DateTime now, string skNumber, DateOnly? skDate, string? note)
    {
        user.NipStatus = NipStatus.Verified;
        user.ApplicantNipKey = user.Nip;
        user.NipCheckedAt = now;
        user.NipCheckedByUserId = actor.UserId;
        user.NipCheckedByName = actor.Name;
        user.NipSkNumber = skNumber.Trim();
        user.NipSkDate = skDate;
        user.NipCheckNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
    }

    public static string Label(NipStatus status) => status switch
    {
        NipStatus.Verified => "NIP terverifikasi",
        NipStatus.Mismatch => MismatchLabel,
        _ => UnverifiedLabel,
    };

    /// <summary>
    /// Whether the applicant of a request holds <paramref name="nip"/> as a verified NIP (the NIP the request was made with,
    /// still the one on the account, checked against an SK).
    /// </summary>
    public static async Task<NipStatus> ApplicantNipStatusAsync(AppDbContext db, string applicantUserId, string? nip, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == applicantUserId)
            .Select(u => new { u.Nip, u.NipStatus }).SingleOrDefaultAsync(ct);
        if (user is null || string.IsNullOrEmpty(nip) || user.Nip != nip)
        {
            return user?.NipStatus == NipStatus.Mismatch ? NipStatus.Mismatch : NipStatus.Unverified;
        }

        return user.NipStatus;
    }

    private IQueryable<ApplicationUser> Applicants(int officeId) =>
        from u in db.Users.AsNoTracking()
        where u.OfficeId == officeId &&
              (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id && r.Name == Roles.Pemohon select ur).Any()
        select u;

    private static readonly System.Linq.Expressions.Expression<Func<ApplicationUser, NipApplicant>> Listing = u =>
        new NipApplicant(u.Id, u.FullName, u.Nip, u.Agency, u.Position, u.Email ?? "", u.CreatedAt, u.NipStatus, u.NipCheckedAt,
            u.NipCheckedByName, u.NipSkNumber, u.NipSkDate, u.NipCheckNote);

    private async Task<OperationResult<ApplicationUser>> LoadAsync(string userId, Actor actor, CancellationToken ct)
    {
        if (!MayVerify(actor))
        {
            return OperationResult<ApplicationUser>.From(OperationResult.Forbidden());
        }

        var exists = await Applicants(actor.OfficeId).AnyAsync(u => u.Id == userId, ct);
        var user = exists ? await db.Users.SingleAsync(u => u.Id == userId, ct) : null;
        return user is null
            ? OperationResult<ApplicationUser>.From(OperationResult.Fail(ErrorKind.NotFound, "Akun pemohon tidak ditemukan di kantor ini."))
            : OperationResult<ApplicationUser>.Ok(user);
    }

    private static OperationResult Taken(string nip) => OperationResult.Fail(ErrorKind.Conflict,
        $"NIP {Validation.NipValidator.Format(nip)} sudah dipegang akun pemohon lain di kantor ini. Periksa akun tersebut lebih dulu: " +
        "bila bukan milik pemegang SK, tandai NIP-nya tidak sesuai SK.");
}
