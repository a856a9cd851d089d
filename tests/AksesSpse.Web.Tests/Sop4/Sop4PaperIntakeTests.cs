using System.Net;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Sop2Pages = AksesSpse.Web.Tests.Sop2.Sop2;

namespace AksesSpse.Web.Tests.Sop4;

/// <summary>
/// SOP 4 files delivered on paper (issue #8): taken in at the desk with the handover form by Helpdesk LPSE or Admin
/// Agency, returned and completed at the desk, and re-checked from the previous ticks with the replaced scan marked.
/// </summary>
[Trait("Sop", "ResetPassword")]
public sealed class Sop4PaperIntakeTests
{
    private const string IntakeForm = "form[action='/Helpdesk/Penerimaan/ResetPassword']";
    private const string DewiName = "Dewi Lestari";
    private const string DewiEmail = "dewi.pokja@contoh.go.id";

    private static Dictionary<string, string> IntakeFields() => new()
    {
        ["Channel"] = "WalkIn",
        ["ApplicantName"] = DewiName,
        ["ApplicantNip"] = "19880721 201212 2 001",
        ["ApplicantEmail"] = DewiEmail,
        ["Phone"] = "081355509876",
        ["Agency"] = "Bagian Pengadaan Barang/Jasa Setda",
        ["SkNumber"] = "011/SK/UKPBJ/2027",
        ["Type"] = "ResetPassword",
        ["SpseUserId"] = Sop2Pages.DewiSpseUserId,
        ["Reason"] = "Lupa password setelah cuti melahirkan",
    };

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task HelpdeskTakesInAPaperResetFile_AdminAgencyReturnsIt_TheDeskCompletesIt_AndTheRecheckStartsFromThePreviousTicks(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        using var helpdesk = factory.CreateFormClient();
        using var admin = factory.CreateFormClient();
        await helpdesk.SignInAsync(DemoUsers.Helpdesk);
        await admin.SignInAsync(DemoUsers.AdminAgency);

        // The desk offers both SOPs that allow paper; Admin Agency only SOP 4's, and not SOP 2's form.
        var desk = await helpdesk.GetPageAsync("/Helpdesk");
        Assert.NotNull(desk.QuerySelector("main a.button[href='/Helpdesk/Penerimaan/ResetPassword']"));
        var adminDesk = await admin.GetPageAsync("/Helpdesk");
        Assert.NotNull(adminDesk.QuerySelector("main a.button[href='/Helpdesk/Penerimaan/ResetPassword']"));
        Assert.Null(adminDesk.QuerySelector("main a.button[href='/Helpdesk/Penerimaan/Baru']"));
        Assert.Equal("Penerimaan berkas", Sop4.Text(adminDesk.QuerySelector("nav a[href='/Helpdesk/Penerimaan/ResetPassword']")));
        using (var sop2Form = await admin.GetAsync("/Helpdesk/Penerimaan/Baru"))
        {
            Assert.Equal(HttpStatusCode.Redirect, sop2Form.StatusCode);
            Assert.Contains("/Akun/AksesDitolak", sop2Form.Headers.Location?.OriginalString);
        }

        // A missing scan is refused as online, with the form kept.
        var form = await helpdesk.GetPageAsync("/Helpdesk/Penerimaan/ResetPassword");
        Assert.NotNull(form.QuerySelector("#intake-menu a.active[href='/Helpdesk/Penerimaan/ResetPassword']"));
        var refused = await helpdesk.SubmitAsync(form, IntakeForm, IntakeFields(), [Sop4.Surat()]);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains($"Dokumen wajib belum diunggah: {Sop4.SkPokjaName}", Sop2Pages.Errors(refused.Page));
        Assert.Equal(DewiName, ((IHtmlInputElement)refused.Page.QuerySelector("#ApplicantName")!).Value);

        // Steps 1 and 2 at once: registered with the handover form, the applicant's contact account made.
        var taken = await helpdesk.SubmitAsync(await helpdesk.GetPageAsync("/Helpdesk/Penerimaan/ResetPassword"), IntakeForm, IntakeFields(),
            Sop4.BothDocuments());
        Assert.Equal(HttpStatusCode.Redirect, taken.Status);
        var id = Sop4.IdFrom(taken.Location);
        var page = taken.Page;
        Assert.Contains("Permohonan dicatat dan berkas diterima", Sop4.Text(page.QuerySelector(".alert.success")));
        Assert.Equal("Unduh formulir serah terima (PDF)", Sop4.Text(page.QuerySelector("#receipt-link")));
        Assert.Equal("Datang langsung (berkas kertas)", Sop4.Text(page.QuerySelector("#request-channel")));
        var stored = await factory.WithDbAsync(async db => new
        {
            Request = await db.AccessRequests.AsNoTracking().SingleAsync(r => r.Id == id),
            Contact = await db.Users.AsNoTracking().SingleAsync(u => u.Email == DewiEmail),
            Received = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.AccessRequestId == id && m.Kind == "activation-received"),
        });
        Assert.Equal(IntakeChannel.WalkIn, stored.Request.Channel);
        Assert.Equal(stored.Contact.Id, stored.Request.ApplicantUserId);
        Assert.Null(stored.Contact.PasswordHash);
        Assert.Equal(NipStatus.Verified, stored.Contact.NipStatus);
        Assert.NotNull(stored.Received.AttachmentPath);
        var receipt = Sop2Pages.PdfText(await Sop2Pages.ReceiptAsync(helpdesk, id));
        Assert.Contains(stored.Request.Number, receipt);
        Assert.Contains(DewiName, receipt);

        // Admin Agency checks it: the decree scan is unreadable, the letter too.
        var adminPage = await Sop4.DetailAsync(admin, id);
        Assert.Null(adminPage.QuerySelector("#checklist-previous"));
        Sop4.Accepted(await admin.SubmitAsync(adminPage, "#step-form[data-kind=CompletenessCheck]", new()
        {
            ["MissingDocuments"] = FormClient.Many("SURAT_PERMOHONAN", "SK_POKJA"),
            ["Note"] = "Pindaian tidak terbaca",
        }, submitter: ("Answer", "No")));

        // The applicant brings a new decree to the desk; Helpdesk records it (the applicant cannot sign in).
        page = await Sop4.DetailAsync(helpdesk, id);
        Assert.Contains("Catat kelengkapan berkas", Sop4.Text(page.QuerySelector("#step-form[data-kind=ApplicantCompletion]")));
        Sop4.Accepted(await helpdesk.SubmitAsync(page, "#step-form[data-kind=ApplicantCompletion]", new() { ["Note"] = "SK baru diserahkan di loket" },
            [Sop4.SkPokja("sk-pokja-baru.pdf", SampleFiles.Pdf("SK Pokja baru"))]));

        // The re-check starts from the last ticks: the letter still ticked missing, the new decree unticked and marked new;
        // the old decree is marked replaced in the document list.
        adminPage = await Sop4.DetailAsync(admin, id);
        Assert.NotNull(adminPage.QuerySelector("#checklist-previous"));
        Assert.True(((IHtmlInputElement)adminPage.QuerySelector("#step-form[data-kind=CompletenessCheck] input[value=SURAT_PERMOHONAN]")!).IsChecked);
        Assert.False(((IHtmlInputElement)adminPage.QuerySelector("#step-form[data-kind=CompletenessCheck] input[value=SK_POKJA]")!).IsChecked);
        Assert.Contains("baru", Sop4.Text(adminPage.QuerySelector("#step-form[data-kind=CompletenessCheck] input[value=SK_POKJA]")!.ParentElement));
        var row = Assert.Single(adminPage.QuerySelectorAll("#documents li"), li => li.QuerySelector(".replaced") is not null);
        Assert.Contains("sk-pokja.pdf", Sop4.Text(row));
        Assert.Contains("diganti", Sop4.Text(row));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task AdminAgencyTakesInAnEmailedResetFile_ItsOwnStep(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        using var admin = factory.CreateFormClient();
        await admin.SignInAsync(DemoUsers.AdminAgency);

        var fields = IntakeFields();
        fields["Channel"] = "Email";
        var taken = await admin.SubmitAsync(await admin.GetPageAsync("/Helpdesk/Penerimaan/ResetPassword"), IntakeForm, fields, Sop4.BothDocuments());

        Assert.Equal(HttpStatusCode.Redirect, taken.Status);
        var id = Sop4.IdFrom(taken.Location);
        Assert.NotNull(taken.Page.QuerySelector("#step-form[data-kind=CompletenessCheck]")); // Admin Agency checks completeness next
        var submit = Sop4.Timeline(taken.Page).First();
        Assert.Equal(1, submit.Step);
        var mail = await factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.AccessRequestId == id));
        Assert.Contains("Admin Agency (Email (pindaian))", mail.Body);
    }
}
