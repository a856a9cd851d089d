using System.Text;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Validation;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Web.Controllers;

/// <summary>Sign-in, self-registration with email confirmation, password change (docs/adr/0009).</summary>
[Route("Akun")]
public sealed class AccountController(
    SignInManager<ApplicationUser> signIn,
    UserManager<ApplicationUser> users,
    Notifier notifier,
    Core.Data.AppDbContext db,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<Core.Common.AppOptions> options,
    ILogger<AccountController> logger) : Controller
{
    [HttpGet("Masuk")]
    [AllowAnonymous]
    public IActionResult Login(string? returnUrl) => View(new LoginForm { ReturnUrl = returnUrl });

    [HttpPost("Masuk")]
    [AllowAnonymous]
    public async Task<IActionResult> Login(LoginForm form, [FromServices] IValidator<LoginForm> validator)
    {
        if (!ModelState.Check(validator, form))
        {
            return View(form);
        }

        var user = await users.FindByEmailAsync(form.Email.Trim());
        if (user is null)
        {
            ModelState.AddModelError("", "Email atau password salah.");
            return View(form);
        }

        var result = await signIn.PasswordSignInAsync(user, form.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("User {UserId} signed in", user.Id);
            return LocalRedirect(Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl! : "/");
        }

        if (result.IsLockedOut)
        {
            logger.LogWarning("User {UserId} locked out after failed sign-ins", user.Id);
            var until = await users.GetLockoutEndDateAsync(user);
            ModelState.AddModelError("", $"Akun dikunci sementara karena terlalu banyak percobaan masuk yang gagal. Coba lagi setelah {until?.ToOffset(TimeSpan.FromHours(7)):HH:mm} WIB.");
        }
        else if (result.IsNotAllowed)
        {
            ModelState.AddModelError("", "Email Anda belum dikonfirmasi. Buka tautan konfirmasi yang kami kirim ke email Anda.");
        }
        else
        {
            var left = users.Options.Lockout.MaxFailedAccessAttempts - await users.GetAccessFailedCountAsync(user);
            ModelState.AddModelError("", $"Email atau password salah. Sisa percobaan sebelum akun dikunci: {left}.");
        }

        return View(form);
    }

    [HttpPost("Keluar")]
    [Authorize]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
        return Redirect("/");
    }

    [HttpGet("Daftar")]
    [AllowAnonymous]
    public IActionResult Register() => View(new RegisterForm());

    [HttpPost("Daftar")]
    [AllowAnonymous]
    public async Task<IActionResult> Register(RegisterForm form, [FromServices] IValidator<RegisterForm> validator,
        [FromServices] NipVerificationService nipChecks)
    {
        if (!ModelState.Check(validator, form))
        {
            return View(form);
        }

        // One office per deployment for now; multi-office sign-up picks the office from the host name later.
        var officeId = await db.Offices.OrderBy(o => o.Id).Select(o => o.Id).FirstOrDefaultAsync();
        if (officeId == 0)
        {
            ModelState.AddModelError("", "Belum ada kantor LPSE yang terdaftar. Hubungi Administrator.");
            return View(form);
        }

        // One applicant account per NIP per office (H1 of issue #7, docs/adr/0013).
        var nip = NipValidator.Normalize(form.Nip);
        if (nip is not null && await nipChecks.IsNipTakenAsync(officeId, nip, HttpContext.RequestAborted))
        {
            return await NipTakenAsync(form);
        }

        var user = new ApplicationUser
        {
            UserName = form.Email.Trim(),
            Email = form.Email.Trim(),
            FullName = form.FullName.Trim(),
            Nip = nip,
            ApplicantNipKey = nip,
            RankGrade = form.RankGrade,
            Position = form.Position.Trim(),
            Agency = form.Agency.Trim(),
            Address = form.Address.Trim(),
            PhoneNumber = form.PhoneNumber.Trim(),
            ApplicantKind = form.ApplicantKind,
            OfficeId = officeId,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, form.Password);
        }
        catch (DbUpdateException)
        {
            // The same NIP registered at the same moment: the unique (OfficeId, ApplicantNipKey) index refused this one.
            db.ChangeTracker.Clear();
            return await NipTakenAsync(form);
        }

        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                ModelState.AddModelError(error.Code.Contains("Password", StringComparison.Ordinal) ? nameof(form.Password) : "", error.Description);
            }

            return View(form);
        }

        await users.AddToRoleAsync(user, Roles.Pemohon);
        await QueueConfirmationAsync(user);
        await db.SaveChangesAsync();
        logger.LogInformation("Applicant {UserId} registered; confirmation email queued", user.Id);
        return RedirectToAction(nameof(RegisterDone));
    }

    [HttpGet("Daftar/Terkirim")]
    [AllowAnonymous]
    public IActionResult RegisterDone() => View();

    [HttpGet("Konfirmasi")]
    [AllowAnonymous]
    public async Task<IActionResult> Confirm(string userId, string code)
    {
        var user = await users.FindByIdAsync(userId ?? "");
        if (user is null || string.IsNullOrEmpty(code))
        {
            ViewData["Ok"] = false;
            return View();
        }

        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            ViewData["Ok"] = false;
            return View();
        }

        var result = await users.ConfirmEmailAsync(user, token);
        ViewData["Ok"] = result.Succeeded;
        return View();
    }

    [HttpGet("GantiPassword")]
    [Authorize]
    public IActionResult ChangePassword() => View(new ChangePasswordForm());

    [HttpPost("GantiPassword")]
    [Authorize]
    public async Task<IActionResult> ChangePassword(ChangePasswordForm form, [FromServices] IValidator<ChangePasswordForm> validator)
    {
        if (!ModelState.Check(validator, form))
        {
            return View(form);
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var result = await users.ChangePasswordAsync(user, form.CurrentPassword, form.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? nameof(form.CurrentPassword) : nameof(form.NewPassword), error.Description);
            }

            return View(form);
        }

        if (user.MustChangePassword)
        {
            user.MustChangePassword = false;
            await users.UpdateAsync(user);
        }

        await signIn.RefreshSignInAsync(user);
        TempData["Success"] = "Password berhasil diganti.";
        return Redirect("/");
    }

    [HttpGet("AksesDitolak")]
    [AllowAnonymous]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }

    /// <summary>
    /// The NIP already belongs to an applicant account of the office. The page answers as for any registration, so it tells
    /// nobody which NIPs are registered; the mail to the address given says what happened and what to do.
    /// </summary>
    private async Task<IActionResult> NipTakenAsync(RegisterForm form)
    {
        notifier.Queue(null, "register-nip-taken", form.Email.Trim(), "Pendaftaran AksesSpse belum dapat diselesaikan",
            $"""
            Yth. {form.FullName.Trim()},

            Pendaftaran dengan alamat email ini belum dapat kami selesaikan: NIP yang Anda isi sudah terdaftar pada akun
            pemohon lain di AksesSpse kantor ini. Satu NIP hanya dapat dipakai oleh satu akun pemohon.

            - Bila Anda pernah mendaftar, masuk dengan email akun tersebut.
            - Bila Anda tidak pernah mendaftar, hubungi Helpdesk LPSE dengan membawa SK Anda: petugas akan memeriksa
              akun yang memakai NIP Anda.

            Jika Anda tidak merasa mendaftar, abaikan email ini.
            """);
        await db.SaveChangesAsync();
        logger.LogInformation("Registration refused: the NIP already belongs to an applicant account of the office");
        return RedirectToAction(nameof(RegisterDone));
    }

    private async Task QueueConfirmationAsync(ApplicationUser user)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var link = $"{options.Value.BaseUrl.TrimEnd('/')}/Akun/Konfirmasi?userId={Uri.EscapeDataString(user.Id)}&code={code}";
        notifier.Queue(null, "confirm-email", user.Email!, "Konfirmasi pendaftaran AksesSpse",
            $"""
            Yth. {user.FullName},

            Terima kasih telah mendaftar di AksesSpse. Konfirmasikan alamat email Anda dengan membuka tautan berikut:
            {link}

            Jika Anda tidak merasa mendaftar, abaikan email ini.
            """);
    }
}
