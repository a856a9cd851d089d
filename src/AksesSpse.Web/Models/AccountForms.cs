using AksesSpse.Core.Identity;
using AksesSpse.Core.Validation;
using AksesSpse.Web.Infrastructure;
using FluentValidation;

namespace AksesSpse.Web.Models;

public sealed class LoginForm
{
    public string Email { get; set; } = "";
    public string Password { get; set; } = "";
    public string? ReturnUrl { get; set; }
}

public sealed class LoginFormValidator : AbstractValidator<LoginForm>
{
    public LoginFormValidator()
    {
        RuleFor(f => f.Email).NotEmpty().WithMessage("Email wajib diisi.")
            .MaximumLength(AccountLimits.Email).WithMessage(AccountLimits.EmailTooLong);
        RuleFor(f => f.Password).NotEmpty().WithMessage("Password wajib diisi.")
            .MaximumLength(PasswordPolicy.MaxLength).WithMessage(PasswordPolicy.MaxLengthMessage);
        RuleFor(f => f.ReturnUrl).MaximumLength(2000).WithMessage("Alamat tujuan terlalu panjang.");
    }
}

/// <summary>Column sizes of the account fields (Identity's defaults) and their messages.</summary>
public static class AccountLimits
{
    public const int Email = 256;
    public const string EmailTooLong = "Email maksimal 256 karakter.";
}

/// <summary>An email address alone: confirmation resend and forgotten password.</summary>
public sealed class EmailForm
{
    public string Email { get; set; } = "";
}

public sealed class EmailFormValidator : AbstractValidator<EmailForm>
{
    public EmailFormValidator()
    {
        RuleFor(f => f.Email).NotEmpty().WithMessage("Email wajib diisi.")
            .MaximumLength(AccountLimits.Email).WithMessage(AccountLimits.EmailTooLong)
            .EmailAddress().WithMessage("Format email tidak sah.");
    }
}

/// <summary>The new password chosen through the link of a forgotten-password email.</summary>
public sealed class ResetPasswordForm
{
    public string UserId { get; set; } = "";
    public string Code { get; set; } = "";
    public string NewPassword { get; set; } = "";
    public string ConfirmPassword { get; set; } = "";
}

public sealed class ResetPasswordFormValidator : AbstractValidator<ResetPasswordForm>
{
    public ResetPasswordFormValidator()
    {
        const string invalidLink = "Tautan tidak lengkap. Buka tautan persis seperti pada email Anda.";
        RuleFor(f => f.UserId).NotEmpty().WithMessage(invalidLink).MaximumLength(450).WithMessage(invalidLink);
        RuleFor(f => f.Code).NotEmpty().WithMessage(invalidLink).MaximumLength(2000).WithMessage(invalidLink);
        RuleFor(f => f.NewPassword).NotEmpty().WithMessage("Password baru wajib diisi.")
            .MinimumLength(10).WithMessage("Password baru minimal 10 karakter.")
            .MaximumLength(PasswordPolicy.MaxLength).WithMessage(PasswordPolicy.MaxLengthMessage);
        RuleFor(f => f.ConfirmPassword).Equal(f => f.NewPassword).WithMessage("Konfirmasi password tidak sama.");
    }
}

/// <summary>Self-registration of an applicant with the personal data the SOPs ask for.</summary>
public sealed class RegisterForm
{
    public string FullName { get; set; } = "";
    public string Nip { get; set; } = "";
    public string RankGrade { get; set; } = "";
    public string Position { get; set; } = "";
    public string Agency { get; set; } = "";
    public string Address { get; set; } = "";
    public string PhoneNumber { get; set; } = "";
    public string Email { get; set; } = "";
    public ApplicantKind ApplicantKind { get; set; } = ApplicantKind.Pokja;
    public string Password { get; set; } = "";
    public string ConfirmPassword { get; set; } = "";

    public static readonly IReadOnlyList<string> RankGrades =
    [
        "Juru Muda / I-a", "Juru Muda Tingkat I / I-b", "Juru / I-c", "Juru Tingkat I / I-d",
        "Pengatur Muda / II-a", "Pengatur Muda Tingkat I / II-b", "Pengatur / II-c", "Pengatur Tingkat I / II-d",
        "Penata Muda / III-a", "Penata Muda Tingkat I / III-b", "Penata / III-c", "Penata Tingkat I / III-d",
        "Pembina / IV-a", "Pembina Tingkat I / IV-b", "Pembina Utama Muda / IV-c", "Pembina Utama Madya / IV-d", "Pembina Utama / IV-e",
    ];
}

public sealed class RegisterFormValidator : AbstractValidator<RegisterForm>
{
    public RegisterFormValidator(PageClock clock)
    {
        RuleFor(f => f.FullName).NotEmpty().WithMessage("Nama wajib diisi.")
            .MaximumLength(200).WithMessage("Nama maksimal 200 karakter.");
        RuleFor(f => f.Nip).Custom((nip, context) =>
        {
            foreach (var message in NipValidator.Validate(nip, clock.Today))
            {
                context.AddFailure(nameof(RegisterForm.Nip), message);
            }
        });
        RuleFor(f => f.RankGrade).Must(r => RegisterForm.RankGrades.Contains(r)).WithMessage("Pilih pangkat/golongan dari daftar.");
        RuleFor(f => f.Position).NotEmpty().WithMessage("Jabatan wajib diisi.").MaximumLength(200).WithMessage("Jabatan maksimal 200 karakter.");
        RuleFor(f => f.Agency).NotEmpty().WithMessage("Instansi wajib diisi.").MaximumLength(200).WithMessage("Instansi maksimal 200 karakter.");
        RuleFor(f => f.Address).NotEmpty().WithMessage("Alamat wajib diisi.").MaximumLength(500).WithMessage("Alamat maksimal 500 karakter.");
        RuleFor(f => f.PhoneNumber).NotEmpty().WithMessage("No. HP wajib diisi.")
            .Matches(@"^(\+62|62|0)8[0-9]{7,12}$").WithMessage("No. HP harus nomor seluler Indonesia, mis. 081234567890.");
        RuleFor(f => f.Email).NotEmpty().WithMessage("Email wajib diisi.")
            .EmailAddress().WithMessage("Format email tidak sah.").MaximumLength(AccountLimits.Email).WithMessage(AccountLimits.EmailTooLong)
            .DeliverableEmail();
        RuleFor(f => f.ApplicantKind).Must(k => k is ApplicantKind.Pokja or ApplicantKind.Ppk or ApplicantKind.PejabatPengadaan)
            .WithMessage("Pilih jabatan pengadaan: Pokja, PPK, atau Pejabat Pengadaan.");
        RuleFor(f => f.Password).NotEmpty().WithMessage("Password wajib diisi.")
            .MinimumLength(10).WithMessage("Password minimal 10 karakter.")
            .MaximumLength(PasswordPolicy.MaxLength).WithMessage(PasswordPolicy.MaxLengthMessage);
        RuleFor(f => f.ConfirmPassword).Equal(f => f.Password).WithMessage("Konfirmasi password tidak sama.");
    }
}

public sealed class ChangePasswordForm
{
    public string CurrentPassword { get; set; } = "";
    public string NewPassword { get; set; } = "";
    public string ConfirmPassword { get; set; } = "";
}

public sealed class ChangePasswordFormValidator : AbstractValidator<ChangePasswordForm>
{
    public ChangePasswordFormValidator()
    {
        RuleFor(f => f.CurrentPassword).NotEmpty().WithMessage("Password lama wajib diisi.")
            .MaximumLength(PasswordPolicy.MaxLength).WithMessage("Password lama salah.");
        RuleFor(f => f.NewPassword).NotEmpty().WithMessage("Password baru wajib diisi.")
            .MinimumLength(10).WithMessage("Password baru minimal 10 karakter.")
            .MaximumLength(PasswordPolicy.MaxLength).WithMessage(PasswordPolicy.MaxLengthMessage)
            .NotEqual(f => f.CurrentPassword).WithMessage("Password baru harus berbeda dari password lama.");
        RuleFor(f => f.ConfirmPassword).Equal(f => f.NewPassword).WithMessage("Konfirmasi password tidak sama.");
    }
}

public static class ApplicantKindLabels
{
    public static string Label(this ApplicantKind kind) => kind switch
    {
        ApplicantKind.Pokja => "Anggota Pokja Pemilihan",
        ApplicantKind.Ppk => "PPK",
        ApplicantKind.PejabatPengadaan => "Pejabat Pengadaan",
        _ => "-",
    };
}
