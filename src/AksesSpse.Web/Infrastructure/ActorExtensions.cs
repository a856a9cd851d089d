using System.Globalization;
using System.Security.Claims;
using AksesSpse.Core.Common;

namespace AksesSpse.Web.Infrastructure;

public static class ActorExtensions
{
    /// <summary>The signed-in user as the services see them.</summary>
    public static Actor ToActor(this ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in.");
        var office = int.Parse(user.FindFirstValue(AppClaims.OfficeId) ?? "0", CultureInfo.InvariantCulture);
        var name = user.FindFirstValue(AppClaims.FullName) ?? user.Identity?.Name ?? id;
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Actor(id, name, office, roles);
    }

    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(AppClaims.FullName) ?? user.Identity?.Name ?? "";
}
