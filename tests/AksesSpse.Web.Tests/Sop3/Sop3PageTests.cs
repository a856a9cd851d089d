using System.Net;
using System.Text.RegularExpressions;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using AksesSpse.Web.Tests.Email;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AksesSpse.Web.Tests.Sop3;

/// <summary>
/// SOP 3 (registration of LPSE staff accounts) through the real pages of the engine, on each database provider: Kepala LPSE
/// starts and orders, Admin PPE makes the accounts, sends the links and archives, each person opens their own link.
/// </summary>
[Trait("Sop", "StaffRegistration")]
public sealed partial class Sop3PageTests
{
    private static DateOnly Yesterday => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2);

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task WholeSop_HeadOrders_AdminPpeMakesAndSends_PersonSeesPasswordOnceWithTheRightNip(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database });
        using var head = factory.CreateFormClient();
        using var ppe = factory.CreateFormClient();
        using var person = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);
        await ppe.SignInAsync(DemoUsers.AdminPpe);

        // Step 1 (the form) and step 2 (the order) by Kepala LPSE.
        var nav = await head.GetPageAsync("/Sop");
        Assert.NotNull(nav.QuerySelector("nav a[href='/Prosedur/Ajukan/3']"));
        var id = await Sop3.StartedAsync(head, Sop3.Fields(Yesterday, Sop3.Dewi, Sop3.Agus));
        var page = await head.GetPageAsync($"/Prosedur/{id}");
        Assert.Contains("langkah 2", Sop3.Text(page.QuerySelector("#request-status")));
        Assert.Contains("sk-pembuatan-akun.pdf", Sop3.Text(page.QuerySelector("#documents")));
        Assert.Equal(2, page.QuerySelectorAll("#persons tbody tr").Length);
        Assert.Null((await ppe.GetPageAsync($"/Prosedur/{id}")).QuerySelector(Sop3.StepForm)); // not Admin PPE's step yet
        page = Sop3.Accepted(await Sop3.StepAsync(head, id));
        Assert.Contains("Admin PPE", Sop3.Text(page.QuerySelector("#request-status")));
        Assert.Null(page.QuerySelector(Sop3.StepForm));

        // The generated account form.
        using (var pdf = await head.GetAsync($"/Prosedur/{id}/Formulir"))
        {
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync())[..4]);
        }

        // Step 3 by Admin PPE: found from the list, both ticks required, the passwords shown once on a page not to be stored.
        var list = await ppe.GetPageAsync("/Prosedur?sop=3");
        Assert.NotNull(list.QuerySelector($"#procedure-requests a[href='/Prosedur/{id}']"));
        var refused = await Sop3.StepAsync(ppe, id, new() { ["Persons[0].Done"] = "true", ["Persons[1].Done"] = "true" });
        Assert.Contains("butir pemeriksaan belum dicentang", Sop3.Text(refused.Page.QuerySelector(".alert.error")));
        page = await ppe.GetPageAsync($"/Prosedur/{id}");
        using var made = await Sop3.PostStepAsync(ppe, page, Sop3.AllMade(2));
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        Assert.Contains("no-store", made.Headers.CacheControl?.ToString() ?? "");
        var secrets = (await FormClient.ParseAsync(made)).QuerySelectorAll("#secrets tbody tr")
            .ToDictionary(tr => Sop3.Text(tr.QuerySelectorAll("td")[1]), tr => Sop3.Text(tr.QuerySelector(".secret")));
        Assert.Equal(["agus.helpdesk", "dewi.verif"], secrets.Keys.Order());
        Assert.All(secrets.Values, p => Assert.Equal(16, p.Length));
        page = await ppe.GetPageAsync($"/Prosedur/{id}");
        Assert.DoesNotContain(secrets["dewi.verif"], page.Body!.TextContent);
        Assert.Equal(2, page.QuerySelectorAll("#persons .tag.ok").Length);
        var accounts = await factory.WithDbAsync(db => db.SpseAccounts.Where(a => a.SkNumber == "800/12/LPSE/2026").Select(a => a.UserId).ToListAsync());
        Assert.Equal(["agus.helpdesk", "dewi.verif"], accounts.Order());

        // Step 4: the links are emailed; step 5: archived.
        Sop3.Accepted(await Sop3.StepAsync(ppe, id));
        page = Sop3.Accepted(await Sop3.StepAsync(ppe, id));
        Assert.Contains("selesai dan diarsipkan", Sop3.Text(page.QuerySelector("#request-status")));
        Assert.Equal(5, page.QuerySelectorAll("#timeline tbody tr").Length);

        var mail = await ReceivedMail.WaitForAsync(factory.MailFolder, m => m.To.Contains(Sop3.Dewi.Email, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        Assert.NotNull(mail);
        Assert.DoesNotContain(secrets["dewi.verif"], mail.Body);
        var link = PersonLink().Match(mail.Body);
        Assert.True(link.Success, "no account link in the email: " + mail.Body);

        // The person, not signed in: the NIP form; a wrong NIP is refused and the form stays; the right one shows it once.
        var open = await person.GetPageAsync(new Uri(link.Value).PathAndQuery);
        Assert.NotNull(open.QuerySelector("#nip-form"));
        var wrong = await person.SubmitAsync(open, "#nip-form", new() { ["Nip"] = Sop3.Agus.Nip });
        Assert.Contains("NIP tidak sesuai", Sop3.Text(wrong.Page.QuerySelector(".field-error")));
        Assert.NotNull(wrong.Page.QuerySelector("#nip-form"));
        var shown = await person.SubmitAsync(wrong.Page, "#nip-form", new() { ["Nip"] = Sop3.Dewi.Nip });
        Assert.Equal(secrets["dewi.verif"], Sop3.Text(shown.Page.QuerySelector("#revealed-password")));
        Assert.Equal("dewi.verif", Sop3.Text(shown.Page.QuerySelector("#revealed-user-id")));
        Assert.Contains("wajib mengganti password", Sop3.Text(shown.Page.QuerySelector("#change-password")));

        var again = await person.GetPageAsync(new Uri(link.Value).PathAndQuery);
        Assert.Contains("sudah dipakai", Sop3.Text(again.QuerySelector("#link-problem")));
        Assert.Null(again.QuerySelector("#nip-form"));
        var unknown = await person.GetPageAsync("/Kredensial/Akun?token=tidak-ada");
        Assert.Contains("tidak dikenal", Sop3.Text(unknown.QuerySelector("#link-problem")));

        // Agus lost his mail: Admin PPE (only) makes his password again and sends a new link; Dewi's opened one is not offered.
        Assert.Empty((await head.GetPageAsync($"/Prosedur/{id}")).QuerySelectorAll(".reissue-form"));
        page = await ppe.GetPageAsync($"/Prosedur/{id}");
        Assert.Contains("sudah dibuka", Sop3.Text(page.QuerySelector("#persons")));
        Assert.Single(page.QuerySelectorAll(".reissue-form"));
        var agusOld = PersonLink().Match((await ReceivedMail.WaitForAsync(factory.MailFolder,
            m => m.To.Contains(Sop3.Agus.Email, StringComparison.Ordinal), TimeSpan.FromSeconds(20)))!.Body).Value;
        var reissued = await ppe.SubmitAsync(page, ".reissue-form", new());
        Assert.Contains("dibuat ulang", Sop3.Text(reissued.Page.QuerySelector("h1")));
        var agusPassword = Sop3.Text(reissued.Page.QuerySelector("#secrets .secret"));
        Assert.Equal(16, agusPassword.Length);
        var renewed = await ReceivedMail.WaitForAsync(factory.MailFolder,
            m => m.To.Contains(Sop3.Agus.Email, StringComparison.Ordinal) && m.Subject.Contains("Tautan baru", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        Assert.NotNull(renewed);
        var agusNew = PersonLink().Match(renewed.Body).Value;
        Assert.NotEqual(agusOld, agusNew);
        Assert.NotNull((await person.GetPageAsync(new Uri(agusOld).PathAndQuery)).QuerySelector("#link-problem"));
        var agusOpen = await person.GetPageAsync(new Uri(agusNew).PathAndQuery);
        var agusShown = await person.SubmitAsync(agusOpen, "#nip-form", new() { ["Nip"] = Sop3.Agus.Nip });
        Assert.Equal(agusPassword, Sop3.Text(agusShown.Page.QuerySelector("#revealed-password")));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task BadInput_IsRefusedWithItsReason_AndTheFormKeepsWhatWasTyped(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        using var head = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);

        async Task<string> Refused(Dictionary<string, string> fields, IEnumerable<FormFile>? files = null)
        {
            var result = await Sop3.StartAsync(head, fields, files);
            Assert.Equal(HttpStatusCode.OK, result.Status);
            Assert.NotNull(result.Page.QuerySelector("#files-again"));
            Assert.Equal(fields["SkNumber"], result.Page.QuerySelector("#SkNumber")?.GetAttribute("value"));
            Assert.Equal(fields["Persons[0].FullName"], result.Page.QuerySelector("input[name='Persons[0].FullName']")?.GetAttribute("value"));
            return Sop3.Text(result.Page.QuerySelector(".validation-summary-errors"));
        }

        var future = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3);
        Assert.Contains("belum tiba", await Refused(Sop3.Fields(future, Sop3.Dewi)));
        Assert.Contains("dokumen wajib belum diunggah", await Refused(Sop3.Fields(Yesterday, Sop3.Dewi), []));
        Assert.Contains("PDF", await Refused(Sop3.Fields(Yesterday, Sop3.Dewi), [Sop3.Sk("sk.pdf", SampleFiles.Exe())]));
        Assert.Contains("tercantum lebih dari sekali", await Refused(Sop3.Fields(Yesterday, Sop3.Dewi, Sop3.Agus with { UserId = Sop3.Dewi.UserId })));
        Assert.Contains("User ID rina.pokja sudah dipakai", await Refused(Sop3.Fields(Yesterday, Sop3.Dewi with { UserId = "rina.pokja" })));
        var missing = Sop3.Fields(Yesterday, Sop3.Dewi);
        missing["Persons[0].Email"] = "";
        Assert.Contains("Email wajib diisi", await Refused(missing));

        var officeId = await factory.WithDbAsync(db => db.Offices.Select(o => o.Id).FirstAsync());
        await factory.WithDbAsync(async db =>
        {
            db.SpseAccounts.Add(new SpseAccount
            {
                OfficeId = officeId, UserId = "dewi.lama", HolderName = Sop3.Dewi.Name, HolderNip = Sop3.Dewi.Nip, HolderEmail = Sop3.Dewi.Email,
                Agency = "LPSE", Role = SpseRole.Verifikator, SkNumber = "1/2025", Status = SpseAccountStatus.Active,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        Assert.Contains("sudah memegang akun Verifikator yang aktif (dewi.lama)", await Refused(Sop3.Fields(Yesterday, Sop3.Dewi)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.AccessRequests.CountAsync(r => r.Type == RequestType.StaffRegistration)));

        // Empty rows are ignored; a double submission (same key) makes one request.
        var page = await head.GetPageAsync("/Prosedur/Ajukan/3");
        Assert.Equal(5, page.QuerySelectorAll("fieldset.person-row").Length);
        var fields = Sop3.Fields(Yesterday, Sop3.Agus);
        var first = await head.SubmitAsync(page, Sop3.StartForm, fields, [Sop3.Sk()]);
        var second = await head.SubmitAsync(page, Sop3.StartForm, fields, [Sop3.Sk()]);
        Assert.Equal(first.Location, second.Location);
        Assert.Equal(1, await factory.WithDbAsync(db => db.AccessRequests.CountAsync(r => r.Type == RequestType.StaffRegistration)));
    }

    [Fact]
    public async Task OnlyTheStepsActorOfTheOfficeMoves_OthersAreRefused_AndDocumentsNeedASignIn()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { OutboxWorker = false });
        using var head = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);
        var id = await Sop3.StartedAsync(head, Sop3.Fields(Yesterday, Sop3.Dewi));
        Sop3.Accepted(await Sop3.StepAsync(head, id));

        foreach (var email in new[] { DemoUsers.Pokja, DemoUsers.Helpdesk })
        {
            using var other = factory.CreateFormClient();
            await other.SignInAsync(email);
            using var start = await other.GetAsync("/Prosedur/Ajukan/3");
            Assert.True(start.StatusCode == HttpStatusCode.Forbidden || start.Headers.Location?.ToString().Contains("/Akun/AksesDitolak") == true,
                $"{email} may open the SOP 3 start form: {(int)start.StatusCode}");
        }

        // Admin Agency sees the request but step 3 is Admin PPE's.
        using var agency = factory.CreateFormClient();
        await agency.SignInAsync(DemoUsers.AdminAgency);
        var agencyPage = await agency.GetPageAsync($"/Prosedur/{id}");
        Assert.Null(agencyPage.QuerySelector(Sop3.StepForm));
        using (var ppe = factory.CreateFormClient())
        {
            await ppe.SignInAsync(DemoUsers.AdminPpe);
            var ppePage = await ppe.GetPageAsync($"/Prosedur/{id}");
            var token = agencyPage.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
            var version = ppePage.QuerySelector("#step-form input[name=Version]")!.GetAttribute("value")!;
            using var forged = await agency.Http.PostAsync($"/Prosedur/{id}/Langkah", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["StepNumber"] = "3", ["Version"] = version, ["Answer"] = "Done",
                ["Persons[0].PersonId"] = "1", ["Persons[0].Done"] = "true", ["Checked"] = "PANDUAN_SPSE",
            }));
            Assert.True(forged.StatusCode == HttpStatusCode.Forbidden || forged.Headers.Location?.ToString().Contains("/Akun/AksesDitolak") == true,
                $"Admin Agency moved step 3: {(int)forged.StatusCode} {forged.Headers.Location}");
        }

        // Another office's Admin PPE does not see the request at all.
        var otherOffice = await factory.WithDbAsync(async db =>
        {
            var office = new Office { Code = "LAIN", Name = "LPSE Kota Lain", TimeZoneId = "Asia/Jakarta", Email = "lpse@lain.go.id" };
            db.Offices.Add(office);
            await db.SaveChangesAsync();
            return office.Id;
        });
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser
            {
                UserName = "ppe@lain.go.id", Email = "ppe@lain.go.id", EmailConfirmed = true, FullName = "Admin PPE Kota Lain",
                OfficeId = otherOffice, CreatedAt = DateTime.UtcNow,
            };
            Assert.True((await users.CreateAsync(user, DemoUsers.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.AdminPpe)).Succeeded);
        }

        using var stranger = factory.CreateFormClient();
        await stranger.SignInAsync("ppe@lain.go.id");
        using (var detail = await stranger.GetAsync($"/Prosedur/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, detail.StatusCode);
        }

        var documentId = await factory.WithDbAsync(db => db.RequestDocuments.Where(d => d.AccessRequestId == id).Select(d => d.Id).SingleAsync());
        using (var doc = await stranger.GetAsync($"/Prosedur/{id}/Dokumen/{documentId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, doc.StatusCode);
        }

        using (var doc = await head.GetAsync($"/Prosedur/{id}/Dokumen/{documentId}"))
        {
            Assert.Equal(HttpStatusCode.OK, doc.StatusCode);
        }

        using var anonymous = factory.CreateFormClient();
        using (var doc = await anonymous.GetAsync($"/Prosedur/{id}/Dokumen/{documentId}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, doc.StatusCode);
            Assert.StartsWith("/Akun/Masuk", doc.Headers.Location?.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task TwoAdminPpeAtOnce_OneMakesTheAccounts_TheOtherGetsTheConflictMessage(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        using var head = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);
        var id = await Sop3.StartedAsync(head, Sop3.Fields(Yesterday, Sop3.Dewi));
        Sop3.Accepted(await Sop3.StepAsync(head, id));
        await Sop4.Sop4.CreateUserAsync(factory, "ppe2@contoh.go.id", "Admin PPE Kedua", "198701012010011001", Roles.AdminPpe);

        using var one = factory.CreateFormClient();
        using var two = factory.CreateFormClient();
        await one.SignInAsync(DemoUsers.AdminPpe);
        await two.SignInAsync("ppe2@contoh.go.id");
        var pageOne = await one.GetPageAsync($"/Prosedur/{id}");
        var pageTwo = await two.GetPageAsync($"/Prosedur/{id}");
        var responses = await Task.WhenAll(Sop3.PostStepAsync(one, pageOne, Sop3.AllMade(1)), Sop3.PostStepAsync(two, pageTwo, Sop3.AllMade(1)));
        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            var loser = responses.SingleOrDefault(r => r.StatusCode == HttpStatusCode.Redirect);
            if (loser is null)
            {
                // Say what the other answer was (a rare failure under load was once seen here without it).
                var other = responses.First(r => r.StatusCode != HttpStatusCode.OK);
                var body = await other.Content.ReadAsStringAsync();
                Assert.Fail($"The second Admin PPE got {(int)other.StatusCode} instead of a redirect: {body[..Math.Min(body.Length, 1500)]}");
            }

            var client = ReferenceEquals(loser, responses[0]) ? one : two;
            var after = await client.GetPageAsync(loser.Headers.Location!.OriginalString);
            Assert.Contains("baru saja diproses oleh petugas lain", Sop3.Text(after.QuerySelector(".alert.error")));
            Assert.Equal(1, await factory.WithDbAsync(db => db.SpseAccounts.CountAsync(a => a.UserId == Sop3.Dewi.UserId)));
        }
        finally
        {
            foreach (var r in responses)
            {
                r.Dispose();
            }
        }
    }

    [Fact]
    public async Task TheAccountLinkPage_IsNotStored_AndItsNipFormIsRateLimitedPerClient()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings
        {
            OutboxWorker = false,
            Extra = new Dictionary<string, string?>
            {
                ["RateLimits:Enabled"] = "true", ["RateLimits:AnonymousFormPerClient:PermitLimit"] = "2",
                ["RateLimits:AnonymousFormPerClient:WindowSeconds"] = "3600",
            },
        });
        using var anonymous = factory.CreateFormClient();
        using (var open = await anonymous.GetAsync("/Kredensial/Akun?token=tidak-ada"))
        {
            Assert.Contains("no-store", open.Headers.CacheControl?.ToString() ?? "");
        }

        // A link that works shows the form; guessing NIPs on it is throttled like every anonymous form.
        var token = await factory.WithDbAsync(async db =>
        {
            var request = new AccessRequest
            {
                Number = "RGS-2026-999999", OfficeId = await db.Offices.Select(o => o.Id).FirstAsync(), Kind = AksesSpse.Core.Sop.SopKind.StaffRegistration,
                SopDefinitionId = await db.SopDefinitions.Select(s => s.Id).FirstAsync(), ApplicantUserId = await db.Users.Select(u => u.Id).FirstAsync(),
                ApplicantName = "Kepala LPSE", ApplicantEmail = "kepala@contoh.go.id", Status = RequestStatus.InProgress, SubmittedAt = DateTime.UtcNow,
                Persons = [new RequestPerson { Order = 1, FullName = Sop3.Dewi.Name, Nip = Sop3.Dewi.Nip, Email = Sop3.Dewi.Email, UserId = Sop3.Dewi.UserId }],
            };
            db.AccessRequests.Add(request);
            await db.SaveChangesAsync();
            return request.Id;
        });
        string link;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AksesSpse.Core.Data.AppDbContext>();
            var credentials = scope.ServiceProvider.GetRequiredService<AksesSpse.Core.Credentials.CredentialService>();
            var personId = await db.RequestPersons.Where(p => p.AccessRequestId == token).Select(p => p.Id).SingleAsync();
            var delivery = credentials.Prepare(token, null, Sop3.Dewi.UserId, Sop3.Dewi.Email, "Rahasia#Sementara1");
            delivery.RequestPersonId = personId;
            link = credentials.PersonLink(credentials.IssueToken(delivery));
            await db.SaveChangesAsync();
        }

        var page = await anonymous.GetPageAsync(new Uri(link).PathAndQuery);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await anonymous.SubmitAsync(page, "#nip-form", new() { ["Nip"] = "198001012005011001" })).Status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [GeneratedRegex(@"http://localhost/Kredensial/Akun\?token=[A-Za-z0-9_-]+")]
    private static partial Regex PersonLink();
}
