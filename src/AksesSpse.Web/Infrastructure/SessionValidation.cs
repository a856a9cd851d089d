using System.Security.Claims;
using AksesSpse.Core.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AksesSpse.Web.Infrastructure;

/// <summary>
/// Ends a session as soon as its user's security stamp changes (sign-out, password change or reset): every
/// request of a signed-in user compares the stamp in its cookie with the one in the database — one indexed
/// read of one column, on whichever node serves the request, so a revoked session lives nowhere (docs/adr/0014).
/// Replaces Identity's SecurityStampValidator, which checks only every 30 minutes and, when it does check,
/// reloads the user's roles and claims and re-issues the cookie.
/// </summary>
public static class SessionValidation
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var claimTypes = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = context.Principal?.FindFirstValue(claimTypes.UserIdClaimType);
        var stamp = context.Principal?.FindFirstValue(claimTypes.SecurityStampClaimType);
        if (!string.IsNullOrEmpty(userId) && !string.IsNullOrEmpty(stamp))
        {
            // Not an EF compiled query: one is bound to the provider it first ran on (the tests run SQLite and PostgreSQL apps in one process).
            var current = await services.GetRequiredService<AppDbContext>().Users.AsNoTracking()
                .Where(u => u.Id == userId).Select(u => u.SecurityStamp).FirstOrDefaultAsync(context.HttpContext.RequestAborted);
            if (string.Equals(current, stamp, StringComparison.Ordinal))
            {
                return;
            }
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
