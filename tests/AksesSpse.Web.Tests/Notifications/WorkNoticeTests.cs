using System.Net;
using AksesSpse.Core.Common;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Requests;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sop4Steps = AksesSpse.Web.Tests.Sop4.Sop4;

namespace AksesSpse.Web.Tests.Notifications;

/// <summary>
/// Work notices through the real app (issue #10 §2, docs/adr/0023): new work told at once (or in the digest), reminders at
/// 80 % and escalations once per step, claimed in the database even with two sweeps at once, the heads' daily overdue
/// summary and the digests at 07.00 on working days, and the Notifikasi page. The app's clock is a FakeTimeProvider; the
/// sweep is called directly (the Quartz scheduler is off in these tests).
/// </summary>
[Trait("Area", "WorkNotices")]
public sealed class WorkNoticeTests
{
    private const string Admin2Email = "admin2@contoh.go.id";

    // ---------------------------------------------------------------------------------------------
    // 1. New work
    // ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task NewWork_ToldToEveryoneOfTheRole_MailUnlessDigest_NotToTheActingOfficer(DatabaseKind database)
    {
        var (factory, _) = await StartAsync(database);
        await using var _f = factory;
        var admin2 = await Sop4Steps.CreateUserAsync(factory, Admin2Email, "Siti Rahmawati", "199001012015032001", Roles.AdminAgency);
        await SetWorkMailAsync(factory, Admin2Email, WorkMailChoice.DailyDigest);
        var users = await UsersAsync(factory);

        var id = await Sop4Steps.StartResetAsync(factory, As(users, DemoUsers.Pokja, Roles.Pemohon), Sop4Steps.RinaSpseUserId);

        // Step 2 (Admin Agency) opened: both Admin Agency officers are told in the app at once; only the "immediate" one by mail.
        var told = await NewWorkNoticesAsync(factory, id);
        var adminId = users[DemoUsers.AdminAgency].Id;
        Assert.Equal(new[] { adminId, admin2.Id }.Order(StringComparer.Ordinal).ToArray(),
            told.Where(n => n.Message.Contains(", langkah 2 —", StringComparison.Ordinal)).Select(n => n.UserId).Order(StringComparer.Ordinal).ToArray());
        Assert.All(told, n => Assert.Contains("Tugas baru", n.Message, StringComparison.Ordinal));
        var mails = await MailsAsync(factory, "new-work");
        var mail = Assert.Single(mails);
        Assert.Equal(DemoUsers.AdminAgency, mail.To);
        Assert.Equal(id, mail.AccessRequestId);
        Assert.Contains("langkah 2", mail.Subject, StringComparison.Ordinal);
        // Nobody of another role is told of this step (the applicant has their own "dibuat" notice).
        Assert.DoesNotContain(told, n => n.UserId != adminId && n.UserId != admin2.Id);

        // The demo officer finds the file complete: step 5 is Admin Agency's again. The officer who moved it is not told of it;
        // the other officer is, in the app only (daily digest); no new mail at all.
        await Sop4Steps.MoveAsync(factory, id, As(users, DemoUsers.AdminAgency, Roles.AdminAgency));
        told = await NewWorkNoticesAsync(factory, id);
        var step5 = Assert.Single(told, n => n.Message.Contains(", langkah 5 —", StringComparison.Ordinal));
        Assert.Equal(admin2.Id, step5.UserId);
        Assert.Single(await MailsAsync(factory, "new-work"));
    }

    // ---------------------------------------------------------------------------------------------
    // 2. Reminder once
    // ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Reminder_At80Percent_OncePerPerformer_NothingBefore(DatabaseKind database)
    {
        var (factory, clock) = await StartAsync(database);
        await using var _f = factory;
        var admin2 = await Sop4Steps.CreateUserAsync(factory, Admin2Email, "Siti Rahmawati", "199001012015032001", Roles.AdminAgency);
        await SetWorkMailAsync(factory, Admin2Email, WorkMailChoice.DailyDigest); // reminders go at once whatever the choice
        var users = await UsersAsync(factory);
        var id = await Sop4Steps.StartResetAsync(factory, As(users, DemoUsers.Pokja, Roles.Pemohon), Sop4Steps.RinaSpseUserId);
        var step = await OpenStepAsync(factory, id);
        Assert.NotNull(step.RemindAt);
        Assert.NotNull(step.DueAt);
        Assert.True(step.RemindAt < step.DueAt, $"RemindAt {step.RemindAt:o} is not before DueAt {step.DueAt:o}");
        Assert.True(step.RemindAt > clock.GetUtcNow().UtcDateTime, "RemindAt is not after the step opened");

        // Before RemindAt: nothing.
        var result = await SweepAsync(factory);
        Assert.Equal(0, result.Reminders + result.Escalations);
        clock.SetUtcNow(At(step.RemindAt!.Value.AddSeconds(-1)));
        result = await SweepAsync(factory);
        Assert.Equal(0, result.Reminders + result.Escalations);
        Assert.Empty(await MailsAsync(factory, "reminder"));
        Assert.Null((await OpenStepAsync(factory, id)).RemindedAt);

        // Past RemindAt: one reminder mail and notice per performer (both Admin Agency officers).
        clock.SetUtcNow(At(step.RemindAt.Value.AddSeconds(1)));
        result = await SweepAsync(factory);
        Assert.Equal(1, result.Reminders);
        Assert.Equal(0, result.Escalations);
        var reminders = await MailsAsync(factory, "reminder");
        Assert.Equal(new[] { Admin2Email, DemoUsers.AdminAgency }.Order(StringComparer.Ordinal), reminders.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(reminders, m => Assert.Equal(id, m.AccessRequestId));
        var notices = await NoticesAsync(factory, n => n.AccessRequestId == id && n.Message.StartsWith("Pengingat"));
        Assert.Equal(new[] { users[DemoUsers.AdminAgency].Id, admin2.Id }.Order(StringComparer.Ordinal), notices.Select(n => n.UserId).Order(StringComparer.Ordinal));
        var remindedAt = (await OpenStepAsync(factory, id)).RemindedAt;
        Assert.NotNull(remindedAt);

        // Sweeping again, later but before the deadline: nothing more.
        clock.SetUtcNow(At(step.RemindAt.Value.AddSeconds(30) < step.DueAt!.Value ? step.RemindAt.Value.AddSeconds(30) : step.RemindAt.Value.AddSeconds(2)));
        result = await SweepAsync(factory);
        Assert.Equal(0, result.Reminders + result.Escalations);
        Assert.Equal(2, (await MailsAsync(factory, "reminder")).Count);
        Assert.Equal(2, (await NoticesAsync(factory, n => n.AccessRequestId == id && n.Message.StartsWith("Pengingat"))).Count);
        Assert.Equal(remindedAt, (await OpenStepAsync(factory, id)).RemindedAt);
        Assert.Empty(await MailsAsync(factory, "escalation"));
    }

    // ---------------------------------------------------------------------------------------------
    // 3. Escalation once
    // ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Escalation_PastDue_OnceToKepalaLpse_AndWithoutReminderWhenNoneWentOut(DatabaseKind database)
    {
        var (factory, clock) = await StartAsync(database);
        await using var _f = factory;
        var users = await UsersAsync(factory);
        var rina = As(users, DemoUsers.Pokja, Roles.Pemohon);

        // Request A is reminded first; request B opens later and is never swept until it is overdue.
        var a = await Sop4Steps.StartResetAsync(factory, rina, Sop4Steps.RinaSpseUserId, "Lupa password akun SPSE (A)");
        var stepA = await OpenStepAsync(factory, a);
        clock.SetUtcNow(At(stepA.RemindAt!.Value.AddSeconds(1)));
        Assert.Equal(1, (await SweepAsync(factory)).Reminders);
        var b = await Sop4Steps.StartResetAsync(factory, rina, Sop4Steps.RinaSpseUserId, "Akun SPSE terkunci (B)");
        var stepB = await OpenStepAsync(factory, b);
        Assert.Equal(Roles.AdminAgency, stepB.ActorRole);

        clock.SetUtcNow(At((stepB.DueAt!.Value > stepA.DueAt!.Value ? stepB.DueAt.Value : stepA.DueAt.Value).AddMinutes(1)));
        var result = await SweepAsync(factory);
        Assert.Equal(2, result.Escalations);
        Assert.Equal(0, result.Reminders);

        var escalations = await MailsAsync(factory, "escalation");
        Assert.Equal([a, b], escalations.Select(m => m.AccessRequestId!.Value).Order().ToArray());
        Assert.All(escalations, m => Assert.Equal(DemoUsers.KepalaLpse, m.To));
        Assert.All(escalations, m => Assert.Contains("Eskalasi", m.Subject, StringComparison.Ordinal));
        // B was overdue before its reminder went out: the escalation only.
        var reminders = await MailsAsync(factory, "reminder");
        Assert.Equal([a], reminders.Select(m => m.AccessRequestId!.Value).Distinct().ToArray());
        Assert.NotNull((await OpenStepAsync(factory, b)).EscalatedAt);
        // The head is told in the app; so are the performers.
        var headNotices = await NoticesAsync(factory, n => n.UserId == users[DemoUsers.KepalaLpse].Id && n.Message.StartsWith("Eskalasi"));
        Assert.Equal(2, headNotices.Count);
        Assert.Equal(2, (await NoticesAsync(factory, n => n.UserId == users[DemoUsers.AdminAgency].Id && n.Message.Contains("melewati standar waktu"))).Count);

        // Again, an hour later: nothing more.
        clock.Advance(TimeSpan.FromHours(1));
        result = await SweepAsync(factory);
        Assert.Equal(0, result.Escalations + result.Reminders);
        Assert.Equal(2, (await MailsAsync(factory, "escalation")).Count);
        Assert.Single(await MailsAsync(factory, "reminder"));
    }

    // ---------------------------------------------------------------------------------------------
    // 4. Two nodes at once
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task TwoSweepsAtOnce_OnOnePostgreSqlDatabase_SendEachReminderAndEscalationOnce()
    {
        const int Requests = 8;
        var (factory, clock) = await StartAsync(DatabaseKind.PostgreSql);
        await using var _f = factory;
        var users = await UsersAsync(factory);
        var rina = As(users, DemoUsers.Pokja, Roles.Pemohon);
        var ids = new List<int>();
        for (var i = 0; i < Requests; i++)
        {
            ids.Add(await Sop4Steps.StartResetAsync(factory, rina, Sop4Steps.RinaSpseUserId, $"Lupa password akun SPSE ({i})"));
        }

        var steps = await factory.WithDbAsync(db => db.RequestSteps.AsNoTracking().Where(s => ids.Contains(s.AccessRequestId) && s.CompletedAt == null).ToListAsync());
        Assert.Equal(Requests, steps.Count);
        var remindAt = steps.Max(s => s.RemindAt!.Value);
        var dueAt = steps.Min(s => s.DueAt!.Value);
        Assert.True(remindAt < dueAt);

        for (var round = 0; round < 3; round++)
        {
            clock.SetUtcNow(At(remindAt.AddSeconds(1 + round)));
            await TwoSweepsAsync(factory);
        }

        var reminders = await MailsAsync(factory, "reminder");
        Assert.Equal(ids.Order(), reminders.Select(m => m.AccessRequestId!.Value).Order());
        var remindedAt = await factory.WithDbAsync(db => db.RequestSteps.AsNoTracking().Where(s => ids.Contains(s.AccessRequestId) && s.CompletedAt == null)
            .Select(s => s.RemindedAt).ToListAsync());
        Assert.All(remindedAt, r => Assert.Equal(remindAt.AddSeconds(1), r));

        clock.SetUtcNow(At(steps.Max(s => s.DueAt!.Value).AddMinutes(1)));
        for (var round = 0; round < 3; round++)
        {
            await TwoSweepsAsync(factory);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var escalations = await MailsAsync(factory, "escalation");
        Assert.Equal(ids.Order(), escalations.Select(m => m.AccessRequestId!.Value).Order());
        Assert.Equal(ids.Order(), (await MailsAsync(factory, "reminder")).Select(m => m.AccessRequestId!.Value).Order());
        var after = await factory.WithDbAsync(db => db.RequestSteps.AsNoTracking().Where(s => ids.Contains(s.AccessRequestId) && s.CompletedAt == null).ToListAsync());
        Assert.All(after, s => Assert.Equal(remindAt.AddSeconds(1), s.RemindedAt)); // the escalation kept the reminder's time
        Assert.All(after, s => Assert.NotNull(s.EscalatedAt));
        Assert.Single(after.Select(s => s.EscalatedAt).Distinct());
    }

    // ---------------------------------------------------------------------------------------------
    // 5. Daily summary and digest
    // ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task DailySends_At0700OnWorkingDays_OncePerDay_SummaryToHeads_DigestToDigestReaders(DatabaseKind database)
    {
        var (factory, clock) = await StartAsync(database);
        await using var _f = factory;
        var start = clock.GetUtcNow(); // 09.00 WIB on a working Tuesday–Thursday whose next day is a working day too
        await Sop4Steps.CreateUserAsync(factory, Admin2Email, "Siti Rahmawati", "199001012015032001", Roles.AdminAgency);
        await SetWorkMailAsync(factory, Admin2Email, WorkMailChoice.DailyDigest);
        var users = await UsersAsync(factory);
        var id = await Sop4Steps.StartResetAsync(factory, As(users, DemoUsers.Pokja, Roles.Pemohon), Sop4Steps.RinaSpseUserId);
        var number = await factory.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == id).Select(r => r.Number).SingleAsync());
        // The step ran out an hour after it opened (its standard may be longer than a day: shortened here).
        await factory.WithDbAsync(db => db.RequestSteps.Where(s => s.AccessRequestId == id && s.CompletedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.DueAt, start.UtcDateTime.AddHours(1)).SetProperty(s => s.RemindAt, start.UtcDateTime.AddMinutes(30))));

        var nextDay = start.UtcDateTime.Date.AddDays(1); // 00.00 UTC = 07.00 WIB
        clock.SetUtcNow(At(nextDay.AddMinutes(-5))); // 06.55 WIB: nothing daily yet
        var result = await SweepAsync(factory);
        Assert.Equal(0, result.Digests + result.Summaries);
        Assert.Empty(await MailsAsync(factory, "overdue-summary"));
        Assert.Empty(await MailsAsync(factory, "digest"));

        clock.SetUtcNow(At(nextDay.AddMinutes(5))); // 07.05 WIB on a working day
        result = await SweepAsync(factory);
        Assert.True(result.Summaries >= 1, $"no summary: {result}");
        var summaries = await MailsAsync(factory, "overdue-summary");
        Assert.Equal(new[] { DemoUsers.KepalaLpse, DemoUsers.KepalaUkpbj }.Order(StringComparer.Ordinal), summaries.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(summaries, m => Assert.Contains(number, m.Body, StringComparison.Ordinal));
        var digest = Assert.Single(await MailsAsync(factory, "digest"));
        Assert.Equal(Admin2Email, digest.To);
        Assert.Contains(number, digest.Body, StringComparison.Ordinal);
        Assert.Contains("TERLAMBAT", digest.Body, StringComparison.Ordinal);

        // Again the same day: nothing more.
        clock.SetUtcNow(At(nextDay.AddHours(3)));
        result = await SweepAsync(factory);
        Assert.Equal(0, result.Digests + result.Summaries);
        Assert.Equal(2, (await MailsAsync(factory, "overdue-summary")).Count);
        Assert.Single(await MailsAsync(factory, "digest"));

        // The Saturday after, 07.05 WIB: not a working day, nothing.
        var saturday = nextDay;
        while (saturday.DayOfWeek != DayOfWeek.Saturday)
        {
            saturday = saturday.AddDays(1);
        }

        clock.SetUtcNow(At(saturday.AddMinutes(5)));
        result = await SweepAsync(factory);
        Assert.Equal(0, result.Digests + result.Summaries);
        Assert.Equal(2, (await MailsAsync(factory, "overdue-summary")).Count);
        Assert.Single(await MailsAsync(factory, "digest"));
    }

    // ---------------------------------------------------------------------------------------------
    // 6. The Notifikasi page
    // ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task NotificationsPage_EmptyState_BadgeCounts_WorkMailChoice_RefusedForApplicant_TokenRequired(DatabaseKind database)
    {
        var (factory, _) = await StartAsync(database);
        await using var _f = factory;
        await Sop4Steps.CreateUserAsync(factory, "baru@contoh.go.id", "Dodi Pratama", "197011061996031002", Roles.Pemohon);

        // A fresh user: the empty state, no badge.
        using (var fresh = factory.CreateFormClient())
        {
            await fresh.SignInAsync("baru@contoh.go.id");
            var page = await fresh.GetPageAsync("/Notifikasi");
            Assert.Contains("Belum ada notifikasi", Sop4Steps.Text(page.QuerySelector("#notices-empty")));
            Assert.Null(page.QuerySelector("#notices"));
            Assert.Null(page.QuerySelector("a[href='/Notifikasi'] .badge-count"));
            Assert.Null(page.QuerySelector("#form-work-mail")); // an applicant has no work mail to choose
        }

        // Some notices: two requests (new work for Admin Agency, "dibuat" for the applicant).
        var users = await UsersAsync(factory);
        var rina = As(users, DemoUsers.Pokja, Roles.Pemohon);
        await Sop4Steps.StartResetAsync(factory, rina, Sop4Steps.RinaSpseUserId, "Lupa password akun SPSE (1)");
        await Sop4Steps.StartResetAsync(factory, rina, Sop4Steps.RinaSpseUserId, "Lupa password akun SPSE (2)");

        // The layout's badge equals each role's unread notices.
        foreach (var email in new[] { DemoUsers.Pokja, DemoUsers.AdminAgency, DemoUsers.Helpdesk, DemoUsers.AdminPpe, DemoUsers.KepalaLpse,
                     DemoUsers.KepalaUkpbj, DemoUsers.Auditor, DemoUsers.Administrator })
        {
            using var client = factory.CreateFormClient();
            await client.SignInAsync(email);
            var unread = await factory.WithDbAsync(db => db.UserNotifications.CountAsync(n => n.UserId == users[email].Id && n.ReadAt == null));
            var page = await client.GetPageAsync("/Notifikasi");
            var badge = page.QuerySelector("a[href='/Notifikasi'] .badge-count");
            Assert.True((badge is null ? 0 : int.Parse(Sop4Steps.Text(badge), System.Globalization.CultureInfo.InvariantCulture)) == unread,
                $"{email}: badge \"{Sop4Steps.Text(badge)}\", unread {unread}");
            Assert.Equal(unread, page.QuerySelectorAll("#notices tbody tr .tag").Length);
            if (unread == 0)
            {
                Assert.NotNull(page.QuerySelector("#notices-empty"));
            }
        }

        Assert.Equal(2, await factory.WithDbAsync(db => db.UserNotifications.CountAsync(n => n.UserId == users[DemoUsers.AdminAgency].Id && n.ReadAt == null)));

        // Staff switch their work mail to the daily digest and back; the choice is stored and shown.
        using var admin = factory.CreateFormClient();
        await admin.SignInAsync(DemoUsers.AdminAgency);
        var adminPage = await admin.GetPageAsync("/Notifikasi");
        Assert.True(((IHtmlInputElement)adminPage.QuerySelector($"#form-work-mail input[name=WorkMail][value='{(int)WorkMailChoice.Immediate}']")!).IsChecked);
        var saved = await admin.SubmitAsync(adminPage, "#form-work-mail", new() { ["WorkMail"] = ((int)WorkMailChoice.DailyDigest).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Contains("ringkasan harian", Sop4Steps.Text(saved.Page.QuerySelector(".alert.success")));
        Assert.Equal(WorkMailChoice.DailyDigest, await WorkMailOfAsync(factory, DemoUsers.AdminAgency));
        Assert.True(((IHtmlInputElement)saved.Page.QuerySelector($"#form-work-mail input[name=WorkMail][value='{(int)WorkMailChoice.DailyDigest}']")!).IsChecked);

        // Without the antiforgery token: 400, nothing changed.
        using (var forged = await Sop4Steps.PostFormAsync(admin, saved.Page, "#form-work-mail",
                   new() { ["WorkMail"] = ((int)WorkMailChoice.Immediate).ToString(System.Globalization.CultureInfo.InvariantCulture) }, withAntiforgeryToken: false))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.Equal(WorkMailChoice.DailyDigest, await WorkMailOfAsync(factory, DemoUsers.AdminAgency));
        var back = await admin.SubmitAsync(await admin.GetPageAsync("/Notifikasi"), "#form-work-mail",
            new() { ["WorkMail"] = ((int)WorkMailChoice.Immediate).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Contains("saat itu juga", Sop4Steps.Text(back.Page.QuerySelector(".alert.success")));
        Assert.Equal(WorkMailChoice.Immediate, await WorkMailOfAsync(factory, DemoUsers.AdminAgency));

        // An applicant posting the choice (with a valid token of their own) is refused; nothing stored.
        using var applicant = factory.CreateFormClient();
        await applicant.SignInAsync(DemoUsers.Pokja);
        var own = await applicant.GetPageAsync("/Notifikasi");
        var token = own.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(token), "no antiforgery token on the applicant's Notifikasi page");
        using (var refused = await applicant.Http.PostAsync("/Notifikasi/Surel", new FormUrlEncodedContent(new Dictionary<string, string>
               {
                   ["__RequestVerificationToken"] = token!,
                   ["WorkMail"] = ((int)WorkMailChoice.DailyDigest).ToString(System.Globalization.CultureInfo.InvariantCulture),
               })))
        {
            var location = refused.Headers.Location?.OriginalString ?? "";
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden || (refused.StatusCode == HttpStatusCode.Redirect && location.Contains("/Akun/AksesDitolak", StringComparison.Ordinal)),
                $"applicant's post answered {(int)refused.StatusCode} → {location}");
        }

        Assert.Equal(WorkMailChoice.Immediate, await WorkMailOfAsync(factory, DemoUsers.Pokja));
    }

    // ---------------------------------------------------------------------------------------------
    // 7. A calendar change moves RemindAt with DueAt
    // ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task CalendarRecount_MovesRemindAtWithDueAt(DatabaseKind database)
    {
        var (factory, _) = await StartAsync(database);
        await using var _f = factory;
        var users = await UsersAsync(factory);
        var id = await Sop4Steps.StartResetAsync(factory, As(users, DemoUsers.Pokja, Roles.Pemohon), Sop4Steps.RinaSpseUserId);
        var opened = await OpenStepAsync(factory, id);

        // Deadlines scrambled (as if counted under another calendar), then recounted: both come back together.
        await factory.WithDbAsync(db => db.RequestSteps.Where(s => s.Id == opened.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.DueAt, opened.DueAt!.Value.AddDays(7)).SetProperty(s => s.RemindAt, opened.RemindAt!.Value.AddDays(7))));
        using (var scope = factory.Services.CreateScope())
        {
            var moved = await scope.ServiceProvider.GetRequiredService<AksesSpse.Core.Offices.OfficeCalendarSettings>().RefreshDeadlinesAsync(null, CancellationToken.None);
            Assert.True(moved >= 1);
        }

        var recounted = await OpenStepAsync(factory, id);
        Assert.Equal(opened.DueAt, recounted.DueAt);
        Assert.Equal(opened.RemindAt, recounted.RemindAt);
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    private static async Task<(AppFactory Factory, FakeTimeProvider Clock)> StartAsync(DatabaseKind database)
    {
        var clock = new FakeTimeProvider(WorkingTime.NextMorning());
        var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, Clock = clock, OutboxWorker = false });
        return (factory, clock);
    }

    private static DateTimeOffset At(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    private static async Task<WorkNotices.SweepResult> SweepAsync(AppFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WorkNotices>().SweepAsync(CancellationToken.None);
    }

    /// <summary>Two sweeps at the same moment, each with its own scope and DbContext: two nodes on one database.</summary>
    private static async Task TwoSweepsAsync(AppFactory factory)
    {
        using var one = factory.Services.CreateScope();
        using var two = factory.Services.CreateScope();
        var a = one.ServiceProvider.GetRequiredService<WorkNotices>();
        var b = two.ServiceProvider.GetRequiredService<WorkNotices>();
        using var go = new ManualResetEventSlim();
        var first = Task.Run(async () => { go.Wait(); return await a.SweepAsync(CancellationToken.None); });
        var second = Task.Run(async () => { go.Wait(); return await b.SweepAsync(CancellationToken.None); });
        go.Set();
        await Task.WhenAll(first, second);
    }

    private static Task<Dictionary<string, ApplicationUser>> UsersAsync(AppFactory factory) =>
        factory.WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.Email != null).ToDictionaryAsync(u => u.Email!, StringComparer.OrdinalIgnoreCase));

    private static Actor As(Dictionary<string, ApplicationUser> users, string email, string role) =>
        new(users[email].Id, users[email].FullName, users[email].OfficeId, new HashSet<string> { role });

    private static Task SetWorkMailAsync(AppFactory factory, string email, WorkMailChoice choice) =>
        factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(u => u.SetProperty(x => x.WorkMail, choice)));

    private static Task<WorkMailChoice> WorkMailOfAsync(AppFactory factory, string email) =>
        factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.WorkMail).SingleAsync());

    private static Task<RequestStep> OpenStepAsync(AppFactory factory, int id) =>
        factory.WithDbAsync(db => db.RequestSteps.AsNoTracking().SingleAsync(s => s.AccessRequestId == id && s.CompletedAt == null));

    private static Task<List<OutboxMessage>> MailsAsync(AppFactory factory, string kind) =>
        factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Kind == kind).OrderBy(m => m.Id).ToListAsync());

    private static Task<List<UserNotification>> NoticesAsync(AppFactory factory, System.Linq.Expressions.Expression<Func<UserNotification, bool>> which) =>
        factory.WithDbAsync(db => db.UserNotifications.AsNoTracking().Where(which).OrderBy(n => n.Id).ToListAsync());

    private static Task<List<UserNotification>> NewWorkNoticesAsync(AppFactory factory, int id) =>
        NoticesAsync(factory, n => n.AccessRequestId == id && n.Message.StartsWith("Tugas baru"));
}
