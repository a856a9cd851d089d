using System.Globalization;
using System.Text;
using AksesSpse.Core.Performance;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Infrastructure;
using FluentValidation;

namespace AksesSpse.Web.Models;

/// <summary>
/// The dashboard's filter as a GET form (/Dasbor?dari=2026-10&amp;sampai=2026-11&amp;sop=4&amp;langkah=2&amp;petugas=…&amp;saluran=2):
/// every field is text as typed, so a bad value gets a message of ours instead of a binding error.
/// </summary>
public class DashboardFilterForm
{
    public string? Dari { get; set; }
    public string? Sampai { get; set; }
    public string? Sop { get; set; }
    public string? Langkah { get; set; }
    public string? Petugas { get; set; }
    public string? Saluran { get; set; }

    public static SopKind? SopOf(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? RunningSops.ByNumber(n) : null;

    public static int? StepOf(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxStep ? n : null;

    public static IntakeChannel? ChannelOf(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && Enum.IsDefined(typeof(IntakeChannel), n) ? (IntakeChannel)n : null;

    public const int MaxStep = 50;

    /// <summary>How many months back the period's lists offer (three years of history).</summary>
    public const int MonthChoices = 36;

    /// <summary>The filter the form asks for; an empty period is the current month (<paramref name="current"/>).</summary>
    public PerformanceFilter ToFilter(Month current)
    {
        var from = Month.Parse(Dari?.Trim());
        var to = Month.Parse(Sampai?.Trim());
        return new PerformanceFilter(from ?? to ?? current, to ?? from ?? current, SopOf(Sop), StepOf(Langkah), string.IsNullOrWhiteSpace(Petugas) ? null : Petugas.Trim(), ChannelOf(Saluran));
    }

    /// <summary>The query string of a filter (without the leading "?"), to carry it into links.</summary>
    public static string Query(PerformanceFilter filter)
    {
        var parts = new List<string> { "dari=" + filter.From, "sampai=" + filter.To };
        if (filter.Sop is { } sop)
        {
            parts.Add("sop=" + ((int)sop).ToString(CultureInfo.InvariantCulture));
        }

        if (filter.StepNumber is { } step)
        {
            parts.Add("langkah=" + step.ToString(CultureInfo.InvariantCulture));
        }

        if (filter.PerformerUserId is { } performer)
        {
            parts.Add("petugas=" + Uri.EscapeDataString(performer));
        }

        if (filter.Channel is { } channel)
        {
            parts.Add("saluran=" + ((int)channel).ToString(CultureInfo.InvariantCulture));
        }

        return string.Join("&", parts);
    }
}

public abstract class DashboardFilterFormValidator<T> : AbstractValidator<T> where T : DashboardFilterForm
{
    public DashboardFilterFormValidator()
    {
        RuleFor(f => f.Dari).Must(v => string.IsNullOrWhiteSpace(v) || Month.Parse(v.Trim()) is not null)
            .WithMessage("Bulan awal tidak dikenali. Pilih bulan dan tahun, misalnya 2026-11 untuk November 2026.");
        RuleFor(f => f.Sampai).Must(v => string.IsNullOrWhiteSpace(v) || Month.Parse(v.Trim()) is not null)
            .WithMessage("Bulan akhir tidak dikenali. Pilih bulan dan tahun, misalnya 2026-11 untuk November 2026.");
        RuleFor(f => f.Sampai).Must((f, v) => Month.Parse(f.Dari?.Trim()) is not { } from || Month.Parse(v?.Trim()) is not { } to || from <= to)
            .WithMessage("Bulan akhir harus sama dengan atau sesudah bulan awal.");
        RuleFor(f => f.Sampai).Must((f, v) => Month.Parse(f.Dari?.Trim()) is not { } from || Month.Parse(v?.Trim()) is not { } to || from > to ||
                                              from.MonthsUntil(to) < PerformanceFilter.MaxMonths)
            .WithMessage($"Periode paling panjang {PerformanceFilter.MaxMonths} bulan. Persempit rentang bulannya.");
        RuleFor(f => f.Sop).Must(v => string.IsNullOrWhiteSpace(v) || DashboardFilterForm.SopOf(v.Trim()) is not null)
            .WithMessage("SOP tidak dikenali. Pilih salah satu SOP dari daftar.");
        RuleFor(f => f.Langkah).Must(v => string.IsNullOrWhiteSpace(v) || DashboardFilterForm.StepOf(v.Trim()) is not null)
            .WithMessage($"Nomor langkah harus berupa angka 1 sampai {DashboardFilterForm.MaxStep}.");
        RuleFor(f => f.Saluran).Must(v => string.IsNullOrWhiteSpace(v) || DashboardFilterForm.ChannelOf(v.Trim()) is not null)
            .WithMessage("Cara masuk tidak dikenali. Pilih daring, datang langsung, atau email.");
        RuleFor(f => f.Petugas!).SingleLine("Petugas", 450).When(f => f.Petugas is not null);
    }
}

public sealed class DashboardFilterFormValidator : DashboardFilterFormValidator<DashboardFilterForm>;

/// <summary>The list behind one count: the dashboard's filter plus what was clicked (/Dasbor/Permohonan?…&amp;ukuran=terlambat).</summary>
public sealed class DashboardListForm : DashboardFilterForm
{
    public string? Ukuran { get; set; }
    public string? Bulan { get; set; }
    public string? Peran { get; set; }

    /// <summary>The measures as they are written in links.</summary>
    public static readonly IReadOnlyDictionary<string, PerformanceMeasure> Measures = new Dictionary<string, PerformanceMeasure>(StringComparer.Ordinal)
    {
        ["selesai"] = PerformanceMeasure.Completed,
        ["berstandar"] = PerformanceMeasure.Timed,
        ["tepat"] = PerformanceMeasure.OnTime,
        ["terlambat"] = PerformanceMeasure.Late,
        ["lewat-tenggat"] = PerformanceMeasure.OverdueNow,
        ["penyimpangan"] = PerformanceMeasure.Deviation,
    };

    public static string Word(PerformanceMeasure measure) => Measures.First(m => m.Value == measure).Key;

    public PerformanceDrillDown ToDrillDown() =>
        new(Measures.TryGetValue(Ukuran?.Trim() ?? "", out var m) ? m : PerformanceMeasure.Completed, Month.Parse(Bulan?.Trim()),
            string.IsNullOrWhiteSpace(Peran) ? null : Peran.Trim());

    /// <summary>The link of a count: the filter, the measure, and what the row or point adds.</summary>
    public static string Link(PerformanceFilter filter, PerformanceMeasure measure, SopKind? sop = null, int? step = null, string? performer = null,
        Month? month = null, string? role = null)
    {
        var narrowed = filter with
        {
            Sop = sop ?? filter.Sop,
            StepNumber = step ?? filter.StepNumber,
            PerformerUserId = performer ?? filter.PerformerUserId,
        };
        var text = new StringBuilder("/Dasbor/Permohonan?").Append(Query(narrowed)).Append("&ukuran=").Append(Word(measure));
        if (month is { } m)
        {
            text.Append("&bulan=").Append(m);
        }

        if (role is not null)
        {
            text.Append("&peran=").Append(Uri.EscapeDataString(role));
        }

        return text.ToString();
    }
}

public sealed class DashboardListFormValidator : DashboardFilterFormValidator<DashboardListForm>
{
    public DashboardListFormValidator()
    {
        RuleFor(f => f.Ukuran).Must(v => string.IsNullOrWhiteSpace(v) || DashboardListForm.Measures.ContainsKey(v.Trim()))
            .WithMessage("Jenis hitungan tidak dikenali. Buka daftar ini dari angka di dasbor.");
        RuleFor(f => f.Bulan).Must(v => string.IsNullOrWhiteSpace(v) || Month.Parse(v.Trim()) is not null)
            .WithMessage("Bulan tidak dikenali. Buka daftar ini dari angka di dasbor.");
        RuleFor(f => f.Peran).Must(v => string.IsNullOrWhiteSpace(v) || AksesSpse.Core.Identity.Roles.All.Contains(v.Trim()))
            .WithMessage("Peran tidak dikenali. Buka daftar ini dari angka di dasbor.");
    }
}

/// <summary>The dashboard page.</summary>
public sealed class DashboardPage
{
    public required DashboardFilterForm Form { get; init; }

    /// <summary>Null when the filter was refused (the messages are in ModelState).</summary>
    public PerformanceSummary? Summary { get; init; }
    public IReadOnlyList<PerformerOption> Performers { get; init; } = [];
    public Month CurrentMonth { get; init; }
}

/// <summary>The list of the requests behind a count.</summary>
public sealed class DashboardListPage
{
    public required DashboardListForm Form { get; init; }
    public PerformanceFilter? Filter { get; init; }
    public PerformanceDrillDown? DrillDown { get; init; }
    public PagedResult<PerformanceRequestRow>? Result { get; init; }

    /// <summary>The performer's name when the list is narrowed to one.</summary>
    public string? PerformerName { get; init; }

    public string Link(int page) =>
        Filter is null || DrillDown is null
            ? "/Dasbor"
            : DashboardListForm.Link(Filter, DrillDown.Measure, month: DrillDown.Month, role: DrillDown.ActorRole) + "&page=" + page.ToString(CultureInfo.InvariantCulture);
}

/// <summary>How the dashboard writes its figures: percentages with a decimal comma, durations in hours and minutes.</summary>
public static class DashboardFormat
{
    /// <summary>"66,7 %"; "–" when nothing was counted.</summary>
    public static string Percent(double? share) =>
        share is { } s ? (Math.Round(s * 100, 1, MidpointRounding.AwayFromZero)).ToString("0.0", CultureInfo.InvariantCulture).Replace('.', ',') + " %" : "–";

    /// <summary>The share as a number for a chart (one decimal), or null.</summary>
    public static double? ChartPercent(double? share) => share is { } s ? Math.Round(s * 100, 1, MidpointRounding.AwayFromZero) : null;

    /// <summary>"2 jam 5 menit", "45 menit", "30 detik"; "–" for none.</summary>
    public static string Duration(long? seconds)
    {
        if (seconds is not { } total)
        {
            return "–";
        }

        if (total < 60)
        {
            return total.ToString(CultureInfo.InvariantCulture) + " detik";
        }

        var minutes = (total + 30) / 60;
        var hours = minutes / 60;
        minutes %= 60;
        return hours == 0
            ? minutes.ToString(CultureInfo.InvariantCulture) + " menit"
            : hours.ToString(CultureInfo.InvariantCulture) + " jam" + (minutes == 0 ? "" : " " + minutes.ToString(CultureInfo.InvariantCulture) + " menit");
    }

    public static string SopLabel(SopKind kind) => $"SOP {(int)kind} — {RunningSops.ShortTitle(kind)}";

    public static string MeasureLabel(PerformanceMeasure measure) => measure switch
    {
        PerformanceMeasure.Completed => "langkah selesai",
        PerformanceMeasure.Timed => "langkah selesai yang memiliki standar waktu",
        PerformanceMeasure.OnTime => "langkah selesai tepat waktu",
        PerformanceMeasure.Late => "langkah selesai terlambat",
        PerformanceMeasure.OverdueNow => "langkah terbuka yang sudah lewat tenggat sekarang",
        PerformanceMeasure.Deviation => "langkah dengan penyimpangan kelengkapan atau output tercatat",
        _ => "langkah",
    };
}
