using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AksesSpse.Core.Archive;
using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Sop;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Requests;

/// <summary>
/// What the engine and its modules share about a request beyond its steps: the office's time zone, and the sealed archive
/// record that closes it.
/// </summary>
public sealed class RequestMoves(AppDbContext db, OfficeCalendar calendar)
{
    /// <summary>The office's time zone, from the office calendar (docs/adr/0018).</summary>
    public async Task<string> OfficeTimeZoneAsync(int officeId, CancellationToken ct) =>
        (await calendar.ForOfficeAsync(officeId, ct)).TimeZoneId;

    /// <summary>The office's working calendar (docs/adr/0022): zone, working hours and days off.</summary>
    public Task<WorkCalendar> WorkCalendarAsync(int officeId, CancellationToken ct) => calendar.WorkCalendarAsync(officeId, ct);

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
        r.CurrentStepKind = null;
        r.CurrentStepNumber = null;
        return record;
    }
}
