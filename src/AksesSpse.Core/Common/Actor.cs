namespace AksesSpse.Core.Common;

/// <summary>The signed-in person acting, as the services see them.</summary>
public sealed record Actor(string UserId, string Name, int OfficeId, IReadOnlySet<string> Roles)
{
    public bool IsIn(string role) => Roles.Contains(role);
}
