using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace AksesSpse.Web.Infrastructure;

/// <summary>Sends a user who signed in with a temporary password to the password change page first.</summary>
public sealed class MustChangePasswordFilter : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        var user = context.HttpContext.User;
        if (user.Identity?.IsAuthenticated != true || !user.HasClaim(AppClaims.MustChangePassword, "true"))
        {
            return;
        }

        var controller = context.RouteData.Values["controller"] as string;
        if (controller is "Account" or "Home")
        {
            return;
        }

        context.Result = new RedirectResult("/Akun/GantiPassword");
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
