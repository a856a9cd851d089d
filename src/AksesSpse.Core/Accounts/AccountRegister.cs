using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Accounts;

public sealed record AccountFilter(string? Search = null, SpseRole? Role = null, SpseAccountStatus? Status = null, bool ExpiredSkOnly = false, int Page = 1, int PageSize = 25);

public sealed record NewAccount(string UserId, string HolderName, string HolderNip, string HolderEmail, string? HolderPhone,
    string Agency, SpseRole Role, string SkNumber, DateOnly? SkDate, DateOnly? ValidFrom, DateOnly? ValidUntil);

/// <summary>The register of SPSE accounts of an office.</summary>
public sealed class AccountRegister(AppDbContext db, TimeProvider time, OfficeCalendar calendar)
{
    public async Task<PagedResult<SpseAccount>> ListAsync(int officeId, AccountFilter filter, CancellationToken ct)
    {
        var query = db.SpseAccounts.AsNoTracking().Where(a => a.OfficeId == officeId);
        if (filter.Role is { } role)
        {
            query = query.Where(a => a.Role == role);
        }

        if (filter.Status is { } status)
        {
            query = query.Where(a => a.Status == status);
        }

        if (filter.ExpiredSkOnly)
        {
            var today = await calendar.TodayAsync(officeId, ct);
            query = query.Where(a => a.ValidUntil != null && a.ValidUntil < today);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            var pattern = $"%{term.Replace("%", "").Replace("_", "")}%";
            query = query.Where(a => EF.Functions.Like(a.UserId, pattern) || EF.Functions.Like(a.HolderName, pattern) ||
                                     EF.Functions.Like(a.Agency, pattern) || a.HolderNip == term.Replace(" ", ""));
        }

        var total = await query.CountAsync(ct);
        var page = Math.Max(1, filter.Page);
        var size = Math.Clamp(filter.PageSize, 5, 100);
        var items = await query.OrderBy(a => a.HolderName).ThenBy(a => a.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new PagedResult<SpseAccount>(items, page, size, total);
    }

    public Task<SpseAccount?> GetAsync(int officeId, int id, CancellationToken ct) =>
        db.SpseAccounts.AsNoTracking().Include(a => a.History.OrderByDescending(h => h.ChangedAt))
            .SingleOrDefaultAsync(a => a.OfficeId == officeId && a.Id == id, ct);

    public async Task<OperationResult<int>> RegisterAsync(NewAccount account, Actor actor, CancellationToken ct)
    {
        var userId = account.UserId.Trim();
        if (await db.SpseAccounts.AnyAsync(a => a.OfficeId == actor.OfficeId && a.UserId == userId, ct))
        {
            return OperationResult<int>.From(OperationResult.Fail(ErrorKind.Validation, $"User ID \"{userId}\" sudah ada di register."));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var entity = new SpseAccount
        {
            OfficeId = actor.OfficeId,
            UserId = userId,
            HolderName = account.HolderName.Trim(),
            HolderNip = account.HolderNip,
            HolderEmail = account.HolderEmail.Trim(),
            HolderPhone = account.HolderPhone?.Trim(),
            Agency = account.Agency.Trim(),
            Role = account.Role,
            SkNumber = account.SkNumber.Trim(),
            SkDate = account.SkDate,
            ValidFrom = account.ValidFrom,
            ValidUntil = account.ValidUntil,
            Status = SpseAccountStatus.Active,
            CreatedAt = now,
            UpdatedAt = now,
        };
        entity.History.Add(new SpseAccountHistory
        {
            Change = SpseAccountChange.Registered,
            Detail = $"Didaftarkan di register dengan SK {entity.SkNumber}",
            ChangedAt = now,
            ChangedByUserId = actor.UserId,
            ChangedByName = actor.Name,
        });
        db.SpseAccounts.Add(entity);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return OperationResult<int>.From(OperationResult.Fail(ErrorKind.Conflict, $"User ID \"{userId}\" baru saja didaftarkan oleh petugas lain."));
        }

        return OperationResult<int>.Ok(entity.Id);
    }
}
