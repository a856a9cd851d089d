using AksesSpse.Core.Accounts;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Validation;
using AksesSpse.Web.Infrastructure;
using FluentValidation;

namespace AksesSpse.Web.Models;

/// <summary>The personal data SOP 2 asks for besides name, NIP and email; shared by the applicant's and Helpdesk's forms.</summary>
public interface IPersonalDataForm
{
    string RankGrade { get; }
    string Position { get; }
    string Agency { get; }
    string Address { get; }
    string Phone { get; }
}

/// <summary>The SOP 2 fields both forms carry: what is asked, why, and under which SK.</summary>
public interface IActivationForm : IPersonalDataForm
{
    Guid SubmissionKey { get; }
    RequestType? Type { get; }
    string SpseUserId { get; }
    string Reason { get; }
    string SkNumber { get; }
    DateOnly? SkValidUntil { get; }
}

/// <summary>The applicant's own SOP 2 request (step 1 online). Name, NIP and email come from the profile. Files: doc_{CODE}.</summary>
public sealed class ActivationRequestForm : IActivationForm
{
    public Guid SubmissionKey { get; set; }
    public RequestType? Type { get; set; }
    public string SpseUserId { get; set; } = "";
    public string Reason { get; set; } = "";
    public string RankGrade { get; set; } = "";
    public string Position { get; set; } = "";
    public string Agency { get; set; } = "";
    public string Address { get; set; } = "";
    public string Phone { get; set; } = "";
    public string SkNumber { get; set; } = "";
    public DateOnly? SkValidUntil { get; set; }
}

/// <summary>A paper or email request Helpdesk registers for the applicant (SOP 2 steps 1 and 2). Files: doc_{CODE}.</summary>
public sealed class IntakeForm : IActivationForm, IIntakeApplicantForm
{
    public Guid SubmissionKey { get; set; }
    public IntakeChannel? Channel { get; set; }
    public RequestType? Type { get; set; }
    public string ApplicantName { get; set; } = "";
    public string ApplicantNip { get; set; } = "";
    public string ApplicantEmail { get; set; } = "";
    public string RankGrade { get; set; } = "";
    public string Position { get; set; } = "";
    public string Agency { get; set; } = "";
    public string Address { get; set; } = "";
    public string Phone { get; set; } = "";
    public string SpseUserId { get; set; } = "";
    public string Reason { get; set; } = "";
    public string SkNumber { get; set; } = "";
    public DateOnly? SkValidUntil { get; set; }
}

/// <summary>The rules the two SOP 2 forms share, in Bahasa Indonesia.</summary>
public static class ActivationRules
{
    public const string PhonePattern = @"^(\+62|62|0)8[0-9]{7,12}$";

    /// <summary>The longest an SK can sensibly still run: a later date is a typing error.</summary>
    public const int MaxSkYearsAhead = 10;

    public static void AddActivationRules<T>(this AbstractValidator<T> v, PageClock clock) where T : IActivationForm
    {
        v.RuleFor(f => f.SubmissionKey).NotEmpty().WithMessage("Formulir tidak lengkap; muat ulang halaman.");
        v.RuleFor(f => f.Type).Must(t => t is RequestType.Deactivate or RequestType.Activate)
            .WithMessage("Pilih jenis permohonan: penonaktifan atau pengaktifan hak akses.");
        v.RuleFor(f => f.Reason).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Alasan permohonan wajib diisi.")
            .MinimumLength(10).WithMessage("Alasan permohonan minimal 10 karakter.")
            .MultiLine("Alasan permohonan", 2000);
        v.RuleFor(f => f.RankGrade).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Pangkat/Golongan wajib diisi.")
            .SingleLine("Pangkat/Golongan", 50);
        v.RuleFor(f => f.Position).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Jabatan wajib diisi.")
            .SingleLine("Jabatan", 200);
        v.RuleFor(f => f.Agency).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Instansi wajib diisi.")
            .SingleLine("Instansi", 200);
        v.RuleFor(f => f.Address).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Alamat wajib diisi.")
            .MultiLine("Alamat", 500);
        v.RuleFor(f => f.Phone).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("No. HP wajib diisi.")
            .SingleLine("No. HP", 30)
            .Matches(PhonePattern)
            .WithMessage("No. HP harus nomor seluler Indonesia berupa angka saja, mis. 081234567890.");
        v.RuleFor(f => f.SkNumber).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Nomor SK / Surat Tugas / Surat Penunjukan wajib diisi.")
            .SingleLine("Nomor SK", 200);
        v.RuleFor(f => f.SkValidUntil).Cascade(CascadeMode.Stop).NotNull().WithMessage("Tanggal berlaku SK sampai wajib diisi dengan tanggal yang sah.")
            .Custom((until, context) =>
            {
                if (until is not { } date)
                {
                    return;
                }

                var today = clock.Today;
                if (date < today)
                {
                    context.AddFailure(nameof(IActivationForm.SkValidUntil),
                        $"SK berakhir pada {date:dd-MM-yyyy} dan tidak berlaku hari ini. Lampirkan SK / Surat Tugas / Surat Penunjukan yang berlaku.");
                }
                else if (date > today.AddYears(MaxSkYearsAhead))
                {
                    context.AddFailure(nameof(IActivationForm.SkValidUntil),
                        $"Tanggal berlaku SK ({date:dd-MM-yyyy}) lebih dari {MaxSkYearsAhead} tahun ke depan. Periksa kembali tanggalnya.");
                }
            });
    }
}

public sealed class ActivationRequestFormValidator : AbstractValidator<ActivationRequestForm>
{
    public ActivationRequestFormValidator(PageClock clock)
    {
        this.AddActivationRules(clock);
        RuleFor(f => f.SpseUserId).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Pilih akun SPSE Anda.")
            .SingleLine("User ID SPSE", 100);
    }
}

public sealed class IntakeFormValidator : AbstractValidator<IntakeForm>
{
    public IntakeFormValidator(PageClock clock)
    {
        this.AddActivationRules(clock);
        this.AddIntakeApplicantRules(clock);
        RuleFor(f => f.SpseUserId).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("User ID SPSE wajib diisi.")
            .SingleLine("User ID SPSE", 100)
            .Matches(@"^[A-Za-z0-9._@-]+$")
            .WithMessage("User ID SPSE hanya boleh berisi huruf, angka, titik, garis bawah, @ dan tanda hubung.");
    }
}

public sealed class IntakePage
{
    public required IntakeForm Form { get; init; }
    public required SopDefinition Sop { get; init; }
    public required IntakeMenu Menu { get; init; }
}

/// <summary>The public status page opened from the handover form's QR code.</summary>
public sealed class PublicStatusPage
{
    public required PublicStatus Status { get; init; }
    public DateTime NowUtc { get; init; }
}

/// <summary>Receipt confirmation by the link in the result email (step 8).</summary>
public sealed class ConfirmByLinkPage
{
    public required string Token { get; init; }
    public PublicStatus? Status { get; init; }
    public bool CanConfirm { get; init; }
    public bool Overdue { get; init; }
    public string? Error { get; init; }
    public string? LateExplanation { get; init; }
}
