namespace AksesSpse.Core.Sop;

/// <summary>The four procedures the product runs. Each office may hold its own versions of each.</summary>
public enum SopKind
{
    PokjaAccountRequest = 1,
    AccessActivation = 2,
    StaffRegistration = 3,
    PasswordReset = 4,
}

/// <summary>
/// One version of an office's SOP, as printed in the PermenPAN-RB 35/2012 format: the identity block,
/// the documentation sections and the ordered steps. Requests keep the version they started under.
/// </summary>
public sealed class SopDefinition
{
    public int Id { get; set; }
    public int OfficeId { get; set; }
    public SopKind Kind { get; set; }
    public int Version { get; set; }
    public bool IsCurrent { get; set; }

    public string Number { get; set; } = "";
    public string Title { get; set; } = "";
    public string Unit { get; set; } = "";
    public DateOnly? MadeOn { get; set; }
    public DateOnly? RevisedOn { get; set; }
    public DateOnly? EffectiveOn { get; set; }
    public string ApproverName { get; set; } = "";
    public string? ApproverNip { get; set; }
    public string ApproverTitle { get; set; } = "";

    /// <summary>The documentation sections, one item per line.</summary>
    public string LegalBasis { get; set; } = "";
    public string Qualifications { get; set; } = "";
    public string RelatedSops { get; set; } = "";
    public string Equipment { get; set; } = "";
    public string Warnings { get; set; } = "";
    public string Records { get; set; } = "";

    /// <summary>Penjelasan Singkat, Tujuan and Definisi: printed only where the SOP has them; one item per line.</summary>
    public string Summary { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string Definitions { get; set; } = "";

    /// <summary>A draft is being edited and runs nothing; a published version runs the requests started while it is current.</summary>
    public SopStatus Status { get; set; }

    /// <summary>When and by whom this version was published (null for the versions the product seeded).</summary>
    public DateTime? PublishedAt { get; set; }
    public string? PublishedByUserId { get; set; }

    /// <summary>What the publisher said changed in this version.</summary>
    public string? ChangeNote { get; set; }

    /// <summary>Who last saved the draft, and when; <see cref="DraftStamp"/> guards two officers saving the same draft at once.</summary>
    public DateTime? DraftSavedAt { get; set; }
    public string? DraftSavedByUserId { get; set; }
    public int DraftStamp { get; set; }

    /// <summary>The SOP's "Total Waktu Penyelesaian" as printed (e.g. "Disesuaikan dengan kebutuhan"); null when it prints none.</summary>
    public string? TotalTime { get; set; }

    public List<SopStep> Steps { get; set; } = [];
    public List<SopRequiredDocument> RequiredDocuments { get; set; } = [];

    public static IReadOnlyList<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public enum SopStatus
{
    Published = 0,
    Draft = 1,
}

/// <summary>A document the applicant must hand in: a checklist item of the completeness check.</summary>
public sealed class SopRequiredDocument
{
    public int Id { get; set; }
    public int SopDefinitionId { get; set; }
    public int Order { get; set; }

    /// <summary>Stable code used by uploads and the checklist (e.g. SURAT_PERMOHONAN).</summary>
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
}
