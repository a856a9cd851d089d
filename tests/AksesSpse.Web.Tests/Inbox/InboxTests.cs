using System.Net;
using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sop2Pages = AksesSpse.Web.Tests.Sop2.Sop2;
using Sop4Pages = AksesSpse.Web.Tests.Sop4.Sop4;

namespace AksesSpse.Web.Tests.Inbox;

/// <summary>
/// "Tugas saya" (/Tugas) over SOP 4 and SOP 2 requests in several steps, on each database provider: every demo role sees
/// exactly the requests whose current step it acts on, with the right count per SOP tab, overdue first; another office's
/// requests never appear; the applicant sees their own returned request and no one else's.
/// </summary>
[Trait("Category", "Inbox")]
public sealed class InboxTests
{
    private const string DewiNip = "198807212012122001";

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task EachRole_SeesExactlyTheStepsItActsOn_AcrossSops_OverdueFirst_CountedPerSop(DatabaseKind database)
    {
        var start = WorkingTime.NextMorning();
        var clock = new FakeTimeProvider(start); // a working morning: the steps' standards count working time
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, Clock = clock, OutboxWorker = false });
        var officeId = await Sop4Pages.OfficeIdAsync(factory);
        var dewi = await Sop4Pages.CreateUserAsync(factory, "dewi.pokja@contoh.go.id", "Dewi Lestari", DewiNip, Roles.Pemohon);
        var ids = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == DemoUsers.Pokja || u.Email == DemoUsers.AdminAgency)
            .ToDictionaryAsync(u => u.Email!, u => u.Id));
        var rinaActor = new Actor(ids[DemoUsers.Pokja], Sop4Pages.RinaName, officeId, new HashSet<string> { Roles.Pemohon });
        var dewiActor = new Actor(dewi.Id, dewi.FullName, officeId, new HashSet<string> { Roles.Pemohon });
        var officer = new Actor(ids[DemoUsers.AdminAgency], Sop4Pages.AdminName, officeId, new HashSet<string> { Roles.AdminAgency });
        using var rina = factory.CreateFormClient();
        using var helpdesk = factory.CreateFormClient();
        await rina.SignInAsync(DemoUsers.Pokja);
        await helpdesk.SignInAsync(DemoUsers.Helpdesk);

        // T0: SOP 4 of Rina, found complete: its validity check (15 minutes) is due at T0+15 — Admin Agency's.
        var validity = await SubmitResetAsync(factory, rinaActor, "rina.pokja");
        await Sop4Pages.MoveAsync(factory, validity, officer);

        // T0: SOP 4 of Rina and of Dewi, each returned for completion — the applicant's step, each their own.
        var rinaReturned = await SubmitResetAsync(factory, rinaActor, "rina.pokja");
        await Sop4Pages.MoveAsync(factory, rinaReturned, officer, null, "SK_POKJA");
        var dewiReturned = await SubmitResetAsync(factory, dewiActor, "dewi.pokja");
        await Sop4Pages.MoveAsync(factory, dewiReturned, officer, null, "SK_POKJA");

        // T0: SOP 2 of Rina, sent online: waiting to be received — Helpdesk's, without a time standard.
        var received = await Sop2Pages.SubmitAsync(rina, Sop2Pages.RequestFields());

        // T0+1: SOP 2 paper file of Hendra, registered and found complete by Helpdesk: the step in SPSE (10 minutes) is Admin Agency's.
        clock.Advance(TimeSpan.FromMinutes(1));
        var execute = await Sop2Pages.IntakeAsync(helpdesk, Sop2Pages.IntakeFields(skNumber: $"027/045/DISDIK/{Sop2Pages.Today(clock).Year}",
            skValidUntil: Sop2Pages.Today(clock).AddMonths(1)));
        Sop2Pages.Accepted(await Sop2Pages.ActAsync(helpdesk, execute, "#step-form[data-kind=CompletenessCheck]", new() { ["Checked"] = Sop2Pages.AllChecklistItems }, ("Answer", "Yes")));

        // T0+12: a fresh SOP 4 of Rina (completeness check, 5 minutes). The SOP 2 step is now overdue, the validity check not yet.
        clock.Advance(TimeSpan.FromMinutes(11));
        var fresh = await SubmitResetAsync(factory, rinaActor, "rina.pokja");

        // Another office with its own Admin Agency, and a request there that would sort first everywhere (long overdue).
        var other = await OtherOfficeAsync(factory, fresh);
        var numbers = await factory.WithDbAsync(db => db.AccessRequests.ToDictionaryAsync(r => r.Id, r => r.Number));
        ((MemoryCache)factory.Services.GetRequiredService<IMemoryCache>()).Clear(); // counts are reused for 5 s (ADR 0010): start fresh

        // Admin Agency: the overdue SOP 2 step first (though newer than the validity check), then by deadline, across SOPs.
        var admin = await SignedInAsync(factory, DemoUsers.AdminAgency);
        var page = await admin.GetPageAsync("/Tugas");
        Assert.Equal([numbers[execute], numbers[validity], numbers[fresh]], Numbers(page));
        Assert.Equal([true, false, false], Rows(page).Select(r => r.ClassList.Contains("overdue")));
        Assert.Equal(("Semua", 3, 1, 2), Tabs(page));
        Assert.Equal("3", Sop4Pages.Text(page.QuerySelector("header nav a[href='/Tugas'] .badge-count")));
        Assert.Equal($"/Prosedur/{execute}", Rows(page)[0].QuerySelector("a")?.GetAttribute("href"));
        Assert.Equal([numbers[execute]], Numbers(await admin.GetPageAsync("/Tugas?sop=2")));
        Assert.Equal([numbers[validity], numbers[fresh]], Numbers(await admin.GetPageAsync("/Tugas?sop=4")));
        Assert.Equal("SOP 4", ActiveTab(await admin.GetPageAsync("/Tugas?sop=4"))[..5]);
        Assert.Equal([numbers[execute]], Numbers(await admin.GetPageAsync("/Tugas?terlambat=true")));
        Assert.Equal([numbers[fresh]], Numbers(await admin.GetPageAsync($"/Tugas?q={numbers[fresh]}")));
        Assert.Equal([numbers[execute]], Numbers(await admin.GetPageAsync("/Tugas?q=hendra")));
        Assert.Equal([numbers[validity], numbers[fresh]], Numbers(await admin.GetPageAsync("/Tugas?q=rina.pokja")));
        Assert.DoesNotContain(other.Number, Sop4Pages.Text(await admin.GetPageAsync("/Tugas?sop=4&status=berjalan")));

        // On "Semua" there is no status filter; on an SOP's tab, staff may pick one (the office's requests in that status).
        Assert.Null(page.QuerySelector("#status"));
        var returned = await admin.GetPageAsync("/Tugas?sop=4&status=ReturnedForCompletion");
        Assert.Equal(new[] { numbers[rinaReturned], numbers[dewiReturned] }.Order(), Numbers(returned).Order());
        Assert.NotNull(returned.QuerySelector("#inbox-scope"));
        Assert.Equal("ReturnedForCompletion", returned.QuerySelector("#status option[selected]")?.GetAttribute("value"));

        // Helpdesk: the SOP 2 file waiting to be received; nothing of SOP 4.
        page = await helpdesk.GetPageAsync("/Tugas");
        Assert.Equal([numbers[received]], Numbers(page));
        Assert.Equal(("Semua", 1, 1, 0), Tabs(page));
        Assert.Equal("1", Sop4Pages.Text(page.QuerySelector("header nav a[href='/Tugas'] .badge-count")));

        // SOP 2 runs on the engine: on its tab the status words filter by the kind of the open step.
        Assert.Equal([numbers[received]], Numbers(await helpdesk.GetPageAsync("/Tugas?sop=2&status=AwaitingReceipt")));
        Assert.Equal([numbers[execute]], Numbers(await helpdesk.GetPageAsync("/Tugas?sop=2&status=AwaitingExecution")));
        Assert.Empty(Numbers(await helpdesk.GetPageAsync("/Tugas?sop=2&status=Submitted")));
        var sop2Row = Assert.Single(Rows(await helpdesk.GetPageAsync("/Tugas?sop=2&status=AwaitingExecution")));
        Assert.Contains("Menunggu pelaksanaan di SPSE", Sop4Pages.Text(sop2Row));

        // Rina: her own returned SOP 4 request only — not Dewi's, not her requests waiting for staff.
        page = await rina.GetPageAsync("/Tugas");
        Assert.Equal([numbers[rinaReturned]], Numbers(page));
        Assert.Equal(("Semua", 1, 0, 1), Tabs(page));
        Assert.Equal($"/Prosedur/{rinaReturned}", Rows(page)[0].QuerySelector("a")?.GetAttribute("href"));
        // An applicant gets no office-wide view, whatever the address asks for.
        page = await rina.GetPageAsync("/Tugas?sop=4&status=Submitted");
        Assert.Null(page.QuerySelector("#status"));
        Assert.Equal([numbers[rinaReturned]], Numbers(page));
        Assert.Equal([numbers[rinaReturned]], Numbers(await rina.GetPageAsync("/Tugas?sop=4&status=berjalan")));
        Assert.Null(page.QuerySelector("#overview"));

        // Dewi: hers only.
        var dewiClient = await SignedInAsync(factory, "dewi.pokja@contoh.go.id");
        Assert.Equal([numbers[dewiReturned]], Numbers(await dewiClient.GetPageAsync("/Tugas")));

        // Kepala LPSE and Auditor act on no step of SOP 4 or SOP 2: an empty inbox, and the office's overview one click away.
        foreach (var email in new[] { DemoUsers.KepalaLpse, DemoUsers.Auditor })
        {
            var head = await SignedInAsync(factory, email);
            page = await head.GetPageAsync("/Tugas");
            Assert.Empty(Rows(page));
            Assert.Equal(("Semua", 0, 0, 0), Tabs(page));
            Assert.Contains("Tidak ada permohonan yang menunggu tindakan Anda", Sop4Pages.Text(page.QuerySelector("#inbox-empty")));
            var overview = page.QuerySelector("#overview a[href='/Tugas?sop=4&status=berjalan']")?.GetAttribute("href");
            Assert.NotNull(overview);
            Assert.Equal(new[] { numbers[validity], numbers[fresh], numbers[rinaReturned], numbers[dewiReturned] }.Order(),
                Numbers(await head.GetPageAsync(overview)).Order());
        }

        // The other office's Admin Agency: its own request only.
        var otherAdmin = await SignedInAsync(factory, other.AdminEmail);
        page = await otherAdmin.GetPageAsync("/Tugas");
        Assert.Equal([other.Number], Numbers(page));
        Assert.Equal(("Semua", 1, 0, 1), Tabs(page));

        // The former address keeps working: /Antrian (with its query) leads to the inbox.
        using var old = await admin.GetAsync("/Antrian?sop=2&q=hendra");
        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.Equal("/Tugas?sop=2&q=hendra", old.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Start_OffersEverySopThePersonMayStart_AndTheSopListSaysWhichTheAppRuns()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { OutboxWorker = false });

        var pokja = await SignedInAsync(factory, DemoUsers.Pokja);
        var page = await pokja.GetPageAsync("/Ajukan");
        Assert.Equal(["/Prosedur/Ajukan/2", "/Prosedur/Ajukan/4"], StartLinks(page));
        Assert.Equal("Ajukan permohonan", Sop4Pages.Text(page.QuerySelector("header nav a[href='/Ajukan']")));
        Assert.Contains("Reset password", Sop4Pages.Text(page.QuerySelector(".start-option[data-sop='4']")));

        var helpdesk = await SignedInAsync(factory, DemoUsers.Helpdesk);
        Assert.Equal(["/Helpdesk/Penerimaan/Baru"], StartLinks(await helpdesk.GetPageAsync("/Ajukan")));

        // Kepala LPSE starts SOP 3 (run by the SOP engine).
        var head = await SignedInAsync(factory, DemoUsers.KepalaLpse);
        Assert.Equal(["/Prosedur/Ajukan/3"], StartLinks(await head.GetPageAsync("/Ajukan")));

        // The head of the procurement unit starts SOP 1 (user IDs for a whole Pokja, issue #9).
        var unit = await SignedInAsync(factory, DemoUsers.KepalaUkpbj);
        Assert.Equal(["/Prosedur/Ajukan/1"], StartLinks(await unit.GetPageAsync("/Ajukan")));

        // Nothing to start: a polite page and no menu entry.
        foreach (var email in new[] { DemoUsers.AdminAgency, DemoUsers.Auditor })
        {
            var staff = await SignedInAsync(factory, email);
            page = await staff.GetPageAsync("/Ajukan");
            Assert.Empty(StartLinks(page));
            Assert.NotNull(page.QuerySelector("#start-none"));
            Assert.Null(page.QuerySelector("header nav a[href='/Ajukan']"));
        }

        // The SOP list: all four SOPs run in the app.
        var list = await pokja.GetPageAsync("/Sop");
        var badges = list.QuerySelectorAll("tbody tr").ToDictionary(tr => tr.GetAttribute("data-sop")!, tr => Sop4Pages.Text(tr.QuerySelector(".sop-run")));
        Assert.Equal("Dijalankan aplikasi", badges["2"]);
        Assert.Equal("Dijalankan aplikasi", badges["4"]);
        Assert.Equal("Dijalankan aplikasi", badges["1"]);
        Assert.Equal("Dijalankan aplikasi", badges["3"]);
    }

    private sealed record OtherOffice(string Number, string AdminEmail);

    /// <summary>A second office with an Admin Agency of its own and one SOP 4 request, overdue since long, at that officer's step.</summary>
    private static async Task<OtherOffice> OtherOfficeAsync(AppFactory factory, int template)
    {
        const string email = "admin.agency@lain.go.id";
        var officeId = await factory.WithDbAsync(async db =>
        {
            var office = new Office { Code = "LPSE-LAIN", Name = "LPSE Kota Lain", TimeZoneId = "Asia/Makassar" };
            db.Offices.Add(office);
            await db.SaveChangesAsync();
            return office.Id;
        });
        var user = await Sop4Pages.CreateUserAsync(factory, email, "Petugas Kantor Lain", "199101012015031001", Roles.AdminAgency);
        return await factory.WithDbAsync(async db =>
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.OfficeId, officeId));
            var copy = await db.AccessRequests.AsNoTracking().SingleAsync(r => r.Id == template);
            copy.Id = 0;
            copy.OfficeId = officeId;
            copy.Number = "LAIN-" + copy.Number;
            copy.SubmissionKey = Guid.NewGuid();
            copy.CurrentActorRole = Roles.AdminAgency;
            copy.CurrentStepDueAt = copy.SubmittedAt.AddDays(-30);
            db.AccessRequests.Add(copy);
            await db.SaveChangesAsync();
            return new OtherOffice(copy.Number, email);
        });
    }

    private static async Task<FormClient> SignedInAsync(AppFactory factory, string email)
    {
        var client = factory.CreateFormClient();
        await client.SignInAsync(email);
        return client;
    }

    private static List<IElement> Rows(IDocument page) => [.. page.QuerySelectorAll("#queue tbody tr")];

    private static List<string> Numbers(IDocument page) => [.. Rows(page).Select(tr => Sop4Pages.Text(tr.QuerySelector("td")))];

    private static List<string> StartLinks(IDocument page) =>
        [.. page.QuerySelectorAll("#start-options .start-option a.button").Select(a => a.GetAttribute("href") ?? "")];

    private static string ActiveTab(IDocument page) => Sop4Pages.Text(page.QuerySelector("nav.tabs a.active"));

    /// <summary>The active tab's label, and the counts on "Semua", SOP 2 and SOP 4.</summary>
    private static (string Active, int All, int Sop2, int Sop4) Tabs(IDocument page)
    {
        int Count(string selector) => int.Parse(Sop4Pages.Text(page.QuerySelector(selector + " .tab-count")), System.Globalization.CultureInfo.InvariantCulture);
        var active = ActiveTab(page);
        return (active.StartsWith("Semua", StringComparison.Ordinal) ? "Semua" : active,
            Count("nav.tabs a[href='/Tugas']"), Count("nav.tabs a[data-sop='2']"), Count("nav.tabs a[data-sop='4']"));
    }

    /// <summary>SOP 4 runs on the engine: started through its module.</summary>
    private static Task<int> SubmitResetAsync(AppFactory factory, Actor applicant, string spseUserId) =>
        Sop4Pages.StartResetAsync(factory, applicant, spseUserId);
}
