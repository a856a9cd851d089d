using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AksesSpse.Core.Archive;
using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Sop;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AksesSpse.Core.Requests;

/// <summary>
/// The mechanics every SOP service shares for one move on a request: load it with its steps, documents and SOP
/// version, authorize the actor, compare the version the user saw, check that the status allows the move, apply it,
/// and save it all at once — a concurrent save by someone else becomes a conflict message, not an error page.
/// </summary>
public sealed class RequestMoves(AppDbContext db, TimeProvider time, OfficeCalendar calendar, ILogger<RequestMoves> logger)
{
    /// <param name="kind">The SOP the request must belong to (another SOP's request is "not found" here).</param>
    /// <param name="isAuthorized">Whether the actor may make this move on this request.</param>
    /// <param name="refusal">Null when the status allows the move, else the message why not.</param>
    /// <param name="apply">The move itself, given the request, now (UTC) and the office's time zone.</param>
    /// <param name="repeatHint">What to add when the actor's own earlier move is why the version moved on (a reload).</param>
    public async Task<OperationResult> RunAsync(int requestId, SopKind kind, int expectedVersion, string moveName,
        Func<AccessRequest, bool> isAuthorized, Func<AccessRequest, string?> refusal,
        Func<AccessRequest, DateTime, string, Task<OperationResult>> apply, string actorUserId, CancellationToken ct,
        Func<AccessRequest, string?>? repeatHint = null)
    {
        var request = await db.AccessRequests
            .Include(r => r.Steps)
            .Include(r => r.Documents)
            .Include(r => r.Sop!).ThenInclude(s => s.Steps)
            .Include(r => r.Sop!).ThenInclude(s => s.RequiredDocuments)
            .AsSplitQuery()
            .SingleOrDefaultAsync(r => r.Id == requestId && r.Kind == kind, ct);
        if (request is null)
        {
            return OperationResult.NotFound();
        }

        if (!isAuthorized(request))
        {
            return OperationResult.Forbidden();
        }

        if (request.Version != expectedVersion)
        {
            return Conflict(request, actorUserId, repeatHint?.Invoke(request));
        }

        if (refusal(request) is { } message)
        {
            return OperationResult.Fail(ErrorKind.InvalidState, message);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var tz = await OfficeTimeZoneAsync(request.OfficeId, ct);
        var result = await apply(request, now, tz);
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            return result;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var fresh = await db.AccessRequests.AsNoTracking().Include(r => r.Steps).SingleAsync(r => r.Id == requestId, CancellationToken.None);
            return Conflict(fresh, actorUserId, repeatHint?.Invoke(fresh));
        }

        logger.LogInformation("Request {RequestNumber}: {Action} by {UserId}; now {Status}", request.Number, moveName, actorUserId, request.Status);
        return OperationResult.Ok();
    }

    /// <summary>The office's time zone, from the office calendar (docs/adr/0018).</summary>
    public async Task<string> OfficeTimeZoneAsync(int officeId, CancellationToken ct) =>
        (await calendar.ForOfficeAsync(officeId, ct)).TimeZoneId;

    /// <summary>
    /// The answer when the request changed since the actor's page was drawn. When the latest recorded step is the actor's
    /// own (the page with the form was reloaded, or sent twice), it says so instead of blaming "another officer".
    /// </summary>
    public static OperationResult Conflict(AccessRequest current, string? actorUserId = null, string? repeatHint = null)
    {
        var last = current.Steps.Where(s => s.CompletedAt is not null)
            .OrderByDescending(s => s.CompletedAt).ThenByDescending(s => s.Id).FirstOrDefault();
        if (actorUserId is not null && last?.PerformerUserId == actorUserId)
        {
            return OperationResult.Fail(ErrorKind.Conflict,
                $"Langkah \"{last.Activity}\" pada permohonan {current.Number} sudah Anda simpan sebelumnya (halaman dimuat ulang atau " +
                $"formulir terkirim dua kali), sehingga tidak dijalankan lagi. Status sekarang: \"{current.Status.Label(current.Outcome)}\"." +
                (repeatHint is null ? "" : " " + repeatHint));
        }

        return OperationResult.Fail(ErrorKind.Conflict,
            $"Permohonan {current.Number} baru saja diproses oleh petugas lain (status sekarang: \"{current.Status.Label(current.Outcome)}\"). " +
            "Tindakan Anda tidak disimpan. Muat ulang halaman untuk melihat keadaan terbaru.");
    }

    /// <summary>
    /// Closes a request as an archive record: the SOP-specific facts, then every step and document, sealed by a SHA-256
    /// hash; the request leaves every queue.
    /// </summary>
    public ArchiveRecord Archive(AccessRequest r, IEnumerable<string> facts, Common.Actor actor, DateTime now, int retentionYears)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        foreach (var fact in facts)
        {
            sb.AppendLine(fact);
        }

        foreach (var s in r.Steps.OrderBy(s => s.ActionableAt).ThenBy(s => s.Id))
        {
            sb.AppendLine(inv, $"Langkah {s.StepNumber} [{s.Kind}] {s.PerformerName} {s.ActionableAt:o} → {s.CompletedAt:o} " +
                               $"standar {s.Standard}, {s.ElapsedSeconds} detik{(s.IsLate ? ", TERLAMBAT: " + s.LateExplanation : "")}; {s.Outcome}" +
                               $"{(s.Deviation is null ? "" : "; PENYIMPANGAN: " + s.Deviation)}");
        }

        foreach (var d in r.Documents.OrderBy(d => d.UploadedAt).ThenBy(d => d.Id))
        {
            sb.AppendLine(inv, $"Dokumen {d.DocumentCode} {d.FileName} {d.Size} byte sha256:{d.Sha256}");
        }

        var summary = sb.ToString();
        var record = new ArchiveRecord
        {
            AccessRequestId = r.Id,
            OfficeId = r.OfficeId,
            RequestNumber = r.Number,
            ArchivedAt = now,
            ArchivedByUserId = actor.UserId,
            ArchivedByName = actor.Name,
            Summary = summary,
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(summary))),
            RetainUntil = calendar.ForOffice(r.OfficeId).DateOf(now).AddYears(retentionYears),
        };
        db.ArchiveRecords.Add(record);
        r.Status = RequestStatus.Archived;
        r.ClosedAt = now;
        r.OpenSpseAccountId = null;
        r.CurrentStepSince = null;
        r.CurrentStepDueAt = null;
        r.CurrentActorRole = null;
        r.CurrentStepNumber = null;
        return record;
    }
}
