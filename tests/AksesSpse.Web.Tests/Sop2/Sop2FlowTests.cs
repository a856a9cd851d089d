using System.Net;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sop4Pages = AksesSpse.Web.Tests.Sop4.Sop4;

namespace AksesSpse.Web.Tests.Sop2;

/// <summary>
/// SOP 2 end to end through the real forms, as its three roles in three browsers (applicant, Helpdesk LPSE, Admin
/// Agency) and an anonymous one for the links without sign-in, on each database provider.
/// </summary>
[Trait("Sop", "Deactivation")]
public sealed class Sop2FlowTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task OnlineDeactivation_ReceivedWithHandoverForm_ReturnedWithClockPaused_Deactivated_ConfirmedByEmailLink_Archived(DatabaseKind database)
    {
        var clock = new FakeTimeProvider(WorkingTime.NextMorning()); // the steps' standards count working time
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, Clock = clock, OutboxWorker = false });
        using var applicant = factory.CreateFormClient();
        using var helpdesk = factory.CreateFormClient();
        using var admin = factory.CreateFormClient();
        using var anonymous = factory.CreateFormClient();
        await applicant.SignInAsync(DemoUsers.Pokja);
        await helpdesk.SignInAsync(DemoUsers.Helpdesk);
        await admin.SignInAsync(DemoUsers.AdminAgency);

        // The applicant's page offers the SOP 2 form next to the SOP 4 one.
        var mine = await applicant.GetPageAsync("/Permohonan");
        Assert.NotNull(mine.QuerySelector("a.button[href='/Prosedur/Ajukan/4']"));
        Assert.Contains("Ajukan penonaktifan/pengaktifan hak akses", Sop2.Text(mine.QuerySelector("a.button[href='/Prosedur/Ajukan/2']")));

        // SOP 2 runs on the engine: the old form's address (bookmarks) leads to its start form.
        using (var old = await applicant.GetAsync("/Permohonan/HakAkses/Baru"))
        {
            Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
            Assert.Equal("/Prosedur/Ajukan/2", old.Headers.Location?.OriginalString);
        }

        // The form: name, NIP and email from the profile, read-only and not posted; the rest prefilled; only own accounts.
        var form = await applicant.GetPageAsync("/Prosedur/Ajukan/2");
        var name = (IHtmlInputElement)form.QuerySelector("#ApplicantName")!;
        Assert.True(name.IsReadOnly);
        Assert.Equal(Sop2.RinaName, name.Value);
        Assert.Null(name.GetAttribute("name"));
        Assert.Equal("19850312 201001 2 003", ((IHtmlInputElement)form.QuerySelector("#ApplicantNip")!).Value);
        Assert.Equal(DemoUsers.Pokja, ((IHtmlInputElement)form.QuerySelector("#ApplicantEmail")!).Value);
        Assert.Equal("Penata / III-c", ((IHtmlInputElement)form.QuerySelector("input[name=RankGrade]")!).Value);
        Assert.Equal("Anggota Pokja Pemilihan", ((IHtmlInputElement)form.QuerySelector("input[name=Position]")!).Value);
        Assert.Equal("Dinas Pekerjaan Umum Kabupaten Contoh", ((IHtmlInputElement)form.QuerySelector("input[name=Agency]")!).Value);
        Assert.Equal("081234567890", ((IHtmlInputElement)form.QuerySelector("input[name=Phone]")!).Value);
        var options = form.QuerySelectorAll("select[name=SpseUserId] option").Where(o => o.GetAttribute("value") != "").Select(Sop2.Text).ToList();
        Assert.Equal(["rina.pokja — Pokja Pemilihan — Aktif"], options);
        Assert.Null(form.QuerySelector("#expired-sk-hint"));

        // Step 1: the applicant sends the file in the app.
        var id = await Sop2.SubmitAsync(applicant, Sop2.RequestFields());
        var number = await Sop2.NumberAsync(factory, id);
        Assert.Matches(@"^HAK-\d{4}-\d{6}$", number);
        var page = await Sop2.DetailAsync(applicant, id);
        Assert.Contains("Menunggu diterima Helpdesk", Sop2.Status(page));
        Assert.Equal("Daring (aplikasi)", Sop2.Text(page.QuerySelector("#request-channel")));
        Assert.Contains("Penata / III-c", Sop2.Text(page));
        Assert.Null(page.QuerySelector("#receipt-link"));
        Assert.Null(page.QuerySelector("#step-form[data-kind=Receive]")); // not the applicant's move

        // The handover form does not exist before Helpdesk receives the file: the request's page says so.
        using (var early = await applicant.GetAsync($"/Permohonan/{id}/TandaTerima"))
        {
            Assert.Equal(HttpStatusCode.Redirect, early.StatusCode);
            Assert.Equal($"/Prosedur/{id}", early.Headers.Location?.OriginalString);
        }

        page = await Sop2.DetailAsync(applicant, id);
        Assert.Contains($"Permohonan {number} belum diterima Helpdesk", Sop2.Text(page.QuerySelector(".alert.error")));

        // Step 2: Helpdesk's inbox lists it as an SOP 2 task with the channel; Helpdesk receives the file.
        var queue = await helpdesk.GetPageAsync("/Tugas");
        Assert.StartsWith("Semua", Sop2.Text(queue.QuerySelector("nav.tabs a.active")));
        Assert.Equal("1", Sop2.Text(queue.QuerySelector("nav.tabs a[data-sop='2'] .tab-count")));
        var row = Assert.Single(queue.QuerySelectorAll("#queue tbody tr"), tr => Sop2.Text(tr).Contains(number, StringComparison.Ordinal));
        var cells = row.QuerySelectorAll("td").Select(Sop2.Text).ToList();
        Assert.Equal(Sop2.RinaSpseUserId, cells[3]);
        Assert.Equal("Menunggu diterima Helpdesk", cells[4]);
        Assert.Equal("Daring (aplikasi)", cells[5]);
        page = Sop2.Accepted(await Sop2.ActAsync(helpdesk, id, "#step-form[data-kind=Receive]"));
        Assert.Contains("Menunggu pemeriksaan kelengkapan", Sop2.Status(page));
        Assert.Equal("Unduh formulir serah terima (PDF)", Sop2.Text(page.QuerySelector("#receipt-link")));

        // The handover form: a PDF for the applicant and for Helpdesk, naming the request, the applicant, the files,
        // the channel and who received it.
        var receipt = await Sop2.ReceiptAsync(applicant, id);
        Assert.Equal(receipt, await Sop2.ReceiptAsync(helpdesk, id));
        var text = Sop2.PdfText(receipt);
        foreach (var expected in new[] { "FORMULIR SERAH TERIMA BERKAS", number, Sop2.RinaName, "Daring (aplikasi)", "Diterima oleh", Sop2.HelpdeskName,
                     "surat-permohonan.pdf", "sk-penunjukan.pdf", "Dinas Pekerjaan Umum Kabupaten Contoh" })
        {
            Assert.Contains(expected, text);
        }

        Assert.StartsWith("http://localhost/Status?t=", Sop2.StatusUrlFrom(text));
        var receivedMail = await factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.AccessRequestId == id && m.Kind == "activation-received"));
        Assert.Equal(DemoUsers.Pokja, receivedMail.To);
        Assert.Equal($"Serah-terima-{number}.pdf", receivedMail.AttachmentName);
        Assert.Equal("application/pdf", receivedMail.AttachmentContentType);

        // Step 3: the stamp is missing. The file goes back to the applicant and the request's clock stops.
        var helpdeskPage = await Sop2.DetailAsync(helpdesk, id);
        Assert.Equal(6, helpdeskPage.QuerySelectorAll("#step-form[data-kind=CompletenessCheck] input[name=Checked]").Length);
        Assert.Null(helpdeskPage.QuerySelector("#step-form[data-kind=CompletenessCheck] textarea[name=LateExplanation]"));
        page = Sop2.Accepted(await helpdesk.SubmitAsync(helpdeskPage, "#step-form[data-kind=CompletenessCheck]", new()
        {
            ["Checked"] = FormClient.Many("KOP_SURAT", "TANDA_TANGAN", "DITUJUKAN_KEPALA_LPSE", "SK_BERLAKU", "DATA_PERSONAL"),
            ["MissingDocuments"] = "SURAT_PERMOHONAN",
            ["Note"] = "Unggah surat yang sudah distempel basah.",
        }, submitter: ("Answer", "No")));
        Assert.Contains("Dikembalikan untuk dilengkapi", Sop2.Status(page));
        var returned = await factory.WithDbAsync(db => db.AccessRequests.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal(4, returned.CurrentStepNumber); // the engine's step 4: the applicant completes the file
        Assert.Equal(clock.GetUtcNow().UtcDateTime, returned.PausedSince);

        page = await Sop2.DetailAsync(applicant, id);
        var missing = Sop2.Text(page.QuerySelector("#missing-items"));
        Assert.Contains("Surat permohonan berstempel basah instansi", missing);
        Assert.Contains("- Surat permohonan hak akses", missing);
        Assert.Contains("Unggah surat yang sudah distempel basah.", missing);
        Assert.DoesNotContain("Data personal lengkap", missing);
        Assert.NotNull(page.QuerySelector("#clock-paused"));
        Assert.Contains("berjalan", Sop2.Text(page.QuerySelector("#paused-time")));

        // Step 4, two hours later: the applicant completes the file; the time with the applicant is kept apart.
        clock.Advance(TimeSpan.FromHours(2));
        page = Sop2.Accepted(await applicant.SubmitAsync(page, "#step-form[data-kind=ApplicantCompletion]", new() { ["Note"] = "Surat bertanda tangan dan berstempel basah." },
            [Sop2.Surat("surat-permohonan-stempel.pdf", SampleFiles.Pdf("Surat berstempel"))]));
        Assert.Contains("Menunggu pemeriksaan kelengkapan", Sop2.Status(page));
        Assert.Equal("2 jam 0 menit", Sop2.Text(page.QuerySelector("#paused-time")));
        Assert.Null(page.QuerySelector("#clock-paused"));
        var resumed = await factory.WithDbAsync(db => db.AccessRequests.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Null(resumed.PausedSince);
        Assert.Equal(7200, resumed.PausedSeconds);

        // Step 3 again: every item holds; the file goes to Admin Agency.
        clock.Advance(TimeSpan.FromMinutes(3));
        page = Sop2.Accepted(await Sop2.ActAsync(helpdesk, id, "#step-form[data-kind=CompletenessCheck]", new() { ["Checked"] = Sop2.AllChecklistItems }, ("Answer", "Yes")));
        Assert.Contains("Menunggu pelaksanaan di SPSE", Sop2.Status(page));
        Assert.Null(page.QuerySelector("#step-form[data-kind=AccountAction]")); // Admin Agency's move, not Helpdesk's

        // Step 6: Admin Agency sees it in the SOP 2 tab, with the register's status, and deactivates the account.
        Assert.Contains(number, Sop2.Text(await admin.GetPageAsync("/Tugas?sop=2")));
        Assert.Contains(number, Sop2.Text(await admin.GetPageAsync("/Tugas")));
        Assert.DoesNotContain(number, Sop2.Text(await admin.GetPageAsync("/Tugas?sop=4")));
        var adminPage = await Sop2.DetailAsync(admin, id);
        Assert.Equal("Nonaktifkan akun di SPSE", Sop2.Text(adminPage.QuerySelector("#step-form[data-kind=AccountAction] button")));
        Assert.Contains("Status di register: Aktif", Sop2.Text(adminPage.QuerySelector("#execute-account")));
        page = Sop2.Accepted(await admin.SubmitAsync(adminPage, "#step-form[data-kind=AccountAction]", []));
        Assert.Contains("Menunggu pemberitahuan ke pemohon", Sop2.Status(page));
        Assert.Contains("Nonaktif", Sop2.Text(page.QuerySelector("#register-account")));
        var account = await factory.WithDbAsync(db => db.SpseAccounts.AsNoTracking().Include(a => a.History).SingleAsync(a => a.UserId == Sop2.RinaSpseUserId));
        Assert.Equal(SpseAccountStatus.Inactive, account.Status);
        var history = Assert.Single(account.History, h => h.AccessRequestId == id);
        Assert.Equal(SpseAccountChange.Deactivated, history.Change);
        Assert.Equal(Sop2.AdminName, history.ChangedByName);
        Assert.Contains(number, history.Detail);

        // Step 7: Helpdesk relays the result; the email carries the confirmation link, which staff pages do not show.
        page = Sop2.Accepted(await Sop2.ActAsync(helpdesk, id, "#step-form[data-kind=Notify]"));
        Assert.Contains("Menunggu konfirmasi penerimaan oleh pemohon", Sop2.Status(page));
        var result = await factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.AccessRequestId == id && m.Kind == "activation-result"));
        Assert.Equal(DemoUsers.Pokja, result.To);
        Assert.Contains("dinonaktifkan", result.Subject);
        var confirmUrl = Sop2.ConfirmUrlFrom(result.Body);
        Assert.DoesNotContain("/Status/Konfirmasi?t=", page.Source.Text);
        Assert.Contains("tautan konfirmasi khusus pemohon", Sop2.Text(page));
        Assert.NotNull((await Sop2.DetailAsync(applicant, id)).QuerySelector("#step-form[data-kind=ConfirmReceipt]")); // or in the app

        // Step 8: the applicant confirms from the email link, without signing in.
        clock.Advance(TimeSpan.FromMinutes(2));
        var confirm = await anonymous.GetPageAsync(Sop2.PathAndQuery(confirmUrl));
        Assert.Contains(number, Sop2.Text(confirm.QuerySelector("#status-number")));
        Assert.Null(confirm.QuerySelector("#form-confirm-link textarea[name=LateExplanation]"));
        var thanks = await anonymous.SubmitAsync(confirm, "#form-confirm-link", []);
        Assert.Equal(HttpStatusCode.OK, thanks.Status);
        Assert.Contains("Terima kasih", Sop2.Text(thanks.Page.QuerySelector("#confirmed")));
        Assert.Equal(9, await factory.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == id).Select(r => r.CurrentStepNumber).SingleAsync())); // archive
        var again = await anonymous.GetPageAsync(Sop2.PathAndQuery(confirmUrl));
        Assert.Null(again.QuerySelector("#form-confirm-link"));
        Assert.Contains("sudah dikonfirmasi", Sop2.Text(again.QuerySelector("#already-confirmed")));

        // Step 9: Helpdesk archives; the request is closed.
        page = Sop2.Accepted(await Sop2.ActAsync(helpdesk, id, "#step-form[data-kind=Archive]"));
        Assert.Contains("Selesai dan diarsipkan", Sop2.Status(page));
        Assert.Null(page.QuerySelector("#step-form")); // closed: no step to perform

        foreach (var client in new[] { helpdesk, applicant })
        {
            var timeline = Sop4Pages.Timeline(await Sop2.DetailAsync(client, id));
            Assert.Equal([1, 2, 3, 4, 3, 6, 7, 8, 9], timeline.Select(r => r.Step));
            Assert.Equal(
            [
                Sop2.RinaName, Sop2.HelpdeskName, Sop2.HelpdeskName, Sop2.RinaName, Sop2.HelpdeskName, Sop2.AdminName, Sop2.HelpdeskName,
                Sop2.RinaName, Sop2.HelpdeskName,
            ], timeline.Select(r => r.Performer));
            Assert.DoesNotContain(timeline, r => r.Finished == "berjalan");
            Assert.DoesNotContain(timeline, r => r.Timing.Contains("Terlambat", StringComparison.Ordinal));
            Assert.Contains("melalui tautan email", timeline[7].Outcome);
        }

        var saved = await factory.WithDbAsync(async db => new
        {
            Request = await db.AccessRequests.AsNoTracking().SingleAsync(r => r.Id == id),
            Archive = await db.ArchiveRecords.AsNoTracking().SingleOrDefaultAsync(a => a.AccessRequestId == id),
            Kinds = await db.OutboxMessages.Where(m => m.AccessRequestId == id).OrderBy(m => m.Id).Select(m => m.Kind).ToListAsync(),
            Steps = await db.RequestSteps.AsNoTracking().Where(s => s.AccessRequestId == id).ToListAsync(),
        });
        Assert.Equal(RequestStatus.Archived, saved.Request.Status);
        Assert.Equal(RequestOutcome.Completed, saved.Request.Outcome);
        Assert.Equal(7200, saved.Request.PausedSeconds);
        Assert.NotNull(saved.Archive);
        Assert.Contains("waktu di pemohon (jam berhenti): 7200 detik", saved.Archive.Summary);
        Assert.Equal(["activation-submitted", "activation-received", "activation-incomplete", "activation-result"], saved.Kinds.Where(k => k != "new-work"));
        Assert.Contains("new-work", saved.Kinds); // each officers' step told to its role as it opened (ADR 0023)
        Assert.All(saved.Steps, s => Assert.False(s.IsOpen));
        Assert.Equal(RequestStatus.Archived, (await factory.WithDbAsync(db => db.AccessRequests.AsNoTracking().SingleAsync(r => r.Id == id))).Status);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task PaperIntake_ReceiptAtOnce_ContactWithoutPassword_StatusPageFromTheReceipt_CompletedByHelpdesk_ActivatedWithNewSk(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        using var helpdesk = factory.CreateFormClient();
        using var admin = factory.CreateFormClient();
        using var anonymous = factory.CreateFormClient();
        await helpdesk.SignInAsync(DemoUsers.Helpdesk);
        await admin.SignInAsync(DemoUsers.AdminAgency);
        var year = Sop2.Today().Year;

        // Helpdesk lands on its desk: intake and its queue.
        using (var home = await helpdesk.GetAsync("/"))
        {
            Assert.Equal("/Helpdesk", home.Headers.Location?.OriginalString);
        }

        var desk = await helpdesk.GetPageAsync("/Helpdesk");
        Assert.NotNull(desk.QuerySelector("main a.button[href='/Helpdesk/Penerimaan/Baru']"));
        Assert.NotNull(desk.QuerySelector("main a.button[href='/Tugas']"));
        Assert.Equal("Penerimaan berkas", Sop2.Text(desk.QuerySelector("nav a[href='/Helpdesk/Penerimaan/Baru']")));
        Assert.StartsWith("Tugas saya", Sop2.Text(desk.QuerySelector("nav a[href='/Tugas']")));

        // Steps 1 and 2 at once: a file brought to the desk, for an applicant without an AksesSpse account.
        var intake = await Sop2.TryIntakeAsync(helpdesk, Sop2.IntakeFields(skNumber: $"027/045/DISDIK/{year}", skValidUntil: Sop2.Today().AddMonths(1)));
        Assert.Equal(HttpStatusCode.Redirect, intake.Status);
        var id = Sop4Pages.IdFrom(intake.Location);
        var page = intake.Page;
        Assert.Contains("Permohonan dicatat dan berkas diterima", Sop2.Text(page.QuerySelector(".alert.success")));
        Assert.Equal("Unduh formulir serah terima (PDF)", Sop2.Text(page.QuerySelector("#receipt-link")));
        Assert.Contains("Menunggu pemeriksaan kelengkapan", Sop2.Status(page));
        Assert.Equal("Datang langsung (berkas kertas)", Sop2.Text(page.QuerySelector("#request-channel")));
        var number = await Sop2.NumberAsync(factory, id);

        var stored = await factory.WithDbAsync(async db => new
        {
            Request = await db.AccessRequests.AsNoTracking().SingleAsync(r => r.Id == id),
            Contact = await db.Users.AsNoTracking().SingleAsync(u => u.Email == Sop2.HendraEmail),
            Roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id join u in db.Users on ur.UserId equals u.Id
                           where u.Email == Sop2.HendraEmail select r.Name).ToListAsync(),
            HelpdeskId = await db.Users.Where(u => u.Email == DemoUsers.Helpdesk).Select(u => u.Id).SingleAsync(),
            Received = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.AccessRequestId == id && m.Kind == "activation-received"),
        });
        Assert.Null(stored.Contact.PasswordHash); // a contact account nobody can sign in to (docs/adr/0011)
        Assert.False(stored.Contact.EmailConfirmed);
        Assert.Equal(Sop2.HendraNip, stored.Contact.Nip);
        Assert.Equal(Sop2.HendraName, stored.Contact.FullName);
        Assert.Equal([Roles.Pemohon], stored.Roles);
        Assert.Equal(stored.Contact.Id, stored.Request.ApplicantUserId);
        Assert.Equal(stored.HelpdeskId, stored.Request.RegisteredByUserId);
        Assert.Equal(IntakeChannel.WalkIn, stored.Request.Channel);
        Assert.Equal(Sop2.HendraEmail, stored.Received.To);
        Assert.NotNull(stored.Received.AttachmentPath);

        // The handover form exists at once; its printed address opens the status page without signing in.
        var text = Sop2.PdfText(await Sop2.ReceiptAsync(helpdesk, id));
        foreach (var expected in new[] { number, Sop2.HendraName, "Datang langsung", Sop2.HelpdeskName, "Dinas Pendidikan Kabupaten Contoh" })
        {
            Assert.Contains(expected, text);
        }

        var statusPath = Sop2.PathAndQuery(Sop2.StatusUrlFrom(text));
        var status = await anonymous.GetPageAsync(statusPath);
        Assert.Equal(number, Sop2.Text(status.QuerySelector("#status-number")));
        Assert.Contains("Pengaktifan hak akses SPSE", Sop2.Text(status));
        Assert.Contains("Menunggu pemeriksaan kelengkapan", Sop2.Status(status));
        Assert.Equal("Datang langsung (berkas kertas)", Sop2.Text(status.QuerySelector("#request-channel")));
        Assert.Contains(Sop2.HendraName, Sop2.Text(status));
        Assert.Contains(Sop2.HendraSpseUserId, Sop2.Text(status));
        Assert.Equal(["1", "2"], status.QuerySelectorAll("#public-steps tbody tr td.num").Select(Sop2.Text));
        foreach (var secret in new[] { Sop2.HendraNip, "19811030 200604 1 004", Sop2.HendraEmail, "081355501234", "sk-penunjukan.pdf", "/Dokumen/", Sop2.HelpdeskName })
        {
            Assert.DoesNotContain(secret, status.Source.Text);
        }

        // Step 3: the SK handed in has been revoked; the file goes back. The status page shows what is missing.
        page = Sop2.Accepted(await Sop2.ActAsync(helpdesk, id, "#step-form[data-kind=CompletenessCheck]", new()
        {
            ["Checked"] = FormClient.Many("KOP_SURAT", "TANDA_TANGAN", "STEMPEL_BASAH", "DITUJUKAN_KEPALA_LPSE", "DATA_PERSONAL"),
            ["MissingDocuments"] = "SK_PENUNJUKAN",
            ["Note"] = "SK yang diserahkan sudah dicabut; serahkan SK penunjukan yang baru.",
        }, ("Answer", "No")));
        Assert.Contains("Dikembalikan untuk dilengkapi", Sop2.Status(page));
        status = await anonymous.GetPageAsync(statusPath);
        Assert.Contains("SK yang diserahkan sudah dicabut", Sop2.Text(status.QuerySelector("#missing-items")));
        Assert.Contains("SK / Surat Tugas / Surat Penunjukan berlaku pada hari ini", Sop2.Text(status.QuerySelector("#missing-items")));

        // Step 4 for a paper file: the applicant brings the new SK to the desk and Helpdesk records it.
        var newSk = $"027/099/DISDIK/{year + 1}";
        var newUntil = new DateOnly(year + 1, 12, 31);
        page = await Sop2.DetailAsync(helpdesk, id);
        Assert.Contains("Catat kelengkapan berkas", Sop2.Text(page.QuerySelector("#step-form[data-kind=ApplicantCompletion]")));
        page = Sop2.Accepted(await helpdesk.SubmitAsync(page, "#step-form[data-kind=ApplicantCompletion]", new()
        {
            ["Note"] = "SK baru diserahkan langsung di loket.",
            ["SkNumber"] = newSk,
            ["SkValidUntil"] = Sop2.Iso(newUntil),
        }, [Sop2.Sk("sk-penunjukan-baru.pdf", SampleFiles.Pdf("SK baru"))]));
        Assert.Contains("Menunggu pemeriksaan kelengkapan", Sop2.Status(page));
        Assert.Contains(newSk, Sop2.Text(page.QuerySelector("#request-sk")));
        page = Sop2.Accepted(await Sop2.ActAsync(helpdesk, id, "#step-form[data-kind=CompletenessCheck]", new() { ["Checked"] = Sop2.AllChecklistItems }, ("Answer", "Yes")));

        // Step 6: Admin Agency activates; the register takes the new SK, with a history row.
        var adminPage = await Sop2.DetailAsync(admin, id);
        Assert.Equal("Aktifkan akun di SPSE", Sop2.Text(adminPage.QuerySelector("#step-form[data-kind=AccountAction] button")));
        Assert.Contains("Status di register: Nonaktif", Sop2.Text(adminPage.QuerySelector("#execute-account")));
        Sop2.Accepted(await admin.SubmitAsync(adminPage, "#step-form[data-kind=AccountAction]", []));
        var account = await factory.WithDbAsync(db => db.SpseAccounts.AsNoTracking().Include(a => a.History).SingleAsync(a => a.UserId == Sop2.HendraSpseUserId));
        Assert.Equal(SpseAccountStatus.Active, account.Status);
        Assert.Equal(newSk, account.SkNumber);
        Assert.Equal(newUntil, account.ValidUntil);
        var history = Assert.Single(account.History, h => h.AccessRequestId == id);
        Assert.Equal(SpseAccountChange.Activated, history.Change);
        Assert.Contains(newSk, history.Detail);
        var register = await admin.GetPageAsync($"/Register/{account.Id}");
        Assert.Contains(newSk, Sop2.Text(register.QuerySelector(".facts")));
        Assert.Null(register.QuerySelector(".alert.error")); // no "SK sudah tidak berlaku"

        // Steps 7 to 9: relayed to the applicant's email, confirmed by its link, archived.
        Sop2.Accepted(await Sop2.ActAsync(helpdesk, id, "#step-form[data-kind=Notify]"));
        var body = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.AccessRequestId == id && m.Kind == "activation-result").Select(m => m.Body).SingleAsync());
        var confirm = await anonymous.GetPageAsync(Sop2.PathAndQuery(Sop2.ConfirmUrlFrom(body)));
        Assert.Contains("diaktifkan", Sop2.Text(confirm.QuerySelector("#form-confirm-link")));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SubmitAsync(confirm, "#form-confirm-link", [])).Status);
        page = Sop2.Accepted(await Sop2.ActAsync(helpdesk, id, "#step-form[data-kind=Archive]"));
        Assert.Contains("Selesai dan diarsipkan", Sop2.Status(page));
        Assert.Equal([1, 2, 3, 4, 3, 6, 7, 8, 9], Sop4Pages.Timeline(page).Select(r => r.Step));

        status = await anonymous.GetPageAsync(statusPath);
        Assert.Contains("Selesai dan diarsipkan", Sop2.Status(status));
        Assert.Equal(9, status.QuerySelectorAll("#public-steps tbody tr").Length);
        Assert.Null(status.QuerySelector("#missing-items"));
    }

    private static DateTimeOffset WholeSecond(DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
