using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Validation;
using AksesSpse.Web.Infrastructure;
using FluentValidation;

namespace AksesSpse.Web.Models;

/// <summary>Who brought a paper or email file, as every SOP's intake form asks it.</summary>
public interface IIntakeApplicantForm
{
    IntakeChannel? Channel { get; }
    string ApplicantName { get; }
    string ApplicantNip { get; }
    string ApplicantEmail { get; }
}

/// <summary>The SOPs whose files this person may take in, and the one the page shows.</summary>
public sealed class IntakeMenu
{
    public required IReadOnlyList<PaperIntakePolicy> Policies { get; init; }
    public SopKind? Current { get; init; }

    /// <summary>The intake form of each SOP that allows one.</summary>
    public static string PathOf(SopKind kind) => kind switch
    {
        SopKind.PasswordReset => "/Helpdesk/Penerimaan/ResetPassword",
        _ => "/Helpdesk/Penerimaan/Baru",
    };
}

public static class IntakeRules
{
    /// <summary>The rules of the applicant block every intake form shares, in Bahasa Indonesia.</summary>
    public static void AddIntakeApplicantRules<T>(this AbstractValidator<T> v, PageClock clock) where T : IIntakeApplicantForm
    {
        v.RuleFor(f => f.Channel).Must(c => c is IntakeChannel.WalkIn or IntakeChannel.Email)
            .WithMessage("Pilih cara berkas diterima: datang langsung atau email.");
        v.RuleFor(f => f.ApplicantName).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Nama pemohon wajib diisi.")
            .SingleLine("Nama pemohon", 200);
        v.RuleFor(f => f.ApplicantNip).Custom((nip, context) =>
        {
            foreach (var message in NipValidator.Validate(nip, clock.Today))
            {
                context.AddFailure(nameof(IIntakeApplicantForm.ApplicantNip), message);
            }
        });
        v.RuleFor(f => f.ApplicantEmail).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Email pemohon wajib diisi.")
            .SingleLine("Email pemohon", 256)
            .EmailAddress().WithMessage("Format email pemohon tidak sah.")
            .DeliverableEmail();
    }
}

/// <summary>An SOP 4 file a Pokja member brought on paper or sent by email, registered by Helpdesk or Admin Agency. Files: doc_{CODE}.</summary>
public sealed class ResetIntakeForm : IIntakeApplicantForm, IResetRequestFields
{
    public Guid SubmissionKey { get; set; }
    public IntakeChannel? Channel { get; set; }
    public string ApplicantName { get; set; } = "";
    public string ApplicantNip { get; set; } = "";
    public string ApplicantEmail { get; set; } = "";
    public string? Phone { get; set; }
    public string? Agency { get; set; }
    public string SkNumber { get; set; } = "";
    public RequestType Type { get; set; } = RequestType.ResetPassword;
    public string SpseUserId { get; set; } = "";
    public string Reason { get; set; } = "";
    public string? NewHolderName { get; set; }
    public string? NewHolderEmail { get; set; }
    public string? NewAgency { get; set; }
    public string? NewHolderPhone { get; set; }
}

public sealed class ResetIntakeFormValidator : AbstractValidator<ResetIntakeForm>
{
    public ResetIntakeFormValidator(PageClock clock)
    {
        RuleFor(f => f.SubmissionKey).NotEmpty().WithMessage("Formulir tidak lengkap; muat ulang halaman.");
        this.AddIntakeApplicantRules(clock);
        RuleFor(f => f.Phone).SingleLine("No. HP", 30)
            .Matches(ActivationRules.PhonePattern).When(f => !string.IsNullOrWhiteSpace(f.Phone))
            .WithMessage("No. HP harus nomor seluler Indonesia berupa angka saja, mis. 081234567890.");
        RuleFor(f => f.Agency).SingleLine("Instansi", 200);
        RuleFor(f => f.SkNumber).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Nomor SK penetapan sebagai Pokja Pemilihan wajib diisi.")
            .SingleLine("Nomor SK", 200);
        this.AddResetRequestRules();
    }
}

public sealed class ResetIntakePage
{
    public required ResetIntakeForm Form { get; init; }
    public required SopDefinition Sop { get; init; }
    public required IntakeMenu Menu { get; init; }
}

/// <summary>Helpdesk records the applicant's confirmation of the result given by phone, at the desk or otherwise (SOP 2 step 8).</summary>
public sealed class StaffConfirmationForm
{
    public int Version { get; set; }
    public string ConfirmedBy { get; set; } = "";
    public ConfirmationMethod? Method { get; set; }
    public string? MethodDetail { get; set; }

    /// <summary>When it was confirmed, in the office's time, as the datetime-local field sends it.</summary>
    public DateTime? ConfirmedAt { get; set; }
    public string? LateExplanation { get; set; }
}

public sealed class StaffConfirmationFormValidator : AbstractValidator<StaffConfirmationForm>
{
    public StaffConfirmationFormValidator()
    {
        RuleFor(f => f.ConfirmedBy).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Tuliskan nama orang yang mengonfirmasi penerimaan hasil.")
            .SingleLine("Nama yang mengonfirmasi", 200);
        RuleFor(f => f.Method).NotNull().IsInEnum().WithMessage("Pilih cara konfirmasi: telepon, datang langsung, atau lainnya.");
        RuleFor(f => f.MethodDetail).Cascade(CascadeMode.Stop)
            .NotEmpty().When(f => f.Method == ConfirmationMethod.Other).WithMessage("Jelaskan cara konfirmasi yang lain itu.")
            .SingleLine("Keterangan cara konfirmasi", 300);
        RuleFor(f => f.ConfirmedAt).NotNull().WithMessage("Isi tanggal dan jam pemohon mengonfirmasi dengan waktu yang sah.");
        RuleFor(f => f.LateExplanation).MultiLine("Penjelasan keterlambatan", 2000);
    }
}
