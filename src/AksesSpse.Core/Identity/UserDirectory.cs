using AksesSpse.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Identity;

public sealed record UserListing(ApplicationUser User, IReadOnlyList<string> Roles);

/// <summary>Someone who is told of work: who, where to write, how they want new work by email.</summary>
public sealed record StaffContact(string Id, string Name, string Email, WorkMailChoice WorkMail);

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

    /// <summary>The office's people in a role who can sign in (not locked out), with a confirmed address to write to.</summary>
    public async Task<IReadOnlyList<StaffContact>> InRoleAsync(int officeId, string role, DateTime nowUtc, CancellationToken ct)
    {
        var now = new DateTimeOffset(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc));
        var users = await (from u in db.Users
                           join ur in db.UserRoles on u.Id equals ur.UserId
                           join r in db.Roles on ur.RoleId equals r.Id
                           where u.OfficeId == officeId && r.Name == role && u.Email != null
                           orderby u.FullName
                           select new { u.Id, u.FullName, u.Email, u.WorkMail, u.LockoutEnd }).AsNoTracking().ToListAsync(ct);
        // (SQLite cannot compare DateTimeOffset values in SQL; the office's people in one role are few.)
        return [.. users.Where(u => u.LockoutEnd is null || u.LockoutEnd < now).Select(u => new StaffContact(u.Id, u.FullName, u.Email!, u.WorkMail))];
    }
}
