using System.Net;
using System.Text.RegularExpressions;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Credentials;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Email;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Web.Tests.Sop4;

/// <summary>
/// SOP 4 end to end through the real forms, as the two roles of the SOP: the Pokja member (applicant)
/// in one browser and Admin Agency in another, on each database provider.
/// </summary>
[Trait("Sop", "ResetPassword")]
public sealed partial class Sop4FlowTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task ResetPassword_WholeSop_IncompleteThenCompletedArchivedAndPasswordDeliveredOnce(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database });
        using var applicant = factory.CreateFormClient();
        using var admin = factory.CreateFormClient();
        await applicant.SignInAsync(DemoUsers.Pokja);
        await admin.SignInAsync(DemoUsers.AdminAgency);

        // Step 1: the Pokja member submits the file.
        var id = await Sop4.SubmitAsync(applicant, Sop4.ResetFields());
        var page = await Sop4.DetailAsync(applicant, id);
        Assert.Contains("Menunggu pemeriksaan kelengkapan", Sop4.Status(page));
        Assert.Null(page.QuerySelector("#step-form[data-kind=CompletenessCheck]")); // not the applicant's move
        var number = await factory.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == id).Select(r => r.Number).SingleAsync());

        // Steps 2 and 3: Admin Agency finds the SK missing and returns the file.
        var adminPage = await Sop4.DetailAsync(admin, id);
        Assert.NotNull(adminPage.QuerySelector("#step-form[data-kind=CompletenessCheck]"));
        Assert.Null(adminPage.QuerySelector("#step-form[data-kind=AccountAction]"));
        page = Sop4.Accepted(await admin.SubmitAsync(adminPage, "#step-form[data-kind=CompletenessCheck]",
            new() { ["MissingDocuments"] = "SK_POKJA", ["Note"] = "SK yang diunggah tidak terbaca; unggah SK yang ditandatangani." },
            submitter: ("Answer", "No")));
        Assert.Contains("Dikembalikan untuk dilengkapi", Sop4.Status(page));

        // "Permohonan saya" gives the request the words of its open step too, not a bare "in progress".
        var mine = Assert.Single((await applicant.GetPageAsync("/Permohonan")).QuerySelectorAll("tbody tr"), tr => Sop4.Text(tr).Contains(number, StringComparison.Ordinal));
        Assert.Contains("Dikembalikan untuk dilengkapi", Sop4.Text(mine.QuerySelector(".status-cell")));

        // Step 4: the applicant sees what is missing, and is told so, and completes the file.
        page = await Sop4.DetailAsync(applicant, id);
        Assert.Contains("Dikembalikan untuk dilengkapi", Sop4.Status(page));
        var missing = Sop4.Text(page.QuerySelector(".alert.warn"));
        Assert.Contains("Yang harus dilengkapi", missing);
        Assert.Contains(Sop4.SkPokjaName, missing);
        Assert.Contains("SK yang diunggah tidak terbaca", missing);
        Assert.DoesNotContain(Sop4.SuratName, missing);
        Assert.NotNull(page.QuerySelector(".badge-count"));
        var notifications = Sop4.Text(await applicant.GetPageAsync("/Notifikasi"));
        Assert.Contains($"Permohonan {number} dikembalikan untuk dilengkapi", notifications);
        Assert.Contains(Sop4.SkPokjaName, notifications);

        page = Sop4.Accepted(await applicant.SubmitAsync(page, "#step-form[data-kind=ApplicantCompletion]", new() { ["Note"] = "SK bertanda tangan terlampir." },
            [Sop4.SkPokja("sk-pokja-ttd.pdf", SampleFiles.Pdf("SK Pokja ditandatangani"))]));
        Assert.Contains("Menunggu pemeriksaan kelengkapan", Sop4.Status(page));
        Assert.Contains("sk-pokja-ttd.pdf", Sop4.Text(page));

        // Step 2 again, then step 5 with a confirmation note.
        page = Sop4.Accepted(await Sop4.ActAsync(admin, id, "#step-form[data-kind=CompletenessCheck]", submitter: ("Answer", "Yes")));
        Assert.Contains("Menunggu pemeriksaan keabsahan", Sop4.Status(page));
        var validityTable = Sop4.Text(page.QuerySelector("#step-form[data-kind=ValidityCheck] table"));
        Assert.Contains("rina.pokja — Rina Kartika Sari", validityTable);
        Assert.DoesNotContain("✘", validityTable);
        page = Sop4.Accepted(await Sop4.ActAsync(admin, id, "#step-form[data-kind=ValidityCheck]",
            new() { ["Note"] = "Dikonfirmasi lewat telepon dengan Ibu Rina." }, ("Answer", "Yes")));
        Assert.Contains("Menunggu pelaksanaan di SPSE", Sop4.Status(page));

        // Step 6: the temporary password is shown once, in a response that must not be cached.
        using var executed = await Sop4.PostFormAsync(admin, page, "#step-form[data-kind=AccountAction]");
        Assert.Equal(HttpStatusCode.OK, executed.StatusCode);
        Assert.Contains("no-store", executed.Headers.CacheControl?.ToString() ?? "");
        var executedPage = await FormClient.ParseAsync(executed);
        var password = Sop4.Text(executedPage.QuerySelector("#temporary-password"));
        Assert.Matches("^[A-Za-z0-9#$%&*+\\-=?@]{16}$", password);
        page = await Sop4.DetailAsync(admin, id);
        Assert.Contains("Menunggu pemberitahuan ke pemohon", Sop4.Status(page));
        Assert.DoesNotContain(password, page.Source.Text);

        // Steps 8 and 9.
        page = Sop4.Accepted(await admin.SubmitAsync(page, "#step-form[data-kind=Notify]", []));
        Assert.Contains("Menunggu pengarsipan", Sop4.Status(page));
        Assert.DoesNotContain(password, page.Source.Text);
        page = Sop4.Accepted(await Sop4.ActAsync(admin, id, "#step-form[data-kind=Archive]"));
        Assert.Contains("Selesai dan diarsipkan", Sop4.Status(page));
        Assert.Null(page.QuerySelector("#step-form")); // closed: no step to perform

        // The step log, as both roles see it.
        foreach (var client in new[] { admin, applicant })
        {
            var timeline = Sop4.Timeline(await Sop4.DetailAsync(client, id));
            Assert.Equal([1, 2, 3, 4, 2, 5, 6, 8, 9], timeline.Select(r => r.Step));
            Assert.Equal(
                [Sop4.RinaName, Sop4.AdminName, Sop4.AdminName, Sop4.RinaName, Sop4.AdminName, Sop4.AdminName, Sop4.AdminName, Sop4.AdminName, Sop4.AdminName],
                timeline.Select(r => r.Performer));
            Assert.DoesNotContain(timeline, r => r.Finished == "berjalan");
            Assert.DoesNotContain(timeline, r => r.Timing.Contains("Terlambat", StringComparison.Ordinal));
            Assert.Contains("Berkas tidak lengkap", timeline[1].Outcome);
            Assert.Contains("Dikonfirmasi lewat telepon dengan Ibu Rina.", timeline[5].Outcome);
        }

        // The database: closed and archived, the register's history, the outbox.
        var saved = await factory.WithDbAsync(async db => new
        {
            Request = await db.AccessRequests.AsNoTracking().SingleAsync(r => r.Id == id),
            Archived = await db.ArchiveRecords.AsNoTracking().SingleOrDefaultAsync(a => a.AccessRequestId == id),
            History = await db.SpseAccountHistory.AsNoTracking().Where(h => h.AccessRequestId == id).ToListAsync(),
            Outbox = await db.OutboxMessages.AsNoTracking().Where(m => m.AccessRequestId == id).OrderBy(m => m.Id).ToListAsync(),
            Steps = await db.RequestSteps.AsNoTracking().Where(s => s.AccessRequestId == id).ToListAsync(),
            Account = await db.SpseAccounts.AsNoTracking().SingleAsync(a => a.UserId == Sop4.RinaSpseUserId),
        });
        Assert.Equal(RequestStatus.Archived, saved.Request.Status);
        Assert.Equal(RequestOutcome.Completed, saved.Request.Outcome);
        Assert.NotNull(saved.Request.ClosedAt);
        Assert.NotNull(saved.Archived);
        Assert.Equal(number, saved.Archived.RequestNumber);
        Assert.Contains("Langkah 4 [ApplicantCompletion] Rina Kartika Sari", saved.Archived.Summary);
        var history = Assert.Single(saved.History);
        Assert.Equal(SpseAccountChange.PasswordReset, history.Change);
        Assert.Equal(saved.Account.Id, history.SpseAccountId);
        Assert.Equal(Sop4.AdminName, history.ChangedByName);
        var applicantMail = saved.Outbox.Where(m => m.Kind != "new-work").ToList();
        Assert.Equal(["received", "incomplete", "credential"], applicantMail.Select(m => m.Kind));
        Assert.All(applicantMail, m => Assert.Equal(DemoUsers.Pokja, m.To));
        // The officers' step, opened at submission and again when the applicant completed the file, was told to their role (ADR 0023).
        Assert.Equal(2, saved.Outbox.Count(m => m.Kind == "new-work"));
        Assert.All(saved.Outbox.Where(m => m.Kind == "new-work"), m => Assert.NotEqual(DemoUsers.Pokja, m.To));
        Assert.All(saved.Steps, s => Assert.False(s.IsOpen));
        Assert.Single(saved.Steps, s => s.Kind == StepKind.RequestCompletion);

        // The temporary password is nowhere in the database (it is encrypted until opened) …
        var credential = await factory.WithDbAsync(db => db.CredentialDeliveries.AsNoTracking().SingleAsync(c => c.AccessRequestId == id));
        Assert.NotNull(credential.ProtectedSecret);
        Assert.DoesNotContain(password, credential.ProtectedSecret);
        Assert.All(saved.Outbox, m => Assert.DoesNotContain(password, m.Body));
        Assert.All(saved.Steps, s => Assert.DoesNotContain(password, $"{s.Outcome}|{s.Note}|{s.LateExplanation}|{s.Activity}"));
        Assert.DoesNotContain(password, history.Detail);
        Assert.Empty(await Sop4.FindInDatabaseAsync(factory, password));

        // … nor in the log files, nor in any email sent (bodies decoded).
        var logs = Directory.Exists(Path.Combine(factory.Root, "logs"))
            ? Directory.GetFiles(Path.Combine(factory.Root, "logs"), "*", SearchOption.AllDirectories)
            : [];
        Assert.NotEmpty(logs);
        Assert.True(logs.Sum(f => new FileInfo(f).Length) > 0, "the log files are empty, so the check below would prove nothing");
        Assert.All(logs, f => Assert.DoesNotContain(password, Sop4.ReadShared(f)));
        var credentialMail = await ReceivedMail.WaitForAsync(factory.MailFolder,
            m => m.Subject.Contains(number, StringComparison.Ordinal) && m.Subject.Contains("Password sementara", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20));
        Assert.NotNull(credentialMail);
        Assert.Contains(DemoUsers.Pokja, credentialMail.To);
        var mails = ReceivedMail.ReadFolder(factory.MailFolder);
        Assert.True(mails.Count >= 3, $"expected the received, incomplete and credential emails, found {mails.Count}");
        Assert.All(mails, m => Assert.DoesNotContain(password, m.Subject + m.Body));

        // The applicant opens the one-time link from the credential email.
        var link = CredentialLink().Match(credentialMail.Body);
        Assert.True(link.Success, "no one-time link in the credential email: " + credentialMail.Body);
        var linkUri = new Uri(link.Value);
        var path = linkUri.PathAndQuery;
        var token = linkUri.Query["?token=".Length..];
        Assert.Equal(CredentialService.Hash(token), await factory.WithDbAsync(db => db.CredentialDeliveries.Where(c => c.Id == credential.Id).Select(c => c.TokenHash).SingleAsync()));
        for (var wait = 0; wait < 100 && !await factory.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.AccessRequestId == id && m.Kind == "credential" && m.SentAt != null)); wait++)
        {
            await Task.Delay(100);
        }

        Assert.Empty(await Sop4.FindInDatabaseAsync(factory, token)); // only its hash is kept, and the sent email's text is dropped
        page = await Sop4.DetailAsync(applicant, id);
        Assert.Contains("Password sementara Anda siap", Sop4.Text(page));

        var open = await applicant.GetPageAsync(path);
        var openForm = "form[action='/Kredensial/Buka']";
        Assert.NotNull(open.QuerySelector(openForm + " button[type=submit]"));
        Assert.Null(open.QuerySelector("#revealed-password")); // a GET (e.g. a mail scanner) reveals nothing
        Assert.NotNull(await factory.WithDbAsync(db => db.CredentialDeliveries.Where(c => c.Id == credential.Id).Select(c => c.ProtectedSecret).SingleAsync()));

        var revealed = await applicant.SubmitAsync(open, openForm, []);
        Assert.Equal(HttpStatusCode.OK, revealed.Status);
        Assert.Equal(password, Sop4.Text(revealed.Page.QuerySelector("#revealed-password")));
        var opened = await factory.WithDbAsync(db => db.CredentialDeliveries.AsNoTracking().SingleAsync(c => c.Id == credential.Id));
        Assert.Null(opened.ProtectedSecret);
        Assert.NotNull(opened.RevealedAt);

        var again = await applicant.SubmitAsync(open, openForm, []);
        Assert.Null(again.Page.QuerySelector("#revealed-password"));
        Assert.DoesNotContain(password, again.Page.Source.Text);
        Assert.Contains("sudah dibuka", Sop4.Text(again.Page.QuerySelector("#credential-used")));

        // A second visit of the used link: no button that cannot work, but when it was used and what to do now.
        var secondVisit = await applicant.GetPageAsync(path);
        Assert.Null(secondVisit.QuerySelector(openForm));
        var used = Sop4.Text(secondVisit.QuerySelector("#credential-used"));
        Assert.Contains("Tautan ini sudah dipakai", used);
        Assert.Contains(Sop4.RinaSpseUserId, used);
        Assert.Contains(number, used);
        Assert.Matches(@"sudah dibuka pada \d{2}-\d{2}-\d{4} \d{2}[.:]\d{2} WIB", used);
        var advice = Sop4.Text(secondVisit.QuerySelector(".card"));
        Assert.Contains("ganti password", advice);
        Assert.NotNull(secondVisit.QuerySelector(".card a[href='/Prosedur/Ajukan/4']"));
        Assert.DoesNotContain(password, secondVisit.Source.Text);

        Assert.Empty(await Sop4.FindInDatabaseAsync(factory, password));
        Assert.All(Directory.GetFiles(Path.Combine(factory.Root, "logs"), "*", SearchOption.AllDirectories),
            f => Assert.DoesNotContain(password, Sop4.ReadShared(f)));
        Assert.All(Directory.GetFiles(Path.Combine(factory.Root, "logs"), "*", SearchOption.AllDirectories),
            f => Assert.DoesNotContain(token, Sop4.ReadShared(f)));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task ChangeOfEmail_UpdatesRegisterWithHistory_AndInvalidRequestIsRejectedAndArchived(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database });
        using var applicant = factory.CreateFormClient();
        using var admin = factory.CreateFormClient();
        await applicant.SignInAsync(DemoUsers.Pokja);
        await admin.SignInAsync(DemoUsers.AdminAgency);
        const string newEmail = "rina.kartika@pu.contoh.go.id";

        // A change of user-ID information: a new email address.
        var change = await Sop4.SubmitAsync(applicant, new()
        {
            ["Type"] = "ChangeUserInformation",
            ["SpseUserId"] = Sop4.RinaSpseUserId,
            ["Reason"] = "Alamat email dinas berganti setelah mutasi jabatan",
            ["NewHolderEmail"] = newEmail,
        });
        var page = await Sop4.DetailAsync(admin, change);
        Assert.Contains("Email: " + newEmail, Sop4.Text(page));
        Sop4.Accepted(await admin.SubmitAsync(page, "#step-form[data-kind=CompletenessCheck]", [], submitter: ("Answer", "Yes")));
        page = Sop4.Accepted(await Sop4.ActAsync(admin, change, "#step-form[data-kind=ValidityCheck]", [], ("Answer", "Yes")));
        Assert.Contains("Menunggu pelaksanaan di SPSE", Sop4.Status(page));

        // No secret to show: back to the request page, whose step log says what changed.
        var executed = Sop4.Accepted(await admin.SubmitAsync(page, "#step-form[data-kind=AccountAction]", []));
        Assert.Null(executed.QuerySelector("#temporary-password"));
        Assert.Contains($"Email: {DemoUsers.Pokja} → {newEmail}", Sop4.Text(executed.QuerySelector("#timeline")));

        Sop4.Accepted(await Sop4.ActAsync(admin, change, "#step-form[data-kind=Notify]"));
        page = Sop4.Accepted(await Sop4.ActAsync(admin, change, "#step-form[data-kind=Archive]"));
        Assert.Contains("Selesai dan diarsipkan", Sop4.Status(page));
        Assert.Equal([1, 2, 5, 6, 8, 9], Sop4.Timeline(page).Select(r => r.Step));

        var changed = await factory.WithDbAsync(async db => new
        {
            Account = await db.SpseAccounts.AsNoTracking().Include(a => a.History).SingleAsync(a => a.UserId == Sop4.RinaSpseUserId),
            Outbox = await db.OutboxMessages.AsNoTracking().Where(m => m.AccessRequestId == change).OrderBy(m => m.Id).ToListAsync(),
            Request = await db.AccessRequests.AsNoTracking().SingleAsync(r => r.Id == change),
            Archived = await db.ArchiveRecords.AnyAsync(a => a.AccessRequestId == change),
            Credentials = await db.CredentialDeliveries.CountAsync(c => c.AccessRequestId == change),
        });
        Assert.Equal(newEmail, changed.Account.HolderEmail);
        var entry = Assert.Single(changed.Account.History, h => h.AccessRequestId == change);
        Assert.Equal(SpseAccountChange.InformationChanged, entry.Change);
        Assert.Contains(DemoUsers.Pokja, entry.Detail);
        Assert.Contains(newEmail, entry.Detail);
        Assert.Equal(Sop4.AdminName, entry.ChangedByName);
        Assert.Equal(RequestStatus.Archived, changed.Request.Status);
        Assert.Equal(RequestOutcome.Completed, changed.Request.Outcome);
        Assert.True(changed.Archived);
        Assert.Equal(0, changed.Credentials);
        var changedMail = Assert.Single(changed.Outbox, m => m.Kind == "changed");
        Assert.Equal(newEmail, changedMail.To);
        Assert.Equal(DemoUsers.Pokja, changedMail.Cc); // the applicant's own address is copied
        Assert.Contains(newEmail, changedMail.Body);

        // The register page shows the history entry.
        var register = await admin.GetPageAsync($"/Register/{changed.Account.Id}");
        Assert.Contains(newEmail, Sop4.Text(register.QuerySelector(".facts")));
        var historyRow = Assert.Single(register.QuerySelectorAll("#history tbody tr"),
            tr => tr.QuerySelector($"a[href='/Permohonan/Detail/{change}']") is not null);
        Assert.Contains("Perubahan informasi user ID", Sop4.Text(historyRow));
        Assert.Contains(newEmail, Sop4.Text(historyRow));

        // Rejection: the file is found invalid at the validity check.
        var rejected = await Sop4.SubmitAsync(applicant, Sop4.ResetFields(reason: "Password akun SPSE terblokir setelah salah masuk"));
        Sop4.Accepted(await Sop4.ActAsync(admin, rejected, "#step-form[data-kind=CompletenessCheck]", submitter: ("Answer", "Yes")));
        var invalid = await Sop4.ActAsync(admin, rejected, "#step-form[data-kind=ValidityCheck]", [], ("Answer", "No"));
        Assert.Contains("alasan", Sop4.Text(invalid.Page.QuerySelector(".alert.error")));
        Assert.Contains("Menunggu pemeriksaan keabsahan", Sop4.Status(invalid.Page));
        const string reason = "Tanda tangan pada surat permohonan tidak sesuai dengan arsip registrasi.";
        page = Sop4.Accepted(await Sop4.ActAsync(admin, rejected, "#step-form[data-kind=ValidityCheck]", new() { ["Note"] = reason }, ("Answer", "No")));
        Assert.Contains("Menunggu pengarsipan", Sop4.Status(page));
        Assert.Contains("Ditolak", Sop4.Status(page));
        Assert.Contains(reason, Sop4.Text(page));
        Assert.Null(page.QuerySelector("#step-form[data-kind=AccountAction]"));
        Assert.Null(page.QuerySelector("#step-form[data-kind=Notify]"));

        var applicantView = await Sop4.DetailAsync(applicant, rejected);
        Assert.Contains("Ditolak", Sop4.Status(applicantView));
        Assert.Contains(reason, Sop4.Text(applicantView));
        Assert.Contains(reason, Sop4.Text(await applicant.GetPageAsync("/Notifikasi")));

        page = Sop4.Accepted(await Sop4.ActAsync(admin, rejected, "#step-form[data-kind=Archive]"));
        Assert.Contains("Ditutup dan diarsipkan", Sop4.Status(page)); // closed, not "Selesai" beside "Ditolak"
        Assert.Contains("Ditolak", Sop4.Status(page));
        var timeline = Sop4.Timeline(page);
        Assert.Equal([1, 2, 5, 7, 9], timeline.Select(r => r.Step));
        Assert.All(timeline.Skip(1), r => Assert.Equal(Sop4.AdminName, r.Performer));
        Assert.Contains(reason, timeline[2].Outcome);

        var closed = await factory.WithDbAsync(async db => new
        {
            Request = await db.AccessRequests.AsNoTracking().SingleAsync(r => r.Id == rejected),
            Archive = await db.ArchiveRecords.AsNoTracking().SingleOrDefaultAsync(a => a.AccessRequestId == rejected),
            Kinds = await db.OutboxMessages.Where(m => m.AccessRequestId == rejected).OrderBy(m => m.Id).Select(m => m.Kind).ToListAsync(),
            RejectedBody = await db.OutboxMessages.Where(m => m.AccessRequestId == rejected && m.Kind == "rejected").Select(m => m.Body).SingleAsync(),
            History = await db.SpseAccountHistory.CountAsync(h => h.AccessRequestId == rejected),
            Credentials = await db.CredentialDeliveries.CountAsync(c => c.AccessRequestId == rejected),
        });
        Assert.Equal(RequestStatus.Archived, closed.Request.Status);
        Assert.Equal(RequestOutcome.Rejected, closed.Request.Outcome);
        Assert.Equal(reason, closed.Request.RejectionReason);
        Assert.NotNull(closed.Archive);
        Assert.Contains(reason, closed.Archive.Summary);
        Assert.Equal(["received", "new-work", "rejected"], closed.Kinds); // the officers' step told to their role (ADR 0023)
        Assert.Contains(reason, closed.RejectedBody);
        Assert.Equal(0, closed.History);
        Assert.Equal(0, closed.Credentials);
    }

    [GeneratedRegex(@"https?://[^\s]+/Kredensial/Buka\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex CredentialLink();
}
