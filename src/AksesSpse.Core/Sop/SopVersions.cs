using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AksesSpse.Core.Sop;

/// <summary>What an office changes in one step when it issues a new version of its SOP.</summary>
/// <param name="Checks">The items the actor must tick at this step, one label each (documents stay as they are).</param>
public sealed record StepRevision(int Number, string ActorRole, string ActorLabel, TimeStandardKind StandardKind, int? StandardValue,
    IReadOnlyList<string> Checks);

/// <summary>
/// Issues a new version of an office's SOP: a copy of the current version with the office's changes to each step's actor,
/// time standard and checklist. It becomes the current version for requests started from now on; a request already
/// running keeps the version it started under (docs/adr/0019). The arrangement of steps (their kinds and routing) is
/// not edited here: the engine runs any arrangement of the fixed kinds, but a rearranged SOP is a change the product
/// ships with its seed, tested.
/// </summary>
public sealed class SopVersions(AppDbContext db, TimeProvider time, IEnumerable<Engine.IProcedureModule> modules, ILogger<SopVersions> logger)
{
    /// <summary>
    /// Only an SOP the engine runs follows its definition in full (who acts, checklist, deadline); SOP 4 and SOP 2 still run
    /// on their own services until they move onto the engine, so their versions are not edited here yet.
    /// </summary>
    public bool CanRevise(SopKind kind) => modules.Any(m => m.Kind == kind);

    /// <summary>Who may issue a version: the office's Administrator and the head of LPSE, who approves its SOPs.</summary>
    public static bool MayRevise(Actor actor) => actor.IsIn(Roles.Administrator) || actor.IsIn(Roles.KepalaLpse);

    public async Task<OperationResult<int>> ReviseAsync(int sopId, IReadOnlyList<StepRevision> revisions, string? revisionNote, Actor actor, CancellationToken ct)
    {
        if (!MayRevise(actor))
        {
            return OperationResult<int>.From(OperationResult.Forbidden());
        }

        var current = await db.SopDefinitions.AsNoTracking()
            .Include(s => s.Steps).ThenInclude(s => s.Requirements)
            .Include(s => s.RequiredDocuments)
            .AsSplitQuery()
            .SingleOrDefaultAsync(s => s.Id == sopId && s.OfficeId == actor.OfficeId, ct);
        if (current is null)
        {
            return OperationResult<int>.From(OperationResult.Fail(ErrorKind.NotFound, "SOP tidak ditemukan."));
        }

        if (!CanRevise(current.Kind))
        {
            return OperationResult<int>.From(OperationResult.Fail(ErrorKind.InvalidState,
                "SOP ini belum dijalankan oleh mesin SOP aplikasi, sehingga versinya belum dapat diubah di sini."));
        }

        if (!current.IsCurrent)
        {
            return OperationResult<int>.From(OperationResult.Fail(ErrorKind.InvalidState,
                $"Versi {current.Version} sudah tidak berlaku. Buat versi baru dari versi yang berlaku."));
        }

        var problems = new List<string>();
        foreach (var revision in revisions)
        {
            var step = current.Steps.SingleOrDefault(s => s.Number == revision.Number);
            if (step is null)
            {
                problems.Add($"Langkah {revision.Number} tidak ada pada SOP ini.");
            }
            else if (!Roles.All.Contains(revision.ActorRole) || revision.ActorRole == Roles.Administrator)
            {
                problems.Add($"Pelaksana langkah {revision.Number} bukan peran yang dikenal.");
            }
            else if ((revision.StandardKind is TimeStandardKind.Minutes or TimeStandardKind.WorkingDays) != revision.StandardValue is > 0)
            {
                problems.Add($"Standar waktu langkah {revision.Number}: isi jumlah menit atau hari kerja (lebih dari 0), atau pilih N/A / disesuaikan.");
            }
            else if (step.Number == current.Steps.Min(s => s.Number) && step.ActorRole == Roles.Pemohon != (revision.ActorRole == Roles.Pemohon))
            {
                problems.Add("Pelaksana langkah pertama menentukan siapa yang mengajukan; pemohon tidak dapat diganti petugas atau sebaliknya di sini.");
            }
        }

        if (problems.Count > 0)
        {
            return OperationResult<int>.From(OperationResult.Fail(ErrorKind.Validation, string.Join(" ", problems)));
        }

        var next = Copy(current);
        next.Version = await db.SopDefinitions.Where(s => s.OfficeId == current.OfficeId && s.Kind == current.Kind).MaxAsync(s => s.Version, ct) + 1;
        next.RevisedOn = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        next.PublishedAt = time.GetUtcNow().UtcDateTime;
        next.PublishedByUserId = actor.UserId;
        next.ChangeNote = string.IsNullOrWhiteSpace(revisionNote) ? null : revisionNote.Trim() is { Length: > 1000 } note ? note[..1000] : revisionNote.Trim();
        foreach (var revision in revisions)
        {
            var step = next.Steps.Single(s => s.Number == revision.Number);
            step.ActorRole = revision.ActorRole;
            step.ActorLabel = string.IsNullOrWhiteSpace(revision.ActorLabel) ? Roles.Label(revision.ActorRole) : revision.ActorLabel.Trim();
            step.StandardKind = revision.StandardKind;
            step.StandardValue = revision.StandardKind is TimeStandardKind.Minutes or TimeStandardKind.WorkingDays ? revision.StandardValue : null;
            var documents = step.Requirements.Where(r => r.Kind == RequirementKind.Document).ToList();
            var kept = step.Requirements.Where(r => r.Kind == RequirementKind.Check).ToDictionary(r => r.Label, r => r.Code);
            step.Requirements = [.. documents];
            foreach (var (label, i) in revision.Checks.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct().Select((c, i) => (c, i)))
            {
                step.Requirements.Add(new SopStepRequirement
                {
                    Order = documents.Count + i + 1,
                    Kind = RequirementKind.Check,
                    Label = label.Length > 500 ? label[..500] : label,
                    Code = kept.TryGetValue(label, out var code) ? code : $"CEK_{revision.Number}_{i + 1}",
                });
            }
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var updated = await db.SopDefinitions.Where(s => s.Id == current.Id && s.IsCurrent)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsCurrent, false), ct);
        if (updated != 1)
        {
            return OperationResult<int>.From(OperationResult.Fail(ErrorKind.Conflict,
                "Versi baru SOP ini baru saja dibuat oleh petugas lain. Muat ulang halaman untuk melihat versi yang berlaku."));
        }

        db.SopDefinitions.Add(next);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return OperationResult<int>.From(OperationResult.Fail(ErrorKind.Conflict,
                "Versi baru SOP ini baru saja dibuat oleh petugas lain. Muat ulang halaman untuk melihat versi yang berlaku."));
        }

        await tx.CommitAsync(ct);
        logger.LogInformation("SOP {Kind} of office {OfficeId}: version {Version} issued by {UserId} ({Note})",
            current.Kind, current.OfficeId, next.Version, actor.UserId, revisionNote?.Trim() ?? "-");
        return OperationResult<int>.Ok(next.Id);
    }

    private static SopDefinition Copy(SopDefinition s) => new()
    {
        OfficeId = s.OfficeId, Kind = s.Kind, IsCurrent = true, Number = s.Number, Title = s.Title, Unit = s.Unit, MadeOn = s.MadeOn,
        RevisedOn = s.RevisedOn, EffectiveOn = s.EffectiveOn, ApproverName = s.ApproverName, ApproverNip = s.ApproverNip,
        ApproverTitle = s.ApproverTitle, LegalBasis = s.LegalBasis, Qualifications = s.Qualifications, RelatedSops = s.RelatedSops,
        Equipment = s.Equipment, Warnings = s.Warnings, Records = s.Records, Summary = s.Summary, Purpose = s.Purpose,
        Definitions = s.Definitions, TotalTime = s.TotalTime,
        RequiredDocuments = s.RequiredDocuments.OrderBy(d => d.Order).Select(d => new SopRequiredDocument { Order = d.Order, Code = d.Code, Name = d.Name }).ToList(),
        Steps = s.Steps.OrderBy(x => x.Number).Select(x => new SopStep
        {
            Number = x.Number, Kind = x.Kind, ActorRole = x.ActorRole, ActorLabel = x.ActorLabel, Activity = x.Activity,
            RequiredInputs = x.RequiredInputs, StandardKind = x.StandardKind, StandardValue = x.StandardValue, Output = x.Output, Note = x.Note,
            CopyTo = x.CopyTo,
            NextStepNumber = x.NextStepNumber, AlternateStepNumber = x.AlternateStepNumber,
            Requirements = x.Requirements.OrderBy(r => r.Order).Select(r => new SopStepRequirement { Order = r.Order, Kind = r.Kind, Code = r.Code, Label = r.Label }).ToList(),
        }).ToList(),
    };
}
