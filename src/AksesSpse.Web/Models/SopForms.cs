using AksesSpse.Core.Identity;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Infrastructure;
using FluentValidation;

namespace AksesSpse.Web.Models;

/// <summary>A new version of an SOP: per step, its actor, time standard and the items to tick.</summary>
public sealed class SopRevisionForm
{
    public List<StepRevisionInput> Steps { get; set; } = [];
    public string? Note { get; set; }
}

public sealed class StepRevisionInput
{
    public int Number { get; set; }
    public string ActorRole { get; set; } = "";
    public string? ActorLabel { get; set; }
    public TimeStandardKind StandardKind { get; set; }
    public int? StandardValue { get; set; }

    /// <summary>One item per line.</summary>
    public string? Checks { get; set; }

    public IReadOnlyList<string> CheckLines => (Checks ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public sealed class SopRevisionFormValidator : AbstractValidator<SopRevisionForm>
{
    public SopRevisionFormValidator()
    {
        RuleFor(f => f.Steps).NotEmpty().WithMessage("Tidak ada langkah yang dikirim. Muat ulang halaman.").Must(s => s.Count <= 50)
            .WithMessage("Terlalu banyak langkah.");
        RuleFor(f => f.Note).MultiLine("Catatan revisi", 1000);
        RuleForEach(f => f.Steps).ChildRules(step =>
        {
            step.RuleFor(s => s.ActorRole).Must(r => Roles.All.Contains(r) && r != Roles.Administrator)
                .WithMessage(s => $"Pilih pelaksana langkah {s.Number} dari daftar.");
            step.RuleFor(s => s.ActorLabel).SingleLine("Sebutan pelaksana", 100);
            step.RuleFor(s => s.StandardKind).IsInEnum().WithMessage(s => $"Pilih jenis standar waktu langkah {s.Number}.");
            step.RuleFor(s => s.StandardValue).NotNull().InclusiveBetween(1, 10_000)
                .When(s => s.StandardKind is TimeStandardKind.Minutes or TimeStandardKind.WorkingDays)
                .WithMessage(s => $"Isi standar waktu langkah {s.Number} (1 sampai 10.000).");
            step.RuleFor(s => s.Checks).MultiLine("Butir pemeriksaan", 5000);
            step.RuleFor(s => s.CheckLines).Must(l => l.Count <= 20 && l.All(x => x.Length <= 500))
                .WithMessage(s => $"Butir pemeriksaan langkah {s.Number}: paling banyak 20 butir, masing-masing paling panjang 500 karakter.");
        });
    }
}

public sealed record SopRevisionPage(SopDefinition Sop, SopRevisionForm Form, string? Blocked);

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
