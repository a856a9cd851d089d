using AksesSpse.Core.Identity;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Web.Tests.Sop3;

/// <summary>
/// How an office changes its procedure: Kepala LPSE issues a new version of SOP 3 on the SOP page (step 3 now by Admin
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

        // Admin PPE may not issue versions; a bad standard is refused with its reason and nothing changes.
        using (var refused = await ppe.GetAsync($"/Sop/{v1}/VersiBaru"))
        {
            Assert.Equal(System.Net.HttpStatusCode.Found, refused.StatusCode); // the cookie scheme's access-denied page
            Assert.Contains("/Akun/AksesDitolak", refused.Headers.Location?.OriginalString ?? "");
        }

        var form = await head.GetPageAsync($"/Sop/{v1}/VersiBaru");
        var bad = await head.SubmitAsync(form, "form[action$='/VersiBaru']", new(Current(form)) { ["Steps[2].StandardKind"] = "Minutes", ["Steps[2].StandardValue"] = "0" });
        Assert.True(bad.Page.Body!.TextContent.Contains("standar waktu langkah 3", StringComparison.Ordinal), bad.Page.Body.TextContent[..Math.Min(3000, bad.Page.Body.TextContent.Length)]);

        var issued = await head.SubmitAsync(form, "form[action$='/VersiBaru']", new(Current(form))
        {
            ["Steps[2].ActorRole"] = Roles.AdminAgency,
            ["Steps[2].ActorLabel"] = "Admin Agency",
            ["Steps[2].StandardKind"] = "Minutes",
            ["Steps[2].StandardValue"] = "30",
            ["Steps[2].Checks"] = form.QuerySelector("#checks-2")!.TextContent.Trim() + "\nEmail personil aktif",
            ["Note"] = "Admin PPE dirangkap Admin Agency",
        });
        Assert.Contains("Versi baru SOP berlaku", issued.Page.Body!.TextContent);
        Assert.Contains("2 (berlaku)", issued.Page.Body.TextContent);

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

    /// <summary>What the form shows now, field by field (the form client sends only hidden fields by itself).</summary>
    private static Dictionary<string, string> Current(AngleSharp.Dom.IDocument page)
    {
        var values = new Dictionary<string, string>();
        foreach (var e in page.QuerySelectorAll("form[action$='/VersiBaru'] select, form[action$='/VersiBaru'] input:not([type=hidden]), form[action$='/VersiBaru'] textarea"))
        {
            var name = e.GetAttribute("name");
            if (name is null)
            {
                continue;
            }

            values[name] = e switch
            {
                AngleSharp.Html.Dom.IHtmlSelectElement select => select.Value ?? "",
                AngleSharp.Html.Dom.IHtmlTextAreaElement area => area.Value,
                AngleSharp.Html.Dom.IHtmlInputElement input => input.Value,
                _ => "",
            };
        }

        return values;
    }
}
