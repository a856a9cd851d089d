using AksesSpse.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Sop;

/// <summary>Reads the SOP definitions of an office.</summary>
public sealed class SopCatalog(AppDbContext db)
{
    /// <summary>The office's published versions, newest first per SOP; its drafts too for those who edit them.</summary>
    public async Task<IReadOnlyList<SopDefinition>> ListAsync(int officeId, CancellationToken ct, bool withDrafts = false) =>
        await db.SopDefinitions.AsNoTracking().Where(s => s.OfficeId == officeId && (withDrafts || s.Status == SopStatus.Published))
            .OrderBy(s => s.Kind).ThenByDescending(s => s.Version).ToListAsync(ct);

    public Task<SopDefinition?> GetAsync(int officeId, int id, CancellationToken ct) =>
        db.SopDefinitions.AsNoTracking()
            .Include(s => s.Steps.OrderBy(x => x.Number)).ThenInclude(x => x.Requirements.OrderBy(r => r.Order))
            .Include(s => s.RequiredDocuments.OrderBy(d => d.Order))
            .AsSplitQuery()
            .SingleOrDefaultAsync(s => s.OfficeId == officeId && s.Id == id, ct);

    public Task<SopDefinition?> CurrentAsync(int officeId, SopKind kind, CancellationToken ct) =>
        db.SopDefinitions.AsNoTracking()
            .Include(s => s.RequiredDocuments.OrderBy(d => d.Order))
            .Include(s => s.Steps.OrderBy(x => x.Number))
            .AsSplitQuery()
            .SingleOrDefaultAsync(s => s.OfficeId == officeId && s.Kind == kind && s.IsCurrent, ct);

    /// <summary>The full names of the users who published or saved versions, by id.</summary>
    public async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string?> userIds, CancellationToken ct)
    {
        var ids = userIds.OfType<string>().Distinct().ToList();
        return ids.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
    }
}
