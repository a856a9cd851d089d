using AksesSpse.Core.Accounts;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Validation;
using FluentValidation;

namespace AksesSpse.Web.Models;

public sealed class NewAccountForm
{
    public string UserId { get; set; } = "";
    public string HolderName { get; set; } = "";
    public string HolderNip { get; set; } = "";
    public string HolderEmail { get; set; } = "";
    public string? HolderPhone { get; set; }
    public string Agency { get; set; } = "";
    public SpseRole Role { get; set; } = SpseRole.Pokja;
    public string SkNumber { get; set; } = "";
    public DateOnly? SkDate { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }
}

public sealed class NewAccountFormValidator : AbstractValidator<NewAccountForm>
{
    public NewAccountFormValidator(TimeProvider time)
    {
        RuleFor(f => f.UserId).NotEmpty().WithMessage("User ID wajib diisi.").MaximumLength(100).WithMessage("User ID maksimal 100 karakter.")
            .Matches(@"^[A-Za-z0-9._@-]+$").WithMessage("User ID hanya boleh berisi huruf, angka, titik, garis bawah, @ dan tanda hubung.");
        RuleFor(f => f.HolderName).NotEmpty().WithMessage("Nama pemegang akun wajib diisi.").MaximumLength(200).WithMessage("Nama maksimal 200 karakter.");
        RuleFor(f => f.HolderNip).Custom((nip, context) =>
        {
            foreach (var message in NipValidator.Validate(nip, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)))
            {
                context.AddFailure(nameof(NewAccountForm.HolderNip), message);
            }
        });
        RuleFor(f => f.HolderEmail).NotEmpty().WithMessage("Email wajib diisi.").EmailAddress().WithMessage("Format email tidak sah.");
        RuleFor(f => f.HolderPhone).Matches(@"^(\+62|62|0)8[0-9]{7,12}$").When(f => !string.IsNullOrWhiteSpace(f.HolderPhone))
            .WithMessage("No. HP harus nomor seluler Indonesia, mis. 081234567890.");
        RuleFor(f => f.Agency).NotEmpty().WithMessage("Instansi wajib diisi.").MaximumLength(200).WithMessage("Instansi maksimal 200 karakter.");
        RuleFor(f => f.Role).IsInEnum().WithMessage("Pilih peran akun.");
        RuleFor(f => f.SkNumber).NotEmpty().WithMessage("Nomor SK wajib diisi.").MaximumLength(200).WithMessage("Nomor SK maksimal 200 karakter.");
        RuleFor(f => f.ValidUntil).GreaterThanOrEqualTo(f => f.ValidFrom).When(f => f.ValidFrom != null && f.ValidUntil != null)
            .WithMessage("Tanggal akhir berlaku SK tidak boleh sebelum tanggal mulai.");
    }
}

public sealed class RegisterPage
{
    public required PagedResult<SpseAccount> Result { get; init; }
    public required AccountFilter Filter { get; init; }
    public DateOnly Today { get; init; }
}
