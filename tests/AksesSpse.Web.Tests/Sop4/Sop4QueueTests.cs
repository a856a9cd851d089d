using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Procedures;
using AksesSpse.Core.Requests;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AksesSpse.Web.Tests.Sop4;

/// <summary>Admin Agency's inbox (/Tugas, formerly the queue /Antrian) over 30 requests: overdue first, search, status filter, paging.</summary>
[Trait("Sop", "ResetPassword")]
public sealed class Sop4QueueTests
{
    private const string DodiNip = "197011061996031002";

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Queue_ShowsOverdueFirst_SearchesFiltersAndPages(DatabaseKind database)
    {
        var start = WorkingTime.NextMorning();
        var clock = new FakeTimeProvider(start); // a working morning: the steps' standards count working time
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, Clock = clock, OutboxWorker = false });
        var dodi = await Sop4.CreateUserAsync(factory, "dodi@contoh.go.id", "Dodi Pratama", DodiNip, Roles.Pemohon);
        await Sop4.RegisterAccountAsync(factory, "dodi.pokja", "Dodi Pratama", DodiNip, "dodi.pokja@contoh.go.id");
        var officeId = await Sop4.OfficeIdAsync(factory);
        var ids = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == DemoUsers.Pokja || u.Email == DemoUsers.AdminAgency)
            .ToDictionaryAsync(u => u.Email!, u => u.Id));
        var rina = new Actor(ids[DemoUsers.Pokja], Sop4.RinaName, officeId, new HashSet<string> { Roles.Pemohon });
        var dodiActor = new Actor(dodi.Id, dodi.FullName, officeId, new HashSet<string> { Roles.Pemohon });
        var officer = new Actor(ids[DemoUsers.AdminAgency], Sop4.AdminName, officeId, new HashSet<string> { Roles.AdminAgency });

        // T0: the oldest request, already found complete: its validity check (15 minutes) is not yet due at T0+10.
        var oldest = await SubmitAsync(factory, rina, "rina.pokja");
        await CheckCompletenessAsync(factory, oldest, officer);

        // T0+1: three requests by Dodi, whose completeness check (5 minutes) is overdue at T0+10.
        clock.Advance(TimeSpan.FromMinutes(1));
        var overdue = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            overdue.Add(await SubmitAsync(factory, dodiActor, "dodi.pokja"));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        // T0+10: 26 fresh requests by Rina, one of them returned to her for completion (not Admin Agency's move).
        clock.Advance(TimeSpan.FromMinutes(9));
        var fresh = new List<int>();
        for (var i = 0; i < 26; i++)
        {
            fresh.Add(await SubmitAsync(factory, rina, "rina.pokja"));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var returned = fresh[^1];
        fresh.RemoveAt(fresh.Count - 1);
        await CheckCompletenessAsync(factory, returned, officer, "SK_POKJA");
        var numbers = await factory.WithDbAsync(db => db.AccessRequests.ToDictionaryAsync(r => r.Id, r => r.Number));
        Assert.Equal(30, numbers.Count);

        using var admin = factory.CreateFormClient();
        await admin.SignInAsync(DemoUsers.AdminAgency);

        // Page 1: overdue first (though not the oldest), then the longest waiting; 20 rows of 29.
        var page = await admin.GetPageAsync("/Tugas");
        var rows = Rows(page);
        Assert.Equal(20, rows.Count);
        Assert.Contains("Halaman 1 dari 2", Sop4.Text(page.QuerySelector(".pager")));
        Assert.Contains("29 data", Sop4.Text(page.QuerySelector(".pager")));
        Assert.Equal(overdue.Select(id => numbers[id]), rows.Take(3).Select(r => r.Number));
        Assert.All(rows.Take(3), r => Assert.True(r.Overdue));
        Assert.All(rows.Skip(3), r => Assert.False(r.Overdue));
        Assert.Equal(numbers[oldest], rows[3].Number);
        Assert.Contains("Menunggu pemeriksaan keabsahan", rows[3].Status);
        Assert.Equal(fresh.Take(16).Select(id => numbers[id]), rows.Skip(4).Select(r => r.Number));

        // Page 2, through the pager's link: the remaining 9.
        var next = page.QuerySelector(".pager a[href*='page=2']")?.GetAttribute("href");
        Assert.NotNull(next);
        page = await admin.GetPageAsync(next);
        rows = Rows(page);
        Assert.Equal(fresh.Skip(16).Select(id => numbers[id]), rows.Select(r => r.Number));
        Assert.Equal(9, rows.Count);
        Assert.Contains("Halaman 2 dari 2", Sop4.Text(page.QuerySelector(".pager")));
        Assert.DoesNotContain(numbers[returned], Sop4.Text(page));

        // Search by number, name, NIP (as typed, with or without spaces) and SPSE user ID.
        Assert.Equal([numbers[overdue[1]]], await SearchAsync(admin, $"q={numbers[overdue[1]]}"));
        var dodis = overdue.Select(id => numbers[id]).ToList();
        Assert.Equal(dodis, await SearchAsync(admin, "q=Dodi"));
        Assert.Equal(dodis, await SearchAsync(admin, "q=Dodi%20Pratama"));
        Assert.Equal(dodis, await SearchAsync(admin, $"q={DodiNip}"));
        Assert.Equal(dodis, await SearchAsync(admin, "q=19701106%20199603%201%20002"));
        Assert.Equal(dodis, await SearchAsync(admin, "q=dodi.pokja"));
        Assert.Equal(dodis, await SearchAsync(admin, "q=pratama")); // case does not matter, on either database
        Assert.Empty(await SearchAsync(admin, "q=tidak-ada-yang-cocok"));
        page = await admin.GetPageAsync("/Tugas?q=Rina");
        Assert.Contains("26 data", Sop4.Text(page.QuerySelector(".pager")));
        Assert.All(Rows(page), r => Assert.Equal(Sop4.RinaName, r.Applicant));

        // Status filter (on the SOP 4 tab) and "overdue only".
        Assert.Equal([numbers[oldest]], await SearchAsync(admin, "sop=4&status=AwaitingValidation"));
        Assert.Equal([numbers[returned]], await SearchAsync(admin, "sop=4&status=ReturnedForCompletion"));
        Assert.Equal(dodis, await SearchAsync(admin, "sop=4&status=Submitted&q=Dodi"));
        Assert.Empty(await SearchAsync(admin, "sop=4&status=AwaitingValidation&q=Dodi"));
        Assert.Equal(dodis, await SearchAsync(admin, "terlambat=true"));
        Assert.Equal(dodis, await SearchAsync(admin, "sop=4&terlambat=true"));
        page = await admin.GetPageAsync("/Tugas?sop=4&status=Submitted");
        Assert.Contains("28 data", Sop4.Text(page.QuerySelector(".pager")));
        Assert.Equal("Submitted", page.QuerySelector("#status option[selected]")?.GetAttribute("value"));
    }

    private sealed record QueueRow(string Number, string Applicant, string SpseUserId, string Status, bool Overdue);

    private static List<QueueRow> Rows(IDocument page) =>
        page.QuerySelectorAll("#queue tbody tr").Select(tr =>
        {
            var cells = tr.QuerySelectorAll("td").Select(Sop4.Text).ToList();
            return new QueueRow(cells[0], cells[2], cells[3], cells[4], tr.ClassList.Contains("overdue"));
        }).ToList();

    private static async Task<List<string>> SearchAsync(FormClient admin, string query) =>
        Rows(await admin.GetPageAsync("/Tugas?" + query)).Select(r => r.Number).ToList();

    /// <summary>SOP 4 on the engine: started through its module, as /Prosedur/Ajukan/4 does.</summary>
    private static async Task<int> SubmitAsync(AppFactory factory, Actor applicant, string spseUserId)
    {
        using var scope = factory.Services.CreateScope();
        var engine = scope.ServiceProvider.GetRequiredService<SopEngine>();
        var result = await scope.ServiceProvider.GetRequiredService<PasswordResetModule>().StartAsync(engine, new SubmitResetCommand(Guid.NewGuid(),
            RequestType.ResetPassword, spseUserId, "Lupa password akun SPSE", null, null, null, null,
            [new IncomingFile("SURAT_PERMOHONAN", "surat.pdf", SampleFiles.Pdf()), new IncomingFile("SK_POKJA", "sk.pdf", SampleFiles.Pdf("SK"))]),
            applicant, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
        return result.Value;
    }

    /// <summary>The completeness check (step 2) as the request page posts it: complete, or returned with the documents missing.</summary>
    private static async Task CheckCompletenessAsync(AppFactory factory, int id, Actor officer, params string[] missing)
    {
        var version = await factory.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == id).Select(r => r.Version).SingleAsync());
        using var scope = factory.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<SopEngine>().MoveAsync(id, new StepMove(2, version)
        {
            Answer = missing.Length == 0 ? StepAnswer.Yes : StepAnswer.No,
            MissingDocuments = missing,
            Note = missing.Length == 0 ? null : "Dokumen belum lengkap",
        }, officer, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
    }
}
