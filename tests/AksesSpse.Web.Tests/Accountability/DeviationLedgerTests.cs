using System.Net;
using AksesSpse.Core.Accountability;
using AksesSpse.Core.Common;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sop3Steps = AksesSpse.Web.Tests.Sop3.Sop3;
using Sop4Steps = AksesSpse.Web.Tests.Sop4.Sop4;

namespace AksesSpse.Web.Tests.Accountability;

/// <summary>
/// The deviation ledger through the real app (issue #10 §3, docs/adr/0025): one record per deviation kind — time (late, with
/// the explanation), kelengkapan (a checklist item left unticked with a reason; "valid" against a failed register check),
/// output (the step's own mail given up by the outbox, once however many nodes find it) — and the review: the performer
/// explains, the supervisor of the step's role accepts or not, nobody else may, and another office or an applicant sees nothing.
/// </summary>
[Trait("Area", "Ledger")]
public sealed class DeviationLedgerTests
{
    private const string LateWhy = "Antrean berkas di loket panjang setelah libur; berkas ini diperiksa sesuai urutan.";

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Time_ALateStepIsOneRecordWithItsExplanation_OnTimeStepsNone(DatabaseKind database)
    {
        var (factory, clock) = await StartAsync(database);
        await using var _f = factory;
        var (id, admin) = await LateValidityAsync(factory, clock);

        var record = Assert.Single(await DeviationsAsync(factory));
        Assert.Equal(DeviationKind.Time, record.Kind);
        Assert.Equal(id, record.AccessRequestId);
        Assert.Equal(5, record.StepNumber);
        Assert.Equal(SopKind.PasswordReset, record.SopKind);
        Assert.Equal(Roles.AdminAgency, record.ActorRole);
        Assert.Equal(admin.UserId, record.PerformerUserId);
        Assert.Equal(admin.Name, record.PerformerName);
        Assert.Equal(LateWhy, record.Explanation);
        Assert.Contains("standar waktunya 15 menit", record.Fact);
        Assert.Contains("2 jam 0 menit", record.Fact);
        Assert.Equal(DeviationReview.Pending, record.Review);
        var step = await factory.WithDbAsync(db => db.RequestSteps.AsNoTracking().SingleAsync(s => s.Id == record.RequestStepId));
        Assert.True(step.IsLate);
        Assert.Equal(step.CompletedAt, record.OccurredAt);
        // Exactly the late steps have a time record.
        var late = await factory.WithDbAsync(db => db.RequestSteps.CountAsync(s => s.IsLate));
        Assert.Equal(late, await factory.WithDbAsync(db => db.StepDeviations.CountAsync(d => d.Kind == DeviationKind.Time)));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Completeness_ValidAgainstAFailedRegisterCheck_IsARecordWithTheReason(DatabaseKind database)
    {
        var (factory, _) = await StartAsync(database);
        await using var _f = factory;
        var users = await UsersAsync(factory);
        var admin = As(users, DemoUsers.AdminAgency, Roles.AdminAgency);
        var id = await Sop4Steps.StartResetAsync(factory, As(users, DemoUsers.Pokja, Roles.Pemohon), Sop4Steps.RinaSpseUserId);
        await MoveAsync(factory, id, admin, StepAnswer.Yes);
        var lastYear = DateTime.UtcNow.Year - 1;
        await factory.WithDbAsync(db => db.SpseAccounts.Where(a => a.UserId == Sop4Steps.RinaSpseUserId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ValidUntil, new DateOnly(lastYear, 12, 31))));

        // Refused without the reason: no record.
        var refused = await TryMoveAsync(factory, id, admin, StepAnswer.Yes);
        Assert.False(refused.Succeeded);
        Assert.Empty(await DeviationsAsync(factory));

        const string why = "SK perpanjangan sudah terbit dan diperiksa aslinya; register belum diperbarui.";
        await MoveAsync(factory, id, admin, StepAnswer.Yes, deviationReason: why);
        var record = Assert.Single(await DeviationsAsync(factory));
        Assert.Equal(DeviationKind.Completeness, record.Kind);
        Assert.Equal(5, record.StepNumber);
        Assert.Equal(admin.UserId, record.PerformerUserId);
        Assert.Equal(why, record.Explanation);
        Assert.Contains("SK penetapan masih berlaku", record.Fact);
        Assert.NotNull(record.ExplainedAt);
    }

    [Fact]
    public async Task Completeness_AnItemLeftUnticked_NeedsAReason_ThenGoesOnAsARecord_AMissingDocumentNever()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { OutboxWorker = false });
        using var head = factory.CreateFormClient();
        using var ppe = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);
        await ppe.SignInAsync(DemoUsers.AdminPpe);
        var id = await Sop3Steps.StartedAsync(head, Sop3Steps.Fields(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), Sop3Steps.Dewi));
        Sop3Steps.Accepted(await Sop3Steps.StepAsync(head, id));

        // One item ticked, one not, no reason: refused, and the message says how to go on.
        var only = new Dictionary<string, string> { ["Persons[0].Done"] = "true", ["Checked"] = "DATA_SESUAI_FORMULIR" };
        var refused = await Sop3Steps.StepAsync(ppe, id, only);
        var error = Sop3Steps.Text(refused.Page.QuerySelector(".alert.error"));
        Assert.Contains("butir pemeriksaan belum dicentang", error);
        Assert.Contains("Alasan melanjutkan meskipun butir belum terpenuhi", error);
        Assert.NotNull(refused.Page.QuerySelector("#step-shortfall textarea[name=ShortfallReason]"));
        Assert.Empty(await DeviationsAsync(factory));

        // With the reason: the accounts are made and the shortfall is Admin PPE's kelengkapan record.
        const string why = "Panduan pengguna SPSE versi baru belum diterima dari LKPP; akun dibuat mengikuti panduan versi lama.";
        var page = await ppe.GetPageAsync($"/Prosedur/{id}");
        using (var made = await Sop3Steps.PostStepAsync(ppe, page, new() { ["Persons[0].Done"] = "true", ["Checked"] = "DATA_SESUAI_FORMULIR", ["ShortfallReason"] = why }))
        {
            Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        }

        var ppeId = (await UsersAsync(factory))[DemoUsers.AdminPpe].Id;
        var record = Assert.Single(await DeviationsAsync(factory));
        Assert.Equal(DeviationKind.Completeness, record.Kind);
        Assert.Equal(3, record.StepNumber);
        Assert.Equal(Roles.AdminPpe, record.ActorRole);
        Assert.Equal(ppeId, record.PerformerUserId);
        Assert.Equal(why, record.Explanation);
        Assert.Contains("Akun dibuat mengikuti panduan pengguna", record.Fact);
        Assert.DoesNotContain("sesuai Formulir", record.Fact);
        page = await head.GetPageAsync($"/Prosedur/{id}");
        Assert.Contains("Dilanjutkan meskipun butir pemeriksaan belum terpenuhi", Sop3Steps.Text(page.QuerySelector("#timeline")));
    }

    [Fact]
    public async Task Completeness_AMissingDocumentIsNeverPassedWithAReason()
    {
        var (factory, _) = await StartAsync(DatabaseKind.Sqlite);
        await using var _f = factory;
        var users = await UsersAsync(factory);
        var admin = As(users, DemoUsers.AdminAgency, Roles.AdminAgency);
        var id = await Sop4Steps.StartResetAsync(factory, As(users, DemoUsers.Pokja, Roles.Pemohon), Sop4Steps.RinaSpseUserId);
        // The SK is not on file (as a paper file taken in without it would be).
        await factory.WithDbAsync(db => db.RequestDocuments.Where(d => d.AccessRequestId == id && d.DocumentCode == "SK_POKJA").ExecuteDeleteAsync());

        var refused = await TryMoveAsync(factory, id, admin, StepAnswer.Yes, shortfallReason: "SK menyusul besok pagi.");
        Assert.False(refused.Succeeded);
        Assert.Contains("dokumen wajib belum diunggah", refused.Message);
        Assert.DoesNotContain("Alasan melanjutkan", refused.Message);
        Assert.Empty(await DeviationsAsync(factory));
        Assert.Equal(2, await factory.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == id).Select(r => r.CurrentStepNumber).SingleAsync()));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Output_TheStepsMailGivenUp_IsOneRecordAgainstTheStepThatQueuedIt_OnceAcrossNodes_NotTheApplicants(DatabaseKind database)
    {
        var clock = new FakeTimeProvider(WorkingTime.NextMorning());
        await using var factory = await AppFactory.CreateAsync(new AppSettings
        {
            Database = database,
            Clock = clock,
            OutboxWorker = false,
            SmtpPort = FreePort(), // nobody listens: every mail fails, and is given up at its first attempt
            Extra = new Dictionary<string, string?> { ["Email:MaxAttempts"] = "1", ["Email:Smtp:TimeoutMs"] = "2000" },
        });
        var users = await UsersAsync(factory);
        var admin = As(users, DemoUsers.AdminAgency, Roles.AdminAgency);
        var id = await Sop4Steps.StartResetAsync(factory, As(users, DemoUsers.Pokja, Roles.Pemohon), Sop4Steps.RinaSpseUserId);
        foreach (var _ in new[] { 2, 5, 6, 8 })
        {
            await Sop4Steps.MoveAsync(factory, id, admin);
        }

        // The outbox gives every mail up; only the step's own output mail to the applicant is a deviation (step 8's result),
        // not the office's receipt of the applicant's own submission (step 1), nor staff's work notices.
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(100, CancellationToken.None);
        }

        var failed = await factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Failed).ToListAsync());
        Assert.Contains(failed, m => m.AccessRequestId == id && m.Kind == OutboxDispatcher.CredentialKind);
        Assert.Contains(failed, m => m.Kind == "new-work");
        var record = Assert.Single(await DeviationsAsync(factory));
        Assert.Equal(DeviationKind.Output, record.Kind);
        Assert.Equal(8, record.StepNumber);
        Assert.Equal(admin.UserId, record.PerformerUserId);
        Assert.Null(record.Explanation);
        Assert.Contains("tidak dapat dikirim", record.Fact);
        Assert.Contains(DemoUsers.Pokja, record.Fact);
        Assert.Single(await factory.WithDbAsync(db => db.UserNotifications.Where(n => n.UserId == admin.UserId && n.Message.StartsWith("Penyimpangan output")).ToListAsync()));

        // Two nodes finding the same given-up mails at once add nothing.
        using var one = factory.Services.CreateScope();
        using var two = factory.Services.CreateScope();
        var a = one.ServiceProvider.GetRequiredService<DeviationLedger>();
        var b = two.ServiceProvider.GetRequiredService<DeviationLedger>();
        foreach (var message in failed)
        {
            using var go = new ManualResetEventSlim();
            var first = Task.Run(async () => { go.Wait(); await a.RecordUndeliveredAsync(message.Id, CancellationToken.None); });
            var second = Task.Run(async () => { go.Wait(); await b.RecordUndeliveredAsync(message.Id, CancellationToken.None); });
            go.Set();
            await Task.WhenAll(first, second);
        }

        Assert.Single(await DeviationsAsync(factory));
    }

    [Fact]
    public async Task Review_PerformerExplains_KepalaLpseReviews_OthersReadOrSeeNothing_StaleFormsRefused()
    {
        var (factory, clock) = await StartAsync(DatabaseKind.Sqlite);
        await using var _f = factory;
        var (requestId, admin) = await LateValidityAsync(factory, clock);
        var id = Assert.Single(await DeviationsAsync(factory)).Id;
        using var performer = await SignedInAsync(factory, DemoUsers.AdminAgency);
        using var head = await SignedInAsync(factory, DemoUsers.KepalaLpse);
        using var otherHead = await SignedInAsync(factory, DemoUsers.KepalaUkpbj);
        using var auditor = await SignedInAsync(factory, DemoUsers.Auditor);
        using var applicant = await SignedInAsync(factory, DemoUsers.Pokja);

        // The performer: their own list and the record, with the explanation form and no review form.
        var list = await performer.GetPageAsync("/Penyimpangan");
        Assert.Contains("Penyimpangan saya", Text(list.QuerySelector("#deviation-scopes a.active")));
        Assert.NotNull(list.QuerySelector($"#deviations a[href='/Penyimpangan/{id}']"));
        var page = await performer.GetPageAsync($"/Penyimpangan/{id}");
        Assert.Contains(LateWhy, Text(page.QuerySelector("#deviation-explanation")));
        Assert.Null(page.QuerySelector("#form-review"));
        const string better = "Pada jam itu saya melayani tiga pemohon di loket; berkas ini menunggu giliran.";
        var saved = await performer.SubmitAsync(page, "#form-explain", new() { ["Explanation"] = better });
        Assert.Contains("Penjelasan Anda disimpan", Text(saved.Page.QuerySelector(".alert.success")));
        Assert.Equal(better, (await DeviationsAsync(factory)).Single().Explanation);
        var empty = await performer.SubmitAsync(saved.Page, "#form-explain", new() { ["Explanation"] = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Contains("Tuliskan penjelasan", Text(empty.Page.QuerySelector(".field-error")));

        // The applicant sees nothing of it; the Kepala UKPBJ and the Auditor read it without a review form; the Auditor's post is refused.
        using (var hidden = await applicant.GetAsync($"/Penyimpangan/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        Assert.NotNull((await applicant.GetPageAsync("/Penyimpangan")).QuerySelector("#deviations-empty"));
        var read = await otherHead.GetPageAsync($"/Penyimpangan/{id}");
        Assert.Null(read.QuerySelector("#form-review"));
        Assert.Contains("ditelaah oleh Kepala LPSE", Text(read.QuerySelector("#review-not-yours")));
        var audit = await auditor.GetPageAsync($"/Penyimpangan/{id}");
        Assert.Null(audit.QuerySelector("#form-review"));
        Assert.Null(audit.QuerySelector("#form-explain"));
        using (var forbidden = await PostAsync(auditor, audit, $"/Penyimpangan/{id}/Telaah", new() { ["Decision"] = "terima", ["Version"] = "1" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, forbidden.StatusCode);
            Assert.Equal("/Akun/AksesDitolak", forbidden.Headers.Location?.AbsolutePath);
        }

        // The Kepala LPSE lands on what waits for review, with its count in the menu.
        list = await head.GetPageAsync("/Penyimpangan");
        Assert.Contains("Perlu ditelaah", Text(list.QuerySelector("#deviation-scopes a.active")));
        Assert.Equal("1", Text(list.QuerySelector("nav a[href='/Penyimpangan'] .badge-count")));
        page = await head.GetPageAsync($"/Penyimpangan/{id}");
        Assert.Null(page.QuerySelector("#form-explain"));
        var noNote = await head.SubmitAsync(page, "#form-review", new() { ["Decision"] = "tolak" });
        Assert.Equal(HttpStatusCode.BadRequest, noNote.Status);
        Assert.Contains("Tuliskan catatan", Text(noNote.Page.QuerySelector("#form-review")));

        // The performer changes the explanation meanwhile: the head's form is stale and refused, nothing changes.
        var mine = await performer.GetPageAsync($"/Penyimpangan/{id}");
        await performer.SubmitAsync(mine, "#form-explain", new() { ["Explanation"] = better + " Sudah saya laporkan." });
        var stale = await head.SubmitAsync(page, "#form-review", new() { ["Decision"] = "terima" });
        Assert.Contains("baru saja diubah", Text(stale.Page.QuerySelector(".alert.error")));
        Assert.Equal(DeviationReview.Pending, (await DeviationsAsync(factory)).Single().Review);

        const string note = "Antrean bukan alasan: berkas reset password didahulukan sesuai SOP.";
        var done = await head.SubmitAsync(stale.Page, "#form-review", new() { ["Decision"] = "tolak", ["Note"] = note });
        Assert.Contains("tidak diterima", Text(done.Page.QuerySelector(".alert.success")));
        var record = (await DeviationsAsync(factory)).Single();
        Assert.Equal(DeviationReview.NotAccepted, record.Review);
        Assert.Equal(note, record.ReviewNote);
        Assert.Equal((await UsersAsync(factory))[DemoUsers.KepalaLpse].Id, record.ReviewerUserId);
        Assert.NotNull(record.ReviewedAt);
        Assert.Contains("Penjelasan tidak diterima", Text(done.Page.QuerySelector("#deviation-review")));
        Assert.Single(await factory.WithDbAsync(db => db.UserNotifications
            .Where(n => n.UserId == admin.UserId && n.AccessRequestId == requestId && n.Message.Contains("tidak diterima")).ToListAsync()));

        // Final: the performer may no longer change the explanation, the head not review again.
        page = await performer.GetPageAsync($"/Penyimpangan/{id}");
        Assert.Null(page.QuerySelector("#form-explain"));
        var late = await performer.SubmitAsync(mine, "#form-explain", new() { ["Explanation"] = "Tambahan." });
        Assert.Contains("sudah ditelaah", Text(late.Page.QuerySelector(".alert.error")));
        var again = await head.SubmitAsync(stale.Page, "#form-review", new() { ["Decision"] = "terima" });
        Assert.Contains("baru saja ditelaah", Text(again.Page.QuerySelector(".alert.error")));
        Assert.Equal(DeviationReview.NotAccepted, (await DeviationsAsync(factory)).Single().Review);
        Assert.Equal(0, await head.GetPageAsync("/Penyimpangan").ContinueWith(t => t.Result.QuerySelectorAll("nav a[href='/Penyimpangan'] .badge-count").Length));
    }

    [Fact]
    public async Task Review_AcceptingNeedsAnExplanation_AndAHeadNeverReviewsTheirOwnStep()
    {
        var (factory, clock) = await StartAsync(DatabaseKind.Sqlite);
        await using var _f = factory;
        var (_, admin) = await LateValidityAsync(factory, clock);
        var record = Assert.Single(await DeviationsAsync(factory));
        await factory.WithDbAsync(db => db.StepDeviations.ExecuteUpdateAsync(s => s.SetProperty(d => d.Explanation, (string?)null)));
        var users = await UsersAsync(factory);
        var head = As(users, DemoUsers.KepalaLpse, Roles.KepalaLpse);
        using (var scope = factory.Services.CreateScope())
        {
            var ledger = scope.ServiceProvider.GetRequiredService<DeviationLedger>();
            var refused = await ledger.ReviewAsync(record.Id, head, accepted: true, null, record.Version, CancellationToken.None);
            Assert.Equal(ErrorKind.Validation, refused.Error);
            Assert.Contains("belum menuliskan penjelasan", refused.Message);

            // Another office's head sees nothing of it.
            var stranger = head with { OfficeId = head.OfficeId + 1000 };
            Assert.Equal(ErrorKind.NotFound, (await ledger.ReviewAsync(record.Id, stranger, false, "x", record.Version, CancellationToken.None)).Error);
            Assert.Equal(ErrorKind.NotFound, (await ledger.GetAsync(record.Id, stranger, CancellationToken.None)).Error);
        }

        // A step of the Kepala LPSE is reviewed by the Kepala UKPBJ, never by the Kepala LPSE.
        Assert.Equal(Roles.KepalaUkpbj, DeviationLedger.ReviewerRoleOf(Roles.KepalaLpse));
        Assert.Equal(Roles.KepalaLpse, DeviationLedger.ReviewerRoleOf(Roles.KepalaUkpbj));
        Assert.Equal(Roles.KepalaLpse, DeviationLedger.ReviewerRoleOf(Roles.AdminAgency));
        Assert.Equal(Roles.KepalaUkpbj, DeviationLedger.ReviewerRoleOf(Roles.Pemohon));
        Assert.Null(DeviationLedger.ReviewerRoleOf(Roles.Auditor));
        Assert.DoesNotContain(Roles.KepalaLpse, DeviationLedger.ReviewedBy(Roles.KepalaLpse));
        Assert.Equal(admin.UserId, record.PerformerUserId);
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    /// <summary>SOP 4 to step 5, on time; step 5 done two working hours after it opened (standard 15 menit), explained.</summary>
    private static async Task<(int Id, Actor Admin)> LateValidityAsync(AppFactory factory, FakeTimeProvider clock)
    {
        var users = await UsersAsync(factory);
        var admin = As(users, DemoUsers.AdminAgency, Roles.AdminAgency);
        var id = await Sop4Steps.StartResetAsync(factory, As(users, DemoUsers.Pokja, Roles.Pemohon), Sop4Steps.RinaSpseUserId);
        await MoveAsync(factory, id, admin, StepAnswer.Yes);
        Assert.Empty(await DeviationsAsync(factory));
        clock.Advance(TimeSpan.FromHours(2)); // 09.00 → 11.00 on a working day: two working hours

        var refused = await TryMoveAsync(factory, id, admin, StepAnswer.Yes);
        Assert.Equal(ErrorKind.LateExplanationRequired, refused.Error);
        Assert.Empty(await DeviationsAsync(factory));
        await MoveAsync(factory, id, admin, StepAnswer.Yes, late: LateWhy);
        return (id, admin);
    }

    private static async Task<(AppFactory Factory, FakeTimeProvider Clock)> StartAsync(DatabaseKind database)
    {
        var clock = new FakeTimeProvider(WorkingTime.NextMorning());
        var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, Clock = clock, OutboxWorker = false });
        return (factory, clock);
    }

    private static async Task MoveAsync(AppFactory factory, int id, Actor actor, StepAnswer answer, string? late = null, string? deviationReason = null)
    {
        var result = await TryMoveAsync(factory, id, actor, answer, late, deviationReason);
        Assert.True(result.Succeeded, result.Message);
    }

    private static async Task<OperationResult> TryMoveAsync(AppFactory factory, int id, Actor actor, StepAnswer answer, string? late = null,
        string? deviationReason = null, string? shortfallReason = null)
    {
        var (version, step) = await factory.WithDbAsync(async db =>
            await db.AccessRequests.Where(r => r.Id == id).Select(r => new ValueTuple<int, int>(r.Version, r.CurrentStepNumber ?? 0)).SingleAsync());
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SopEngine>().MoveAsync(id, new StepMove(step, version)
        {
            Answer = answer,
            LateExplanation = late,
            DeviationReason = deviationReason,
            ShortfallReason = shortfallReason,
        }, actor, CancellationToken.None);
    }

    private static Task<List<StepDeviation>> DeviationsAsync(AppFactory factory) =>
        factory.WithDbAsync(db => db.StepDeviations.AsNoTracking().OrderBy(d => d.Id).ToListAsync());

    private static Task<Dictionary<string, Core.Identity.ApplicationUser>> UsersAsync(AppFactory factory) =>
        factory.WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.Email != null).ToDictionaryAsync(u => u.Email!, StringComparer.OrdinalIgnoreCase));

    private static Actor As(Dictionary<string, Core.Identity.ApplicationUser> users, string email, string role) =>
        new(users[email].Id, users[email].FullName, users[email].OfficeId, new HashSet<string> { role });

    private static async Task<FormClient> SignedInAsync(AppFactory factory, string email)
    {
        var client = factory.CreateFormClient();
        await client.SignInAsync(email);
        return client;
    }

    /// <summary>Posts to <paramref name="action"/> with the antiforgery token of <paramref name="page"/> (a form the reader was not offered).</summary>
    private static async Task<HttpResponseMessage> PostAsync(FormClient client, IDocument page, string action, Dictionary<string, string> fields)
    {
        var token = page.QuerySelector("input[name='__RequestVerificationToken']")?.GetAttribute("value")
                    ?? throw new InvalidOperationException("No antiforgery token on the page");
        return await client.Http.PostAsync(action, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
    }

    private static string Text(IElement? element) => Sop4Steps.Text(element);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
