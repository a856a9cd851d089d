using AksesSpse.Core.Identity;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Infrastructure;
using AksesSpse.Web.Tests.SopEditor;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Web.Tests.Sop3;

/// <summary>
/// How an office changes its procedure: Kepala LPSE drafts and publishes a new version of SOP 3 in the editor (step 3 now by Admin
/// Agency, within 30 minutes, with one more item to tick); a request started afterwards follows it, one started before
/// keeps its own version.
/// </summary>
public sealed class SopVersionPageTests
{
    private static DateOnly Yesterday => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2);

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task ANewVersionIssuedOnThePageDecidesWhoActsTheDeadlineAndTheChecklistOfNewRequests(DatabaseKind database)
    {
        // A working morning: the 30 minutes of the new standard are working minutes (docs/adr/0022).
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(WorkingTime.NextMorning()) });
        using var head = factory.CreateFormClient();
        using var agency = factory.CreateFormClient();
        using var ppe = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);
        await agency.SignInAsync(DemoUsers.AdminAgency);
        await ppe.SignInAsync(DemoUsers.AdminPpe);
        var v1 = await factory.WithDbAsync(db => db.SopDefinitions.Where(s => s.Kind == SopKind.StaffRegistration && s.IsCurrent &&
            s.OfficeId == db.Offices.Single(o => o.Code == AksesSpse.Core.Data.DatabaseInitializer.DemoOfficeCode).Id).Select(s => s.Id).SingleAsync());

        var before = await Sop3.StartedAsync(head, Sop3.Fields(Yesterday, Sop3.Dewi));
        Sop3.Accepted(await Sop3.StepAsync(head, before));

        // Admin PPE may not edit SOPs; a bad standard is refused with its reason and nothing changes.
        Assert.Null((await ppe.GetPageAsync($"/Sop/{v1}")).QuerySelector("#sop-start-draft"));

        using (var forged = await ppe.Http.PostAsync($"/Sop/{v1}/Draf", new FormUrlEncodedContent([])))
        {
            Assert.True(forged.StatusCode is System.Net.HttpStatusCode.Found or System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Forbidden,
                $"Admin PPE opened a draft: {(int)forged.StatusCode}");
            Assert.DoesNotContain("/Sop/Draf/", forged.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        }

        var (form, draftId) = await SopEditorPages.OpenDraftAsync(head, v1);
        var bad = await SopEditorPages.SaveAsync(head, form, new() { ["Steps[2].StandardKind"] = "Minutes", ["Steps[2].StandardValue"] = "0" });
        Assert.Contains("Isi standar waktu 1 sampai 10.000", bad.Page.Body!.TextContent, StringComparison.Ordinal);

        var published = await SopEditorPages.PublishChangeAsync(head, v1, new()
        {
            ["Steps[2].ActorRole"] = Roles.AdminAgency,
            ["Steps[2].ActorLabel"] = "Admin Agency",
            ["Steps[2].StandardKind"] = "Minutes",
            ["Steps[2].StandardValue"] = "30",
            ["Steps[2].Checks"] = form.QuerySelector("#chk-3")!.TextContent.Trim() + "\nEmail personil aktif",
        }, "Admin PPE dirangkap Admin Agency");
        Assert.Equal(draftId, published);
        var issued = await head.GetPageAsync($"/Sop/{published}");
        Assert.Contains("2 (berlaku)", issued.Body!.TextContent);
        Assert.Contains("Admin PPE dirangkap Admin Agency", issued.Body.TextContent);

        var after = await Sop3.StartedAsync(head, Sop3.Fields(Yesterday, Sop3.Agus));
        Sop3.Accepted(await Sop3.StepAsync(head, after));
        var (oldRole, newRole, newWindow) = await factory.WithDbAsync(async db =>
        {
            var o = await db.AccessRequests.SingleAsync(r => r.Id == before);
            var n = await db.AccessRequests.SingleAsync(r => r.Id == after);
            return (o.CurrentActorRole, n.CurrentActorRole, n.CurrentStepDueAt - n.CurrentStepSince);
        });
        Assert.Equal(Roles.AdminPpe, oldRole);
        Assert.Equal(Roles.AdminAgency, newRole);
        Assert.Equal(TimeSpan.FromMinutes(30), newWindow);

        // The new request is Admin Agency's task now, with the new item to tick; Admin PPE no longer gets its form.
        var page = await agency.GetPageAsync($"/Prosedur/{after}");
        Assert.NotNull(page.QuerySelector(Sop3.StepForm));
        Assert.Contains("Email personil aktif", page.QuerySelector(Sop3.StepForm)!.TextContent);
        Assert.Null((await ppe.GetPageAsync($"/Prosedur/{after}")).QuerySelector(Sop3.StepForm));
        Assert.NotNull((await ppe.GetPageAsync($"/Prosedur/{before}")).QuerySelector(Sop3.StepForm));
    }
}
