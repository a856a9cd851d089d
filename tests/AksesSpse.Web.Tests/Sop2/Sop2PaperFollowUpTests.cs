using System.Globalization;
using System.Net;
using AksesSpse.Core.Requests;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sop4Pages = AksesSpse.Web.Tests.Sop4.Sop4;

namespace AksesSpse.Web.Tests.Sop2;

/// <summary>
/// A paper SOP 2 request after intake (issue #8): the re-check after a resubmission starts from the previous ticks with
/// the replaced SK marked, and an applicant who never opens the email link does not leave it stuck — Helpdesk resends the
/// link or records the confirmation given by phone.
/// </summary>
[Trait("Sop", "Deactivation")]
public sealed class Sop2PaperFollowUpTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task PaperRequest_RecheckedFromPreviousTicks_ThenConfirmedByPhoneThroughHelpdesk(DatabaseKind database)
    {
        var clock = new FakeTimeProvider(WorkingTime.NextMorning()); // the steps' standards count working time
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, Clock = clock, OutboxWorker = false });
        using var helpdesk = factory.CreateFormClient();
        using var admin = factory.CreateFormClient();
        await helpdesk.SignInAsync(DemoUsers.Helpdesk);
        await admin.SignInAsync(DemoUsers.AdminAgency);
        var year = Sop2.Today(clock).Year;

        var id = await Sop2.IntakeAsync(helpdesk, Sop2.IntakeFields(skNumber: $"027/045/DISDIK/{year}", skValidUntil: Sop2.Today(clock).AddMonths(1)));
        Sop2.Accepted(await Sop2.ActAsync(helpdesk, id, "#step-form[data-kind=CompletenessCheck]", new()
        {
            ["Checked"] = FormClient.Many("KOP_SURAT", "TANDA_TANGAN", "DITUJUKAN_KEPALA_LPSE", "DATA_PERSONAL"),
            ["MissingDocuments"] = "SK_PENUNJUKAN",
            ["Note"] = "Stempel basah tidak ada; SK sudah dicabut.",
        }, ("Answer", "No")));

        clock.Advance(TimeSpan.FromHours(1));
        var page = await Sop2.DetailAsync(helpdesk, id);
        Sop2.Accepted(await helpdesk.SubmitAsync(page, "#step-form[data-kind=ApplicantCompletion]", new()
        {
            ["Note"] = "Surat berstempel dan SK baru diserahkan di loket.",
            ["SkNumber"] = $"027/099/DISDIK/{year + 1}",
            ["SkValidUntil"] = Sop2.Iso(new DateOnly(year + 1, 12, 31)),
        }, [Sop2.Sk("sk-penunjukan-baru.pdf", SampleFilesPdf())]));

        // The checklist comes back as it was left: the four items ticked, the two not; the new SK not marked missing but new.
        page = await Sop2.DetailAsync(helpdesk, id);
        Assert.NotNull(page.QuerySelector("#checklist-previous"));
        var ticked = page.QuerySelectorAll("#step-form[data-kind=CompletenessCheck] input[name=Checked]").Cast<IHtmlInputElement>().Where(i => i.IsChecked).Select(i => i.Value);
        Assert.Equal(["KOP_SURAT", "TANDA_TANGAN", "DITUJUKAN_KEPALA_LPSE", "DATA_PERSONAL"], ticked);
        var skBox = (IHtmlInputElement)page.QuerySelector("#step-form[data-kind=CompletenessCheck] input[name=MissingDocuments][value=SK_PENUNJUKAN]")!;
        Assert.False(skBox.IsChecked);
        Assert.Contains("baru", Sop2.Text(skBox.ParentElement));
        var replacedRow = Assert.Single(page.QuerySelectorAll("#documents li"), li => li.QuerySelector(".replaced") is not null);
        Assert.Contains("sk-penunjukan.pdf", Sop2.Text(replacedRow));
        Assert.Contains("diganti", Sop2.Text(replacedRow));

        Sop2.Accepted(await Sop2.ActAsync(helpdesk, id, "#step-form[data-kind=CompletenessCheck]", new() { ["Checked"] = Sop2.AllChecklistItems }, ("Answer", "Yes")));
        Sop2.Accepted(await Sop2.ActAsync(admin, id, "#step-form[data-kind=AccountAction]"));
        Sop2.Accepted(await Sop2.ActAsync(helpdesk, id, "#step-form[data-kind=Notify]"));
        var relayedAt = clock.GetUtcNow().UtcDateTime;

        // The applicant never opens the link: Helpdesk sends it again, then records the confirmation given by phone.
        page = await Sop2.DetailAsync(admin, id);
        Assert.Null(page.QuerySelector("#staff-confirmation")); // Helpdesk's, not Admin Agency's
        page = await Sop2.DetailAsync(helpdesk, id);
        Assert.NotNull(page.QuerySelector("#form-staff-confirm"));
        Sop2.Accepted(await helpdesk.SubmitAsync(page, "#form-resend-confirm", []));
        var resultMails = await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.AccessRequestId == id && m.Kind == "activation-result"));
        Assert.Equal(2, resultMails);

        clock.Advance(TimeSpan.FromHours(2));
        page = await Sop2.DetailAsync(helpdesk, id);
        var shown = ((IHtmlInputElement)page.QuerySelector("#ConfirmedAt")!).Value; // now, in WIB
        Assert.Equal(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta")).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), shown);
        var confirmedLocal = TimeZoneInfo.ConvertTimeFromUtc(relayedAt.AddMinutes(5), TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta"));

        var invalid = await helpdesk.SubmitAsync(page, "#form-staff-confirm", new()
        {
            ["ConfirmedBy"] = "", ["Method"] = "Phone", ["ConfirmedAt"] = confirmedLocal.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
        });
        Assert.Contains("nama orang yang mengonfirmasi", Sop2.Text(invalid.Page.QuerySelector(".alert.error")));

        page = Sop2.Accepted(await helpdesk.SubmitAsync(await Sop2.DetailAsync(helpdesk, id), "#form-staff-confirm", new()
        {
            ["ConfirmedBy"] = Sop2.HendraName, ["Method"] = "Phone", ["ConfirmedAt"] = confirmedLocal.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
        }));
        Assert.Contains("Menunggu pengarsipan", Sop2.Status(page));
        var confirm = Sop4Pages.Timeline(page).Single(r => r.Step == 8);
        Assert.Equal(Sop2.HelpdeskName, confirm.Performer);
        Assert.Contains($"melalui telepon oleh {Sop2.HendraName} pada {confirmedLocal.ToString("dd-MM-yyyy HH:mm", CultureInfo.InvariantCulture)} WIB",
            confirm.Outcome);
        Assert.Contains("Tepat waktu", confirm.Timing);
        Assert.NotNull(page.QuerySelector("#step-form[data-kind=Archive]"));

        Assert.Equal(1, await factory.WithDbAsync(db => db.RequestSteps.CountAsync(s => s.AccessRequestId == id && s.StepNumber == 8)));
    }

    private static byte[] SampleFilesPdf() => SampleFiles.Pdf("SK baru");
}
