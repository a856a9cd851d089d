using System.Text;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Validation;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Web.Controllers;

/// <summary>
/// Sign-in, self-registration with email confirmation, password change and the forgotten-password flow
/// (docs/adr/0009). Every anonymous form gives one answer whatever the email (no enumeration), is rate-limited
/// per client and per email, and sign-out or a new password ends every session of the user (docs/adr/0014).
/// </summary>
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
    /// <summary>The one answer to every failed sign-in: unknown email, wrong password, locked or password-less account.</summary>
    public const string SignInFailed = "Email atau password salah.";

    /// <summary>Only to someone who knows the password: telling them to confirm reveals nothing new.</summary>
    public const string SignInUnconfirmed = "Email Anda belum dikonfirmasi. Buka tautan konfirmasi yang kami kirim ke email Anda, atau minta tautan baru.";

    /// <summary>A hash of a random password, checked when the email is unknown so that the answer takes as long.</summary>
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), Guid.NewGuid().ToString("N")));

    private string BaseUrl => options.Value.BaseUrl.TrimEnd('/');

    [HttpGet("Masuk")]
    [AllowAnonymous]
    public IActionResult Login(string? returnUrl) => View(new LoginForm { ReturnUrl = returnUrl });

    [HttpPost("Masuk")]
    [AllowAnonymous]
    [FormRateLimit(FormLimitGroup.SignIn)]
    public async Task<IActionResult> Login(LoginForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var user = await users.FindByEmailAsync(form.Email.Trim());
        if (user?.PasswordHash is null)
        {
            // Same work as for a known account: one password hash check.
            users.PasswordHasher.VerifyHashedPassword(user ?? new ApplicationUser(), DummyHash.Value, form.Password);
            return SignInRefused(form, user?.Id);
        }

        // No lockout on failures: a stranger must not be able to lock anyone out; the rate limiter throttles
        // guessing per client and per (account, client) instead (docs/adr/0014).
        if (!await users.CheckPasswordAsync(user, form.Password) || await users.IsLockedOutAsync(user))
        {
            return SignInRefused(form, user.Id);
        }

        if (!user.EmailConfirmed)
        {
            ModelState.AddModelError("", SignInUnconfirmed);
            ViewData["Unconfirmed"] = true;
            return View(form);
        }

        await signIn.SignInAsync(user, isPersistent: false);
        logger.LogInformation("User {UserId} signed in", user.Id);
        return LocalRedirect(Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl! : "/");
    }

    /// <summary>Ends every session of the user, on every node: the security stamp changes (docs/adr/0014).</summary>
    [HttpPost("Keluar")]
    [Authorize]
    public async Task<IActionResult> Logout()
    {
        if (await users.GetUserAsync(User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
            logger.LogInformation("User {UserId} signed out; all sessions ended", user.Id);
        }

        await signIn.SignOutAsync();
        return Redirect("/");
    }

    [HttpGet("Daftar")]
    [AllowAnonymous]
    public IActionResult Register() => View(new RegisterForm());

    [HttpPost("Daftar")]
    [AllowAnonymous]
    [FormRateLimit(FormLimitGroup.Register)]
    public async Task<IActionResult> Register(RegisterForm form,
        [FromServices] NipVerificationService nipChecks)
    {
        if (!ModelState.IsValid)
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

        var email = form.Email.Trim();

        // The password rules are checked before the address is looked up, so a weak password gets the same answer
        // whether or not the address is taken (docs/adr/0014).
        var candidate = new ApplicationUser { UserName = email, Email = email, FullName = form.FullName.Trim(), Nip = NipValidator.Normalize(form.Nip) };
        var passwordErrors = new List<IdentityError>();
        foreach (var rule in users.PasswordValidators)
        {
            passwordErrors.AddRange((await rule.ValidateAsync(users, candidate, form.Password)).Errors);
        }

        if (passwordErrors.Count > 0)
        {
            foreach (var error in passwordErrors.DistinctBy(e => e.Description))
            {
                ModelState.AddModelError(nameof(form.Password), error.Description);
            }

            return View(form);
        }

        if (await users.FindByEmailAsync(email) is { } existing)
        {
            // Never say that an address is taken: tell its owner instead, and show the same page (docs/adr/0014).
            users.PasswordHasher.HashPassword(existing, form.Password);
            QueueRegistrationAttempt(existing);
            await db.SaveChangesAsync();
            logger.LogInformation("Registration attempt with the address of user {UserId}; owner notified", existing.Id);
            return RedirectToAction(nameof(RegisterDone));
        }

        // One applicant account per NIP per office (H1 of issue #7, docs/adr/0016).
        var nip = NipValidator.Normalize(form.Nip);
        if (nip is not null && await nipChecks.IsNipTakenAsync(officeId, nip, HttpContext.RequestAborted))
        {
            return await NipTakenAsync(form);
        }

        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
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
            if (created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
            {
                // Registered a moment ago by a parallel request: the same answer as above.
                return RedirectToAction(nameof(RegisterDone));
            }

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
        var token = DecodeToken(code);
        if (user is null || token is null)
        {
            ViewData["Ok"] = false;
            return View();
        }

        var result = await users.ConfirmEmailAsync(user, token);
        ViewData["Ok"] = result.Succeeded;
        return View();
    }

    [HttpGet("KirimUlangKonfirmasi")]
    [AllowAnonymous]
    public IActionResult ResendConfirmation(string? email) => View(new EmailForm { Email = email ?? "" });

    /// <summary>The same page whether or not the address has an unconfirmed account.</summary>
    [HttpPost("KirimUlangKonfirmasi")]
    [AllowAnonymous]
    [FormRateLimit(FormLimitGroup.ResendConfirmation)]
    public async Task<IActionResult> ResendConfirmation(EmailForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        if (await users.FindByEmailAsync(form.Email.Trim()) is { EmailConfirmed: false, PasswordHash: not null } user)
        {
            await QueueConfirmationAsync(user);
            await db.SaveChangesAsync();
            logger.LogInformation("Confirmation email queued again for user {UserId}", user.Id);
        }

        return View("EmailSent", "Jika alamat tersebut terdaftar dan belum dikonfirmasi, kami mengirim tautan konfirmasi yang baru ke alamat itu.");
    }

    [HttpGet("LupaPassword")]
    [AllowAnonymous]
    public IActionResult ForgotPassword() => View(new EmailForm());

    /// <summary>The same page whether or not the address has an account; the link goes only to that address.</summary>
    [HttpPost("LupaPassword")]
    [AllowAnonymous]
    [FormRateLimit(FormLimitGroup.ForgotPassword)]
    public async Task<IActionResult> ForgotPassword(EmailForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        if (await users.FindByEmailAsync(form.Email.Trim()) is { } user)
        {
            await QueuePasswordResetAsync(user);
            await db.SaveChangesAsync();
            logger.LogInformation("Password reset email queued for user {UserId}", user.Id);
        }

        return View("EmailSent", "Jika alamat tersebut terdaftar, kami mengirim tautan untuk mengatur password baru ke alamat itu. " +
                                 $"Tautan berlaku {PasswordResetTokens.Lifespan.TotalHours:0} jam dan hanya dapat dipakai satu kali.");
    }

    /// <summary>The link from the email: the token arrives in the query string and goes on in the form body, never in a path.</summary>
    [HttpGet("AturUlangPassword")]
    [AllowAnonymous]
    public IActionResult ResetPassword(string? userId, string? code)
    {
        Response.Headers.CacheControl = "no-cache, no-store"; // as antiforgery sets it on pages with a form (no override warning)
        Response.Headers.Pragma = "no-cache";
        return View(new ResetPasswordForm { UserId = userId ?? "", Code = code ?? "" });
    }

    [HttpPost("AturUlangPassword")]
    [AllowAnonymous]
    [FormRateLimit(FormLimitGroup.ResetPassword)]
    public async Task<IActionResult> ResetPassword(ResetPasswordForm form)
    {
        Response.Headers.CacheControl = "no-cache, no-store"; // as antiforgery sets it on pages with a form (no override warning)
        Response.Headers.Pragma = "no-cache";
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var user = await users.FindByIdAsync(form.UserId);
        var token = DecodeToken(form.Code);
        if (user is null || token is null)
        {
            ModelState.AddModelError("", InvalidResetLink);
            return View(form);
        }

        // Changes the security stamp: every session of the user ends, and the link cannot be used again.
        var result = await users.ResetPasswordAsync(user, token, form.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == nameof(IdentityErrorDescriber.InvalidToken) ? "" : nameof(form.NewPassword),
                    error.Code == nameof(IdentityErrorDescriber.InvalidToken) ? InvalidResetLink : error.Description);
            }

            return View(form);
        }

        // The link reached this address: it is confirmed, and a temporary password is replaced.
        user.EmailConfirmed = true;
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        logger.LogInformation("User {UserId} set a new password by email link; all sessions ended", user.Id);
        TempData["Success"] = "Password baru tersimpan. Semua sesi yang masih terbuka telah diakhiri; silakan masuk dengan password baru.";
        return Redirect("/Akun/Masuk");
    }

    [HttpGet("GantiPassword")]
    [Authorize]
    public IActionResult ChangePassword() => View(new ChangePasswordForm());

    [HttpPost("GantiPassword")]
    [Authorize]
    public async Task<IActionResult> ChangePassword(ChangePasswordForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        // Changes the security stamp: the user's other sessions end at their next request (docs/adr/0014).
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

        // This session goes on with the new stamp.
        await signIn.RefreshSignInAsync(user);
        TempData["Success"] = "Password berhasil diganti. Sesi Anda di perangkat lain telah diakhiri.";
        return Redirect("/");
    }

    [HttpGet("AksesDitolak")]
    [AllowAnonymous]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }

    private const string InvalidResetLink = "Tautan untuk mengatur password tidak sah, sudah dipakai, atau sudah kedaluwarsa. Minta tautan baru melalui Lupa password.";

    private ViewResult SignInRefused(LoginForm form, string? userId)
    {
        logger.LogInformation("Sign-in refused (user {UserId})", userId ?? "unknown");
        ModelState.AddModelError("", SignInFailed);
        return View(form);
    }

    private static string? DecodeToken(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

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
        var link = $"{BaseUrl}/Akun/Konfirmasi?userId={Uri.EscapeDataString(user.Id)}&code={Encode(token)}";
        notifier.Queue(null, "confirm-email", user.Email!, "Konfirmasi pendaftaran AksesSpse",
            $"""
            Yth. {user.FullName},

            Terima kasih telah mendaftar di AksesSpse. Konfirmasikan alamat email Anda dengan membuka tautan berikut:
            {link}

            Jika Anda tidak merasa mendaftar, abaikan email ini.
            """, redactAfterSend: true);
    }

    private void QueueRegistrationAttempt(ApplicationUser owner) =>
        notifier.Queue(null, "register-attempt", owner.Email!, "Percobaan pendaftaran dengan alamat email Anda",
            $"""
            Yth. {owner.FullName},

            Seseorang baru saja mencoba mendaftar di AksesSpse dengan alamat email ini, padahal alamat ini sudah terdaftar.
            Tidak ada akun baru yang dibuat dan akun Anda tidak berubah.

            Jika itu Anda: masuk di {BaseUrl}/Akun/Masuk, atau atur password baru di {BaseUrl}/Akun/LupaPassword bila Anda lupa password.
            Jika bukan Anda, abaikan email ini.
            """);

    private async Task QueuePasswordResetAsync(ApplicationUser user)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = $"{BaseUrl}/Akun/AturUlangPassword?userId={Uri.EscapeDataString(user.Id)}&code={Encode(token)}";
        // Redacted once sent: the outbox does not keep the link at rest (docs/adr/0007, docs/adr/0015).
        notifier.Queue(null, "password-reset", user.Email!, "Atur password baru AksesSpse",
            $"""
            Yth. {user.FullName},

            Kami menerima permintaan untuk mengatur password baru akun AksesSpse Anda. Buka tautan berikut untuk memilih password baru:
            {link}

            Tautan berlaku {PasswordResetTokens.Lifespan.TotalHours:0} jam dan hanya dapat dipakai satu kali. Setelah password baru tersimpan,
            semua sesi yang masih terbuka diakhiri.

            Jika Anda tidak meminta ini, abaikan email ini: password Anda tidak berubah.
            """, redactAfterSend: true);
    }
}
