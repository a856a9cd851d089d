using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AksesSpse.Core.Sop;

/// <summary>
/// The office's SOP editor (issue #11 §2, docs/adr/0027): a draft of the next version of one of the office's SOPs, edited whole
/// (identity block, documentation sections, steps with their kelengkapan, standards and routing), checked, and published. A
/// published version runs the requests started after it; a running request keeps its version. One draft per SOP at a time; each
/// save carries the draft's stamp, so of two officers saving the same draft, one wins and the other is told.
/// </summary>
public sealed class SopDrafts(AppDbContext db, SopCatalog catalog, TimeProvider time, IEnumerable<Engine.IProcedureModule> modules, ILogger<SopDrafts> logger)
{
    private const string Stale = "Draf ini baru saja diubah oleh petugas lain (atau di tab lain). Perubahan Anda belum disimpan: " +
                                 "muat ulang draf, lalu ulangi perubahan Anda.";

    private readonly SopVersions versions = new(modules);

    /// <summary>The draft of this SOP's kind in the office, if one is being edited.</summary>
    public Task<int?> DraftOfAsync(int officeId, SopKind kind, CancellationToken ct) =>
        db.SopDefinitions.Where(s => s.OfficeId == officeId && s.Kind == kind && s.Status == SopStatus.Draft).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct);

    /// <summary>Opens the draft of the SOP's next version: the one being edited, or a new copy of the version in force.</summary>
    public async Task<OperationResult<int>> StartAsync(int sopId, Actor actor, CancellationToken ct)
    {
        if (!SopVersions.MayRevise(actor))
        {
            return OperationResult<int>.From(OperationResult.Forbidden());
        }

        var source = await catalog.GetAsync(actor.OfficeId, sopId, ct);
        if (source is null)
        {
            return OperationResult<int>.From(OperationResult.Fail(ErrorKind.NotFound, "SOP tidak ditemukan."));
        }

        if (!versions.CanRevise(source.Kind))
        {
            return OperationResult<int>.From(OperationResult.Fail(ErrorKind.InvalidState, "SOP ini belum dijalankan oleh mesin SOP aplikasi, sehingga belum dapat diubah di sini."));
        }

        if (await DraftOfAsync(actor.OfficeId, source.Kind, ct) is { } existing)
        {
            return OperationResult<int>.Ok(existing);
        }

        var current = source.IsCurrent ? source : await CurrentFullAsync(actor.OfficeId, source.Kind, ct);
        if (current is null)
        {
            return OperationResult<int>.From(OperationResult.Fail(ErrorKind.NotFound, "SOP tidak ditemukan."));
        }

        var draft = SopVersions.Copy(current);
        draft.IsCurrent = false;
        draft.Status = SopStatus.Draft;
        draft.Version = await db.SopDefinitions.Where(s => s.OfficeId == actor.OfficeId && s.Kind == current.Kind).MaxAsync(s => s.Version, ct) + 1;
        draft.PublishedAt = null;
        draft.PublishedByUserId = null;
        draft.ChangeNote = null;
        draft.DraftSavedAt = time.GetUtcNow().UtcDateTime;
        draft.DraftSavedByUserId = actor.UserId;
        db.SopDefinitions.Add(draft);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another officer opened the draft (or published a version) at the same moment: theirs is the draft.
            db.ChangeTracker.Clear();
            return await DraftOfAsync(actor.OfficeId, current.Kind, ct) is { } theirs
                ? OperationResult<int>.Ok(theirs)
                : OperationResult<int>.From(OperationResult.Fail(ErrorKind.Conflict, "SOP ini baru saja diubah oleh petugas lain. Muat ulang halaman."));
        }

        logger.LogInformation("SOP {Kind} of office {OfficeId}: draft of version {Version} opened by {UserId}", draft.Kind, draft.OfficeId, draft.Version, actor.UserId);
        return OperationResult<int>.Ok(draft.Id);
    }

    private Task<SopDefinition?> CurrentFullAsync(int officeId, SopKind kind, CancellationToken ct) =>
        db.SopDefinitions.AsNoTracking()
            .Include(s => s.Steps.OrderBy(x => x.Number)).ThenInclude(x => x.Requirements.OrderBy(r => r.Order))
            .Include(s => s.RequiredDocuments.OrderBy(d => d.Order))
            .AsSplitQuery()
            .SingleOrDefaultAsync(s => s.OfficeId == officeId && s.Kind == kind && s.IsCurrent, ct);

    /// <summary>The version in force of the draft's SOP, with its steps: what the draft is checked and compared against.</summary>
    public Task<SopDefinition?> CurrentOfAsync(SopDefinition draft, CancellationToken ct) => CurrentFullAsync(draft.OfficeId, draft.Kind, ct);

    /// <summary>
    /// Saves the draft's content: every field of the identity block and the sections, the names of the required documents, and the
    /// steps as given (numbered 1..n, replacing the draft's steps). <paramref name="stamp"/> is the stamp the editor was read at.
    /// </summary>
    public async Task<OperationResult<int>> SaveAsync(int draftId, SopDefinition content, int stamp, Actor actor, CancellationToken ct)
    {
        if (!SopVersions.MayRevise(actor))
        {
            return OperationResult<int>.From(OperationResult.Forbidden());
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await db.SopDefinitions
            .Where(s => s.Id == draftId && s.OfficeId == actor.OfficeId && s.Status == SopStatus.Draft && s.DraftStamp == stamp)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.DraftStamp, stamp + 1).SetProperty(x => x.DraftSavedAt, now)
                .SetProperty(x => x.DraftSavedByUserId, actor.UserId), ct);
        if (claimed != 1)
        {
            return OperationResult<int>.From(await FailureAsync(draftId, actor, ct));
        }

        await db.SopSteps.Where(s => s.SopDefinitionId == draftId).ExecuteDeleteAsync(ct);
        var draft = await db.SopDefinitions.Include(s => s.RequiredDocuments).SingleAsync(s => s.Id == draftId, ct);
        draft.Number = content.Number.Trim();
        draft.Title = content.Title.Trim();
        draft.Unit = content.Unit.Trim();
        draft.MadeOn = content.MadeOn;
        draft.RevisedOn = content.RevisedOn;
        draft.EffectiveOn = content.EffectiveOn;
        draft.ApproverName = content.ApproverName.Trim();
        draft.ApproverNip = string.IsNullOrWhiteSpace(content.ApproverNip) ? null : content.ApproverNip.Trim();
        draft.ApproverTitle = content.ApproverTitle.Trim();
        draft.TotalTime = string.IsNullOrWhiteSpace(content.TotalTime) ? null : content.TotalTime.Trim();
        draft.LegalBasis = Lines(content.LegalBasis);
        draft.Qualifications = Lines(content.Qualifications);
        draft.RelatedSops = Lines(content.RelatedSops);
        draft.Equipment = Lines(content.Equipment);
        draft.Warnings = Lines(content.Warnings);
        draft.Records = Lines(content.Records);
        draft.Summary = Lines(content.Summary);
        draft.Purpose = Lines(content.Purpose);
        draft.Definitions = Lines(content.Definitions);
        foreach (var document in draft.RequiredDocuments)
        {
            if (content.RequiredDocuments.FirstOrDefault(d => d.Code == document.Code) is { } named && !string.IsNullOrWhiteSpace(named.Name))
            {
                document.Name = named.Name.Trim();
            }
        }

        var codes = draft.RequiredDocuments.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        var steps = content.Steps.OrderBy(s => s.Number).ToList();
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var step = new SopStep
            {
                SopDefinitionId = draftId,
                Number = i + 1,
                Kind = s.Kind,
                ActorRole = s.ActorRole,
                ActorLabel = string.IsNullOrWhiteSpace(s.ActorLabel) ? Identity.Roles.Label(s.ActorRole) : s.ActorLabel.Trim(),
                Activity = s.Activity.Trim(),
                RequiredInputs = Lines(s.RequiredInputs),
                StandardKind = s.StandardKind,
                StandardValue = s.StandardKind is TimeStandardKind.Minutes or TimeStandardKind.WorkingDays ? s.StandardValue : null,
                Output = Lines(s.Output),
                Note = string.IsNullOrWhiteSpace(s.Note) ? null : s.Note.Trim(),
                CopyTo = SopCopy.Parse(s.CopyTo).Where(c => SopCopy.All.Contains(c)).Distinct().ToList() is { Count: > 0 } copies ? string.Join(",", copies) : null,
                NextStepNumber = s.NextStepNumber,
                AlternateStepNumber = s.AlternateStepNumber,
            };
            var order = 0;
            foreach (var r in s.Requirements.Where(r => r.Kind == RequirementKind.Document && codes.Contains(r.Code)).DistinctBy(r => r.Code))
            {
                step.Requirements.Add(new SopStepRequirement { Order = ++order, Kind = RequirementKind.Document, Code = r.Code, Label = r.Label.Trim() });
            }

            var used = step.Requirements.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
            foreach (var r in s.Requirements.Where(r => r.Kind == RequirementKind.Check && !string.IsNullOrWhiteSpace(r.Label)).DistinctBy(r => r.Label.Trim()))
            {
                var code = string.IsNullOrWhiteSpace(r.Code) || used.Contains(r.Code) ? $"CEK_{step.Number}_{order + 1}" : r.Code;
                while (!used.Add(code))
                {
                    code += "_B";
                }

                step.Requirements.Add(new SopStepRequirement { Order = ++order, Kind = RequirementKind.Check, Code = code, Label = r.Label.Trim() });
            }

            db.SopSteps.Add(step);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return OperationResult<int>.Ok(stamp + 1);
    }

    /// <summary>
    /// Publishes the draft as the version in force, once <see cref="SopPublishChecks"/> finds nothing: requests started from now on
    /// follow it; running requests keep theirs.
    /// </summary>
    public async Task<OperationResult<IReadOnlyList<PublishProblem>>> PublishAsync(int draftId, int stamp, string? note, Actor actor, CancellationToken ct)
    {
        if (!SopVersions.MayRevise(actor))
        {
            return OperationResult<IReadOnlyList<PublishProblem>>.From(OperationResult.Forbidden());
        }

        var draft = await catalog.GetAsync(actor.OfficeId, draftId, ct);
        if (draft is null || draft.Status != SopStatus.Draft)
        {
            return OperationResult<IReadOnlyList<PublishProblem>>.From(await FailureAsync(draftId, actor, ct));
        }

        if (draft.DraftStamp != stamp)
        {
            return OperationResult<IReadOnlyList<PublishProblem>>.From(OperationResult.Fail(ErrorKind.Conflict, Stale));
        }

        var problems = SopPublishChecks.Check(draft, await CurrentOfAsync(draft, ct));
        if (problems.Count > 0)
        {
            return new OperationResult<IReadOnlyList<PublishProblem>>(ErrorKind.Validation,
                "Draf belum dapat diterbitkan: " + string.Join(" ", problems.Select(p => p.ToString())), problems);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var zone = await db.Offices.Where(o => o.Id == draft.OfficeId).Select(o => o.TimeZoneId).SingleAsync(ct);
        var revisedOn = Offices.OfficeClock.For(zone, time).DateOf(now); // the office's date: the document's Tanggal Revisi
        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim() is { Length: > 1000 } longNote ? longNote[..1000] : note.Trim();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var published = await db.SopDefinitions
            .Where(s => s.Id == draftId && s.OfficeId == actor.OfficeId && s.Status == SopStatus.Draft && s.DraftStamp == stamp)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SopStatus.Published).SetProperty(x => x.IsCurrent, true)
                .SetProperty(x => x.PublishedAt, now).SetProperty(x => x.PublishedByUserId, actor.UserId).SetProperty(x => x.ChangeNote, trimmed)
                .SetProperty(x => x.RevisedOn, revisedOn).SetProperty(x => x.DraftStamp, stamp + 1), ct);
        if (published != 1)
        {
            return OperationResult<IReadOnlyList<PublishProblem>>.From(await FailureAsync(draftId, actor, ct));
        }

        await db.SopDefinitions.Where(s => s.OfficeId == draft.OfficeId && s.Kind == draft.Kind && s.IsCurrent && s.Id != draftId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsCurrent, false), ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("SOP {Kind} of office {OfficeId}: version {Version} published by {UserId} ({Note})",
            draft.Kind, draft.OfficeId, draft.Version, actor.UserId, trimmed ?? "-");
        return OperationResult<IReadOnlyList<PublishProblem>>.Ok([]);
    }

    /// <summary>Throws the draft away; the version in force is untouched.</summary>
    public async Task<OperationResult> DiscardAsync(int draftId, int stamp, Actor actor, CancellationToken ct)
    {
        if (!SopVersions.MayRevise(actor))
        {
            return OperationResult.Forbidden();
        }

        var deleted = await db.SopDefinitions
            .Where(s => s.Id == draftId && s.OfficeId == actor.OfficeId && s.Status == SopStatus.Draft && s.DraftStamp == stamp)
            .ExecuteDeleteAsync(ct);
        return deleted == 1 ? OperationResult.Ok() : await FailureAsync(draftId, actor, ct);
    }

    private async Task<OperationResult> FailureAsync(int draftId, Actor actor, CancellationToken ct)
    {
        var row = await db.SopDefinitions.AsNoTracking().Where(s => s.Id == draftId && s.OfficeId == actor.OfficeId)
            .Select(s => new { s.Status, s.Version }).SingleOrDefaultAsync(ct);
        return row is null ? OperationResult.Fail(ErrorKind.NotFound, "Draf ini sudah tidak ada: mungkin baru saja dibuang oleh petugas lain.")
            : row.Status == SopStatus.Published ? OperationResult.Fail(ErrorKind.Conflict, $"Draf ini baru saja diterbitkan sebagai versi {row.Version} oleh petugas lain.")
            : OperationResult.Fail(ErrorKind.Conflict, Stale);
    }

    private static string Lines(string? text) => string.Join("\n", SopDefinition.Lines(text ?? ""));
}
