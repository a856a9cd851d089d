using AksesSpse.Core.Identity;
using AksesSpse.Web.Infrastructure;
using FluentValidation;

namespace AksesSpse.Web.Models;

/// <summary>Staff verify an applicant's NIP against the SK they saw (docs/adr/0016).</summary>
public sealed class VerifyNipForm
{
    public string SkNumber { get; set; } = "";
    public DateOnly? SkDate { get; set; }
    public string? Note { get; set; }
}

public sealed class VerifyNipFormValidator : AbstractValidator<VerifyNipForm>
{
    public VerifyNipFormValidator(PageClock clock)
    {
        RuleFor(f => f.SkNumber).NotEmpty().WithMessage("Nomor SK yang diperiksa wajib diisi.")
            .MaximumLength(200).WithMessage("Nomor SK maksimal 200 karakter.");
        RuleFor(f => f.SkDate).NotNull().WithMessage("Tanggal SK wajib diisi.")
            .Must(d => d is null || d <= clock.Today)
            .WithMessage("Tanggal SK tidak boleh setelah hari ini.");
        RuleFor(f => f.Note).MaximumLength(1000).WithMessage("Catatan maksimal 1000 karakter.");
    }
}

/// <summary>Staff found that the SK does not match the applicant's NIP.</summary>
public sealed class RejectNipForm
{
    public string Reason { get; set; } = "";
}

public sealed class RejectNipFormValidator : AbstractValidator<RejectNipForm>
{
    public RejectNipFormValidator()
    {
        RuleFor(f => f.Reason).NotEmpty().WithMessage("Tuliskan mengapa NIP tidak sesuai SK.")
            .MaximumLength(1000).WithMessage("Alasan maksimal 1000 karakter.");
    }
}

public sealed class NipVerificationPage
{
    public required NipApplicant Applicant { get; init; }
    public VerifyNipForm Verify { get; init; } = new();
    public RejectNipForm Reject { get; init; } = new();
}
