using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AksesSpse.Core.Accountability;

/// <summary>Which records of the ledger a page lists.</summary>
public enum DeviationScope
{
    /// <summary>The actor's own records, as performer.</summary>
    Mine = 0,

    /// <summary>The records the actor reviews as supervisor.</summary>
    ToReview = 1,

    /// <summary>Every record of the actor's office (the heads and the Auditor).</summary>
    Office = 2,
}

public sealed record DeviationQuery(DeviationScope Scope, DeviationKind? Kind = null, DeviationReview? Review = null, int Page = 1);

public sealed record DeviationRow(
    long Id, int RequestId, string RequestNumber, SopKind SopKind, int StepNumber, string Activity, DeviationKind Kind,
    string ActorRole, string? PerformerUserId, string PerformerName, DateTime OccurredAt, string Fact, string? Explanation,
    DateTime? ExplainedAt, DeviationReview Review, string? ReviewerName, DateTime? ReviewedAt, string? ReviewNote, int Version)
{
    public string ReviewerRoleLabel => DeviationLedger.ReviewerRoleOf(ActorRole) is { } role ? Roles.Label(role) : "-";
}

public sealed record DeviationList(
    IReadOnlyList<DeviationRow> Rows, int Total, int Page, int PageSize, DeviationQuery Query, IReadOnlyList<DeviationScope> Scopes,
    int PendingToReview);

/// <summary>One record on its page, with what the reader may do with it.</summary>
public sealed record DeviationDetail(DeviationRow Row, bool MayExplain, bool MayReview, string? WhyNotReview);

/// <summary>
/// The deviation ledger (issue #10 §3, docs/adr/0025): every deviation from the mutu baku as one record with its performer —
/// time (completed late, with the explanation), kelengkapan (passed with an item unmet, or valid against a failed register
/// check, with the reason), output (its mail to the applicant could not be delivered). The performer explains; the supervisor
/// of the performer's role accepts the explanation or not, with a note; the heads and the Auditor read the office's ledger.
/// </summary>
public sealed class DeviationLedger(AppDbContext db, TimeProvider time, Notifier notifier, ILogger<DeviationLedger> logger)
{
    public const int PageSize = 50;
    public const int MaxExplanation = 2000;
    public const int MaxReviewNote = 1000;

    /// <summary>
    /// The mail that is a step's output to the applicant or the members (a receipt, a return, a rejection, a result, a
    /// credential, the copy to the Kepala LPSE): when it cannot be delivered, the step's output did not come about.
    /// Staff's own notices (new work, reminders, summaries) are not a step's output.
    /// </summary>
    public static readonly IReadOnlySet<string> OutputMailKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "received", "incomplete", "rejected", "changed", OutboxDispatcher.CredentialKind,
        "activation-received", "activation-incomplete", "activation-rejected", "activation-result",
        "pokja-account", "pokja-reused", "pokja-cancelled", "tembusan", "staff-account",
    };

    /// <summary>
    /// Who reviews a deviation of a step the SOP gives to this role: the Kepala LPSE for LPSE staff, the Kepala UKPBJ for the
    /// applicants (Pokja, PPK, Pejabat Pengadaan) — as for escalations — and each head for the other head's own steps, so nobody
    /// reviews their own explanation.
    /// </summary>
    public static string? ReviewerRoleOf(string actorRole) => actorRole switch
    {
        Roles.HelpdeskLpse or Roles.AdminAgency or Roles.AdminPpe or Roles.KepalaUkpbj => Roles.KepalaLpse,
        Roles.Pemohon or Roles.KepalaLpse => Roles.KepalaUkpbj,
        _ => null,
    };

    /// <summary>The step roles whose deviations a reviewer role reviews.</summary>
    public static IReadOnlyList<string> ReviewedBy(string reviewerRole) =>
        Roles.All.Where(r => ReviewerRoleOf(r) == reviewerRole).ToList();

    /// <summary>Who may read the whole office's ledger.</summary>
    public static bool ReadsOffice(Actor actor) => actor.IsIn(Roles.KepalaLpse) || actor.IsIn(Roles.KepalaUkpbj) || actor.IsIn(Roles.Auditor);

    /// <summary>
    /// The records a step completed just now deviates by (before the caller saves, in its transaction): late → a time record
    /// with the late explanation; a deviation taken knowingly (<see cref="RequestStep.Deviation"/>) → a kelengkapan record with
    /// the actor's reason.
    /// </summary>
    public static void RecordCompleted(AppDbContext db, AccessRequest request, RequestStep step, string? completenessExplanation)
    {
        if (step.CompletedAt is not { } at)
        {
            return;
        }

        if (step.IsLate)
        {
            var elapsed = StepRecorder.FormatDuration(TimeSpan.FromSeconds(step.ElapsedSeconds ?? 0));
            db.StepDeviations.Add(New(request, step, DeviationKind.Time, at,
                $"Langkah selesai setelah {elapsed} waktu kerja; standar waktunya {step.Standard}.", step.LateExplanation));
        }

        if (step.Deviation is { } deviation)
        {
            db.StepDeviations.Add(New(request, step, DeviationKind.Completeness, at, deviation, completenessExplanation));
        }
    }

    private static StepDeviation New(AccessRequest request, RequestStep step, DeviationKind kind, DateTime at, string fact, string? explanation) => new()
    {
        OfficeId = request.OfficeId,
        Request = request,
        Step = step,
        SopKind = request.Kind,
        StepNumber = step.StepNumber,
        Kind = kind,
        ActorRole = step.ActorRole,
        PerformerUserId = step.PerformerUserId,
        PerformerName = step.PerformerUserId is null && step.ActorRole == Roles.Pemohon
            ? "Anggota Pokja (melalui tautan)"
            : Shorten(step.PerformerName ?? Roles.Label(step.ActorRole), 200),
        OccurredAt = at,
        Fact = Shorten(fact, 4000),
        Explanation = string.IsNullOrWhiteSpace(explanation) ? null : Shorten(explanation.Trim(), MaxExplanation),
        ExplainedAt = string.IsNullOrWhiteSpace(explanation) ? null : at,
    };

    /// <summary>
    /// A mail that was a step's output was given up by the outbox: an output record against the step whose move queued it (the
    /// request's last step completed when the mail was written), once however many nodes find it; its performer is told to explain.
    /// </summary>
    public async Task RecordUndeliveredAsync(long messageId, CancellationToken ct)
    {
        var mail = await db.OutboxMessages.AsNoTracking().Where(m => m.Id == messageId)
            .Select(m => new { m.AccessRequestId, m.Kind, m.To, m.CreatedAt, m.LastError }).SingleOrDefaultAsync(ct);
        if (mail?.AccessRequestId is not { } requestId || !OutputMailKinds.Contains(mail.Kind))
        {
            return;
        }

        var step = await db.RequestSteps.Where(s => s.AccessRequestId == requestId && s.CompletedAt != null && s.CompletedAt <= mail.CreatedAt)
            .OrderByDescending(s => s.CompletedAt).ThenByDescending(s => s.Id).FirstOrDefaultAsync(ct);
        if (step is null || await db.StepDeviations.AnyAsync(d => d.RequestStepId == step.Id && d.Kind == DeviationKind.Output, ct))
        {
            return;
        }

        var request = await db.AccessRequests.SingleAsync(r => r.Id == requestId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var error = mail.LastError is { Length: > 0 } e ? $" ({Shorten(e, 300)})" : "";
        var record = New(request, step, DeviationKind.Output, now,
            $"Output langkah tidak sampai: surel \"{OutboxAdmin.KindLabel(mail.Kind)}\" ke {mail.To} tidak dapat dikirim{error}.", null);
        db.StepDeviations.Add(record);
        if (step.PerformerUserId is { } performer)
        {
            notifier.Tell(performer, request,
                $"Penyimpangan output pada langkah {step.StepNumber} permohonan {request.Number}: surel \"{OutboxAdmin.KindLabel(mail.Kind)}\" " +
                "tidak dapat dikirim. Tuliskan penjelasan Anda di menu Penyimpangan.");
        }

        try
        {
            await db.SaveChangesAsync(ct);
            logger.LogWarning("Request {RequestNumber}: output deviation on step {Step} (mail {MessageId}, {Kind} undelivered)",
                request.Number, step.StepNumber, messageId, mail.Kind);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            logger.LogInformation("Request {RequestNumber}: output deviation on step {Step} already recorded by another node", request.Number, step.StepNumber);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The lists this actor may open: their own always; the review list for a head; the office's for the heads and the Auditor.</summary>
    public static IReadOnlyList<DeviationScope> ScopesOf(Actor actor)
    {
        var scopes = new List<DeviationScope> { DeviationScope.Mine };
        if (ReviewerRoles(actor).Count > 0)
        {
            scopes.Add(DeviationScope.ToReview);
        }

        if (ReadsOffice(actor))
        {
            scopes.Add(DeviationScope.Office);
        }

        return scopes;
    }

    /// <summary>Where a reader lands: the heads on what waits for their review, the Auditor on the office's ledger, anyone else on their own.</summary>
    public static DeviationScope DefaultScope(Actor actor) =>
        ReviewerRoles(actor).Count > 0 ? DeviationScope.ToReview : ReadsOffice(actor) ? DeviationScope.Office : DeviationScope.Mine;

    private static List<string> ReviewerRoles(Actor actor) =>
        new[] { Roles.KepalaLpse, Roles.KepalaUkpbj }.Where(actor.IsIn).ToList();

    private static List<string> ReviewedRoles(Actor actor) => ReviewerRoles(actor).SelectMany(ReviewedBy).Distinct().ToList();

    public async Task<DeviationList> ListAsync(Actor actor, DeviationQuery query, CancellationToken ct)
    {
        var scopes = ScopesOf(actor);
        if (!scopes.Contains(query.Scope))
        {
            query = query with { Scope = DeviationScope.Mine };
        }

        var rows = Visible(actor, query.Scope);
        if (query.Kind is { } kind)
        {
            rows = rows.Where(d => d.Kind == kind);
        }

        if (query.Review is { } review)
        {
            rows = rows.Where(d => d.Review == review);
        }

        var total = await rows.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(query.Page, 1, pages);
        var list = await Project(rows.OrderByDescending(d => d.OccurredAt).ThenByDescending(d => d.Id).Skip((page - 1) * PageSize).Take(PageSize))
            .ToListAsync(ct);
        var pending = scopes.Contains(DeviationScope.ToReview)
            ? await Visible(actor, DeviationScope.ToReview).CountAsync(d => d.Review == DeviationReview.Pending, ct)
            : 0;
        return new DeviationList(list, total, page, PageSize, query with { Page = page }, scopes, pending);
    }

    /// <summary>How many records wait for this actor's review (the menu's count).</summary>
    public Task<int> PendingReviewCountAsync(Actor actor, CancellationToken ct) => ReviewerRoles(actor).Count == 0
        ? Task.FromResult(0)
        : Visible(actor, DeviationScope.ToReview).CountAsync(d => d.Review == DeviationReview.Pending, ct);

    private IQueryable<StepDeviation> Visible(Actor actor, DeviationScope scope)
    {
        var rows = db.StepDeviations.AsNoTracking();
        switch (scope)
        {
            case DeviationScope.Office when ReadsOffice(actor):
                return rows.Where(d => d.OfficeId == actor.OfficeId);
            case DeviationScope.ToReview:
                var reviewed = ReviewedRoles(actor);
                return rows.Where(d => d.OfficeId == actor.OfficeId && reviewed.Contains(d.ActorRole) &&
                                       (d.PerformerUserId == null || d.PerformerUserId != actor.UserId));
            default:
                return rows.Where(d => d.PerformerUserId == actor.UserId);
        }
    }

    internal static IQueryable<DeviationRow> Project(IQueryable<StepDeviation> rows) => rows.Select(d => new DeviationRow(
        d.Id, d.AccessRequestId, d.Request!.Number, d.SopKind, d.StepNumber, d.Step!.Activity, d.Kind, d.ActorRole, d.PerformerUserId,
        d.PerformerName, d.OccurredAt, d.Fact, d.Explanation, d.ExplainedAt, d.Review, d.ReviewerName, d.ReviewedAt, d.ReviewNote, d.Version));

    /// <summary>One record for a reader who may see it (its performer, a reviewer of its role, the office's heads and Auditor).</summary>
    public async Task<OperationResult<DeviationDetail>> GetAsync(long id, Actor actor, CancellationToken ct)
    {
        var row = await Project(db.StepDeviations.AsNoTracking().Where(d => d.Id == id)).SingleOrDefaultAsync(ct);
        var office = await db.StepDeviations.AsNoTracking().Where(d => d.Id == id).Select(d => (int?)d.OfficeId).SingleOrDefaultAsync(ct);
        if (row is null || !MayRead(row, office ?? 0, actor))
        {
            return OperationResult<DeviationDetail>.From(NotFound());
        }

        var whyNot = WhyNotReview(row, office!.Value, actor);
        return OperationResult<DeviationDetail>.Ok(new DeviationDetail(row, MayExplain(row, actor), whyNot is null, whyNot));
    }

    private static bool MayRead(DeviationRow row, int officeId, Actor actor) =>
        (row.PerformerUserId is { } performer && performer == actor.UserId) ||
        (officeId == actor.OfficeId && (ReadsOffice(actor) || ReviewedRoles(actor).Contains(row.ActorRole)));

    private static bool MayExplain(DeviationRow row, Actor actor) =>
        row.PerformerUserId is { } performer && performer == actor.UserId && row.Review == DeviationReview.Pending;

    /// <summary>Why this actor may not review the record now; null when they may.</summary>
    private static string? WhyNotReview(DeviationRow row, int officeId, Actor actor)
    {
        if (officeId != actor.OfficeId || !ReviewedRoles(actor).Contains(row.ActorRole))
        {
            return ReviewerRoleOf(row.ActorRole) is { } role ? $"Penyimpangan ini ditelaah oleh {Roles.Label(role)}." : "Penyimpangan ini tidak memiliki penelaah.";
        }

        if (row.PerformerUserId == actor.UserId)
        {
            return "Anda tidak dapat menelaah penjelasan Anda sendiri.";
        }

        return row.Review != DeviationReview.Pending ? "Penyimpangan ini sudah ditelaah." : null;
    }

    /// <summary>The performer writes (or rewrites) their account of the deviation, while it waits for review.</summary>
    public async Task<OperationResult> ExplainAsync(long id, Actor actor, string? explanation, int expectedVersion, CancellationToken ct)
    {
        var text = explanation?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return OperationResult.Fail(ErrorKind.Validation, "Tuliskan penjelasan Anda atas penyimpangan ini.");
        }

        if (text.Length > MaxExplanation)
        {
            return OperationResult.Fail(ErrorKind.Validation, $"Penjelasan paling panjang {MaxExplanation:N0} karakter.");
        }

        var record = await db.StepDeviations.Include(d => d.Request).SingleOrDefaultAsync(d => d.Id == id, ct);
        if (record is null || record.PerformerUserId is null || record.PerformerUserId != actor.UserId)
        {
            db.ChangeTracker.Clear();
            return record is not null && record.OfficeId == actor.OfficeId && (ReadsOffice(actor) || ReviewedRoles(actor).Contains(record.ActorRole))
                ? OperationResult.Fail(ErrorKind.Forbidden, "Hanya pelaksana langkah yang dapat menuliskan penjelasan penyimpangan ini.")
                : NotFound();
        }

        if (record.Review != DeviationReview.Pending)
        {
            db.ChangeTracker.Clear();
            return OperationResult.Fail(ErrorKind.InvalidState,
                $"Penyimpangan ini sudah ditelaah oleh {record.ReviewerName}; penjelasan tidak dapat diubah lagi.");
        }

        if (record.Version != expectedVersion)
        {
            db.ChangeTracker.Clear();
            return Changed();
        }

        record.Explanation = text;
        record.ExplainedAt = time.GetUtcNow().UtcDateTime;
        return await SaveAsync(ct);
    }

    /// <summary>The supervisor accepts the explanation or not, with a note (required when not accepted); the performer is told.</summary>
    public async Task<OperationResult> ReviewAsync(long id, Actor actor, bool accepted, string? note, int expectedVersion, CancellationToken ct)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note?.Length > MaxReviewNote)
        {
            return OperationResult.Fail(ErrorKind.Validation, $"Catatan telaah paling panjang {MaxReviewNote:N0} karakter.");
        }

        if (!accepted && note is null)
        {
            return OperationResult.Fail(ErrorKind.Validation, "Tuliskan catatan mengapa penjelasan tidak diterima.");
        }

        var record = await db.StepDeviations.Include(d => d.Request).SingleOrDefaultAsync(d => d.Id == id, ct);
        var row = record is null ? null : await Project(db.StepDeviations.AsNoTracking().Where(d => d.Id == id)).SingleAsync(ct);
        if (record is null || row is null || !MayRead(row, record.OfficeId, actor))
        {
            db.ChangeTracker.Clear();
            return NotFound();
        }

        if (record.Version != expectedVersion && record.Review != DeviationReview.Pending)
        {
            db.ChangeTracker.Clear();
            return OperationResult.Fail(ErrorKind.Conflict,
                $"Penyimpangan ini baru saja ditelaah oleh {record.ReviewerName} ({record.Review.Label().ToLowerInvariant()}). Tidak ada yang diubah.");
        }

        if (WhyNotReview(row, record.OfficeId, actor) is { } why)
        {
            db.ChangeTracker.Clear();
            return OperationResult.Fail(ErrorKind.Forbidden, why);
        }

        if (record.Version != expectedVersion)
        {
            db.ChangeTracker.Clear();
            return Changed();
        }

        if (accepted && record.Explanation is null)
        {
            db.ChangeTracker.Clear();
            return OperationResult.Fail(ErrorKind.Validation,
                "Pelaksana belum menuliskan penjelasan, sehingga belum ada yang dapat diterima. Tunggu penjelasannya, atau nyatakan tidak diterima dengan catatan.");
        }

        record.Review = accepted ? DeviationReview.Accepted : DeviationReview.NotAccepted;
        record.ReviewerUserId = actor.UserId;
        record.ReviewerName = Shorten(actor.Name, 200);
        record.ReviewedAt = time.GetUtcNow().UtcDateTime;
        record.ReviewNote = note;
        if (record.PerformerUserId is { } performer)
        {
            notifier.Tell(performer, record.Request!,
                $"Penjelasan penyimpangan {record.Kind.Label().ToLowerInvariant()} langkah {record.StepNumber} permohonan {record.Request!.Number} " +
                $"{(accepted ? "diterima" : "tidak diterima")} oleh {actor.Name}{(note is null ? "" : ": " + note)}");
        }

        return await SaveAsync(ct);
    }

    private async Task<OperationResult> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return OperationResult.Ok();
        }
        catch (DbUpdateConcurrencyException)
        {
            return Changed();
        }
        catch (DbUpdateException ex)
        {
            logger.LogError(ex, "Deviation ledger: a change was not saved by the database");
            return OperationResult.Fail(ErrorKind.Unavailable,
                "Perubahan tidak dapat disimpan karena gangguan pada basis data. Tidak ada yang disimpan; coba lagi beberapa saat lagi.");
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static OperationResult NotFound() => OperationResult.Fail(ErrorKind.NotFound, "Catatan penyimpangan tidak ditemukan.");

    private static OperationResult Changed() => OperationResult.Fail(ErrorKind.Conflict,
        "Catatan penyimpangan ini baru saja diubah oleh orang lain. Tidak ada yang disimpan; muat ulang halaman dan periksa kembali.");

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 3)] + "...";
}
