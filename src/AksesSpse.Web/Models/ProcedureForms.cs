using AksesSpse.Core.Accounts;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Procedures;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Validation;
using AksesSpse.Web.Infrastructure;
using FluentValidation;

namespace AksesSpse.Web.Models;

/// <summary>SOP 3 step 1: the SK and the persons the Kepala LPSE registers (empty rows are ignored).</summary>
public sealed class StaffRegistrationForm
{
    /// <summary>Rows offered without JavaScript; "Tambah personil" (site.js) adds more up to the maximum.</summary>
    public const int BlankRows = 5;

    public Guid SubmissionKey { get; set; }
    public string SkNumber { get; set; } = "";
    public DateOnly? SkDate { get; set; }
    public string? Note { get; set; }
    public List<StaffPersonRow> Persons { get; set; } = [];

    public IEnumerable<StaffPersonRow> Filled => Persons.Where(p => !p.IsEmpty);
}

public sealed class StaffPersonRow
{
    public string? FullName { get; set; }
    public string? Nip { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Position { get; set; }
    public SpseRole? Role { get; set; }
    public string? UserId { get; set; }

    /// <summary>Nothing typed (the role select alone does not count: it always has a value).</summary>
    public bool IsEmpty => new[] { FullName, Nip, Email, Phone, Position, UserId }.All(string.IsNullOrWhiteSpace);
}

public sealed class StaffRegistrationFormValidator : AbstractValidator<StaffRegistrationForm>
{
    public StaffRegistrationFormValidator(TimeProvider time)
    {
        RuleFor(f => f.SubmissionKey).NotEmpty().WithMessage("Formulir tidak lengkap; muat ulang halaman.");
        RuleFor(f => f.SkNumber).NotEmpty().WithMessage("Nomor SK wajib diisi.").SingleLine("Nomor SK", 100);
        RuleFor(f => f.SkDate).NotNull().WithMessage("Tanggal SK wajib diisi.");
        RuleFor(f => f.Note).MultiLine("Catatan", 2000);
        RuleFor(f => f.Persons).Must(p => p.Any(r => !r.IsEmpty)).WithMessage("Isi data sekurang-kurangnya satu personil.")
            .Must(p => p.Count(r => !r.IsEmpty) <= StaffRegistrationModule.MaxPersons)
            .WithMessage($"Satu permohonan memuat paling banyak {StaffRegistrationModule.MaxPersons} personil.");
        RuleForEach(f => f.Persons).Where(p => !p.IsEmpty).ChildRules(p =>
        {
            p.RuleFor(r => r.FullName).NotEmpty().WithMessage("Nama wajib diisi.").SingleLine("Nama", 200);
            p.RuleFor(r => r.Email).NotEmpty().WithMessage("Email wajib diisi.").SingleLine("Email", 256)
                .EmailAddress().WithMessage("Format email tidak sah.").DeliverableEmail();
            p.RuleFor(r => r.Phone).Matches(@"^(\+62|62|0)8[0-9]{7,12}$").When(r => !string.IsNullOrWhiteSpace(r.Phone))
                .WithMessage("No. HP harus nomor seluler Indonesia, mis. 081234567890.");
            p.RuleFor(r => r.Position).SingleLine("Jabatan", 200);
            p.RuleFor(r => r.Role).NotNull().WithMessage("Pilih peran SPSE.")
                .Must(r => r is null || StaffRegistrationModule.StaffRoles.Contains(r.Value)).WithMessage("Pilih peran SPSE dari daftar.");
            p.RuleFor(r => r.UserId).NotEmpty().WithMessage("Usulan user ID wajib diisi.").SingleLine("User ID", 100)
                .Matches(@"^[A-Za-z0-9._@-]+$").WithMessage("User ID hanya boleh berisi huruf, angka, titik, garis bawah, @ dan tanda hubung.");
            p.RuleFor(r => r.Nip).NotEmpty().WithMessage("NIP wajib diisi.").Custom((nip, context) =>
            {
                if (!string.IsNullOrWhiteSpace(nip))
                {
                    foreach (var message in NipValidator.Validate(nip, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)))
                    {
                        context.AddFailure(nameof(StaffPersonRow.Nip), message);
                    }
                }
            });
        });
    }
}

/// <summary>One move on the open step of any engine SOP (bound to <see cref="StepMove"/>).</summary>
public sealed class StepMoveForm
{
    public int StepNumber { get; set; }
    public int Version { get; set; }
    public StepAnswer Answer { get; set; }
    public List<string> Checked { get; set; } = [];
    public string? Note { get; set; }
    public string? LateExplanation { get; set; }

    /// <summary>At a validity check: why "Ya" although a check failed (recorded as a deviation).</summary>
    public string? DeviationReason { get; set; }

    /// <summary>Why the step goes on although checklist items are left unticked (a kelengkapan deviation, docs/adr/0025).</summary>
    public string? ShortfallReason { get; set; }

    /// <summary>At a completeness check: the codes of the documents marked missing.</summary>
    public List<string> MissingDocuments { get; set; } = [];
    public List<PersonDecisionRow> Persons { get; set; } = [];

    /// <summary>At the applicant's completion (SOP 2): a new SK brought with it, its number and until when it holds.</summary>
    public string? SkNumber { get; set; }
    public DateOnly? SkValidUntil { get; set; }
}

/// <summary>Admin PPE's decision for one person: made (with the user ID as made in SPSE) or not (with the reason).</summary>
public sealed class PersonDecisionRow
{
    public int PersonId { get; set; }
    public bool? Done { get; set; }
    public string? UserId { get; set; }
    public string? Note { get; set; }

    /// <summary>SOP 1's three choices: "buat" (make the account), "pakai" (keep the one held), "tolak" (refuse, with the reason).</summary>
    public string? Decision { get; set; }

    /// <summary>The decision as the engine takes it; null when none was chosen for the row.</summary>
    public PersonDecision? ToDecision() => Decision switch
    {
        "buat" => new PersonDecision(PersonId, true, UserId, null),
        "pakai" => new PersonDecision(PersonId, true, null, null, Reuse: true),
        "tolak" => new PersonDecision(PersonId, false, null, Note),
        _ when Done is { } done => new PersonDecision(PersonId, done, UserId, Note),
        _ => null,
    };
}

public sealed class StepMoveFormValidator : AbstractValidator<StepMoveForm>
{
    public StepMoveFormValidator()
    {
        RuleFor(f => f.Answer).IsInEnum().WithMessage("Pilih jawaban langkah ini.");
        RuleForEach(f => f.Checked).Must(c => c is not null && c.Length <= 50 && !TextRules.HasControlCharacter(c, allowLineBreaks: false))
            .WithMessage("Butir pemeriksaan tidak sah.");
        RuleFor(f => f.Note).MultiLine("Catatan / alasan", 1000);
        RuleFor(f => f.LateExplanation).MultiLine("Penjelasan keterlambatan", 2000);
        RuleFor(f => f.DeviationReason).MultiLine("Alasan tetap menyatakan valid", SopEngine.MaxDeviationReason);
        RuleFor(f => f.ShortfallReason).MultiLine("Alasan melanjutkan meskipun butir belum terpenuhi", SopEngine.MaxDeviationReason);
        RuleFor(f => f.MissingDocuments.Count).LessThanOrEqualTo(20).WithMessage("Terlalu banyak dokumen ditandai kurang.");
        RuleForEach(f => f.MissingDocuments).Must(c => c is not null && c.Length <= 50 && !TextRules.HasControlCharacter(c, allowLineBreaks: false))
            .WithMessage("Jenis dokumen tidak dikenal. Muat ulang halaman.");
        RuleFor(f => f.SkNumber).SingleLine("Nomor SK", 200);
        RuleFor(f => f.SkValidUntil).NotNull().When(f => !string.IsNullOrWhiteSpace(f.SkNumber))
            .WithMessage("Isi juga tanggal berlaku SK yang baru (tanggal yang sah).");
        RuleFor(f => f.SkNumber).NotEmpty().When(f => f.SkValidUntil is not null)
            .WithMessage("Isi juga nomor SK yang baru.");
        RuleFor(f => f.Persons.Count).LessThanOrEqualTo(PokjaAccountsModule.MaxMembers).WithMessage("Terlalu banyak baris personil.");
        RuleForEach(f => f.Persons).ChildRules(p =>
        {
            p.RuleFor(r => r.UserId).SingleLine("User ID", 100)
                .Matches(@"^[A-Za-z0-9._@-]+$").When(r => !string.IsNullOrWhiteSpace(r.UserId))
                .WithMessage("User ID hanya boleh berisi huruf, angka, titik, garis bawah, @ dan tanda hubung.");
            p.RuleFor(r => r.Note).MultiLine("Alasan tidak dibuat", 500);
        });
    }
}

/// <summary>The person's NIP, asked before their new account's password is shown (SOP 3 step 4).</summary>
public sealed class PersonCredentialForm
{
    public string Token { get; set; } = "";
    public string Nip { get; set; } = "";
}

public sealed class PersonCredentialFormValidator : AbstractValidator<PersonCredentialForm>
{
    public PersonCredentialFormValidator()
    {
        RuleFor(f => f.Token).NotEmpty().WithMessage("Tautan tidak lengkap. Buka tautan persis seperti pada email Anda.").SingleLine("Tautan", 100);
        RuleFor(f => f.Nip).NotEmpty().WithMessage("Masukkan NIP Anda (18 digit).").SingleLine("NIP", 40);
    }
}

public sealed class ProcedureStartPage
{
    /// <summary>The SOP's own start form (<see cref="Infrastructure.IStartForm.FormType"/>).</summary>
    public required object Form { get; init; }
    public required SopDefinition Sop { get; init; }

    /// <summary>Who asks, when the SOP's applicant asks for themself (SOP 4, SOP 2).</summary>
    public string? ApplicantName { get; init; }
    public string? ApplicantNip { get; init; }
    public string? ApplicantEmail { get; init; }

    /// <summary>SOP 2: the applicant's own accounts in the register, one of which the request is about.</summary>
    public IReadOnlyList<SpseAccount> Accounts { get; init; } = [];

    /// <summary>Today in the office's zone (for "SK berakhir").</summary>
    public DateOnly Today { get; init; }
}

public sealed class ProcedureDetailPage
{
    public required AccessRequest Request { get; init; }
    public required IReadOnlyList<string> Facts { get; init; }

    /// <summary>The open step when the signed-in person may perform it (its form is shown), else null.</summary>
    public SopStep? Step { get; init; }
    public required DateTime NowUtc { get; init; }
    public bool LateRequired { get; init; }

    public bool ShowLate => LateRequired || Request.Steps.Any(s => s.IsOpen && s.IsOverdue(NowUtc));

    /// <summary>
    /// The years the open step's deadline spans whose national list of holidays is not in the calendar (docs/adr/0022):
    /// the deadline knows only weekends and the office's own days there, and the page says so.
    /// </summary>
    public IReadOnlyList<int> YearsWithoutHolidayList { get; init; } = [];

    /// <summary>Whether the signed-in person makes the accounts of this SOP (may reissue a person's unopened link).</summary>
    public bool MayReissue { get; init; }

    /// <summary>The persons who opened their temporary password (their link is not reissued).</summary>
    public IReadOnlySet<int> OpenedPersons { get; init; } = new HashSet<int>();

    /// <summary>At an open validity check the actor performs: the request compared with the register, ✔ or ✘ per item.</summary>
    public IReadOnlyList<ValidityCheckItem> Validity { get; init; } = [];

    /// <summary>The request's mail, shown to staff (not to the applicant, whose mail it is); empty for the applicant.</summary>
    public IReadOnlyList<AksesSpse.Core.Notifications.OutboxMessage> Messages { get; init; } = [];

    /// <summary>SOP 1: the copies (tembusan) sent so far, shown to everyone who sees the request (they carry no secret).</summary>
    public IReadOnlyList<AksesSpse.Core.Notifications.OutboxMessage> Copies { get; init; } = [];

    /// <summary>SOP 1: the actor may cancel a member's account made at step 2 (the role of the account step, before the member confirms).</summary>
    public bool MayCancelMembers { get; init; }

    /// <summary>The applicant's temporary password waits behind the one-time link (SOP 4, once the holder was told).</summary>
    public bool CredentialReady { get; init; }

    /// <summary>The applicant's NIP check (SOP 4's Pokja member; null where the SOP's applicant is staff).</summary>
    public AksesSpse.Core.Identity.NipStatus? ApplicantNipStatus { get; init; }

    /// <summary>Whether the signed-in person verifies applicants' NIPs (the badge links to the check).</summary>
    public bool MayVerifyNip { get; init; }

    /// <summary>Whether the actor may make the temporary password again (SOP 4, a reset while the holder is not told yet).</summary>
    public bool MayRegeneratePassword { get; init; }

    /// <summary>SOP 2: the register entry of the account the request is about.</summary>
    public SpseAccount? Account { get; init; }

    /// <summary>Today in the office's zone (for "SK berakhir").</summary>
    public DateOnly Today { get; init; }

    /// <summary>
    /// SOP 2 step 8 waits on the applicant and the actor relayed the result's role: they may record a confirmation given by
    /// phone or at the desk, or send the link again.
    /// </summary>
    public bool MayRecordConfirmation { get; init; }
}

public sealed class ProcedureListPage
{
    public required SopKind Kind { get; init; }
    public required string Title { get; init; }
    public required bool MayStart { get; init; }
    public required IReadOnlyList<AccessRequest> Requests { get; init; }
    public required DateTime NowUtc { get; init; }
}

public sealed class SecretsPage
{
    public required int RequestId { get; init; }
    public required string RequestNumber { get; init; }
    public required IReadOnlyList<IssuedSecret> Secrets { get; init; }

    /// <summary>A password made again for a lost or expired link (not the accounts' first passwords).</summary>
    public bool Reissued { get; init; }

    /// <summary>A reset of one user ID's password (SOP 4): the holder gets the link at the notify step.</summary>
    public bool Reset { get; init; }

    /// <summary>The links went out with the accounts in the same move (SOP 1's step 2 makes and sends).</summary>
    public bool AlreadySent { get; init; }
}
