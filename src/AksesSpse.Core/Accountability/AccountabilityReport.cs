using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Performance;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Accountability;

/// <summary>One performer's month: the steps they completed, the late ones, their deviations by kind and how the reviews went.</summary>
public sealed record PerformerAccount(
    string? UserId, string Name, int Completed, int Late, int TimeDeviations, int CompletenessDeviations, int OutputDeviations,
    int Accepted, int NotAccepted, int Pending)
{
    public int Deviations => TimeDeviations + CompletenessDeviations + OutputDeviations;
}

/// <summary>
/// The monthly accountability report of one office (issue #10 §4): the register the Peringatan asks for — per SOP and step,
/// per performer, and every deviation with its explanation and review — for a period and the dashboard's filter.
/// </summary>
public sealed record AccountabilityReportData(
    string OfficeName,
    string? OfficeAddress,
    OfficeClock Clock,
    DateTime GeneratedAtUtc,
    string GeneratedBy,
    PerformanceSummary Summary,
    string FilterText,
    IReadOnlyList<PerformerAccount> Performers,
    IReadOnlyList<DeviationRow> Register,
    int RegisterTotal)
{
    /// <summary>The period holds more records than the report lists (the rest are on the ledger's page, /Penyimpangan).</summary>
    public bool RegisterTruncated => RegisterTotal > Register.Count;

    public PerformanceFilter Filter => Summary.Filter;

    /// <summary>"November 2026", or "Juli 2026 – November 2026".</summary>
    public string PeriodLabel => Filter.From == Filter.To ? Filter.From.Label : $"{Filter.From.Label} – {Filter.To.Label}";
}

/// <summary>Builds <see cref="AccountabilityReportData"/> from the dashboard's figures and the deviation ledger, both aggregated in SQL.</summary>
public sealed class AccountabilityReports(AppDbContext db, PerformanceReport performance, OfficeCalendar calendar, TimeProvider time)
{
    /// <summary>
    /// The register's rows in one report (about 40 pages of the PDF); a period or filter with more says how many records it
    /// holds and where the rest are (the ledger's page, with the same filters). Keeps every format of the report under a
    /// second at a province's scale (bench/dashboard.sh: a month of 100,000 records).
    /// </summary>
    public const int MaxRegisterRows = 2000;

    public async Task<AccountabilityReportData> BuildAsync(Actor actor, PerformanceFilter filter, string filterText, CancellationToken ct)
    {
        var summary = await performance.SummarizeAsync(actor.OfficeId, filter, ct);
        var office = await db.Offices.AsNoTracking().Where(o => o.Id == actor.OfficeId).Select(o => new { o.Name, o.Address }).SingleAsync(ct);
        var work = await calendar.WorkCalendarAsync(actor.OfficeId, ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(work.TimeZoneId);
        var from = filter.From.StartUtc(zone);
        var to = filter.To.AddMonths(1).StartUtc(zone);

        var records = PerformanceReport.LedgerRecords(db, actor.OfficeId, filter, from, to);
        // Counted from the index (OfficeId, OccurredAt, Kind, Review, PerformerUserId) alone; names are looked up after.
        var ledger = await records
            .GroupBy(d => new { d.PerformerUserId, d.Kind, d.Review })
            .Select(g => new { g.Key.PerformerUserId, g.Key.Kind, g.Key.Review, Count = g.Count() })
            .ToListAsync(ct);
        var register = await DeviationLedger.Project(records.OrderBy(d => d.OccurredAt).ThenBy(d => d.Id).Take(MaxRegisterRows)).ToListAsync(ct);

        var performers = new Dictionary<string, PerformerAccount>(StringComparer.Ordinal);
        foreach (var p in summary.Performers)
        {
            performers[p.PerformerUserId] = new PerformerAccount(p.PerformerUserId, p.PerformerName, p.Completed, p.Late, 0, 0, 0, 0, 0, 0);
        }

        var unnamed = ledger.Select(g => g.PerformerUserId).Where(id => id is not null && !performers.ContainsKey(id)).Distinct().ToList();
        var names = unnamed.Count == 0
            ? new Dictionary<string, string?>()
            : await db.Users.AsNoTracking().Where(u => unnamed.Contains(u.Id))
                .ToDictionaryAsync(u => u.Id, u => (string?)u.FullName, ct);
        foreach (var group in ledger)
        {
            var key = group.PerformerUserId ?? "";
            var account = performers.TryGetValue(key, out var known)
                ? known
                : new PerformerAccount(group.PerformerUserId, names.GetValueOrDefault(key) ?? "-", 0, 0, 0, 0, 0, 0, 0, 0);
            performers[key] = account with
            {
                TimeDeviations = account.TimeDeviations + (group.Kind == DeviationKind.Time ? group.Count : 0),
                CompletenessDeviations = account.CompletenessDeviations + (group.Kind == DeviationKind.Completeness ? group.Count : 0),
                OutputDeviations = account.OutputDeviations + (group.Kind == DeviationKind.Output ? group.Count : 0),
                Accepted = account.Accepted + (group.Review == DeviationReview.Accepted ? group.Count : 0),
                NotAccepted = account.NotAccepted + (group.Review == DeviationReview.NotAccepted ? group.Count : 0),
                Pending = account.Pending + (group.Review == DeviationReview.Pending ? group.Count : 0),
            };
        }

        return new AccountabilityReportData(
            office.Name,
            office.Address,
            OfficeClock.For(work.TimeZoneId, time),
            time.GetUtcNow().UtcDateTime,
            $"{actor.Name} ({string.Join(", ", actor.Roles.Select(Roles.Label))})",
            summary,
            filterText,
            performers.Values.OrderByDescending(p => p.Deviations).ThenByDescending(p => p.Late).ThenBy(p => p.Name, StringComparer.Ordinal).ToList(),
            register,
            ledger.Sum(g => g.Count));
    }
}
