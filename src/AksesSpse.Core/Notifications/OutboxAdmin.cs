using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Notifications;

/// <summary>Which messages the Administrator's mail page lists.</summary>
public enum OutboxFilter
{
    /// <summary>Failed and waiting: what needs attention (the default).</summary>
    Problems = 0,
    Failed,
    Waiting,
    Sent,
    All,
}

public sealed record OutboxRow(long Id, string Kind, string To, string Subject, DateTime CreatedAt, int Attempts, DateTime NextAttemptAt,
    DateTime? SentAt, bool Failed, string? LastError, int? RequestId, string? RequestNumber, bool RedactAfterSend)
{
    public bool Redacted => RedactAfterSend && SentAt is not null;
}

public sealed record OutboxListing(IReadOnlyList<OutboxRow> Rows, OutboxFilter Filter, int Page, int PageCount, int Total);

/// <summary>The outbox at a glance, for /health: one query.</summary>
public sealed record OutboxHealth(int Waiting, int Failed, DateTime? OldestWaitingCreatedAt);

/// <summary>
/// The Administrator's view of the outbox (M4): failed and waiting mail with the reason, a retry of a failed message,
/// a resend of a sent one as a new message. Messages of another office's requests are not shown; messages without a
/// request (registration confirmations, the PPK campaign) are.
/// </summary>
public sealed class OutboxAdmin(AppDbContext db, TimeProvider time)
{
    public const int PageSize = 50;

    public static string KindLabel(string kind) => kind switch
    {
        OutboxDispatcher.CredentialKind => "Tautan password sementara",
        "received" => "Tanda terima permohonan",
        "incomplete" => "Berkas belum lengkap",
        "rejected" => "Permohonan ditolak",
        "changed" => "Informasi user ID diubah",
        "activation-submitted" => "Permohonan hak akses terkirim",
        "activation-received" => "Bukti penerimaan berkas (formulir serah terima)",
        "activation-incomplete" => "Berkas belum lengkap",
        "activation-rejected" => "Permohonan ditolak",
        "activation-result" => "Hasil dan tautan konfirmasi",
        "confirm-email" => "Konfirmasi pendaftaran",
        "campaign-deactivated" => "Kampanye PPK: akun dinonaktifkan",
        "password-reset" => "Tautan atur password baru (lupa password)",
        "register-attempt" => "Percobaan pendaftaran dengan alamat terdaftar",
        "register-nip-taken" => "Pendaftaran: NIP sudah terdaftar",
        "email-changed-old" => "Pemberitahuan perubahan email (alamat lama)",
        _ => "Surel lain (" + kind + ")",
    };

    /// <summary>What staff should do about a failed message of this kind, shown on the request's page.</summary>
    public static string Advice(string kind) => kind switch
    {
        OutboxDispatcher.CredentialKind =>
            "Pemegang akun belum menerima tautan password sementara. Bila alamat email ditolak, perbaiki email pemegang akun di register; " +
            "bila server email sedang bermasalah, minta Administrator memilih \"Coba lagi\" di halaman Surel setelah server pulih.",
        "received" or "activation-received" or "activation-submitted" =>
            "Pemohon belum menerima tanda terima. Minta Administrator memilih \"Coba lagi\" di halaman Surel setelah masalahnya diatasi, " +
            "atau sampaikan nomor permohonan dan formulir serah terima kepada pemohon secara langsung.",
        _ => "Minta Administrator memilih \"Coba lagi\" di halaman Surel setelah masalahnya diatasi, atau hubungi pemohon secara langsung.",
    };

    public async Task<OutboxListing> ListAsync(OutboxFilter filter, int page, Actor actor, CancellationToken ct)
    {
        var query = Visible(actor);
        query = filter switch
        {
            OutboxFilter.Failed => query.Where(x => x.Message.Failed && x.Message.SentAt == null),
            OutboxFilter.Waiting => query.Where(x => !x.Message.Failed && x.Message.SentAt == null),
            OutboxFilter.Sent => query.Where(x => x.Message.SentAt != null),
            OutboxFilter.All => query,
            _ => query.Where(x => x.Message.SentAt == null),
        };

        var total = await query.CountAsync(ct);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var ordered = filter == OutboxFilter.Sent || filter == OutboxFilter.All
            ? query.OrderByDescending(x => x.Message.Id)
            : query.OrderByDescending(x => x.Message.Failed).ThenBy(x => x.Message.Id);
        var rows = await ordered
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(x => new OutboxRow(x.Message.Id, x.Message.Kind, x.Message.To, x.Message.Subject, x.Message.CreatedAt, x.Message.Attempts,
                x.Message.NextAttemptAt, x.Message.SentAt, x.Message.Failed, x.Message.LastError, x.Message.AccessRequestId, x.Number,
                x.Message.RedactAfterSend))
            .ToListAsync(ct);
        return new OutboxListing(rows, filter, page, pageCount, total);
    }

    /// <summary>A failed message goes back to waiting, with a full set of attempts, due now.</summary>
    public async Task<OperationResult> RetryAsync(long id, Actor actor, CancellationToken ct)
    {
        if (!actor.IsIn(Roles.Administrator))
        {
            return OperationResult.Forbidden();
        }

        var message = await FindAsync(id, actor, ct);
        if (message is null)
        {
            return OperationResult.Fail(ErrorKind.NotFound, "Surel tidak ditemukan.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var changed = await db.OutboxMessages
            .Where(m => m.Id == id && m.Failed && m.SentAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Failed, false)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now), ct);
        return changed == 1
            ? OperationResult.Ok()
            : OperationResult.Fail(ErrorKind.InvalidState, "Hanya surel yang gagal dapat dicoba lagi; surel ini sudah terkirim atau masih dalam antrean.");
    }

    /// <summary>A sent message is queued again as a new message (new Message-ID, same thread) — unless its body was redacted.</summary>
    public async Task<OperationResult<long>> ResendAsync(long id, Actor actor, CancellationToken ct)
    {
        if (!actor.IsIn(Roles.Administrator))
        {
            return OperationResult<long>.From(OperationResult.Forbidden());
        }

        var message = await FindAsync(id, actor, ct);
        if (message is null)
        {
            return OperationResult<long>.From(OperationResult.Fail(ErrorKind.NotFound, "Surel tidak ditemukan."));
        }

        if (message.SentAt is null)
        {
            return OperationResult<long>.From(OperationResult.Fail(ErrorKind.InvalidState,
                "Surel ini belum terkirim, sehingga tidak perlu dikirim ulang. Untuk surel yang gagal, pilih \"Coba lagi\"."));
        }

        if (message.RedactAfterSend)
        {
            var why = message.Kind == OutboxDispatcher.CredentialKind
                ? "Surel ini memuat tautan password sementara sekali pakai yang tidak disimpan setelah terkirim, sehingga tidak dapat dikirim ulang. " +
                  "Bila pemegang akun belum menerima password, Admin Agency membuat password sementara baru melalui permohonan reset password."
                : "Surel ini memuat tautan atau kode rahasia yang dihapus setelah terkirim, sehingga tidak dapat dikirim ulang. " +
                  "Pemohon dapat melihat status dan mengonfirmasi dari halaman permohonan di aplikasi, atau meminta kode konfirmasi baru.";
            return OperationResult<long>.From(OperationResult.Fail(ErrorKind.InvalidState, why));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var copy = new OutboxMessage
        {
            AccessRequestId = message.AccessRequestId,
            Kind = message.Kind,
            To = message.To,
            Cc = message.Cc,
            Subject = message.Subject,
            Body = message.Body,
            CreatedAt = now,
            NextAttemptAt = now,
            AttachmentPath = message.AttachmentPath,
            AttachmentName = message.AttachmentName,
            AttachmentContentType = message.AttachmentContentType,
        };
        db.OutboxMessages.Add(copy);
        await db.SaveChangesAsync(ct);
        return OperationResult<long>.Ok(copy.Id);
    }

    /// <summary>Waiting and failed counts and the creation time of the oldest waiting message, in one query.</summary>
    public async Task<OutboxHealth> HealthAsync(CancellationToken ct)
    {
        var summary = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.SentAt == null)
            .GroupBy(m => 1)
            .Select(g => new
            {
                Waiting = g.Count(m => !m.Failed),
                Failed = g.Count(m => m.Failed),
                Oldest = g.Min(m => m.Failed ? null : (DateTime?)m.CreatedAt),
            })
            .SingleOrDefaultAsync(ct);
        return summary is null ? new OutboxHealth(0, 0, null) : new OutboxHealth(summary.Waiting, summary.Failed, summary.Oldest);
    }

    private async Task<OutboxMessage?> FindAsync(long id, Actor actor, CancellationToken ct) =>
        await Visible(actor).Where(x => x.Message.Id == id).Select(x => x.Message).AsNoTracking().SingleOrDefaultAsync(ct);

    private IQueryable<Scoped> Visible(Actor actor) =>
        from m in db.OutboxMessages
        join r in db.AccessRequests on m.AccessRequestId equals r.Id into requests
        from r in requests.DefaultIfEmpty()
        where m.AccessRequestId == null || r.OfficeId == actor.OfficeId
        select new Scoped { Message = m, Number = r.Number };

    private sealed class Scoped
    {
        public OutboxMessage Message { get; init; } = null!;
        public string? Number { get; init; }
    }
}
