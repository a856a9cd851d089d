using System.Globalization;

namespace AksesSpse.Core.Sop;

/// <summary>One field of two SOP versions side by side.</summary>
public sealed record FieldChange(string Field, string Old, string New)
{
    public bool Changed => !string.Equals(Old, New, StringComparison.Ordinal);
}

public enum StepChangeKind
{
    Same,
    Changed,
    Added,
    Removed,
}

/// <summary>One step of two versions side by side (matched by its number): what changed in it.</summary>
public sealed record StepChange(int Number, StepChangeKind Kind, IReadOnlyList<FieldChange> Fields);

/// <summary>Two versions of an SOP side by side (issue #11 §2): the identity block and sections, then step by step.</summary>
public sealed record SopComparison(SopDefinition Old, SopDefinition New, IReadOnlyList<FieldChange> Header, IReadOnlyList<StepChange> Steps)
{
    public int ChangeCount => Header.Count(f => f.Changed) + Steps.Count(s => s.Kind != StepChangeKind.Same);

    public static SopComparison Of(SopDefinition old, SopDefinition @new)
    {
        var header = new List<FieldChange>
        {
            new("Nomor SOP", old.Number, @new.Number),
            new("Nama SOP", old.Title, @new.Title),
            new("Unit", old.Unit, @new.Unit),
            new("Tanggal pembuatan", Date(old.MadeOn), Date(@new.MadeOn)),
            new("Tanggal efektif", Date(old.EffectiveOn), Date(@new.EffectiveOn)),
            new("Disahkan oleh", Approver(old), Approver(@new)),
            new("Total waktu (tertulis)", old.TotalTime ?? "", @new.TotalTime ?? ""),
            new("Dasar hukum", old.LegalBasis, @new.LegalBasis),
            new("Kualifikasi pelaksana", old.Qualifications, @new.Qualifications),
            new("Keterkaitan", old.RelatedSops, @new.RelatedSops),
            new("Peralatan/perlengkapan", old.Equipment, @new.Equipment),
            new("Peringatan", old.Warnings, @new.Warnings),
            new("Pencatatan dan pendataan", old.Records, @new.Records),
            new("Penjelasan singkat", old.Summary, @new.Summary),
            new("Tujuan", old.Purpose, @new.Purpose),
            new("Definisi", old.Definitions, @new.Definitions),
            new("Dokumen wajib", Documents(old), Documents(@new)),
        };

        var numbers = old.Steps.Select(s => s.Number).Union(@new.Steps.Select(s => s.Number)).Order();
        var steps = new List<StepChange>();
        foreach (var n in numbers)
        {
            var a = old.Steps.SingleOrDefault(s => s.Number == n);
            var b = @new.Steps.SingleOrDefault(s => s.Number == n);
            var fields = StepFields(a, b);
            var kind = a is null ? StepChangeKind.Added : b is null ? StepChangeKind.Removed
                : fields.Any(f => f.Changed) ? StepChangeKind.Changed : StepChangeKind.Same;
            steps.Add(new StepChange(n, kind, fields));
        }

        return new SopComparison(old, @new, header, steps);
    }

    private static List<FieldChange> StepFields(SopStep? a, SopStep? b) =>
    [
        new("Jenis", Kind(a), Kind(b)),
        new("Pelaksana", a is null ? "" : $"{a.ActorLabel} ({Identity.Roles.Label(a.ActorRole)})", b is null ? "" : $"{b.ActorLabel} ({Identity.Roles.Label(b.ActorRole)})"),
        new("Aktivitas", a?.Activity ?? "", b?.Activity ?? ""),
        new("Kelengkapan", a?.RequiredInputs ?? "", b?.RequiredInputs ?? ""),
        new("Dokumen dan butir diperiksa", Requirements(a), Requirements(b)),
        new("Waktu", a?.Standard.ToString() ?? "", b?.Standard.ToString() ?? ""),
        new("Output", a?.Output ?? "", b?.Output ?? ""),
        new("Keterangan", a?.Note ?? "", b?.Note ?? ""),
        new("Tembusan", Copies(a), Copies(b)),
        new("Alur", Route(a), Route(b)),
    ];

    private static string Kind(SopStep? s) => s is null ? "" : SopPublishChecks.Label(s.Kind);

    private static string Requirements(SopStep? s) => s is null ? "" :
        string.Join("\n", s.Requirements.OrderBy(r => r.Order).Select(r => (r.Kind == RequirementKind.Document ? "Dokumen: " : "Diperiksa: ") + r.Label));

    private static string Copies(SopStep? s) => s is null ? "" : string.Join(", ", SopCopy.Parse(s.CopyTo).Select(SopCopy.Label));

    private static string Route(SopStep? s) => s is null ? ""
        : (s.NextStepNumber is { } next ? (s.IsDecision ? "Ya → langkah " : "lanjut ke langkah ") + next.ToString(CultureInfo.InvariantCulture) : s.IsDecision ? "Ya → langkah berikutnya" : "langkah berikutnya")
          + (s.AlternateStepNumber is { } alt ? "; Tidak → langkah " + alt.ToString(CultureInfo.InvariantCulture) : "");

    private static string Date(DateOnly? d) => d is { } value ? Offices.OfficeClock.LongDate(value) : "";

    private static string Approver(SopDefinition s) =>
        string.Join(", ", new[] { s.ApproverTitle, s.ApproverName, s.ApproverNip is null ? null : "NIP " + s.ApproverNip }.Where(x => !string.IsNullOrWhiteSpace(x)));

    private static string Documents(SopDefinition s) => string.Join("\n", s.RequiredDocuments.OrderBy(d => d.Order).Select(d => d.Name));
}
