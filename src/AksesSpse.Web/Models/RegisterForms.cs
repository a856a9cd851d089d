using AksesSpse.Core.Accounts;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Validation;
using AksesSpse.Web.Infrastructure;
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
    public NewAccountFormValidator(PageClock clock)
    {
        RuleFor(f => f.UserId).NotEmpty().WithMessage("User ID wajib diisi.").SingleLine("User ID", 100)
            .Matches(@"^[A-Za-z0-9._@-]+$").WithMessage("User ID hanya boleh berisi huruf, angka, titik, garis bawah, @ dan tanda hubung.");
        RuleFor(f => f.HolderName).NotEmpty().WithMessage("Nama pemegang akun wajib diisi.").SingleLine("Nama", 200);
        RuleFor(f => f.HolderNip).Custom((nip, context) =>
        {
            foreach (var message in NipValidator.Validate(nip, clock.Today))
            {
                context.AddFailure(nameof(NewAccountForm.HolderNip), message);
            }
        });
        RuleFor(f => f.HolderEmail).NotEmpty().WithMessage("Email wajib diisi.").SingleLine("Email", 256).EmailAddress().WithMessage("Format email tidak sah.").DeliverableEmail();
        RuleFor(f => f.HolderPhone).Matches(@"^(\+62|62|0)8[0-9]{7,12}$").When(f => !string.IsNullOrWhiteSpace(f.HolderPhone))
            .WithMessage("No. HP harus nomor seluler Indonesia, mis. 081234567890.");
        RuleFor(f => f.HolderPhone).SingleLine("No. HP", 30);
        RuleFor(f => f.Agency).NotEmpty().WithMessage("Instansi wajib diisi.").SingleLine("Instansi", 200);
        RuleFor(f => f.Role).IsInEnum().WithMessage("Pilih peran akun.");
        RuleFor(f => f.SkNumber).NotEmpty().WithMessage("Nomor SK wajib diisi.").SingleLine("Nomor SK", 200);
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
