using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AksesSpse.Core.Offices;

/// <summary>A day of the week as the calendar form sends it.</summary>
public sealed record WeekDayInput(DayOfWeek Day, bool Works, TimeOnly? Opens, TimeOnly? Closes);

/// <summary>What the calendar page shows: the office's zone and week, a year's days off, and who may change what.</summary>
public sealed record OfficeCalendarView(
    Office Office,
    WorkCalendar Calendar,
    bool WeekIsOwn,
    int Year,
    IReadOnlyList<DayOff> Days,
    IReadOnlyList<int> YearsWithList,
    bool MayEditOffice,
    bool MayEditNational);

/// <summary>
/// The office calendar's settings (docs/adr/0022): the zone and working week of an office, its regional days off, and the
/// national list of libur nasional and cuti bersama (one for every office). Every change moves the deadlines of the steps
/// that are open now, so pages, queues and reminders follow the new calendar at once.
/// </summary>
public sealed class OfficeCalendarSettings(AppDbContext db, OfficeCalendar calendar, IStepClock clock, TimeProvider time, ILogger<OfficeCalendarSettings> logger)
{
    /// <summary>The zones of Indonesia's offices, with the labels the form shows.</summary>
    public static readonly IReadOnlyList<(string Id, string Label)> Zones =
    [
        ("Asia/Jakarta", "WIB (UTC+7) — Sumatera, Jawa, Kalimantan Barat dan Tengah"),
        ("Asia/Makassar", "WITA (UTC+8) — Bali, Nusa Tenggara, Sulawesi, Kalimantan Selatan, Timur dan Utara"),
        ("Asia/Jayapura", "WIT (UTC+9) — Maluku dan Papua"),
    ];

    /// <summary>The shipped national list: the joint decree (SKB) for 2026.</summary>
    public const string ShippedSource =
        "SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB Nomor 1497 Tahun 2025, Nomor 2 Tahun 2025, Nomor 5 Tahun 2025";

    public static bool MayEditOffice(Actor actor) => actor.IsIn(Roles.Administrator) || actor.IsIn(Roles.KepalaLpse);

    public static bool MayEditNational(Actor actor) => actor.IsIn(Roles.Administrator);

    public async Task<OfficeCalendarView?> ViewAsync(Actor actor, int year, CancellationToken ct)
    {
        var office = await db.Offices.AsNoTracking().SingleOrDefaultAsync(o => o.Id == actor.OfficeId, ct);
        if (office is null)
        {
            return null;
        }

        var work = await calendar.WorkCalendarAsync(office.Id, ct);
        var own = await db.OfficeWorkingDays.AnyAsync(d => d.OfficeId == office.Id, ct);
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var days = await db.DaysOff.AsNoTracking()
            .Where(d => (d.OfficeId == null || d.OfficeId == office.Id) && d.Date >= from && d.Date <= to)
            .OrderBy(d => d.Date).ThenBy(d => d.Kind).ToListAsync(ct);
        var years = (await db.DaysOff.AsNoTracking().Where(d => d.OfficeId == null && d.Kind == DayOffKind.NationalHoliday)
            .Select(d => d.Date).ToListAsync(ct)).Select(d => d.Year).Distinct().Order().ToList();
        return new OfficeCalendarView(office, work, own, year, days, years, MayEditOffice(actor), MayEditNational(actor));
    }

    /// <summary>Sets the office's zone and working week; at least one working day, each closing after it opens.</summary>
    public async Task<OperationResult> SaveWeekAsync(Actor actor, string? zoneId, IReadOnlyList<WeekDayInput> days, CancellationToken ct)
    {
        if (!MayEditOffice(actor))
        {
            return OperationResult.Forbidden();
        }

        if (!Zones.Any(z => z.Id == zoneId))
        {
            return OperationResult.Fail(ErrorKind.Validation, "Pilih zona waktu kantor: WIB, WITA atau WIT.");
        }

        var problems = new List<string>();
        foreach (var day in days.Where(d => d.Works))
        {
            if (day.Opens is not { } opens || day.Closes is not { } closes)
            {
                problems.Add($"{DayName(day.Day)}: isi jam buka dan jam tutup, atau tandai sebagai hari libur.");
            }
            else if (closes <= opens)
            {
                problems.Add($"{DayName(day.Day)}: jam tutup ({closes:HH\\.mm}) harus sesudah jam buka ({opens:HH\\.mm}).");
            }
        }

        if (!days.Any(d => d.Works))
        {
            problems.Add("Tandai sedikitnya satu hari kerja: tanpa hari kerja standar waktu SOP tidak dapat dihitung.");
        }

        if (days.Select(d => d.Day).Distinct().Count() != days.Count)
        {
            problems.Add("Setiap hari hanya boleh muncul satu kali.");
        }

        if (problems.Count > 0)
        {
            return OperationResult.Fail(ErrorKind.Validation, string.Join(" ", problems));
        }

        var office = await db.Offices.SingleAsync(o => o.Id == actor.OfficeId, ct);
        office.TimeZoneId = zoneId!;
        db.OfficeWorkingDays.RemoveRange(await db.OfficeWorkingDays.Where(d => d.OfficeId == office.Id).ToListAsync(ct));
        db.OfficeWorkingDays.AddRange(days.Where(d => d.Works).Select(d => new OfficeWorkingDay
        {
            OfficeId = office.Id, Day = d.Day, Opens = d.Opens!.Value, Closes = d.Closes!.Value,
        }));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Office {OfficeId} calendar week set by {UserId}: zone {Zone}, {Days} working days", office.Id, actor.UserId, zoneId,
            days.Count(d => d.Works));
        calendar.Forget(office.Id);
        await RefreshDeadlinesAsync([office.Id], ct);
        return OperationResult.Ok();
    }

    /// <summary>Adds one day off: a regional day for the office, or (Administrator) a national holiday or cuti bersama.</summary>
    public async Task<OperationResult> AddDayAsync(Actor actor, DateOnly date, DayOffKind kind, string? description, CancellationToken ct)
    {
        var national = kind != DayOffKind.Regional;
        if (national ? !MayEditNational(actor) : !MayEditOffice(actor))
        {
            return OperationResult.Forbidden();
        }

        description = description?.Trim() ?? "";
        if (description.Length == 0 || description.Length > DayOffList.MaxDescription)
        {
            return OperationResult.Fail(ErrorKind.Validation, $"Tulis keterangan hari libur (paling banyak {DayOffList.MaxDescription} karakter).");
        }

        if (date.Year is < 2000 or > 2100)
        {
            return OperationResult.Fail(ErrorKind.Validation, "Tanggal di luar rentang tahun 2000–2100.");
        }

        int? officeId = national ? null : actor.OfficeId;
        if (await db.DaysOff.AnyAsync(d => d.Date == date && (d.OfficeId == null || d.OfficeId == actor.OfficeId), ct))
        {
            return OperationResult.Fail(ErrorKind.Conflict, $"Tanggal {date:dd-MM-yyyy} sudah tercatat sebagai hari libur.");
        }

        db.DaysOff.Add(new DayOff
        {
            OfficeId = officeId, Date = date, Kind = kind, Description = description, Source = "Dicatat lewat formulir",
            CreatedAt = time.GetUtcNow().UtcDateTime, CreatedByName = actor.Name,
        });
        await db.SaveChangesAsync(ct);
        await ChangedAsync(national, actor, ct);
        return OperationResult.Ok();
    }

    public async Task<OperationResult> RemoveDayAsync(Actor actor, int id, CancellationToken ct)
    {
        var day = await db.DaysOff.SingleOrDefaultAsync(d => d.Id == id && (d.OfficeId == null || d.OfficeId == actor.OfficeId), ct);
        if (day is null)
        {
            return OperationResult.NotFound();
        }

        var national = day.OfficeId is null;
        if (national ? !MayEditNational(actor) : !MayEditOffice(actor))
        {
            return OperationResult.Forbidden();
        }

        db.DaysOff.Remove(day);
        await db.SaveChangesAsync(ct);
        await ChangedAsync(national, actor, ct);
        return OperationResult.Ok();
    }

    /// <summary>
    /// Imports a list in the CSV shape of the shipped 2026 list. National (Administrator): libur nasional and cuti bersama
    /// only, and they replace the national list of the years the file covers. Regional: libur_daerah lines only, replacing
    /// the office's regional days of those years. Returns how many days were stored.
    /// </summary>
    public async Task<OperationResult<int>> ImportAsync(Actor actor, Stream content, bool national, string? source, CancellationToken ct)
    {
        if (national ? !MayEditNational(actor) : !MayEditOffice(actor))
        {
            return OperationResult<int>.From(OperationResult.Forbidden());
        }

        var read = DayOffList.Read(content);
        if (!read.Succeeded)
        {
            return OperationResult<int>.From(OperationResult.Fail(ErrorKind.Validation, string.Join(" ", read.Errors.Take(10))));
        }

        var wrong = read.Lines.Where(l => (l.Kind == DayOffKind.Regional) == national).Take(5).ToList();
        if (wrong.Count > 0)
        {
            var expected = national ? "libur_nasional atau cuti_bersama" : "libur_daerah";
            return OperationResult<int>.From(OperationResult.Fail(ErrorKind.Validation,
                $"Daftar ini untuk {(national ? "hari libur nasional dan cuti bersama" : "hari libur daerah kantor ini")}: jenisnya harus {expected}. " +
                string.Join(" ", wrong.Select(l => $"Baris {l.Line} berjenis {DayOffList.KindCode(l.Kind)}."))));
        }

        int? officeId = national ? null : actor.OfficeId;
        var years = read.Lines.Select(l => l.Date.Year).Distinct().ToList();
        var now = time.GetUtcNow().UtcDateTime;
        source = string.IsNullOrWhiteSpace(source) ? "Impor berkas" : source.Trim()[..Math.Min(source.Trim().Length, 500)];
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var replaced = await db.DaysOff.Where(d => d.OfficeId == officeId && years.Contains(d.Date.Year)).ToListAsync(ct);
            db.DaysOff.RemoveRange(replaced);
            db.DaysOff.AddRange(read.Lines.Select(l => new DayOff
            {
                OfficeId = officeId, Date = l.Date, Kind = l.Kind, Description = l.Description, Source = source, CreatedAt = now,
                CreatedByName = actor.Name,
            }));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        logger.LogInformation("{Scope} days off imported by {UserId}: {Count} days for {Years}", national ? "National" : "Regional", actor.UserId,
            read.Lines.Count, string.Join(",", years.Order()));
        await ChangedAsync(national, actor, ct);
        return OperationResult<int>.Ok(read.Lines.Count);
    }

    /// <summary>
    /// Stores the shipped national list (2026) when the database has no national day of that year yet: at start-up, in
    /// every environment, because every deadline depends on it.
    /// </summary>
    public static async Task SeedShippedAsync(AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        using var stream = typeof(OfficeCalendarSettings).Assembly.GetManifestResourceStream("AksesSpse.Core.Offices.hari-libur-2026.csv")
                           ?? throw new InvalidOperationException("The shipped list of days off is missing from the assembly.");
        var read = DayOffList.Read(stream);
        if (!read.Succeeded)
        {
            throw new InvalidOperationException("The shipped list of days off does not read: " + string.Join(" ", read.Errors));
        }

        var years = read.Lines.Select(l => l.Date.Year).Distinct().ToList();
        var known = await db.DaysOff.Where(d => d.OfficeId == null).Select(d => d.Date).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var missing = years.Where(y => !known.Any(d => d.Year == y)).ToHashSet();
        if (missing.Count == 0)
        {
            return;
        }

        db.DaysOff.AddRange(read.Lines.Where(l => missing.Contains(l.Date.Year)).Select(l => new DayOff
        {
            Date = l.Date, Kind = l.Kind, Description = l.Description, Source = ShippedSource, CreatedAt = now, CreatedByName = "Sistem",
        }));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Counts the deadlines of the open steps of these offices again in their calendars. The deadline is derived from the
    /// step's start and its standard, so it is written directly, without moving the request's version: an officer who
    /// has the request open is not told that someone else acted on it.
    /// </summary>
    public async Task<int> RefreshDeadlinesAsync(IReadOnlyCollection<int>? officeIds, CancellationToken ct)
    {
        var open = await db.AccessRequests.AsNoTracking()
            .Where(r => r.ClosedAt == null && (officeIds == null || officeIds.Contains(r.OfficeId)))
            .SelectMany(r => r.Steps.Where(s => s.CompletedAt == null && s.DueAt != null), (r, s) => new
            {
                s.Id, s.AccessRequestId, r.OfficeId, s.ActionableAt, s.StandardKind, s.StandardValue, s.DueAt,
                Current = s.StepNumber == r.CurrentStepNumber,
            })
            .ToListAsync(ct);
        var moved = 0;
        foreach (var step in open)
        {
            var work = await calendar.WorkCalendarAsync(step.OfficeId, ct);
            var standard = new TimeStandard(step.StandardKind, step.StandardValue);
            var due = clock.DueAt(step.ActionableAt, standard, work);
            if (due == step.DueAt)
            {
                continue;
            }

            // The reminder and the escalation follow the new deadline; one already sent is not sent again.
            var remind = clock.ReminderAt(step.ActionableAt, standard, work);
            await db.RequestSteps.Where(s => s.Id == step.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.DueAt, due).SetProperty(s => s.RemindAt, remind), ct);
            if (step.Current)
            {
                await db.AccessRequests.Where(r => r.Id == step.AccessRequestId && r.CurrentStepNumber != null)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.CurrentStepDueAt, due ?? AccessRequest.NoDeadline), ct);
            }

            moved++;
        }

        return moved + await RefreshMemberDeadlinesAsync(officeIds, ct);
    }

    /// <summary>
    /// The members' confirmation deadlines of the open Pokja requests (SOP 1) that are not confirmed yet: each counted again
    /// with the calendar as it is now, from when the member's current link was made, with the standard of the step that
    /// follows the accounts being made.
    /// </summary>
    private async Task<int> RefreshMemberDeadlinesAsync(IReadOnlyCollection<int>? officeIds, CancellationToken ct)
    {
        var members = await (from p in db.RequestPersons
                             join r in db.AccessRequests on p.AccessRequestId equals r.Id
                             where r.ClosedAt == null && (officeIds == null || officeIds.Contains(r.OfficeId)) &&
                                   p.ConfirmedAt == null && p.Outcome == PersonOutcome.Done && p.ConfirmationDueAt != null
                             select new
                             {
                                 p.Id,
                                 r.OfficeId,
                                 r.SopDefinitionId,
                                 p.ConfirmationDueAt,
                                 Sent = db.CredentialDeliveries.Where(d => d.RequestPersonId == p.Id).Max(d => (DateTime?)d.CreatedAt) ?? p.DeliveredAt,
                             })
            .AsNoTracking()
            .ToListAsync(ct);
        var standards = new Dictionary<int, TimeStandard?>();
        var moved = 0;
        foreach (var member in members.Where(m => m.Sent is not null))
        {
            if (!standards.TryGetValue(member.SopDefinitionId, out var standard))
            {
                var sop = await db.SopDefinitions.AsNoTracking().Include(d => d.Steps).SingleAsync(d => d.Id == member.SopDefinitionId, ct);
                var maker = sop.Steps.FirstOrDefault(s => s.Kind == StepKind.AccountAction);
                standards[member.SopDefinitionId] = standard =
                    maker is not null && Engine.SopEngine.NextStep(sop, maker, Engine.StepAnswer.Done) is { } confirm ? confirm.Standard : null;
            }

            if (standard is not { } confirmStandard)
            {
                continue;
            }

            var due = clock.DueAt(member.Sent!.Value, confirmStandard, await calendar.WorkCalendarAsync(member.OfficeId, ct));
            if (due is null || due == member.ConfirmationDueAt)
            {
                continue;
            }

            await db.RequestPersons.Where(p => p.Id == member.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.ConfirmationDueAt, due), ct);
            moved++;
        }

        return moved;
    }

    private async Task ChangedAsync(bool national, Actor actor, CancellationToken ct)
    {
        if (national)
        {
            OfficeCalendar.ForgetAllWorkCalendars();
            await RefreshDeadlinesAsync(null, ct);
        }
        else
        {
            calendar.Forget(actor.OfficeId);
            await RefreshDeadlinesAsync([actor.OfficeId], ct);
        }
    }

    public static string DayName(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => "Senin",
        DayOfWeek.Tuesday => "Selasa",
        DayOfWeek.Wednesday => "Rabu",
        DayOfWeek.Thursday => "Kamis",
        DayOfWeek.Friday => "Jumat",
        DayOfWeek.Saturday => "Sabtu",
        _ => "Minggu",
    };
}
