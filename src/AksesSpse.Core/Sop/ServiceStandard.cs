namespace AksesSpse.Core.Sop;

/// <summary>
/// The components of an office's standar pelayanan (PermenPAN-RB 15/2014) for one SOP that the SOP itself does not hold: the
/// office fills them in once. The rest of the standard (dasar hukum, persyaratan, prosedur, jangka waktu, produk, sarana,
/// kompetensi) is derived from the SOP's current version, so it never drifts from what runs.
/// </summary>
public sealed class ServiceStandard : Common.IVersioned
{
    public const int MaxLength = 4000;

    public int Id { get; set; }
    public int OfficeId { get; set; }
    public SopKind Kind { get; set; }

    /// <summary>Biaya/tarif.</summary>
    public string? Cost { get; set; }

    /// <summary>Penanganan pengaduan, saran dan masukan.</summary>
    public string? Complaints { get; set; }

    /// <summary>Jumlah pelaksana.</summary>
    public string? StaffCount { get; set; }

    /// <summary>Jaminan pelayanan.</summary>
    public string? ServiceGuarantee { get; set; }

    /// <summary>Jaminan keamanan dan keselamatan pelayanan.</summary>
    public string? SecurityGuarantee { get; set; }

    /// <summary>Pengawasan internal.</summary>
    public string? InternalOversight { get; set; }

    /// <summary>Evaluasi kinerja pelaksana.</summary>
    public string? PerformanceEvaluation { get; set; }

    public DateTime UpdatedAt { get; set; }
    public string? UpdatedByUserId { get; set; }
    public int Version { get; set; }
}
