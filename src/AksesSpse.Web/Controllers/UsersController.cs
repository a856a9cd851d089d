using AksesSpse.Core.Credentials;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Validation;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>The Administrator creates the accounts of LPSE / UKPBJ staff; applicants register themselves.</summary>
[Authorize(Roles = Roles.Administrator)]
[Route("Pengguna")]
public sealed class UsersController(UserManager<ApplicationUser> users, UserDirectory directory, TimeProvider time, ILogger<UsersController> logger) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var listing = await directory.ListAsync(User.ToActor().OfficeId, 500, ct);
        ViewData["Roles"] = listing.ToDictionary(l => l.User.Id, l => string.Join(", ", l.Roles.Select(Roles.Label)));
        return View(listing.Select(l => l.User).ToList());
    }

    [HttpGet("Baru")]
    public IActionResult Create() => View(new NewStaffForm());

    [HttpPost("Baru")]
    public async Task<IActionResult> Create(NewStaffForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var password = CredentialService.GeneratePassword();
        var user = new ApplicationUser
        {
            UserName = form.Email.Trim(),
            Email = form.Email.Trim(),
            EmailConfirmed = true,
            FullName = form.FullName.Trim(),
            Nip = NipValidator.Normalize(form.Nip),
            Position = Roles.Label(form.Role),
            OfficeId = User.ToActor().OfficeId,
            MustChangePassword = true,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                ModelState.AddModelError("", error.Description);
            }

            return View(form);
        }

        await users.AddToRoleAsync(user, form.Role);
        logger.LogInformation("Staff account {UserId} with role {Role} created by {AdminId}", user.Id, form.Role, User.ToActor().UserId);
        Response.Headers.CacheControl = "no-cache, no-store"; // as antiforgery sets it on pages with a form (no override warning)
        Response.Headers.Pragma = "no-cache";
        return View("Created", new StaffCreated(user.Email!, user.FullName, Roles.Label(form.Role), password));
    }
}
