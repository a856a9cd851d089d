using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace AksesSpse.Web.Tests.Performance;

/// <summary>
/// A hand-counted set of steps for the dashboard (docs/adr/0024), seeded straight into the database of the demo office
/// (Asia/Jakarta, WIB) and of the Batang demo office. "Now" is Tuesday 1 December 2026, 09.00 WIB.
/// <code>
/// R1 SOP 4 daring   s1 N/A        selesai 02-11 09.00 WIB          (tanpa pelaksana)
///                   s2 30 menit   selesai 03-11, tepat, 600 dtk     Admin Agency (P1)
///                   s3 60 menit   selesai 04-11, TERLAMBAT, 5400 dtk, penyimpangan   P1
/// R2 SOP 4 daring   s2 30 menit   selesai 31-10 18.00 UTC = 01-11 01.00 WIB (November!), TERLAMBAT, 2400 dtk   Helpdesk (P2)
///                   s3 60 menit   TERBUKA, tenggat 30-11 07.00 WIB: lewat tenggat sekarang (Admin Agency)
/// R3 SOP 4 datang   s2 30 menit   selesai 10-11, tepat, 1200 dtk    P2
/// R4 SOP 2 daring   s2 1 hari     selesai 12-11, tepat, 3600 dtk    P2
///                   s6 5 menit, otomatis (pemberitahuan penolakan) selesai 12-11: tidak berstandar
///                   s4 disesuaikan selesai 13-11: tidak berstandar
///                   s5 30 menit   TERBUKA, tenggat 01-12 10.00 WIB: belum lewat
/// R5 SOP 4 daring   s2 30 menit   selesai 15-10, tepat, 900 dtk     P1
///                   s3 60 menit   selesai 31-10 16.00 UTC = 31-10 23.00 WIB (Oktober), TERLAMBAT, 4000 dtk   P1
/// R6 SOP 4 daring, kantor Batang: s2 selesai 05-11 TERLAMBAT; s3 terbuka lewat tenggat.
/// </code>
/// November, all filters off: 8 steps completed, 5 timed, 3 on time (60,0 %), 2 late; SOP 4: 5 / 4 / 2 (50,0 %), one
/// deviation; SOP 2: 3 / 1 / 1 (100,0 %). SOP 4 step 2: 3 timed, 2 on time (66,7 %), average 1400 s (23 menit). One step
/// overdue now (R2). Trend: October 1 of 2 (50,0 %), November 3 of 5 (60,0 %).
/// </summary>
public sealed record DashboardFixture(int OfficeId, int OtherOfficeId, string P1, string P1Name, string P2, string P2Name,
    IReadOnlyDictionary<string, int> Requests, IReadOnlyDictionary<string, string> Numbers)
{
    /// <summary>Tuesday 1 December 2026, 09.00 WIB.</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    public static Task<AppFactory> AppAsync(DatabaseKind database, bool realServer = false) =>
        AppFactory.CreateAsync(new AppSettings { Database = database, Clock = new FakeTimeProvider(Now), OutboxWorker = false, RealServer = realServer });

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    public static async Task<DashboardFixture> SeedAsync(AppFactory factory) => await factory.WithDbAsync(async db =>
    {
        var office = await db.Offices.SingleAsync(o => o.Code == DatabaseInitializer.DemoOfficeCode);
        var other = await db.Offices.SingleAsync(o => o.Code == DatabaseInitializer.BatangOfficeCode);
        var applicant = await db.Users.SingleAsync(u => u.Email == DemoUsers.Pokja);
        var p1 = await db.Users.SingleAsync(u => u.Email == DemoUsers.AdminAgency);
        var p2 = await db.Users.SingleAsync(u => u.Email == DemoUsers.Helpdesk);
        var sop4 = await db.SopDefinitions.Include(d => d.Steps).FirstAsync(d => d.OfficeId == office.Id && d.Kind == SopKind.PasswordReset && d.IsCurrent);
        var sop2 = await db.SopDefinitions.Include(d => d.Steps).FirstAsync(d => d.OfficeId == office.Id && d.Kind == SopKind.AccessActivation && d.IsCurrent);
        // Each office runs its own SOP version: the other office's request is on the other office's SOP 4.
        var otherSop4 = await db.SopDefinitions.Include(d => d.Steps).FirstAsync(d => d.OfficeId == other.Id && d.Kind == SopKind.PasswordReset && d.IsCurrent);

        var requests = new Dictionary<string, AccessRequest>();
        AccessRequest Request(string key, Core.Sop.SopDefinition sop, IntakeChannel channel, DateTime submitted, int officeId)
        {
            var r = new AccessRequest
            {
                Number = $"DSB-{key}", OfficeId = officeId, SopDefinitionId = sop.Id, Kind = sop.Kind,
                Type = sop.Kind == SopKind.AccessActivation ? RequestType.Deactivate : RequestType.ResetPassword,
                ApplicantUserId = applicant.Id, ApplicantName = $"Pemohon {key}", ApplicantEmail = applicant.Email!, SpseUserId = "user." + key.ToLowerInvariant(),
                Reason = "Data uji dasbor", Channel = channel, Status = RequestStatus.InProgress, Outcome = RequestOutcome.Pending,
                SubmissionKey = Guid.NewGuid(), SubmittedAt = submitted,
            };
            requests[key] = r;
            db.AccessRequests.Add(r);
            return r;
        }

        void Step(AccessRequest r, Core.Sop.SopDefinition sop, int number, StepKind kind, TimeStandard standard, DateTime? completed, bool late = false,
            long? elapsed = null, Core.Identity.ApplicationUser? performer = null, string? deviation = null, DateTime? due = null, string role = Roles.AdminAgency)
        {
            var definition = sop.Steps.FirstOrDefault(s => s.Number == number) ?? sop.Steps[0];
            var step = new RequestStep
            {
                SopStepId = definition.Id, StepNumber = number, Kind = kind, ActorRole = role, Activity = $"Kegiatan langkah {number}",
                StandardKind = standard.Kind, StandardValue = standard.Value, ActionableAt = (completed ?? due ?? Now.UtcDateTime).AddHours(-1),
                DueAt = due ?? (standard.IsBounded ? completed : null), CompletedAt = completed, IsLate = late, ElapsedSeconds = elapsed,
                PerformerUserId = performer?.Id, PerformerName = performer?.FullName, Deviation = deviation,
            };
            r.Steps.Add(step);
            if (deviation is not null)
            {
                // As the engine records it: the step log's line and the ledger's kelengkapan record (docs/adr/0025).
                db.StepDeviations.Add(new Core.Accountability.StepDeviation
                {
                    OfficeId = r.OfficeId, Request = r, Step = step, SopKind = r.Kind, StepNumber = number, Kind = Core.Accountability.DeviationKind.Completeness,
                    ActorRole = role, PerformerUserId = performer?.Id, PerformerName = performer?.FullName ?? "", OccurredAt = completed!.Value, Fact = deviation,
                });
            }
        }

        var r1 = Request("R1", sop4, IntakeChannel.Online, Utc(11, 2, 1), office.Id);
        Step(r1, sop4, 1, StepKind.Submit, TimeStandard.NotApplicable, Utc(11, 2, 2), role: Roles.Pemohon);
        Step(r1, sop4, 2, StepKind.CompletenessCheck, TimeStandard.Minutes(30), Utc(11, 3, 2), elapsed: 600, performer: p1);
        Step(r1, sop4, 3, StepKind.ValidityCheck, TimeStandard.Minutes(60), Utc(11, 4, 2), late: true, elapsed: 5400, performer: p1,
            deviation: "Dinyatakan sah walau register tidak cocok: SK terbaru dilampirkan.");
        var r2 = Request("R2", sop4, IntakeChannel.Online, Utc(10, 31, 10), office.Id);
        Step(r2, sop4, 2, StepKind.CompletenessCheck, TimeStandard.Minutes(30), Utc(10, 31, 18), late: true, elapsed: 2400, performer: p2);
        Step(r2, sop4, 3, StepKind.ValidityCheck, TimeStandard.Minutes(60), null, due: Utc(11, 30, 0));
        var r3 = Request("R3", sop4, IntakeChannel.WalkIn, Utc(11, 10, 1), office.Id);
        Step(r3, sop4, 2, StepKind.CompletenessCheck, TimeStandard.Minutes(30), Utc(11, 10, 3), elapsed: 1200, performer: p2);
        var r4 = Request("R4", sop2, IntakeChannel.Online, Utc(11, 11, 1), office.Id);
        Step(r4, sop2, 2, StepKind.Receive, TimeStandard.WorkingDays(1), Utc(11, 12, 3), elapsed: 3600, performer: p2, role: Roles.HelpdeskLpse);
        Step(r4, sop2, 6, StepKind.RejectionNotice, TimeStandard.Minutes(5), Utc(11, 12, 4));
        Step(r4, sop2, 4, StepKind.ApplicantCompletion, TimeStandard.AsNeeded, Utc(11, 13, 4), role: Roles.Pemohon);
        Step(r4, sop2, 5, StepKind.ValidityCheck, TimeStandard.Minutes(30), null, due: Utc(12, 1, 3));
        var r5 = Request("R5", sop4, IntakeChannel.Online, Utc(10, 15, 1), office.Id);
        Step(r5, sop4, 2, StepKind.CompletenessCheck, TimeStandard.Minutes(30), Utc(10, 15, 3), elapsed: 900, performer: p1);
        Step(r5, sop4, 3, StepKind.ValidityCheck, TimeStandard.Minutes(60), Utc(10, 31, 16), late: true, elapsed: 4000, performer: p1);
        var r6 = Request("R6", otherSop4, IntakeChannel.Online, Utc(11, 5, 1), other.Id);
        Step(r6, otherSop4, 2, StepKind.CompletenessCheck, TimeStandard.Minutes(30), Utc(11, 5, 3), late: true, elapsed: 7200, performer: p1);
        Step(r6, otherSop4, 3, StepKind.ValidityCheck, TimeStandard.Minutes(60), null, due: Utc(11, 20, 0));
        await db.SaveChangesAsync();

        return new DashboardFixture(office.Id, other.Id, p1.Id, p1.FullName, p2.Id, p2.FullName,
            requests.ToDictionary(r => r.Key, r => r.Value.Id), requests.ToDictionary(r => r.Key, r => r.Value.Number));
    });
}
