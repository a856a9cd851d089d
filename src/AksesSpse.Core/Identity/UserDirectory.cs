using AksesSpse.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Identity;

public sealed record UserListing(ApplicationUser User, IReadOnlyList<string> Roles);

/// <summary>Reads the people of an office with their roles: two queries, whatever the number of users.</summary>
public sealed class UserDirectory(AppDbContext db)
{
    public async Task<IReadOnlyList<UserListing>> ListAsync(int officeId, int max, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.OfficeId == officeId).OrderBy(u => u.FullName).Take(max).ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToList();
        var pairs = await db.UserRoles.Where(ur => ids.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var byUser = pairs.ToLookup(p => p.UserId, p => p.Name!);
        return users.Select(u => new UserListing(u, byUser[u.Id].Order(StringComparer.Ordinal).ToList())).ToList();
    }
}
