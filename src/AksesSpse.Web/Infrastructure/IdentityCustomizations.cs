using System.Security.Claims;
using AksesSpse.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AksesSpse.Web.Infrastructure;

public static class AppClaims
{
    public const string OfficeId = "aksesspse:office";
    public const string FullName = "aksesspse:name";
    public const string MustChangePassword = "aksesspse:must_change_password";
}

/// <summary>Puts the office, the full name and the password-change duty into the sign-in cookie.</summary>
public sealed class AppClaimsPrincipalFactory(UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AppClaims.OfficeId, user.OfficeId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(AppClaims.FullName, user.FullName));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(AppClaims.MustChangePassword, "true"));
        }

        return identity;
    }
}

/// <summary>Identity's messages in Bahasa Indonesia.</summary>
public sealed class IndonesianIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = "Terjadi kesalahan yang tidak diketahui." };
    public override IdentityError ConcurrencyFailure() => new() { Code = nameof(ConcurrencyFailure), Description = "Data baru saja diubah oleh orang lain. Muat ulang dan coba lagi." };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "Password lama salah." };
    public override IdentityError InvalidToken() => new() { Code = nameof(InvalidToken), Description = "Tautan tidak sah atau sudah kedaluwarsa." };
    public override IdentityError InvalidEmail(string? email) => new() { Code = nameof(InvalidEmail), Description = $"Email \"{email}\" tidak sah." };
    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = $"Nama pengguna \"{userName}\" tidak sah." };
    public override IdentityError DuplicateEmail(string email) => new() { Code = nameof(DuplicateEmail), Description = $"Email \"{email}\" sudah terdaftar." };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = $"Email \"{userName}\" sudah terdaftar." };
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"Password minimal {length} karakter." };
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"Password harus memuat sedikitnya {uniqueChars} karakter berbeda." };
    public override IdentityError PasswordRequiresNonAlphanumeric() => new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = "Password harus memuat sedikitnya satu simbol." };
    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = "Password harus memuat sedikitnya satu angka." };
    public override IdentityError PasswordRequiresLower() => new() { Code = nameof(PasswordRequiresLower), Description = "Password harus memuat sedikitnya satu huruf kecil." };
    public override IdentityError PasswordRequiresUpper() => new() { Code = nameof(PasswordRequiresUpper), Description = "Password harus memuat sedikitnya satu huruf besar." };
    public override IdentityError UserAlreadyHasPassword() => new() { Code = nameof(UserAlreadyHasPassword), Description = "Pengguna sudah memiliki password." };
    public override IdentityError UserLockoutNotEnabled() => new() { Code = nameof(UserLockoutNotEnabled), Description = "Penguncian akun tidak aktif untuk pengguna ini." };
    public override IdentityError UserAlreadyInRole(string role) => new() { Code = nameof(UserAlreadyInRole), Description = $"Pengguna sudah memiliki peran {role}." };
    public override IdentityError UserNotInRole(string role) => new() { Code = nameof(UserNotInRole), Description = $"Pengguna tidak memiliki peran {role}." };
}
