using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Infrastructure;
using FluentValidation;

namespace AksesSpse.Web.Models;

/// <summary>The applicant's start form for SOP 4 (/Prosedur/Ajukan/4). Files arrive as form fields named doc_{CODE}.</summary>
public sealed class SubmitRequestForm
{
    public Guid SubmissionKey { get; set; }
    public RequestType Type { get; set; } = RequestType.ResetPassword;
    public string SpseUserId { get; set; } = "";
    public string Reason { get; set; } = "";
    public string? NewHolderName { get; set; }
    public string? NewHolderEmail { get; set; }
    public string? NewAgency { get; set; }
    public string? NewHolderPhone { get; set; }
}

public sealed class SubmitRequestFormValidator : AbstractValidator<SubmitRequestForm>
{
    public SubmitRequestFormValidator()
    {
        RuleFor(f => f.SubmissionKey).NotEmpty().WithMessage("Formulir tidak lengkap; muat ulang halaman.");
        RuleFor(f => f.Type).IsInEnum().WithMessage("Pilih jenis permohonan.");
        RuleFor(f => f.SpseUserId).NotEmpty().WithMessage("User ID SPSE wajib diisi.")
            .SingleLine("User ID SPSE", 100)
            .Matches(@"^[A-Za-z0-9._@-]+$").WithMessage("User ID SPSE hanya boleh berisi huruf, angka, titik, garis bawah, @ dan tanda hubung.");
        RuleFor(f => f.Reason).NotEmpty().WithMessage("Alasan permohonan wajib diisi.")
            .MinimumLength(10).WithMessage("Alasan permohonan minimal 10 karakter.")
            .MultiLine("Alasan permohonan", 2000);
        When(f => f.Type == RequestType.ChangeUserInformation, () =>
        {
            RuleFor(f => f).Must(f => !string.IsNullOrWhiteSpace(f.NewHolderName) || !string.IsNullOrWhiteSpace(f.NewHolderEmail) ||
                                      !string.IsNullOrWhiteSpace(f.NewAgency) || !string.IsNullOrWhiteSpace(f.NewHolderPhone))
                .WithName("Perubahan").OverridePropertyName("NewHolderName")
                .WithMessage("Isi sekurang-kurangnya satu informasi user ID yang ingin diubah (nama, email, instansi, atau No. HP).");
            RuleFor(f => f.NewHolderEmail).EmailAddress().When(f => !string.IsNullOrWhiteSpace(f.NewHolderEmail)).WithMessage("Format email baru tidak sah.").DeliverableEmail();
            RuleFor(f => f.NewHolderPhone).Matches(@"^(\+62|62|0)8[0-9]{7,12}$").When(f => !string.IsNullOrWhiteSpace(f.NewHolderPhone))
                .WithMessage("No. HP baru harus nomor seluler Indonesia, mis. 081234567890.");
        });

        // The columns' lengths hold whatever the type, so nothing sent can overflow them.
        RuleFor(f => f.NewHolderName).SingleLine("Nama", 200);
        RuleFor(f => f.NewHolderEmail).SingleLine("Email baru", 256);
        RuleFor(f => f.NewAgency).SingleLine("Instansi", 200);
        RuleFor(f => f.NewHolderPhone).SingleLine("No. HP baru", 30);
    }
}

/// <summary>The page behind a one-time password link: an error, or the link's state (ready, used, expired).</summary>
public sealed class CredentialOpenPage
{
    public string? Token { get; init; }
    public string? Error { get; init; }
    public AksesSpse.Core.Credentials.CredentialLinkState? State { get; init; }
}
