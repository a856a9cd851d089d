using AksesSpse.Core.Identity;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Infrastructure;
using FluentValidation;

namespace AksesSpse.Web.Models;

/// <summary>The components of the service standard the office fills in itself (issue #11 §3); each optional, one item per line.</summary>
public sealed class ServiceStandardForm
{
    public int Version { get; set; }
    public string? Cost { get; set; }
    public string? Complaints { get; set; }
    public string? StaffCount { get; set; }
    public string? ServiceGuarantee { get; set; }
    public string? SecurityGuarantee { get; set; }
    public string? InternalOversight { get; set; }
    public string? PerformanceEvaluation { get; set; }

    public ServiceStandardInput ToInput() =>
        new(Cost, Complaints, StaffCount, ServiceGuarantee, SecurityGuarantee, InternalOversight, PerformanceEvaluation);

    public static ServiceStandardForm From(ServiceStandard? row) => row is null ? new() : new()
    {
        Version = row.Version, Cost = row.Cost, Complaints = row.Complaints, StaffCount = row.StaffCount, ServiceGuarantee = row.ServiceGuarantee,
        SecurityGuarantee = row.SecurityGuarantee, InternalOversight = row.InternalOversight, PerformanceEvaluation = row.PerformanceEvaluation,
    };
}

public sealed class ServiceStandardFormValidator : AbstractValidator<ServiceStandardForm>
{
    public ServiceStandardFormValidator()
    {
        RuleFor(f => f.Version).GreaterThanOrEqualTo(0).WithMessage("Formulir tidak sah. Muat ulang halaman.");
        RuleFor(f => f.Cost).MultiLine("Biaya/tarif", ServiceStandard.MaxLength);
        RuleFor(f => f.Complaints).MultiLine("Penanganan pengaduan, saran dan masukan", ServiceStandard.MaxLength);
        RuleFor(f => f.StaffCount).MultiLine("Jumlah pelaksana", ServiceStandard.MaxLength);
        RuleFor(f => f.ServiceGuarantee).MultiLine("Jaminan pelayanan", ServiceStandard.MaxLength);
        RuleFor(f => f.SecurityGuarantee).MultiLine("Jaminan keamanan dan keselamatan pelayanan", ServiceStandard.MaxLength);
        RuleFor(f => f.InternalOversight).MultiLine("Pengawasan internal", ServiceStandard.MaxLength);
        RuleFor(f => f.PerformanceEvaluation).MultiLine("Evaluasi kinerja pelaksana", ServiceStandard.MaxLength);
    }
}

public sealed record ServiceStandardEditPage(SopDefinition Sop, string OfficeCode, ServiceStandardForm Form);

/// <summary>
/// The SOP editor's form (issue #11 §2): the whole draft. <see cref="Command"/> is the button pressed: "simpan", or a change to the
/// list of steps ("tambah:N" after step N, "hapus:N", "naik:N", "turun:N"), applied before the draft is saved.
/// </summary>
public sealed class SopDraftForm
{
    public int Stamp { get; set; }
    public string? Command { get; set; }

    public string? Number { get; set; }
    public string? Title { get; set; }
    public string? Unit { get; set; }
    public DateOnly? MadeOn { get; set; }
    public DateOnly? EffectiveOn { get; set; }
    public string? ApproverName { get; set; }
    public string? ApproverNip { get; set; }
    public string? ApproverTitle { get; set; }
    public string? TotalTime { get; set; }

    public string? LegalBasis { get; set; }
    public string? Qualifications { get; set; }
    public string? RelatedSops { get; set; }
    public string? Equipment { get; set; }
    public string? Warnings { get; set; }
    public string? Records { get; set; }
    public string? Summary { get; set; }
    public string? Purpose { get; set; }
    public string? Definitions { get; set; }

    public List<DraftDocumentInput> Documents { get; set; } = [];
    public List<DraftStepInput> Steps { get; set; } = [];

    public static SopDraftForm From(SopDefinition d) => new()
    {
        Stamp = d.DraftStamp, Number = d.Number, Title = d.Title, Unit = d.Unit, MadeOn = d.MadeOn, EffectiveOn = d.EffectiveOn,
        ApproverName = d.ApproverName, ApproverNip = d.ApproverNip, ApproverTitle = d.ApproverTitle, TotalTime = d.TotalTime,
        LegalBasis = d.LegalBasis, Qualifications = d.Qualifications, RelatedSops = d.RelatedSops, Equipment = d.Equipment, Warnings = d.Warnings,
        Records = d.Records, Summary = d.Summary, Purpose = d.Purpose, Definitions = d.Definitions,
        Documents = d.RequiredDocuments.OrderBy(x => x.Order).Select(x => new DraftDocumentInput { Code = x.Code, Name = x.Name }).ToList(),
        Steps = d.Steps.OrderBy(s => s.Number).Select(s => new DraftStepInput
        {
            Kind = s.Kind, ActorRole = s.ActorRole, ActorLabel = s.ActorLabel, Activity = s.Activity, RequiredInputs = s.RequiredInputs,
            Documents = s.Requirements.Where(r => r.Kind == RequirementKind.Document).OrderBy(r => r.Order).Select(r => r.Code).ToList(),
            Checks = string.Join("\n", s.Requirements.Where(r => r.Kind == RequirementKind.Check).OrderBy(r => r.Order).Select(r => r.Label)),
            StandardKind = s.StandardKind, StandardValue = s.StandardValue, Output = s.Output, Note = s.Note,
            CopyTo = SopCopy.Parse(s.CopyTo).ToList(), Next = s.NextStepNumber, Alternate = s.AlternateStepNumber,
        }).ToList(),
    };

    /// <summary>
    /// Applies <see cref="Command"/> to the steps: inserts a blank step, removes one, or moves one up or down, keeping every step
    /// going where it went ("next" and "Tidak" references follow the steps they meant; a step that went on to the next in order
    /// goes on to the same step, wherever it now stands). Returns what was done, in words, or null when the command is not one of these.
    /// </summary>
    public string? ApplyCommand()
    {
        var parts = (Command ?? "").Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ||
            n < 1 || n > Steps.Count)
        {
            return null;
        }

        var count = Steps.Count;
        var action = parts[0];
        if ((action == "tambah" && count >= SopPublishChecks.MaxSteps) || (action == "hapus" && count <= 1) ||
            (action == "naik" && n == 1) || (action == "turun" && n == count) || action is not ("tambah" or "hapus" or "naik" or "turun"))
        {
            return action == "tambah" && count >= SopPublishChecks.MaxSteps ? $"SOP paling banyak {SopPublishChecks.MaxSteps} langkah." : null;
        }

        // Every "next in order" written out as the step it means, so that it survives the renumbering; written back as "next in
        // order" afterwards wherever it still is.
        var implicitNext = new HashSet<DraftStepInput>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < count; i++)
        {
            if (Steps[i].Next is null && i + 1 < count)
            {
                Steps[i].Next = i + 2;
                implicitNext.Add(Steps[i]);
            }
        }

        string done;
        switch (action)
        {
            case "tambah":
                var before = Steps[n - 1];
                Remap(x => x > n ? x + 1 : x);
                var blank = new DraftStepInput
                {
                    Kind = StepKind.Instruction, ActorRole = before.ActorRole, ActorLabel = before.ActorLabel, StandardKind = TimeStandardKind.None,
                };
                Steps.Insert(n, blank);
                if (implicitNext.Contains(before) || n == count)
                {
                    // Spliced into the flow: the step before it now leads to it, and it leads where that step led.
                    blank.Next = before.Next;
                    before.Next = n + 1;
                    implicitNext.Add(blank);
                    implicitNext.Add(before);
                }

                done = $"Langkah baru disisipkan sebagai langkah {n + 1}: isi aktivitas dan pelaksananya.";
                break;
            case "hapus":
                var removed = Steps[n - 1];
                var successor = removed.Next;
                Steps.RemoveAt(n - 1);
                Remap(x => (x == n ? successor : x) is { } t ? t > n ? t - 1 : t : null);
                done = $"Langkah {n} dihapus; langkah yang menuju ke sana kini menuju langkah sesudahnya.";
                break;
            default:
                var (a, b) = action == "naik" ? (n - 1, n) : (n, n + 1);
                (Steps[a - 1], Steps[b - 1]) = (Steps[b - 1], Steps[a - 1]);
                Remap(x => x == a ? b : x == b ? a : x);
                done = action == "naik" ? $"Langkah {n} dinaikkan menjadi langkah {n - 1}." : $"Langkah {n} diturunkan menjadi langkah {n + 1}.";
                break;
        }

        for (var i = 0; i < Steps.Count; i++)
        {
            if (implicitNext.Contains(Steps[i]) && (Steps[i].Next == i + 2 || (i + 1 == Steps.Count && Steps[i].Next is null)))
            {
                Steps[i].Next = null;
            }
        }

        return done;
    }

    private void Remap(Func<int, int?> map)
    {
        foreach (var step in Steps)
        {
            step.Next = step.Next is { } next ? map(next) : null;
            step.Alternate = step.Alternate is { } alt ? map(alt) : null;
        }
    }

    /// <summary>The draft's content as the service saves it; check items keep the codes they had (by their wording).</summary>
    public SopDefinition ToContent(SopDefinition draft)
    {
        var codes = draft.Steps.SelectMany(s => s.Requirements).Where(r => r.Kind == RequirementKind.Check)
            .GroupBy(r => r.Label, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Code, StringComparer.Ordinal);
        var names = draft.RequiredDocuments.ToDictionary(d => d.Code, d => d.Name, StringComparer.Ordinal);
        // A document keeps the wording its checklist item had (the seeds word some apart from the list of documents).
        var labels = draft.Steps.SelectMany(x => x.Requirements).Where(r => r.Kind == RequirementKind.Document)
            .GroupBy(r => r.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Label, StringComparer.Ordinal);
        return new SopDefinition
        {
            Number = Number ?? "", Title = Title ?? "", Unit = Unit ?? "", MadeOn = MadeOn, RevisedOn = draft.RevisedOn, EffectiveOn = EffectiveOn,
            ApproverName = ApproverName ?? "", ApproverNip = AksesSpse.Core.Validation.NipValidator.Normalize(ApproverNip), ApproverTitle = ApproverTitle ?? "", TotalTime = TotalTime,
            LegalBasis = LegalBasis ?? "", Qualifications = Qualifications ?? "", RelatedSops = RelatedSops ?? "", Equipment = Equipment ?? "",
            Warnings = Warnings ?? "", Records = Records ?? "", Summary = Summary ?? "", Purpose = Purpose ?? "", Definitions = Definitions ?? "",
            RequiredDocuments = Documents.Select(d => new SopRequiredDocument { Code = d.Code, Name = d.Name ?? "" }).ToList(),
            Steps = Steps.Select((s, i) => new SopStep
            {
                Number = i + 1, Kind = s.Kind, ActorRole = s.ActorRole, ActorLabel = s.ActorLabel ?? "", Activity = s.Activity ?? "",
                RequiredInputs = s.RequiredInputs ?? "", StandardKind = s.StandardKind, StandardValue = s.StandardValue, Output = s.Output ?? "",
                Note = s.Note, CopyTo = string.Join(",", s.CopyTo), NextStepNumber = s.Next, AlternateStepNumber = s.Alternate,
                Requirements =
                [
                    .. s.Documents.Where(c => c is not null && names.ContainsKey(c)).Distinct().Select(c => new SopStepRequirement
                    {
                        Kind = RequirementKind.Document, Code = c, Label = labels.GetValueOrDefault(c) ?? names[c],
                    }),
                    .. s.CheckLines.Select(l => new SopStepRequirement { Kind = RequirementKind.Check, Label = l, Code = codes.GetValueOrDefault(l) ?? "" }),
                ],
            }).ToList(),
        };
    }
}

public sealed class DraftDocumentInput
{
    public string Code { get; set; } = "";
    public string? Name { get; set; }
}

public sealed class DraftStepInput
{
    public StepKind Kind { get; set; }
    public string ActorRole { get; set; } = "";
    public string? ActorLabel { get; set; }
    public string? Activity { get; set; }
    public string? RequiredInputs { get; set; }
    public List<string> Documents { get; set; } = [];

    /// <summary>The items to tick, one per line.</summary>
    public string? Checks { get; set; }

    public TimeStandardKind StandardKind { get; set; }
    public int? StandardValue { get; set; }
    public string? Output { get; set; }
    public string? Note { get; set; }
    public List<string> CopyTo { get; set; } = [];

    /// <summary>The step after this one (or its "Ya"): null for the next in order.</summary>
    public int? Next { get; set; }

    /// <summary>A decision's "Tidak" branch; null for none.</summary>
    public int? Alternate { get; set; }

    public IReadOnlyList<string> CheckLines => (Checks ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public sealed class SopDraftFormValidator : AbstractValidator<SopDraftForm>
{
    public SopDraftFormValidator(PageClock clock)
    {
        RuleFor(f => f.Stamp).GreaterThanOrEqualTo(0).WithMessage("Formulir tidak sah. Muat ulang draf.");
        RuleFor(f => f.Title).NotEmpty().WithMessage("Nama SOP wajib diisi.").SingleLine("Nama SOP", 300);
        RuleFor(f => f.Number).SingleLine("Nomor SOP", 100);
        RuleFor(f => f.Unit).SingleLine("Unit", 200);
        RuleFor(f => f.ApproverName).SingleLine("Nama yang mengesahkan", 200);
        RuleFor(f => f.ApproverTitle).SingleLine("Jabatan yang mengesahkan", 200);
        RuleFor(f => f.ApproverNip).Must(n => string.IsNullOrWhiteSpace(n) || AksesSpse.Core.Validation.NipValidator.Validate(n, clock.Today).Count == 0)
            .WithMessage("NIP yang mengesahkan harus 18 angka NIP yang sah (tanggal lahir, TMT, jenis kelamin dan nomor urut).");
        RuleFor(f => f.TotalTime).SingleLine("Total waktu tertulis", 100);
        foreach (var (field, label) in new (System.Linq.Expressions.Expression<Func<SopDraftForm, string?>>, string)[]
                 {
                     (f => f.LegalBasis, "Dasar hukum"), (f => f.Qualifications, "Kualifikasi pelaksana"), (f => f.RelatedSops, "Keterkaitan"),
                     (f => f.Equipment, "Peralatan/perlengkapan"), (f => f.Warnings, "Peringatan"), (f => f.Records, "Pencatatan dan pendataan"),
                     (f => f.Summary, "Penjelasan singkat"), (f => f.Purpose, "Tujuan"), (f => f.Definitions, "Definisi"),
                 })
        {
            RuleFor(field).MultiLine(label, 8000);
        }

        RuleFor(f => f.Documents).Must(d => d.Count <= 20).WithMessage("Terlalu banyak dokumen wajib.")
            .Must(d => d.All(x => !string.IsNullOrWhiteSpace(x.Code)) && d.Select(x => x.Code).Distinct().Count() == d.Count)
            .WithMessage("Daftar dokumen wajib tidak sah. Muat ulang draf.");
        RuleForEach(f => f.Documents).ChildRules(d => d.RuleFor(x => x.Name).SingleLine("Nama dokumen wajib", 300));
        RuleFor(f => f.Steps).NotEmpty().WithMessage("Draf tidak berisi langkah. Muat ulang draf.")
            .Must(s => s.Count <= SopPublishChecks.MaxSteps).WithMessage($"SOP paling banyak {SopPublishChecks.MaxSteps} langkah.");
        RuleForEach(f => f.Steps).ChildRules(step =>
        {
            step.RuleFor(s => s.Kind).IsInEnum().WithMessage("Pilih jenis langkah dari daftar.");
            step.RuleFor(s => s.ActorRole).Must(r => SopPublishChecks.ActingRoles.Contains(r)).WithMessage("Pilih pelaksana langkah dari daftar peran.");
            step.RuleFor(s => s.ActorLabel).SingleLine("Sebutan pelaksana", 100);
            step.RuleFor(s => s.Activity).MultiLine("Aktivitas", 1000);
            step.RuleFor(s => s.RequiredInputs).MultiLine("Kelengkapan", 1000);
            step.RuleFor(s => s.Output).MultiLine("Output", 500);
            step.RuleFor(s => s.Note).MultiLine("Keterangan", 1000);
            step.RuleFor(s => s.Checks).MultiLine("Butir pemeriksaan", 5000);
            step.RuleFor(s => s.CheckLines).Must(l => l.Count <= 20 && l.All(x => x.Length <= 500))
                .WithMessage("Butir pemeriksaan: paling banyak 20 butir, masing-masing paling panjang 500 karakter.");
            step.RuleFor(s => s.StandardKind).IsInEnum().WithMessage("Pilih jenis standar waktu dari daftar.");
            step.RuleFor(s => s.StandardValue).NotNull().InclusiveBetween(1, 10_000)
                .When(s => s.StandardKind is TimeStandardKind.Minutes or TimeStandardKind.WorkingDays)
                .WithMessage("Isi standar waktu 1 sampai 10.000 menit atau hari kerja.");
            step.RuleFor(s => s.CopyTo).Must(c => c.All(x => SopCopy.All.Contains(x))).WithMessage("Tembusan tidak dikenal.");
            step.RuleFor(s => s.Next).InclusiveBetween(1, SopPublishChecks.MaxSteps + 1).When(s => s.Next is not null)
                .WithMessage("Langkah berikutnya tidak sah.");
            step.RuleFor(s => s.Alternate).InclusiveBetween(1, SopPublishChecks.MaxSteps + 1).When(s => s.Alternate is not null)
                .WithMessage("Cabang \"Tidak\" tidak sah.");
        });
        RuleFor(f => f.Command).Must(c => c is null or "simpan" || System.Text.RegularExpressions.Regex.IsMatch(c, "^(tambah|hapus|naik|turun):[0-9]{1,2}$"))
            .WithMessage("Perintah tidak dikenal. Muat ulang draf.");
    }
}

/// <summary>The editor page: the draft, its form, what the publish check says, and the version in force it will replace.</summary>
public sealed record SopDraftPage(SopDefinition Draft, SopDraftForm Form, IReadOnlyList<PublishProblem> Problems, SopDefinition? Current,
    string? SavedBy, string Svg);

public sealed record SopComparePage(SopComparison Comparison, IReadOnlyList<SopDefinition> Versions);

/// <summary>The office's letterhead on its SOP documents; the logo comes as a file of its own.</summary>
public sealed class LetterheadForm
{
    public string? ParentAuthority { get; set; }
    public bool RemoveLogo { get; set; }
}

public sealed class LetterheadFormValidator : AbstractValidator<LetterheadForm>
{
    public LetterheadFormValidator() => RuleFor(f => f.ParentAuthority).SingleLine("Baris di atas nama kantor", 200);
}

public sealed record LetterheadPage(AksesSpse.Core.Offices.Office Office, LetterheadForm Form);
