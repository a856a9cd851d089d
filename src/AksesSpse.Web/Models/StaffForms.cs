using AksesSpse.Core.Identity;
using AksesSpse.Web.Infrastructure;
using FluentValidation;

namespace AksesSpse.Web.Models;

/// <summary>The Administrator's form for an LPSE / UKPBJ staff account.</summary>
public sealed class NewStaffForm
{
    public string FullName { get; set; } = "";
    public string Email { get; set; } = "";
    public string? Nip { get; set; }
    public string Role { get; set; } = Roles.AdminAgency;
}

public sealed class NewStaffFormValidator : AbstractValidator<NewStaffForm>
{
    public NewStaffFormValidator(PageClock clock)
    {
        RuleFor(f => f.FullName).NotEmpty().WithMessage("Nama wajib diisi.").SingleLine("Nama", 200);
        RuleFor(f => f.Email).NotEmpty().WithMessage("Email wajib diisi.").SingleLine("Email", 256).EmailAddress().WithMessage("Format email tidak sah.").DeliverableEmail();
        RuleFor(f => f.Role).Must(r => Roles.Staff.Contains(r)).WithMessage("Pilih peran petugas dari daftar.");
        RuleFor(f => f.Nip).Custom((nip, context) =>
        {
            if (string.IsNullOrWhiteSpace(nip))
            {
                return;
            }

            foreach (var message in AksesSpse.Core.Validation.NipValidator.Validate(nip, clock.Today))
            {
                context.AddFailure(nameof(NewStaffForm.Nip), message);
            }
        });
    }
}

public sealed record StaffCreated(string Email, string FullName, string Role, string TemporaryPassword);
