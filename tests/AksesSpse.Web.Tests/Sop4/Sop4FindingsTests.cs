using System.Net;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Web.Tests.Sop4;

/// <summary>
/// What trying SOP 4 as a new user found (issue #8), through the real forms on each database provider: a user ID that is not
/// the applicant's, "valid" against a failed register check, labels that contradict each other, the content hash shown to
/// the applicant, and a reload of the temporary-password page blamed on "another officer".
/// </summary>
[Trait("Sop", "ResetPassword")]
public sealed class Sop4FindingsTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Submission_RefusesAUserIdNotInTheRegisterOrHeldByAnotherPerson_KeepingWhatWasTyped(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        using var applicant = factory.CreateFormClient();
        await applicant.SignInAsync(DemoUsers.Pokja);
        var page = await applicant.GetPageAsync("/Prosedur/Ajukan/4");
        const string reason = "Lupa password akun SPSE setelah cuti panjang";

        // A typo: the user ID is in no register of this office.
        var result = await applicant.SubmitAsync(page, Sop4.CreateForm, Sop4.ResetFields("rina.pokjaa", reason), Sop4.BothDocuments());
        Assert.Equal(HttpStatusCode.OK, result.Status);
        var summary = Sop4.Text(result.Page.QuerySelector(".validation-summary-errors"));
        Assert.Contains("User ID \"rina.pokjaa\" tidak terdaftar di register akun SPSE kantor ini", summary);
        Assert.Contains("hubungi Helpdesk LPSE", summary);
        Assert.Equal("rina.pokjaa", ((IHtmlInputElement)result.Page.QuerySelector("input[name=SpseUserId]")!).Value);
        Assert.Equal(reason, result.Page.QuerySelector("textarea[name=Reason]")!.TextContent);
        Assert.NotNull(result.Page.QuerySelector("#files-again"));

        // Dewi's account (another NIP in the register): refused, and Dewi's account never reaches the queue.
        result = await applicant.SubmitAsync(result.Page, Sop4.CreateForm, Sop4.ResetFields("dewi.pokja", reason), Sop4.BothDocuments());
        Assert.Equal(HttpStatusCode.OK, result.Status);
        summary = Sop4.Text(result.Page.QuerySelector(".validation-summary-errors"));
        Assert.Contains("User ID \"dewi.pokja\" tidak terdaftar atas NIP Anda", summary);
        Assert.Contains("pemegang akun sendiri", summary);
        Assert.Equal("dewi.pokja", ((IHtmlInputElement)result.Page.QuerySelector("input[name=SpseUserId]")!).Value);
        Assert.Equal(reason, result.Page.QuerySelector("textarea[name=Reason]")!.TextContent);

        Assert.Equal(0, await factory.WithDbAsync(db => db.AccessRequests.CountAsync()));
        Assert.Equal(0, await factory.WithDbAsync(db => db.RequestDocuments.CountAsync()));
        Assert.Equal(0, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync()));

        // The same form with the applicant's own user ID goes through.
        result = await applicant.SubmitAsync(result.Page, Sop4.CreateForm, Sop4.ResetFields(Sop4.RinaSpseUserId, reason), Sop4.BothDocuments());
        Assert.Equal(HttpStatusCode.Redirect, result.Status);
        Assert.Equal(1, await factory.WithDbAsync(db => db.AccessRequests.CountAsync()));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task ValidAgainstAFailedRegisterCheck_NeedsAWrittenReason_ShownAsADeviationInTheStepLogAndArchived(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        using var applicant = factory.CreateFormClient();
        using var admin = factory.CreateFormClient();
        await applicant.SignInAsync(DemoUsers.Pokja);
        await admin.SignInAsync(DemoUsers.AdminAgency);
        var id = await Sop4.SubmitAsync(applicant, Sop4.ResetFields());
        Sop4.Accepted(await Sop4.ActAsync(admin, id, "#step-form[data-kind=CompletenessCheck]", submitter: ("Answer", "Yes")));

        // The register's SK ended last year: the check shows ✘, and the form asks for a reason to call it valid anyway.
        var lastYear = DateTime.UtcNow.Year - 1;
        await factory.WithDbAsync(db => db.SpseAccounts.Where(a => a.UserId == Sop4.RinaSpseUserId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ValidUntil, new DateOnly(lastYear, 12, 31))));
        var page = await Sop4.DetailAsync(admin, id);
        Assert.Contains("✘", Sop4.Text(page.QuerySelector("#step-form[data-kind=ValidityCheck] table")));
        Assert.Contains("alasan tertulis", Sop4.Text(page.QuerySelector("#validity-deviation")));
        Assert.NotNull(page.QuerySelector("#step-form[data-kind=ValidityCheck] textarea[name=DeviationReason]"));

        var refused = await admin.SubmitAsync(page, "#step-form[data-kind=ValidityCheck]", new() { ["Note"] = "Dikonfirmasi lewat telepon" }, submitter: ("Answer", "Yes"));
        var error = Sop4.Text(refused.Page.QuerySelector(".alert.error"));
        Assert.Contains("SK penetapan masih berlaku", error);
        Assert.Contains("Alasan tetap menyatakan valid", error);
        Assert.Contains("Menunggu pemeriksaan keabsahan", Sop4.Status(refused.Page));

        var tooLong = await admin.SubmitAsync(refused.Page, "#step-form[data-kind=ValidityCheck]", new() { ["DeviationReason"] = new string('x', 2001) }, submitter: ("Answer", "Yes"));
        Assert.Contains("Alasan tetap menyatakan valid", Sop4.Text(tooLong.Page.QuerySelector(".alert.error")));
        Assert.Contains("Menunggu pemeriksaan keabsahan", Sop4.Status(tooLong.Page));

        const string why = "SK perpanjangan sudah terbit dan diperiksa aslinya; register belum diperbarui.";
        page = Sop4.Accepted(await admin.SubmitAsync(tooLong.Page, "#step-form[data-kind=ValidityCheck]", new() { ["DeviationReason"] = why }, submitter: ("Answer", "Yes")));
        Assert.Contains("Menunggu pelaksanaan di SPSE", Sop4.Status(page));
        foreach (var client in new[] { admin, applicant })
        {
            var step5 = Assert.Single(Sop4.Timeline(await Sop4.DetailAsync(client, id)), r => r.Step == 5);
            Assert.Contains("Penyimpangan", step5.Outcome);
            Assert.Contains("SK penetapan masih berlaku", step5.Outcome);
            Assert.Contains("Alasan: " + why, step5.Outcome);
        }

        // Through to the archive, whose sealed summary carries the deviation.
        using (var executed = await Sop4.PostFormAsync(admin, page, "#step-form[data-kind=AccountAction]"))
        {
            Assert.Equal(HttpStatusCode.OK, executed.StatusCode);
        }

        Sop4.Accepted(await Sop4.ActAsync(admin, id, "#step-form[data-kind=Notify]"));
        Sop4.Accepted(await Sop4.ActAsync(admin, id, "#step-form[data-kind=Archive]"));
        var summary = await factory.WithDbAsync(db => db.ArchiveRecords.Where(a => a.AccessRequestId == id).Select(a => a.Summary).SingleAsync());
        Assert.Contains("PENYIMPANGAN: Dinyatakan valid meskipun pemeriksaan register tidak terpenuhi: SK penetapan masih berlaku", summary);
        Assert.Contains("Alasan: " + why, summary);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task StatusAndOutcomeReadTogether_AndTheContentHashIsForStaffOnly(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        using var applicant = factory.CreateFormClient();
        using var admin = factory.CreateFormClient();
        await applicant.SignInAsync(DemoUsers.Pokja);
        await admin.SignInAsync(DemoUsers.AdminAgency);
        var id = await Sop4.SubmitAsync(applicant, Sop4.ResetFields());

        var own = await Sop4.DetailAsync(applicant, id);
        Assert.DoesNotContain("SHA-256", Sop4.Text(own));
        Assert.Empty(own.QuerySelectorAll("code[title]"));
        var staff = await Sop4.DetailAsync(admin, id);
        Assert.Contains("SHA-256", Sop4.Text(staff));
        Assert.Equal(2, staff.QuerySelectorAll("code[title]").Length);

        // Rejected: "Ditolak · Menunggu pengarsipan", then "Ditolak · Ditutup dan diarsipkan" — never "Selesai" beside "Ditolak".
        var page = Sop4.Accepted(await Sop4.ActAsync(admin, id, "#step-form[data-kind=CompletenessCheck]", new() { ["Note"] = "Surat permohonan bukan untuk SOP ini" },
            ("Answer", "Reject")));
        Assert.Equal("Ditolak · Menunggu pengarsipan", Sop4.Status(page));
        page = Sop4.Accepted(await Sop4.ActAsync(admin, id, "#step-form[data-kind=Archive]"));
        Assert.Equal("Ditolak · Ditutup dan diarsipkan", Sop4.Status(page));
        Assert.DoesNotContain("Selesai", Sop4.Status(await Sop4.DetailAsync(applicant, id)));
        var mine = Sop4.Text((await applicant.GetPageAsync("/Permohonan")).QuerySelector("table"));
        Assert.Contains("Ditolak · Ditutup dan diarsipkan", mine);

        // Granted and waiting for its archive: "Dikabulkan · Menunggu pengarsipan", not "Menunggu pengarsipan [Selesai]".
        var granted = await Sop4.SubmitAsync(applicant, Sop4.ResetFields(reason: "Akun SPSE terkunci karena salah memasukkan password"));
        Sop4.Accepted(await Sop4.ActAsync(admin, granted, "#step-form[data-kind=CompletenessCheck]", submitter: ("Answer", "Yes")));
        page = Sop4.Accepted(await Sop4.ActAsync(admin, granted, "#step-form[data-kind=ValidityCheck]", submitter: ("Answer", "Yes")));
        using (var executed = await Sop4.PostFormAsync(admin, page, "#step-form[data-kind=AccountAction]"))
        {
            Assert.Equal(HttpStatusCode.OK, executed.StatusCode);
        }

        page = Sop4.Accepted(await Sop4.ActAsync(admin, granted, "#step-form[data-kind=Notify]"));
        Assert.Equal("Dikabulkan · Menunggu pengarsipan", Sop4.Status(page));
        var queue = Sop4.Text((await admin.GetPageAsync("/Tugas")).QuerySelector("#queue"));
        Assert.Contains("Dikabulkan · Menunggu pengarsipan", queue);
        page = Sop4.Accepted(await Sop4.ActAsync(admin, granted, "#step-form[data-kind=Archive]"));
        Assert.Equal("Dikabulkan · Selesai dan diarsipkan", Sop4.Status(page));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task ReloadingTheTemporaryPasswordPage_TellsTheSameOfficerItWasTheirOwnMove_NotAnotherOfficers(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        await Sop4.CreateUserAsync(factory, "admin2@contoh.go.id", "Siti Rahmawati", "199001012015032001", Roles.AdminAgency);
        using var applicant = factory.CreateFormClient();
        using var admin = factory.CreateFormClient();
        using var admin2 = factory.CreateFormClient();
        await applicant.SignInAsync(DemoUsers.Pokja);
        await admin.SignInAsync(DemoUsers.AdminAgency);
        await admin2.SignInAsync("admin2@contoh.go.id");
        var id = await Sop4.SubmitAsync(applicant, Sop4.ResetFields());
        Sop4.Accepted(await Sop4.ActAsync(admin, id, "#step-form[data-kind=CompletenessCheck]", submitter: ("Answer", "Yes")));
        var page = Sop4.Accepted(await Sop4.ActAsync(admin, id, "#step-form[data-kind=ValidityCheck]", submitter: ("Answer", "Yes")));
        var stale = await Sop4.DetailAsync(admin2, id);

        var first = await admin.SubmitAsync(page, "#step-form[data-kind=AccountAction]", []);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.NotNull(first.Page.QuerySelector("#temporary-password"));

        // The browser's reload sends the same form again.
        var reload = await admin.SubmitAsync(page, "#step-form[data-kind=AccountAction]", []);
        Assert.Equal(HttpStatusCode.Redirect, reload.Status);
        Assert.Null(reload.Page.QuerySelector("#temporary-password"));
        var message = Sop4.Text(reload.Page.QuerySelector(".alert.error"));
        Assert.DoesNotContain("petugas lain", message);
        Assert.Contains("sudah Anda simpan sebelumnya", message);
        Assert.Contains("Buat ulang password sementara", message);
        Assert.NotNull(reload.Page.QuerySelector("#form-regenerate"));

        // "Buat ulang password sementara" (step 8 open): a new password, shown once in a response that is not stored; the old one stops.
        var firstPassword = Sop4.Text(first.Page.QuerySelector("#temporary-password"));
        using (var regenerated = await Sop4.PostFormAsync(admin, reload.Page, "#form-regenerate"))
        {
            Assert.Equal(HttpStatusCode.OK, regenerated.StatusCode);
            Assert.Contains("no-store", regenerated.Headers.CacheControl?.ToString() ?? "");
            var again = Sop4.Text((await FormClient.ParseAsync(regenerated)).QuerySelector("#temporary-password"));
            Assert.Matches("^[A-Za-z0-9#$%&*+\\-=?@]{16}$", again);
            Assert.NotEqual(firstPassword, again);
        }

        Assert.Equal(1, await factory.WithDbAsync(db => db.CredentialDeliveries.CountAsync(c => c.AccessRequestId == id && c.ProtectedSecret != null)));

        // Another officer's stale page still hears of "another officer".
        var late = await admin2.SubmitAsync(stale, "#step-form[data-kind=AccountAction]", []);
        Assert.Contains("baru saja diproses oleh petugas lain", Sop4.Text(late.Page.QuerySelector(".alert.error")));

        Assert.Equal(2, await factory.WithDbAsync(db => db.CredentialDeliveries.CountAsync(c => c.AccessRequestId == id))); // the first, and the one made again
        Assert.Equal(1, await factory.WithDbAsync(db => db.RequestSteps.CountAsync(s => s.AccessRequestId == id && s.Kind == StepKind.AccountAction)));
        Assert.Equal(8, // SOP 4 on the engine: step 8 (tell the holder) is open
            await factory.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == id).Select(r => r.CurrentStepNumber).SingleAsync()));
    }
}
