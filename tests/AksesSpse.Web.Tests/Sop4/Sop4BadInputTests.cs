using System.Net;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace AksesSpse.Web.Tests.Sop4;

/// <summary>
/// SOP 4 with the inputs and moves that must not get through: bad fields and files, double submission,
/// two officers at once, a move in the wrong state, someone else's request, a missing antiforgery token,
/// and a late step without its explanation.
/// </summary>
[Trait("Sop", "ResetPassword")]
public sealed class Sop4BadInputTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task SubmissionForm_RefusesBadFieldsAndFiles_AndADoubleSubmissionCreatesOneRequest(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        using var applicant = factory.CreateFormClient();
        await applicant.SignInAsync(DemoUsers.Pokja);
        var form = await applicant.GetPageAsync("/Prosedur/Ajukan/4");
        var key = ((IHtmlInputElement)form.QuerySelector("input[name=SubmissionKey]")!).Value;
        Assert.True(Guid.TryParse(key, out _));

        // Empty user ID, short reason, bad new email: the form comes back with the messages and what was typed.
        var result = await applicant.SubmitAsync(form, Sop4.CreateForm, new()
        {
            ["Type"] = "ChangeUserInformation",
            ["SpseUserId"] = "",
            ["Reason"] = "pendek",
            ["NewHolderEmail"] = "bukan-email",
            ["NewAgency"] = "Dinas Perhubungan",
        }, Sop4.BothDocuments());
        Assert.Equal(HttpStatusCode.OK, result.Status);
        var page = result.Page;
        var errors = string.Join(" | ", page.QuerySelectorAll(".field-error").Select(Sop4.Text));
        Assert.Contains("User ID SPSE wajib diisi.", errors);
        Assert.Contains("Alasan permohonan minimal 10 karakter.", errors);
        Assert.Contains("Format email baru tidak sah.", errors);
        Assert.DoesNotContain("field is required", Sop4.Text(page)); // no English framework message next to them
        Assert.Equal("pendek", page.QuerySelector("textarea[name=Reason]")!.TextContent);
        Assert.Equal("bukan-email", ((IHtmlInputElement)page.QuerySelector("input[name=NewHolderEmail]")!).Value);
        Assert.Equal("Dinas Perhubungan", ((IHtmlInputElement)page.QuerySelector("input[name=NewAgency]")!).Value);
        Assert.True(((IHtmlInputElement)page.QuerySelector("input[name=Type][value=ChangeUserInformation]")!).IsChecked);
        Assert.Equal(key, ((IHtmlInputElement)page.QuerySelector("input[name=SubmissionKey]")!).Value);

        // A user ID with characters SPSE does not use.
        result = await applicant.SubmitAsync(page, Sop4.CreateForm, Sop4.ResetFields("rina pokja!"), Sop4.BothDocuments());
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Contains("User ID SPSE hanya boleh berisi", Sop4.Text(result.Page.QuerySelector(".field-error")));
        Assert.Equal("rina pokja!", ((IHtmlInputElement)result.Page.QuerySelector("input[name=SpseUserId]")!).Value);

        // A required document left out: the message names it.
        result = await applicant.SubmitAsync(result.Page, Sop4.CreateForm, Sop4.ResetFields(), [Sop4.Surat()]);
        Assert.Equal(HttpStatusCode.OK, result.Status);
        var summary = Sop4.Text(result.Page.QuerySelector(".validation-summary-errors"));
        Assert.Contains("Dokumen wajib belum diunggah", summary);
        Assert.Contains(Sop4.SkPokjaName, summary);
        Assert.DoesNotContain(Sop4.SuratName, summary);
        Assert.Equal(Sop4.RinaSpseUserId, ((IHtmlInputElement)result.Page.QuerySelector("input[name=SpseUserId]")!).Value);

        // Files whose name says PDF but whose content is a PNG image or a Windows program.
        result = await applicant.SubmitAsync(result.Page, Sop4.CreateForm, Sop4.ResetFields(), [Sop4.Surat("surat.pdf", SampleFiles.Png()), Sop4.SkPokja()]);
        Assert.Equal(HttpStatusCode.OK, result.Status);
        summary = Sop4.Text(result.Page.QuerySelector(".validation-summary-errors"));
        Assert.Contains(Sop4.SuratName, summary);
        Assert.Contains("bernama .pdf tetapi isinya PNG", summary);

        result = await applicant.SubmitAsync(result.Page, Sop4.CreateForm, Sop4.ResetFields(), [Sop4.Surat(), Sop4.SkPokja("surat.pdf", SampleFiles.Exe())]);
        Assert.Equal(HttpStatusCode.OK, result.Status);
        summary = Sop4.Text(result.Page.QuerySelector(".validation-summary-errors"));
        Assert.Contains(Sop4.SkPokjaName, summary);
        Assert.Contains("bukan PDF, JPG, atau PNG yang sah", summary);

        // A 6 MB document (the limit is 5 MB per document).
        var big = new byte[6 * 1024 * 1024];
        SampleFiles.Pdf().CopyTo(big, 0);
        result = await applicant.SubmitAsync(result.Page, Sop4.CreateForm, Sop4.ResetFields(), [Sop4.Surat("surat-besar.pdf", big), Sop4.SkPokja()]);
        Assert.Equal(HttpStatusCode.OK, result.Status);
        summary = Sop4.Text(result.Page.QuerySelector(".validation-summary-errors"));
        Assert.Contains(Sop4.SuratName, summary);
        Assert.Contains("melebihi batas 5 MB", summary);

        // None of that created a request or left a file behind.
        Assert.Equal(0, await factory.WithDbAsync(db => db.AccessRequests.CountAsync()));
        Assert.Equal(0, await factory.WithDbAsync(db => db.RequestDocuments.CountAsync()));
        Assert.Empty(StoredFiles(factory));

        // The same form sent twice (a double click, or Back and send again): one request.
        form = await applicant.GetPageAsync("/Prosedur/Ajukan/4");
        var first = await applicant.SubmitAsync(form, Sop4.CreateForm, Sop4.ResetFields(), Sop4.BothDocuments());
        var second = await applicant.SubmitAsync(form, Sop4.CreateForm, Sop4.ResetFields(), Sop4.BothDocuments());
        var id = Sop4.IdFrom(first.Location);
        Assert.Equal(id, Sop4.IdFrom(second.Location));

        // … and twice at the same moment.
        form = await applicant.GetPageAsync("/Prosedur/Ajukan/4");
        var racing = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            applicant.SubmitAsync(form, Sop4.CreateForm, Sop4.ResetFields(), Sop4.BothDocuments(), follow: false)));
        var raced = Sop4.IdFrom(racing[0].Location);
        Assert.Equal(raced, Sop4.IdFrom(racing[1].Location));
        Assert.NotEqual(id, raced);

        var saved = await factory.WithDbAsync(async db => new
        {
            Requests = await db.AccessRequests.Select(r => r.Id).OrderBy(r => r).ToListAsync(),
            Documents = await db.RequestDocuments.CountAsync(),
            Received = await db.OutboxMessages.CountAsync(m => m.Kind == "received"),
            Steps = await db.RequestSteps.CountAsync(s => s.Kind == StepKind.Submit),
        });
        Assert.Equal([id, raced], saved.Requests);
        Assert.Equal(4, saved.Documents);
        Assert.Equal(2, saved.Received);
        Assert.Equal(2, saved.Steps);
        Assert.Equal(4, StoredFiles(factory).Length); // what the losing post stored was removed

        // A post without the antiforgery token is refused before anything happens.
        form = await applicant.GetPageAsync("/Prosedur/Ajukan/4");
        using var forged = await Sop4.PostFormAsync(applicant, form, Sop4.CreateForm, Sop4.ResetFields(), withAntiforgeryToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("Formulir kedaluwarsa atau tidak sah", Sop4.Text(await FormClient.ParseAsync(forged)));
        Assert.Equal(2, await factory.WithDbAsync(db => db.AccessRequests.CountAsync()));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task StaffMoves_ConflictWrongStateForeignApplicantMissingTokenAndLateStep(DatabaseKind database)
    {
        var clock = new FakeTimeProvider(WorkingTime.NextMorning()); // the steps' standards count working time
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, Clock = clock, OutboxWorker = false });
        await Sop4.CreateUserAsync(factory, "admin2@contoh.go.id", "Siti Rahmawati", "199001012015032001", Roles.AdminAgency);
        await Sop4.CreateUserAsync(factory, "dodi@contoh.go.id", "Dodi Pratama", "197011061996031002", Roles.Pemohon);
        using var applicant = factory.CreateFormClient();
        using var admin = factory.CreateFormClient();
        using var admin2 = factory.CreateFormClient();
        using var stranger = factory.CreateFormClient();
        await applicant.SignInAsync(DemoUsers.Pokja);
        await admin.SignInAsync(DemoUsers.AdminAgency);
        await admin2.SignInAsync("admin2@contoh.go.id");
        await stranger.SignInAsync("dodi@contoh.go.id");

        // Two officers open the same request and both press "Berkas lengkap": the second is told, nothing doubles.
        var id = await Sop4.SubmitAsync(applicant, Sop4.ResetFields());
        var page1 = await Sop4.DetailAsync(admin, id);
        var page2 = await Sop4.DetailAsync(admin2, id);
        Assert.Equal(Version(page1, "#step-form[data-kind=CompletenessCheck]"), Version(page2, "#step-form[data-kind=CompletenessCheck]"));
        Sop4.Accepted(await admin.SubmitAsync(page1, "#step-form[data-kind=CompletenessCheck]", [], submitter: ("Answer", "Yes")));
        var late = await admin2.SubmitAsync(page2, "#step-form[data-kind=CompletenessCheck]", [], submitter: ("Answer", "Yes"));
        Assert.Equal(HttpStatusCode.Redirect, late.Status);
        Assert.Equal($"/Prosedur/{id}", late.Location);
        var conflict = Sop4.Text(late.Page.QuerySelector(".alert.error"));
        Assert.Contains("baru saja diproses oleh petugas lain", conflict);
        Assert.Contains("Tindakan Anda tidak disimpan", conflict);
        Assert.Null(late.Page.QuerySelector(".alert.success"));
        Assert.Contains("Menunggu pemeriksaan keabsahan", Sop4.Status(late.Page));
        var timeline = Sop4.Timeline(late.Page);
        var check = Assert.Single(timeline, r => r.Step == 2);
        Assert.Equal(Sop4.AdminName, check.Performer);
        Assert.Equal(1, await factory.WithDbAsync(db => db.RequestSteps.CountAsync(s => s.AccessRequestId == id && s.Kind == StepKind.CompletenessCheck)));

        // Executing a request that is still waiting for the completeness check.
        var waiting = await Sop4.SubmitAsync(applicant, Sop4.ResetFields(reason: "Akun SPSE terkunci karena salah memasukkan password"));
        var before = await Snapshot(factory, waiting);
        var page = await Sop4.DetailAsync(admin, waiting);
        Assert.Null(page.QuerySelector("#step-form[data-kind=AccountAction]"));
        // On the engine every move names its step: a forged "step 6" (the SPSE action) while step 2 is open is refused.
        page.QuerySelector("#step-form[data-kind=CompletenessCheck] input[name=StepNumber]")!.SetAttribute("value", "6");
        var wrong = await admin.SubmitAsync(page, "#step-form[data-kind=CompletenessCheck]", []);
        Assert.Equal(HttpStatusCode.Redirect, wrong.Status);
        Assert.Contains("Langkah 6 tidak sedang berjalan", Sop4.Text(wrong.Page.QuerySelector(".alert.error")));
        Assert.Null(wrong.Page.QuerySelector("#temporary-password"));
        Assert.Contains("Menunggu pemeriksaan kelengkapan", Sop4.Status(wrong.Page));
        Assert.Equal(before, await Snapshot(factory, waiting));

        // The same move without the antiforgery token: refused with 400, nothing changed.
        page = await Sop4.DetailAsync(admin, waiting);
        using (var forged = await Sop4.PostFormAsync(admin, page, "#step-form[data-kind=CompletenessCheck]", new() { ["Answer"] = "Yes" }, withAntiforgeryToken: false))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.Equal(before, await Snapshot(factory, waiting));

        // Another applicant can neither see the request nor download its documents.
        var documentId = await factory.WithDbAsync(db => db.RequestDocuments.Where(d => d.AccessRequestId == id).Select(d => d.Id).FirstAsync());
        var number = await factory.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == id).Select(r => r.Number).SingleAsync());
        using (var own = await applicant.GetAsync($"/Permohonan/{id}/Dokumen/{documentId}"))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.StartsWith("%PDF", await own.Content.ReadAsStringAsync());
        }

        foreach (var url in new[] { $"/Permohonan/Detail/{id}", $"/Permohonan/{id}/Dokumen/{documentId}", $"/Prosedur/{id}", $"/Prosedur/{id}/Dokumen/{documentId}" })
        {
            using var response = await stranger.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("%PDF", body);
            Assert.DoesNotContain(number, body);
            Assert.DoesNotContain(Sop4.RinaName, body);
            Assert.DoesNotContain(Sop4.RinaSpseUserId, body);
        }

        Assert.DoesNotContain(number, Sop4.Text(await stranger.GetPageAsync("/Permohonan")));

        // A step done after its time standard needs the officer's written explanation.
        var slow = await Sop4.SubmitAsync(applicant, Sop4.ResetFields(reason: "Lupa password setelah pergantian perangkat"));
        page = await Sop4.DetailAsync(admin, slow);
        Assert.Null(page.QuerySelector("#step-form[data-kind=CompletenessCheck] textarea[name=LateExplanation]"));
        clock.Advance(TimeSpan.FromMinutes(6)); // the completeness check has 5 minutes
        var refused = await admin.SubmitAsync(page, "#step-form[data-kind=CompletenessCheck]", [], submitter: ("Answer", "Yes"));
        Assert.Equal(HttpStatusCode.Redirect, refused.Status);
        var lateMessage = Sop4.Text(refused.Page.QuerySelector(".alert.error"));
        Assert.Contains("standar waktu", lateMessage);
        Assert.Contains("penjelasan keterlambatan", lateMessage);
        Assert.NotNull(refused.Page.QuerySelector("#step-form[data-kind=CompletenessCheck] textarea[name=LateExplanation]"));
        Assert.Contains("Menunggu pemeriksaan kelengkapan", Sop4.Status(refused.Page));

        const string explanation = "Loket sedang melayani antrean verifikasi penyedia.";
        page = Sop4.Accepted(await admin.SubmitAsync(refused.Page, "#step-form[data-kind=CompletenessCheck]",
            new() { ["LateExplanation"] = explanation }, submitter: ("Answer", "Yes")));
        Assert.Contains("Menunggu pemeriksaan keabsahan", Sop4.Status(page));
        var lateRow = Sop4.Timeline(page).Single(r => r.Step == 2);
        Assert.Contains("Terlambat", lateRow.Timing);
        Assert.Contains("Penjelasan keterlambatan: " + explanation, lateRow.Outcome);
        var step = await factory.WithDbAsync(db => db.RequestSteps.AsNoTracking()
            .SingleAsync(s => s.AccessRequestId == slow && s.Kind == StepKind.CompletenessCheck));
        Assert.True(step.IsLate);
        Assert.Equal(explanation, step.LateExplanation);
        Assert.Equal(360, step.ElapsedSeconds);
    }

    private static DateTimeOffset WholeSecond(DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static string Version(AngleSharp.Dom.IDocument page, string form) =>
        ((IHtmlInputElement)page.QuerySelector($"{form} input[name=Version]")!).Value;

    private static Task<string> Snapshot(AppFactory factory, int id) => factory.WithDbAsync(async db =>
    {
        var request = await db.AccessRequests.AsNoTracking().SingleAsync(r => r.Id == id);
        var steps = await db.RequestSteps.CountAsync(s => s.AccessRequestId == id);
        var open = await db.RequestSteps.CountAsync(s => s.AccessRequestId == id && s.CompletedAt == null);
        var credentials = await db.CredentialDeliveries.CountAsync(c => c.AccessRequestId == id);
        var history = await db.SpseAccountHistory.CountAsync(h => h.AccessRequestId == id);
        var mail = await db.OutboxMessages.CountAsync(m => m.AccessRequestId == id);
        return $"{request.Status}/{request.Outcome} v{request.Version} steps={steps} open={open} credentials={credentials} history={history} mail={mail}";
    });

    private static string[] StoredFiles(AppFactory factory)
    {
        var root = Path.Combine(factory.Root, "files");
        return Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories) : [];
    }
}
