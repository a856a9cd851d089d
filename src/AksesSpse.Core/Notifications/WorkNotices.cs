using System.Globalization;
using System.Text;
using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AksesSpse.Core.Notifications;

/// <summary>
/// Nobody misses work (issue #10 §2, docs/adr/0023): new work is told to the people whose role acts next, in the app at
/// once and by email at once or in the daily digest (each person's choice); the sweep reminds a step's performers at 80 %
/// of its standard, escalates an overdue step to their supervisor, and sends the digests and the heads' daily overdue
/// summary. Every send is claimed in the database first, so two or more nodes never send one twice.
/// </summary>
public sealed class WorkNotices(
    AppDbContext db,
    Notifier notifier,
    UserDirectory directory,
    OfficeCalendar calendar,
    TimeProvider time,
    ILogger<WorkNotices> logger)
{
    /// <summary>When the digests and the overdue summary go out: 07.00 office time, on a working day.</summary>
    public static readonly TimeOnly DailyAt = new(7, 0);

    /// <summary>How many reminders or escalations one sweep sends at most; the next sweep takes the rest.</summary>
    public const int BatchSize = 200;

    /// <summary>Who answers for a role's overdue work: Kepala LPSE for LPSE staff, Kepala UKPBJ for the procurement unit's people.</summary>
    public static string? SupervisorOf(string role) => role switch
    {
        Roles.HelpdeskLpse or Roles.AdminAgency or Roles.AdminPpe => Roles.KepalaLpse,
        Roles.Pemohon => Roles.KepalaUkpbj,
        _ => null,
    };

    /// <summary>
    /// Tells the people of the step's role that new work waits for them (before the caller saves: the notices are saved
    /// with the move, or not at all). The applicant's own steps are told by each procedure's own messages.
    /// </summary>
    public async Task NewWorkAsync(AccessRequest request, RequestStep step, Actor? by, CancellationToken ct)
    {
        if (step.ActorRole == Roles.Pemohon || !step.IsOpen)
        {
            return;
        }

        var zone = await calendar.ForOfficeAsync(request.OfficeId, ct);
        var due = step.DueAt is { } at ? $", paling lambat {zone.Format(at)}" : "";
        foreach (var person in await directory.InRoleAsync(request.OfficeId, step.ActorRole, time.GetUtcNow().UtcDateTime, ct))
        {
            if (person.Id == by?.UserId)
            {
                continue; // the officer who just moved the request sees it on the page they are on
            }

            notifier.Tell(person.Id, request, $"Tugas baru: permohonan {request.Number}, langkah {step.StepNumber} — {step.Activity}{due}.");
            if (person.WorkMail == WorkMailChoice.Immediate)
            {
                notifier.Queue(request, "new-work", person.Email, $"[{request.Number}] Tugas baru: langkah {step.StepNumber}",
                    $"""
                    Yth. {person.Name},

                    Permohonan {request.Number} ({request.Type.Label()}, pemohon {request.ApplicantName}) menunggu Anda pada langkah {step.StepNumber}:
                    {step.Activity}.
                    Standar waktu: {step.Standard}{(step.DueAt is { } d ? $"; paling lambat {zone.Format(d)}" : "")}.

                    Buka permohonan: {notifier.RequestLink(request)}

                    Anda menerima surel ini untuk setiap tugas baru. Ringkasan harian dapat dipilih di halaman Notifikasi.
                    """);
            }
        }
    }

    /// <summary>What one sweep did.</summary>
    public sealed record SweepResult(int Reminders, int Escalations, int Digests, int Summaries);

    /// <summary>One pass of the scheduler: reminders, escalations, and (from 07.00 office time) the daily sends.</summary>
    public async Task<SweepResult> SweepAsync(CancellationToken ct)
    {
        var reminders = await RemindAsync(ct);
        var escalations = await EscalateAsync(ct);
        var (digests, summaries) = await DailyAsync(ct);
        if (reminders + escalations + digests + summaries > 0)
        {
            logger.LogInformation("Work notices: {Reminders} reminder(s), {Escalations} escalation(s), {Digests} digest(s), {Summaries} overdue summary(ies)",
                reminders, escalations, digests, summaries);
        }

        return new SweepResult(reminders, escalations, digests, summaries);
    }

    private sealed record OpenStep(long Id, int RequestId, int OfficeId, int StepNumber, string ActorRole, string Activity, DateTime? DueAt);

    private async Task<int> RemindAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = await OpenSteps(s => s.RemindedAt == null && s.RemindAt != null && s.RemindAt <= now && s.DueAt > now).ToListAsync(ct);
        var sent = 0;
        foreach (var step in due)
        {
            sent += await ClaimedAsync(step, remind: true, ct) ? 1 : 0;
        }

        return sent;
    }

    private async Task<int> EscalateAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var overdue = await OpenSteps(s => s.EscalatedAt == null && s.DueAt != null && s.DueAt <= now).ToListAsync(ct);
        var sent = 0;
        foreach (var step in overdue)
        {
            sent += await ClaimedAsync(step, remind: false, ct) ? 1 : 0;
        }

        return sent;
    }

    // The condition is applied to the steps set itself: EF cannot translate an expression variable inside a navigation's
    // lambda (r.Steps.AsQueryable().Where(which) failed every sweep), nor order by a member of a constructor projection.
    private IQueryable<OpenStep> OpenSteps(System.Linq.Expressions.Expression<Func<RequestStep, bool>> which) =>
        db.RequestSteps.AsNoTracking().Where(s => s.CompletedAt == null).Where(which)
            .Join(db.AccessRequests.AsNoTracking().Where(r => r.ClosedAt == null), s => s.AccessRequestId, r => r.Id, (s, r) => new { s, r })
            .OrderBy(x => x.s.Id)
            .Take(BatchSize)
            .Select(x => new OpenStep(x.s.Id, x.r.Id, x.r.OfficeId, x.s.StepNumber, x.s.ActorRole, x.s.Activity, x.s.DueAt));

    /// <summary>
    /// Claims the step's reminder (or escalation) with a conditional update and sends it in the same transaction: of two
    /// nodes that see the same step, only the one whose update changed the row sends; if sending fails, the claim is undone.
    /// </summary>
    private async Task<bool> ClaimedAsync(OpenStep step, bool remind, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = remind
            ? await db.RequestSteps.Where(s => s.Id == step.Id && s.RemindedAt == null && s.CompletedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.RemindedAt, now), ct)
            : await db.RequestSteps.Where(s => s.Id == step.Id && s.EscalatedAt == null && s.CompletedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.EscalatedAt, now).SetProperty(s => s.RemindedAt, s => s.RemindedAt ?? now), ct);
        if (claimed != 1)
        {
            return false;
        }

        var request = await db.AccessRequests.AsNoTracking().SingleAsync(r => r.Id == step.RequestId, ct);
        var zone = await calendar.ForOfficeAsync(step.OfficeId, ct);
        var dueText = step.DueAt is { } due ? zone.Format(due) : "-";
        var link = notifier.RequestLink(request);
        if (remind)
        {
            foreach (var person in await PerformersAsync(request, step, now, ct))
            {
                notifier.Tell(person.Id, request, $"Pengingat: langkah {step.StepNumber} permohonan {request.Number} harus selesai paling lambat {dueText}.");
                notifier.Queue(request, "reminder", person.Email, $"[{request.Number}] Pengingat: langkah {step.StepNumber} paling lambat {dueText}",
                    $"""
                    Yth. {person.Name},

                    Langkah {step.StepNumber} permohonan {request.Number} — {step.Activity} — harus selesai paling lambat {dueText}.
                    Waktu standarnya sudah berjalan 80 %.

                    Buka permohonan: {link}
                    """);
            }
        }
        else
        {
            var performers = await PerformersAsync(request, step, now, ct);
            var names = performers.Count == 0 ? Roles.Label(step.ActorRole) : string.Join(", ", performers.Select(p => p.Name));
            foreach (var person in performers)
            {
                notifier.Tell(person.Id, request, $"Langkah {step.StepNumber} permohonan {request.Number} melewati standar waktu ({dueText}); " +
                                                  "selesaikan dengan penjelasan keterlambatan.");
            }

            var supervisorRole = SupervisorOf(step.ActorRole);
            var supervisors = supervisorRole is null ? [] : await directory.InRoleAsync(step.OfficeId, supervisorRole, now, ct);
            foreach (var head in supervisors)
            {
                notifier.Tell(head.Id, request, $"Eskalasi: langkah {step.StepNumber} permohonan {request.Number} ({Roles.Label(step.ActorRole)}) " +
                                                $"melewati standar waktu sejak {dueText}.");
                notifier.Queue(request, "escalation", head.Email, $"[{request.Number}] Eskalasi: langkah {step.StepNumber} melewati standar waktu",
                    $"""
                    Yth. {head.Name},

                    Langkah {step.StepNumber} permohonan {request.Number} — {step.Activity} — belum selesai dan melewati standar waktunya
                    ({dueText}). Pelaksana: {names} ({Roles.Label(step.ActorRole)}).

                    Setiap penyimpangan dari mutu baku harus dipertanggungjawabkan oleh pelaksananya.

                    Buka permohonan: {link}
                    """);
            }
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>The people who perform a step: the office's staff in its role, or the applicant for the applicant's own step.</summary>
    private async Task<IReadOnlyList<StaffContact>> PerformersAsync(AccessRequest request, OpenStep step, DateTime now, CancellationToken ct) =>
        step.ActorRole == Roles.Pemohon
            ? [new StaffContact(request.ApplicantUserId, request.ApplicantName, request.ApplicantEmail, WorkMailChoice.Immediate)]
            : await directory.InRoleAsync(step.OfficeId, step.ActorRole, now, ct);

    // ---- the daily sends ----

    private async Task<(int Digests, int Summaries)> DailyAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var digests = 0;
        var summaries = 0;
        foreach (var officeId in await db.Offices.AsNoTracking().Select(o => o.Id).ToListAsync(ct))
        {
            var work = await calendar.WorkCalendarAsync(officeId, ct);
            var local = work.ToLocal(now);
            var today = DateOnly.FromDateTime(local);
            if (!work.IsWorkingDay(today) || TimeOnly.FromDateTime(local) < DailyAt)
            {
                continue;
            }

            var zone = calendar.ForZone(work.TimeZoneId);
            summaries += await OverdueSummaryAsync(officeId, zone, today, now, ct) ? 1 : 0;
            digests += await DigestsAsync(officeId, zone, today, now, ct);
        }

        return (digests, summaries);
    }

    private async Task<bool> OverdueSummaryAsync(int officeId, OfficeClock zone, DateOnly today, DateTime now, CancellationToken ct)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"overdue:{officeId}:{today:yyyy-MM-dd}");
        if (await db.ScheduledSends.AnyAsync(s => s.Key == key, ct))
        {
            return false;
        }

        var overdue = await db.AccessRequests.AsNoTracking().Where(r => r.ClosedAt == null && r.OfficeId == officeId)
            .SelectMany(r => r.Steps.Where(s => s.CompletedAt == null && s.DueAt != null && s.DueAt < now),
                (r, s) => new { r.Id, r.Number, s.StepNumber, s.ActorRole, s.Activity, DueAt = s.DueAt!.Value })
            .OrderBy(s => s.DueAt).Take(500).ToListAsync(ct);
        var heads = (await directory.InRoleAsync(officeId, Roles.KepalaLpse, now, ct))
            .Concat(await directory.InRoleAsync(officeId, Roles.KepalaUkpbj, now, ct)).DistinctBy(h => h.Id).ToList();
        return await ClaimDailyAsync(key, now, ct, () =>
        {
            if (overdue.Count == 0 || heads.Count == 0)
            {
                return false; // claimed all the same: nothing to say today
            }

            var body = new StringBuilder();
            foreach (var group in overdue.GroupBy(o => o.ActorRole).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                body.AppendLine(CultureInfo.InvariantCulture, $"{Roles.Label(group.Key)} ({group.Count()}):");
                foreach (var o in group)
                {
                    body.AppendLine(CultureInfo.InvariantCulture, $"- {o.Number}, langkah {o.StepNumber} ({o.Activity}), paling lambat {zone.Format(o.DueAt)}");
                }

                body.AppendLine();
            }

            foreach (var head in heads)
            {
                notifier.Queue(null, "overdue-summary", head.Email, $"Ringkasan harian: {overdue.Count} langkah melewati standar waktu",
                    $"""
                    Yth. {head.Name},

                    Per {zone.Format(now)}, {overdue.Count} langkah SOP di kantor Anda belum selesai dan melewati standar waktunya:

                    {body.ToString().TrimEnd()}

                    Daftar lengkapnya ada di menu "Tugas saya" dengan saringan "terlambat".
                    """);
                notifier.Tell(head.Id, $"Ringkasan harian: {overdue.Count} langkah melewati standar waktu (lihat Tugas saya, saringan terlambat).");
            }

            return true;
        });
    }

    private async Task<int> DigestsAsync(int officeId, OfficeClock zone, DateOnly today, DateTime now, CancellationToken ct)
    {
        var readers = await db.Users.AsNoTracking().Where(u => u.OfficeId == officeId && u.WorkMail == WorkMailChoice.DailyDigest && u.Email != null)
            .Select(u => new { u.Id, u.FullName, u.Email }).ToListAsync(ct);
        var sent = 0;
        foreach (var reader in readers)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"digest:{reader.Id}:{today:yyyy-MM-dd}");
            if (await db.ScheduledSends.AnyAsync(s => s.Key == key, ct))
            {
                continue;
            }

            var roles = await db.UserRoles.Where(ur => ur.UserId == reader.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToListAsync(ct);
            var waiting = await db.AccessRequests.AsNoTracking().Where(r => r.ClosedAt == null && r.OfficeId == officeId)
                .SelectMany(r => r.Steps.Where(s => s.CompletedAt == null && roles.Contains(s.ActorRole) && s.ActorRole != Roles.Pemohon),
                    (r, s) => new { r.Number, s.StepNumber, s.Activity, s.DueAt })
                .OrderBy(s => s.DueAt).Take(200).ToListAsync(ct);
            sent += await ClaimDailyAsync(key, now, ct, () =>
            {
                if (waiting.Count == 0)
                {
                    return false;
                }

                var lines = string.Join("\n", waiting.Select(w =>
                    $"- {w.Number}, langkah {w.StepNumber} ({w.Activity}){(w.DueAt is { } d ? ", paling lambat " + zone.Format(d) + (d < now ? " — TERLAMBAT" : "") : "")}"));
                notifier.Queue(null, "digest", reader.Email!, $"Ringkasan harian: {waiting.Count} tugas menunggu Anda",
                    $"""
                    Yth. {reader.FullName},

                    Tugas yang menunggu Anda per {zone.Format(now)}:

                    {lines}

                    Buka "Tugas saya" untuk mengerjakannya. Surel per tugas dapat dipilih di halaman Notifikasi.
                    """);
                return true;
            }) ? 1 : 0;
        }

        return sent;
    }

    /// <summary>
    /// Claims a daily send by inserting its key; the node whose insert fails (another claimed it) sends nothing. True when
    /// this node claimed it and <paramref name="send"/> had something to send.
    /// </summary>
    private async Task<bool> ClaimDailyAsync(string key, DateTime now, CancellationToken ct, Func<bool> send)
    {
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.ScheduledSends.Add(new ScheduledSend { Key = key, DoneAt = now });
            await db.SaveChangesAsync(ct);
            var sent = send();
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return sent;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
