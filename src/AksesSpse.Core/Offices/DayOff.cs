namespace AksesSpse.Core.Offices;

/// <summary>Why a date is no working day.</summary>
public enum DayOffKind
{
    /// <summary>Libur nasional, from the yearly joint decree (SKB) of the three ministers.</summary>
    NationalHoliday = 1,

    /// <summary>Cuti bersama, from the same decree.</summary>
    CutiBersama = 2,

    /// <summary>A day off of one office only (e.g. Galungan and Kuningan in Bali), set by the office.</summary>
    Regional = 3,
}

/// <summary>
/// A date that is no working day (docs/adr/0022): national ones (libur nasional, cuti bersama) have no office and apply to
/// every office; a regional one belongs to its office.
/// </summary>
public sealed class DayOff
{
    public int Id { get; set; }

    /// <summary>The office a regional day belongs to; null for libur nasional and cuti bersama.</summary>
    public int? OfficeId { get; set; }

    public DateOnly Date { get; set; }
    public DayOffKind Kind { get; set; }
    public string Description { get; set; } = "";

    /// <summary>Where the day comes from (e.g. "SKB 3 Menteri Nomor 1497/2/5 Tahun 2025"), as the import or the form gave it.</summary>
    public string? Source { get; set; }

    public DateTime CreatedAt { get; set; }
    public string CreatedByName { get; set; } = "";

    public static string KindLabel(DayOffKind kind) => kind switch
    {
        DayOffKind.NationalHoliday => "Libur nasional",
        DayOffKind.CutiBersama => "Cuti bersama",
        _ => "Libur daerah / kantor",
    };
}

/// <summary>An office's hours on one day of the week; a day without a row is no working day once the office has set its week.</summary>
public sealed class OfficeWorkingDay
{
    public int OfficeId { get; set; }
    public DayOfWeek Day { get; set; }
    public TimeOnly Opens { get; set; }
    public TimeOnly Closes { get; set; }
}
