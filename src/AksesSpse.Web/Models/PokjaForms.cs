using AksesSpse.Core.Procedures;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Validation;
using AksesSpse.Web.Infrastructure;
using FluentValidation;

namespace AksesSpse.Web.Models;

/// <summary>SOP 1 step 1: the Pokja, its SK and assignment letter, and its members (typed in rows or imported; empty rows are ignored).</summary>
public sealed class PokjaAccountsForm
{
    /// <summary>Rows offered without JavaScript; "Tambah baris" (site.js) adds more.</summary>
    public const int BlankRows = 5;

    public Guid SubmissionKey { get; set; }
    public string PokjaName { get; set; } = "";
    public string SkNumber { get; set; } = "";
    public DateOnly? SkDate { get; set; }
    public string AssignmentLetterNumber { get; set; } = "";
    public string? Note { get; set; }
    public List<PokjaMemberRow> Members { get; set; } = [];

    public IEnumerable<PokjaMemberRow> Filled => Members.Where(m => !m.IsEmpty);

    public IReadOnlyList<PokjaMember> ToMembers() => [.. Filled.Select(m => m.ToMember())];
}

public sealed class PokjaMemberRow
{
    public string? FullName { get; set; }
    public string? Nip { get; set; }
    public string? Position { get; set; }
    public string? RankGrade { get; set; }
    public string? Agency { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }

    public bool IsEmpty => new[] { FullName, Nip, Position, RankGrade, Agency, Email, Phone }.All(string.IsNullOrWhiteSpace);

    public PokjaMember ToMember() => new((FullName ?? "").Trim(), new string((Nip ?? "").Where(char.IsAsciiDigit).ToArray()), (Position ?? "").Trim(),
        (RankGrade ?? "").Trim(), (Agency ?? "").Trim(), (Email ?? "").Trim(), (Phone ?? "").Trim());

    public static PokjaMemberRow From(PokjaMember m) => new()
    {
        FullName = m.FullName, Nip = m.Nip, Position = m.Position, RankGrade = m.RankGrade, Agency = m.Agency, Email = m.Email, Phone = m.Phone,
    };
}

public sealed class PokjaAccountsFormValidator : AbstractValidator<PokjaAccountsForm>
{
    public PokjaAccountsFormValidator(TimeProvider time)
    {
        RuleFor(f => f.SubmissionKey).NotEmpty().WithMessage("Formulir tidak lengkap; muat ulang halaman.");
        RuleFor(f => f.PokjaName).NotEmpty().WithMessage("Nama Pokja wajib diisi.").SingleLine("Nama Pokja", 200);
        RuleFor(f => f.SkNumber).NotEmpty().WithMessage("Nomor SK wajib diisi.").SingleLine("Nomor SK", 200);
        RuleFor(f => f.SkDate).NotNull().WithMessage("Tanggal SK wajib diisi dengan tanggal yang sah.");
        RuleFor(f => f.AssignmentLetterNumber).NotEmpty().WithMessage("Nomor surat penugasan wajib diisi.").SingleLine("Nomor surat penugasan", 200);
        RuleFor(f => f.Note).MultiLine("Catatan", 2000);
        RuleFor(f => f.Members).Must(m => m.Any(r => !r.IsEmpty)).WithMessage("Isi data sekurang-kurangnya satu anggota Pokja.")
            .Must(m => m.Count(r => !r.IsEmpty) <= PokjaAccountsModule.MaxMembers)
            .WithMessage($"Satu permohonan memuat paling banyak {PokjaAccountsModule.MaxMembers} anggota; bagi ke beberapa permohonan.");
        RuleFor(f => f.Members.Count).LessThanOrEqualTo(PokjaAccountsModule.MaxMembers + 50).WithMessage("Terlalu banyak baris pada formulir.");
        RuleForEach(f => f.Members).Where(m => !m.IsEmpty).ChildRules(m =>
        {
            m.RuleFor(r => r.FullName).NotEmpty().WithMessage("Nama wajib diisi.").SingleLine("Nama", PokjaMember.FullNameMax);
            m.RuleFor(r => r.Nip).NotEmpty().WithMessage("NIP wajib diisi.").Custom((nip, context) =>
            {
                if (!string.IsNullOrWhiteSpace(nip))
                {
                    foreach (var message in NipValidator.Validate(nip, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)))
                    {
                        context.AddFailure(nameof(PokjaMemberRow.Nip), message);
                    }
                }
            });
            m.RuleFor(r => r.Position).NotEmpty().WithMessage("Jabatan wajib diisi.").SingleLine("Jabatan", PokjaMember.PositionMax);
            m.RuleFor(r => r.RankGrade).NotEmpty().WithMessage("Pangkat/golongan wajib diisi.").SingleLine("Pangkat/golongan", PokjaMember.RankGradeMax);
            m.RuleFor(r => r.Agency).NotEmpty().WithMessage("Instansi wajib diisi.").SingleLine("Instansi", PokjaMember.AgencyMax);
            m.RuleFor(r => r.Email).NotEmpty().WithMessage("Email wajib diisi.").SingleLine("Email", PokjaMember.EmailMax)
                .EmailAddress().WithMessage("Format email tidak sah.").DeliverableEmail();
            m.RuleFor(r => r.Phone).NotEmpty().WithMessage("No. HP wajib diisi.")
                .Matches(@"^\+?[0-9 ()-]{6,30}$").WithMessage("No. HP hanya angka (boleh diawali +, dengan spasi atau tanda hubung), mis. 081234567890.");
        });
    }
}

/// <summary>A member refused after their account was made (SOP 1 step 3): the reason.</summary>
public sealed class CancelMemberForm
{
    public string? Reason { get; set; }
}

public sealed class CancelMemberFormValidator : AbstractValidator<CancelMemberForm>
{
    public CancelMemberFormValidator()
    {
        RuleFor(f => f.Reason).NotEmpty().WithMessage("Tuliskan alasan pembatalan akun.").SingleLine("Alasan pembatalan", 500);
    }
}
