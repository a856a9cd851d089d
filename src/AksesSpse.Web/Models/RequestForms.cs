using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Infrastructure;
using FluentValidation;

namespace AksesSpse.Web.Models;

/// <summary>The fields of an SOP 4 request, whoever fills them: the applicant online or the desk from a paper file.</summary>
public interface IResetRequestFields
{
    RequestType Type { get; }
    string SpseUserId { get; }
    string Reason { get; }
    string? NewHolderName { get; }
    string? NewHolderEmail { get; }
    string? NewAgency { get; }
    string? NewHolderPhone { get; }
}

public static class ResetRequestRules
{
    /// <summary>SOP 4's rules for its request fields, one set for the online form and the desk's intake form.</summary>
    public static void AddResetRequestRules<T>(this AbstractValidator<T> v) where T : IResetRequestFields
    {
        v.RuleFor(f => f.Type).Must(t => t is RequestType.ResetPassword or RequestType.ChangeUserInformation)
            .WithMessage("Pilih jenis permohonan: reset password atau perubahan informasi user ID.");
        v.RuleFor(f => f.SpseUserId).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("User ID SPSE wajib diisi.")
            .SingleLine("User ID SPSE", 100)
            .Matches(@"^[A-Za-z0-9._@-]+$").WithMessage("User ID SPSE hanya boleh berisi huruf, angka, titik, garis bawah, @ dan tanda hubung.");
        v.RuleFor(f => f.Reason).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Alasan permohonan wajib diisi.")
            .MinimumLength(10).WithMessage("Alasan permohonan minimal 10 karakter.")
            .MultiLine("Alasan permohonan", 2000);
        v.When(f => f.Type == RequestType.ChangeUserInformation, () =>
        {
            v.RuleFor(f => f).Must(f => !string.IsNullOrWhiteSpace(f.NewHolderName) || !string.IsNullOrWhiteSpace(f.NewHolderEmail) ||
                                        !string.IsNullOrWhiteSpace(f.NewAgency) || !string.IsNullOrWhiteSpace(f.NewHolderPhone))
                .WithName("Perubahan").OverridePropertyName("NewHolderName")
                .WithMessage("Isi sekurang-kurangnya satu informasi user ID yang ingin diubah (nama, email, instansi, atau No. HP).");
            v.RuleFor(f => f.NewHolderEmail).EmailAddress().When(f => !string.IsNullOrWhiteSpace(f.NewHolderEmail)).WithMessage("Format email baru tidak sah.").DeliverableEmail();
            v.RuleFor(f => f.NewHolderPhone).Matches(ActivationRules.PhonePattern).When(f => !string.IsNullOrWhiteSpace(f.NewHolderPhone))
                .WithMessage("No. HP baru harus nomor seluler Indonesia, mis. 081234567890.");
        });

        // The columns' lengths hold whatever the type, so nothing sent can overflow them.
        v.RuleFor(f => f.NewHolderName).SingleLine("Nama", 200);
        v.RuleFor(f => f.NewHolderEmail).SingleLine("Email baru", 256);
        v.RuleFor(f => f.NewAgency).SingleLine("Instansi", 200);
        v.RuleFor(f => f.NewHolderPhone).SingleLine("No. HP baru", 30);
    }
}

/// <summary>The applicant's start form for SOP 4 (/Prosedur/Ajukan/4). Files arrive as form fields named doc_{CODE}.</summary>
public sealed class SubmitRequestForm : IResetRequestFields
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
        this.AddResetRequestRules();
    }
}

/// <summary>The page behind a one-time password link: an error, or the link's state (ready, used, expired).</summary>
public sealed class CredentialOpenPage
{
    public string? Token { get; init; }
    public string? Error { get; init; }
    public AksesSpse.Core.Credentials.CredentialLinkState? State { get; init; }
}
