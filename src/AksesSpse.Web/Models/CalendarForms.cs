using System.Globalization;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Offices;
using FluentValidation;

namespace AksesSpse.Web.Models;

/// <summary>One day of the week on the office-calendar form; times as typed ("07:30").</summary>
public sealed class WeekDayRow
{
    public DayOfWeek Day { get; set; }
    public bool Works { get; set; }
    public string? Opens { get; set; }
    public string? Closes { get; set; }

    public static TimeOnly? Time(string? text) =>
        TimeOnly.TryParseExact(text?.Trim().Replace('.', ':'), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : null;
}

/// <summary>The office's zone and working week (docs/adr/0022).</summary>
public sealed class OfficeWeekForm
{
    public string? TimeZoneId { get; set; }
    public List<WeekDayRow> Days { get; set; } = [];

    public IReadOnlyList<WeekDayInput> ToInput() =>
        [.. Days.Select(d => new WeekDayInput(d.Day, d.Works, WeekDayRow.Time(d.Opens), WeekDayRow.Time(d.Closes)))];

    public static OfficeWeekForm From(WorkCalendar calendar) => new()
    {
        TimeZoneId = calendar.TimeZoneId,
        Days = [.. WeekOrder.Select(day => calendar.Week.TryGetValue(day, out var hours)
            ? new WeekDayRow { Day = day, Works = true, Opens = hours.Opens.ToString("HH:mm", CultureInfo.InvariantCulture), Closes = hours.Closes.ToString("HH:mm", CultureInfo.InvariantCulture) }
            : new WeekDayRow { Day = day, Works = false })],
    };

    public static readonly IReadOnlyList<DayOfWeek> WeekOrder =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];
}

public sealed class OfficeWeekFormValidator : AbstractValidator<OfficeWeekForm>
{
    /// <summary>An empty time is missing; a typed one that is no time (25:99) is named, so the officer sees what to correct.</summary>
    private static string TimeMessage(DayOfWeek day, string what, string? typed, string example) => string.IsNullOrWhiteSpace(typed)
        ? $"{OfficeCalendarSettings.DayName(day)}: {what} wajib diisi seperti {example}."
        : $"{OfficeCalendarSettings.DayName(day)}: {what} \"{(typed.Length > 20 ? typed[..20] + "…" : typed.Trim())}\" tidak dikenali; tulis seperti {example}.";

    public OfficeWeekFormValidator()
    {
        RuleFor(f => f.TimeZoneId).Must(z => OfficeCalendarSettings.Zones.Any(k => k.Id == z))
            .WithMessage("Pilih zona waktu kantor: WIB, WITA atau WIT.");
        RuleFor(f => f.Days).Must(d => d.Count == 7 && d.Select(x => x.Day).Distinct().Count() == 7)
            .WithMessage("Isi ketujuh hari dalam sepekan.");
        RuleFor(f => f.Days).Must(d => d.Any(x => x.Works))
            .WithMessage("Tandai sedikitnya satu hari kerja: tanpa hari kerja standar waktu SOP tidak dapat dihitung.");
        RuleForEach(f => f.Days).ChildRules(day =>
        {
            day.RuleFor(d => d.Opens).Must((d, v) => !d.Works || WeekDayRow.Time(v) is not null)
                .WithMessage(d => TimeMessage(d.Day, "jam buka", d.Opens, "07:30"));
            day.RuleFor(d => d.Closes).Must((d, v) => !d.Works || WeekDayRow.Time(v) is not null)
                .WithMessage(d => TimeMessage(d.Day, "jam tutup", d.Closes, "16:00"));
            day.RuleFor(d => d).Must(d => !d.Works || WeekDayRow.Time(d.Opens) is not { } o || WeekDayRow.Time(d.Closes) is not { } c || c > o)
                .WithMessage(d => $"{OfficeCalendarSettings.DayName(d.Day)}: jam tutup harus sesudah jam buka.");
        });
    }
}

/// <summary>One day off typed in: a regional day of the office, or (Administrator) a national one.</summary>
public sealed class DayOffForm
{
    public DateOnly? Date { get; set; }
    public DayOffKind Kind { get; set; } = DayOffKind.Regional;
    public string? Description { get; set; }
}

public sealed class DayOffFormValidator : AbstractValidator<DayOffForm>
{
    public DayOffFormValidator()
    {
        RuleFor(f => f.Date).NotNull().WithMessage("Tanggal hari libur wajib diisi.")
            .Must(d => d is null || d.Value.Year is >= 2000 and <= 2100).WithMessage("Tanggal di luar rentang tahun 2000–2100.");
        RuleFor(f => f.Kind).IsInEnum().WithMessage("Pilih jenis hari libur.");
        RuleFor(f => f.Description).NotEmpty().WithMessage("Keterangan hari libur wajib diisi (mis. Hari Raya Galungan).")
            .MaximumLength(DayOffList.MaxDescription).WithMessage($"Keterangan maksimal {DayOffList.MaxDescription} karakter.");
    }
}

/// <summary>A year's list of days off uploaded as CSV.</summary>
public sealed class DayOffImportForm
{
    public bool National { get; set; }
    public string? Source { get; set; }
}

public sealed class DayOffImportFormValidator : AbstractValidator<DayOffImportForm>
{
    public DayOffImportFormValidator()
    {
        RuleFor(f => f.Source).MaximumLength(500).WithMessage("Dasar hukum / sumber maksimal 500 karakter.");
    }
}

public sealed class OfficeCalendarPage
{
    public required OfficeCalendarView View { get; init; }
    public OfficeWeekForm Week { get; init; } = new();
    public DayOffForm Day { get; init; } = new();
    public DayOffImportForm Import { get; init; } = new();
}

/// <summary>How a staff member wants new work by email.</summary>
public sealed class WorkMailForm
{
    public WorkMailChoice WorkMail { get; set; }
}

public sealed class WorkMailFormValidator : AbstractValidator<WorkMailForm>
{
    public WorkMailFormValidator()
    {
        RuleFor(f => f.WorkMail).IsInEnum().WithMessage("Pilih salah satu: surel untuk setiap tugas baru, atau ringkasan harian.");
    }
}

public sealed class NotificationsPage
{
    public required IReadOnlyList<AksesSpse.Core.Notifications.UserNotification> Notices { get; init; }
    public bool IsStaff { get; init; }
    public WorkMailChoice WorkMail { get; init; }
}
