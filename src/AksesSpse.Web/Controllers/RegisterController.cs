using AksesSpse.Core.Accounts;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Validation;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.Controllers;

/// <summary>The register of SPSE accounts: staff read it, Admin Agency adds to it.</summary>
[Authorize(Roles = Roles.AdminAgency + "," + Roles.HelpdeskLpse + "," + Roles.KepalaLpse + "," + Roles.AdminPpe + "," + Roles.Auditor)]
[Route("Register")]
public sealed class RegisterController(AccountRegister register, PageClock clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, SpseRole? role, SpseAccountStatus? status, bool skKedaluwarsa = false, int page = 1, CancellationToken ct = default)
    {
        var filter = new AccountFilter(q, role, status, skKedaluwarsa, page);
        var result = await register.ListAsync(User.ToActor().OfficeId, filter, ct);
        return View(new RegisterPage { Result = result, Filter = filter, Today = Today });
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Detail(int id, CancellationToken ct)
    {
        var account = await register.GetAsync(User.ToActor().OfficeId, id, ct);
        ViewData["Today"] = Today;
        return account is null ? NotFound() : View(account);
    }

    [HttpGet("Baru")]
    [Authorize(Roles = Roles.AdminAgency)]
    public IActionResult Create() => View(new NewAccountForm());

    [HttpPost("Baru")]
    [Authorize(Roles = Roles.AdminAgency)]
    public async Task<IActionResult> Create(NewAccountForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var result = await register.RegisterAsync(new NewAccount(form.UserId, form.HolderName, NipValidator.Normalize(form.HolderNip)!,
            form.HolderEmail, form.HolderPhone, form.Agency, form.Role, form.SkNumber, form.SkDate, form.ValidFrom, form.ValidUntil), User.ToActor(), ct);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(nameof(form.UserId), result.Message!);
            return View(form);
        }

        TempData["Success"] = $"Akun {form.UserId} ditambahkan ke register.";
        return RedirectToAction(nameof(Detail), new { id = result.Value });
    }

    private DateOnly Today => clock.Today;
}
