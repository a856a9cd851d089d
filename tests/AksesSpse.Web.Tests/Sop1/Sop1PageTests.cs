using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AksesSpse.Core.Data;
using AksesSpse.Core.Requests;
using AksesSpse.Web.Tests.Email;
using AksesSpse.Web.Tests.Infrastructure;
using AksesSpse.Web.Tests.Sop3;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Web.Tests.Sop1;

/// <summary>
/// SOP 1 (user IDs for a whole Pokja) through the real pages, on each database provider: the head of the procurement unit sends the
/// list, Admin Agency makes every account in one move, each member gets and confirms their own, Kepala LPSE gets the copies and
/// reads the request; and the second demo office runs Batang's variant.
/// </summary>
[Trait("Sop", "PokjaAccounts")]
public sealed partial class Sop1PageTests
{
    private const string StartForm = "#start-form";
    private static readonly string SkDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static readonly string[][] Members =
    [
        ["Putu Ayu Lestari", "19870521 201001 2 004", "Anggota Pokja Pemilihan", "Penata / III-c", "Dinas PUPR", "putu.ayu@contoh.go.id", "081234500001"],
        ["Made Wirawan", "198602142009011003", "Anggota Pokja Pemilihan", "Penata Tk. I / III-d", "Dinas Kesehatan", "made.wirawan@contoh.go.id", "081234500002"],
    ];

    private static Dictionary<string, string> Fields(params string[][] members)
    {
        var fields = new Dictionary<string, string>
        {
            ["PokjaName"] = "Pokja Pemilihan 07 Tahun 2026",
            ["SkNumber"] = "027/07/SK-POKJA/2026",
            ["SkDate"] = SkDate,
            ["AssignmentLetterNumber"] = "800/07/ST/2026",
        };
        string[] columns = ["FullName", "Nip", "Position", "RankGrade", "Agency", "Email", "Phone"];
        for (var i = 0; i < members.Length; i++)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                fields[$"Members[{i}].{columns[c]}"] = members[i][c];
            }
        }

        return fields;
    }

    private static FormFile[] Documents() =>
    [
        new("doc_FORMULIR_PERMOHONAN", "formulir.pdf", SampleFiles.Pdf("Formulir permohonan"), "application/pdf"),
        new("doc_SK_POKJA", "sk-pokja.pdf", SampleFiles.Pdf("SK Pokja"), "application/pdf"),
        new("doc_SURAT_PENUGASAN", "surat-penugasan.pdf", SampleFiles.Pdf("Surat penugasan"), "application/pdf"),
    ];

    private static async Task<int> StartedAsync(FormClient head, Dictionary<string, string> fields)
    {
        var page = await head.GetPageAsync("/Prosedur/Ajukan/1");
        var result = await head.SubmitAsync(page, StartForm, fields, Documents(), follow: false);
        Assert.True(result.Status == HttpStatusCode.Redirect,
            $"Start refused ({(int)result.Status}): {Sop3.Sop3.Text(result.Page.QuerySelector(".validation-summary-errors"))}");
        return Sop3.Sop3.IdFrom(result.Location);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Badung_HeadSendsTheList_AdminAgencyMakesEveryAccount_EachMemberConfirms_KepalaLpseIsCopied(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database });
        using var head = factory.CreateFormClient();
        using var agency = factory.CreateFormClient();
        using var lpse = factory.CreateFormClient();
        using var member = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaUkpbj);
        await agency.SignInAsync(DemoUsers.AdminAgency);
        await lpse.SignInAsync(DemoUsers.KepalaLpse);

        var start = await head.GetPageAsync("/Prosedur/Ajukan/1");
        Assert.Contains("tembusan kepada Kepala LPSE", Sop3.Sop3.Text(start.QuerySelector("h1 + p")));
        var id = await StartedAsync(head, Fields(Members));
        var page = await head.GetPageAsync($"/Prosedur/{id}");
        Assert.Equal(2, page.QuerySelectorAll("#members tbody tr").Length);
        Assert.Contains("2 anggota: 2 belum diproses", Sop3.Sop3.Text(page.QuerySelector("#member-progress")));
        // The members are listed once, in their table: not again, one line each, among the request's data.
        Assert.DoesNotContain("Anggota 1:", page.Body!.TextContent);
        Assert.Null(page.QuerySelector("#step-form"));
        using (var form = await head.GetAsync($"/Prosedur/{id}/Formulir")) // the request form as sent, with its number
        {
            Assert.Equal("application/pdf", form.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("%PDF", Encoding.ASCII.GetString((await form.Content.ReadAsByteArrayAsync())[..4]));
        }

        // Kepala LPSE: the copy by email and in the app, the request read-only.
        var copy = await ReceivedMail.WaitForAsync(factory.MailFolder, m => m.To.Contains(DemoUsers.KepalaLpse, StringComparison.Ordinal) &&
            m.Subject.Contains("Tembusan", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        Assert.NotNull(copy);
        Assert.Contains("Made Wirawan", copy.Body);
        var read = await lpse.GetPageAsync($"/Prosedur/{id}");
        Assert.Null(read.QuerySelector("#step-form"));
        Assert.Single(read.QuerySelectorAll("#copies li"));

        // Step 2: one move for the whole list; the passwords shown once.
        page = await agency.GetPageAsync($"/Prosedur/{id}");
        Assert.Equal(2, page.QuerySelectorAll("#member-decisions tbody tr").Length);
        var made = await agency.SubmitAsync(page, "#step-form", new() { ["Persons[0].Decision"] = "buat", ["Persons[1].Decision"] = "buat" },
            submitter: ("Answer", "Done"));
        Assert.Equal(2, made.Page.QuerySelectorAll("#secrets tbody tr").Length);
        var accounts = await factory.WithDbAsync(db => db.SpseAccounts.Where(a => a.SkNumber == "027/07/SK-POKJA/2026").CountAsync());
        Assert.Equal(2, accounts);
        // The members' mails are listed on the request page, but never their one-time or confirmation links.
        foreach (var staff in new[] { agency, lpse })
        {
            var html = (await staff.GetPageAsync($"/Prosedur/{id}")).DocumentElement.OuterHtml;
            Assert.DoesNotContain("/Kredensial/Akun?token=", html);
            Assert.DoesNotContain("/Kredensial/Konfirmasi?t=", html);
        }

        // Each member's own mail: the one-time link and the confirmation link; a copy of the deliveries to Kepala LPSE without either.
        var mail = await ReceivedMail.WaitForAsync(factory.MailFolder, m => m.To.Contains("putu.ayu@contoh.go.id", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20));
        Assert.NotNull(mail);
        var confirm = ConfirmLink().Match(mail.Body);
        Assert.True(confirm.Success, "no confirmation link: " + mail.Body);
        var second = await ReceivedMail.WaitForAsync(factory.MailFolder, m => m.Subject.Contains("Tembusan: Pemberian", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20));
        Assert.NotNull(second);
        Assert.DoesNotContain("token=", second.Body);
        Assert.DoesNotContain("Konfirmasi?t=", second.Body);

        // Putu confirms by her link (a GET only shows the button); Made's confirmation comes by phone, recorded by Admin Agency.
        var open = await member.GetPageAsync(new Uri(confirm.Value).PathAndQuery);
        var confirmed = await member.SubmitAsync(open, "#member-confirm form", []);
        Assert.Contains("telah dicatat", Sop3.Sop3.Text(confirmed.Page.QuerySelector("#confirm-done")));
        var twice = await member.SubmitAsync(open, "#member-confirm form", []);
        Assert.Contains("sudah dikonfirmasi", Sop3.Sop3.Text(twice.Page.QuerySelector("#confirm-problem")));
        var forged = await member.GetPageAsync("/Kredensial/Konfirmasi?t=palsu");
        Assert.Contains("tidak dikenal", Sop3.Sop3.Text(forged.QuerySelector("#confirm-problem")));

        page = await agency.GetPageAsync($"/Prosedur/{id}");
        Assert.Contains("1 dikonfirmasi", Sop3.Sop3.Text(page.QuerySelector("#member-progress")));
        Assert.Single(page.QuerySelectorAll("#members .member-confirm form"));
        // Only the role that delivered records a confirmation or cancels an account: the head of the unit and Kepala LPSE are refused.
        var made2 = await factory.WithDbAsync(db => db.RequestPersons.Where(p => p.AccessRequestId == id && p.ConfirmedAt == null).Select(p => p.Id).SingleAsync());
        foreach (var (who, client) in new[] { ("Kepala UKPBJ", head), ("Kepala LPSE", lpse) })
        {
            var own = await client.GetPageAsync($"/Prosedur/{id}");
            foreach (var action in new[] { "Konfirmasi", "Batalkan" })
            {
                own.QuerySelector("form")!.SetAttribute("action", $"/Prosedur/{id}/Anggota/{made2}/{action}");
                var refused = await client.SubmitAsync(own, "form", new() { ["ConfirmedBy"] = "X", ["Method"] = "Phone", ["ConfirmedAt"] = "2026-01-01T10:00", ["Reason"] = "X" }, follow: false);
                Assert.True(refused.Status == HttpStatusCode.Forbidden || refused.Location?.Contains("/Akun/AksesDitolak") == true, $"{who} {action}: {(int)refused.Status} {refused.Location}");
            }
        }

        Assert.Null(await factory.WithDbAsync(db => db.RequestPersons.Where(p => p.Id == made2).Select(p => p.ConfirmedAt).SingleAsync()));
        Assert.Empty((await head.GetPageAsync($"/Prosedur/{id}")).QuerySelectorAll("#members .member-confirm form")); // not the applicant's to record
        var at = page.QuerySelector("#members .member-confirm input[name='ConfirmedAt']")!.GetAttribute("value")!; // now, in the office's time
        var recorded = await agency.SubmitAsync(page, "#members .member-confirm form", new()
        {
            ["ConfirmedBy"] = "Made Wirawan", ["Method"] = "Phone", ["ConfirmedAt"] = at,
        });
        Assert.True(recorded.Page.QuerySelector(".alert.error") is null, Sop3.Sop3.Text(recorded.Page.QuerySelector(".alert.error")));
        Assert.Contains("selesai dan diarsipkan", Sop3.Sop3.Text(recorded.Page.QuerySelector("#request-status")));
        Assert.Contains("2 dikonfirmasi", Sop3.Sop3.Text(recorded.Page.QuerySelector("#member-progress")));
        Assert.Equal(3, (await lpse.GetPageAsync($"/Prosedur/{id}")).QuerySelectorAll("#copies li").Length);
    }

    [Fact]
    public async Task Batang_TheSecondOfficeRunsItsOwnVariantWithItsOwnWordsAndCopies()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings());
        using var head = factory.CreateFormClient();
        using var agency = factory.CreateFormClient();
        await head.SignInAsync("kepala.ulp@batang.contoh.go.id");
        await agency.SignInAsync("admin.agency@batang.contoh.go.id");

        var start = await head.GetPageAsync("/Prosedur/Ajukan/1");
        Assert.Contains("Kepala ULP", Sop3.Sop3.Text(start.QuerySelector("h1 + p")));
        Assert.Contains("tembusan kepada LPSE", Sop3.Sop3.Text(start.QuerySelector("h1 + p")));
        var id = await StartedAsync(head, Fields(Members[0]));
        var request = await factory.WithDbAsync(db => db.AccessRequests.Include(r => r.Sop).SingleAsync(r => r.Id == id));
        Assert.Equal("Permintaan User ID/Password Anggota Pokja ULP", request.Sop!.Title);
        Assert.Equal(AccessRequest.NoDeadline, request.CurrentStepDueAt); // step 2: N/A
        var copy = await ReceivedMail.WaitForAsync(factory.MailFolder, m => m.To.Contains("lpse@batang.contoh.go.id", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        Assert.NotNull(copy);

        // The first office's Admin Agency does not see it; Batang's does.
        using var other = factory.CreateFormClient();
        await other.SignInAsync(DemoUsers.AdminAgency);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Prosedur/{id}")).StatusCode);
        Assert.NotNull((await agency.GetPageAsync($"/Prosedur/{id}")).QuerySelector("#member-decisions"));
    }

    [Fact]
    public async Task BadInput_TheListIsCheckedRowByRowAndAnImportWithABadLineFillsNothing()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings());
        using var head = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaUkpbj);

        // Typed rows: an invalid NIP and a duplicate email are named on their rows; nothing is saved, the rows stay.
        var page = await head.GetPageAsync("/Prosedur/Ajukan/1");
        var bad = Fields(Members[0], [.. Members[1][..1], "12345", .. Members[1][2..5], Members[0][5], Members[1][6]]);
        var refused = await head.SubmitAsync(page, StartForm, bad, Documents());
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("NIP", Sop3.Sop3.Text(refused.Page.QuerySelector(".validation-summary-errors")));
        Assert.Equal("Made Wirawan", (refused.Page.QuerySelector("#Members\\[1\\]\\.FullName") as AngleSharp.Html.Dom.IHtmlInputElement)?.Value);
        Assert.Equal(0, await factory.WithDbAsync(db => db.AccessRequests.CountAsync(r => r.Type == RequestType.PokjaAccounts)));

        // The three documents are required with the request.
        page = await head.GetPageAsync("/Prosedur/Ajukan/1");
        var noLetter = await head.SubmitAsync(page, StartForm, Fields(Members), Documents()[..2]);
        Assert.Contains("Surat Penugasan Pokja", Sop3.Sop3.Text(noLetter.Page.QuerySelector(".validation-summary-errors")));
        Assert.Equal(0, await factory.WithDbAsync(db => db.AccessRequests.CountAsync(r => r.Type == RequestType.PokjaAccounts)));

        // The templates download; an import with a bad line names it and fills nothing; a good one fills the rows.
        using (var xlsx = await head.GetAsync("/Prosedur/Ajukan/1/Templat?format=xlsx"))
        {
            Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
            Assert.StartsWith("PK", Encoding.ASCII.GetString((await xlsx.Content.ReadAsByteArrayAsync())[..2]));
        }

        using (var csv = await head.GetAsync("/Prosedur/Ajukan/1/Templat?format=csv"))
        {
            Assert.Contains("NIP", await csv.Content.ReadAsStringAsync());
        }

        var header = "No;Nama;NIP;Jabatan;Pangkat/Golongan;Instansi;Email;No. HP\n";
        var good = string.Join("\n", Members.Select((m, i) => $"{i + 1};{string.Join(';', m)}"));
        page = await head.GetPageAsync("/Prosedur/Ajukan/1");
        page.QuerySelector(StartForm)!.SetAttribute("action", "/Prosedur/Ajukan/1/Impor");
        var broken = await head.SubmitAsync(page, StartForm, new() { ["PokjaName"] = "Pokja 9" },
            [new FormFile("MemberFile", "anggota.csv", Encoding.UTF8.GetBytes(header + good + "\n3;Orang Salah;999;Staf;III-a;Dinas;salah@contoh.go.id;0812"), "text/csv")]);
        var errors = Sop3.Sop3.Text(broken.Page.QuerySelector(".validation-summary-errors"));
        Assert.Contains("Baris 4, kolom NIP", errors); // the bad row, by its line in the file
        Assert.Null(broken.Page.QuerySelector("#import-done"));
        Assert.Equal("Pokja 9", (broken.Page.QuerySelector("#PokjaName") as AngleSharp.Html.Dom.IHtmlInputElement)?.Value);
        Assert.Equal("", (broken.Page.QuerySelector("#Members\\[0\\]\\.FullName") as AngleSharp.Html.Dom.IHtmlInputElement)?.Value);

        page = await head.GetPageAsync("/Prosedur/Ajukan/1");
        page.QuerySelector(StartForm)!.SetAttribute("action", "/Prosedur/Ajukan/1/Impor");
        var imported = await head.SubmitAsync(page, StartForm, [], [new FormFile("MemberFile", "anggota.csv", Encoding.UTF8.GetBytes(header + good), "text/csv")]);
        Assert.Contains("2 anggota", Sop3.Sop3.Text(imported.Page.QuerySelector("#import-done")));
        Assert.Equal("Made Wirawan", (imported.Page.QuerySelector("#Members\\[1\\]\\.FullName") as AngleSharp.Html.Dom.IHtmlInputElement)?.Value);

        var disguised = await head.SubmitAsync(page, StartForm, [], [new FormFile("MemberFile", "anggota.xlsx", SampleFiles.Pdf("bukan"), "application/pdf")]);
        Assert.Contains("CSV", Sop3.Sop3.Text(disguised.Page.QuerySelector(".validation-summary-errors")));

        // The account-request form drawn from the list, before anything is sent.
        page = await head.GetPageAsync("/Prosedur/Ajukan/1");
        page.QuerySelector(StartForm)!.SetAttribute("action", "/Prosedur/Ajukan/1/Formulir");
        var pdf = await head.SubmitAsync(page, StartForm, Fields(Members), follow: false);
        Assert.Equal(HttpStatusCode.OK, pdf.Status);
        Assert.StartsWith("%PDF", pdf.Page.DocumentElement.TextContent.TrimStart());
    }

    [Fact]
    public async Task OnlyTheHeadOfTheUnitMayStartItOrUseItsImport()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings());
        using var pokja = factory.CreateFormClient();
        await pokja.SignInAsync(DemoUsers.Pokja);
        foreach (var url in new[] { "/Prosedur/Ajukan/1", "/Prosedur/Ajukan/1/Templat?format=csv" })
        {
            using var refused = await pokja.GetAsync(url);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden || refused.Headers.Location?.ToString().Contains("/Akun/AksesDitolak") == true,
                $"{url}: {(int)refused.StatusCode} {refused.Headers.Location}");
        }
    }

    [GeneratedRegex(@"https?://\S+/Kredensial/Konfirmasi\?t=\S+")]
    private static partial Regex ConfirmLink();
}
