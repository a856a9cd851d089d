using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AksesSpse.Core.Campaigns;

/// <summary>
/// When the year-end PPK campaign of a fiscal year may run (section <c>Campaign</c>): from <see cref="OpensMonthDay"/>
/// of the fiscal year up to <see cref="ClosesMonthDay"/> (of the next year when it falls before the opening day),
/// both days included, in the office's time zone.
/// </summary>
public sealed class CampaignOptions
{
    public const string Section = "Campaign";

    /// <summary>"MM-dd", default "12-01" (1 December of the fiscal year).</summary>
    public string OpensMonthDay { get; set; } = "12-01";

    /// <summary>"MM-dd", default "03-31" (31 March of the next year).</summary>
    public string ClosesMonthDay { get; set; } = "03-31";

    public CampaignWindow WindowFor(int fiscalYear)
    {
        if (!TryParseMonthDay(OpensMonthDay, out var openMonth, out var openDay))
        {
            throw new InvalidOperationException($"Campaign:OpensMonthDay \"{OpensMonthDay}\" is not a month and day as MM-dd.");
        }

        if (!TryParseMonthDay(ClosesMonthDay, out var closeMonth, out var closeDay))
        {
            throw new InvalidOperationException($"Campaign:ClosesMonthDay \"{ClosesMonthDay}\" is not a month and day as MM-dd.");
        }

        var opens = new DateOnly(fiscalYear, openMonth, openDay);
        var closes = new DateOnly(fiscalYear, closeMonth, closeDay);
        if (closes < opens)
        {
            closes = closes.AddYears(1);
        }

        return new CampaignWindow(fiscalYear, opens, closes);
    }

    /// <summary>"MM-dd" of a day that exists in every year (so not 02-29).</summary>
    public static bool TryParseMonthDay(string? value, out int month, out int day)
    {
        month = day = 0;
        if (value is null || !DateOnly.TryParseExact("2001-" + value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return false;
        }

        month = date.Month;
        day = date.Day;
        return true;
    }
}

/// <summary>The days on which the campaign of <see cref="FiscalYear"/> may run, both included.</summary>
public sealed record CampaignWindow(int FiscalYear, DateOnly Opens, DateOnly Closes)
{
    public bool IsOpen(DateOnly today) => today >= Opens && today <= Closes;

    public bool NotYetOpen(DateOnly today) => today < Opens;

    public bool HasClosed(DateOnly today) => today > Closes;

    public string OpensText => CampaignText.Date(Opens);

    public string ClosesText => CampaignText.Date(Closes);

    public string Describe() => $"{OpensText} s.d. {ClosesText}";
}

internal static class CampaignText
{
    private static readonly string[] Months =
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    /// <summary>"1 Desember 2026".</summary>
    public static string Date(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Day} {Months[date.Month - 1]} {date.Year}");

    public static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);
}

public static class CampaignServiceCollectionExtensions
{
    /// <summary>The year-end PPK campaign: its options (section <c>Campaign</c>, checked at start-up) and its service.</summary>
    public static IServiceCollection AddPpkCampaigns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CampaignOptions>()
            .Bind(configuration.GetSection(CampaignOptions.Section))
            .Validate(o => CampaignOptions.TryParseMonthDay(o.OpensMonthDay, out _, out _) && CampaignOptions.TryParseMonthDay(o.ClosesMonthDay, out _, out _),
                "Campaign:OpensMonthDay and Campaign:ClosesMonthDay must be a month and day as MM-dd (e.g. 12-01, 03-31).")
            .ValidateOnStart();
        services.AddScoped<PpkCampaignService>();
        return services;
    }
}
