using System.Net;
using System.Text.Json;
using AksesSpse.Core.Notifications;
using AksesSpse.Web.Tests.Infrastructure;
using Sop4Pages = AksesSpse.Web.Tests.Sop4.Sop4;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace AksesSpse.Web.Tests.Email;

/// <summary>
/// M4: the outbox no longer gives up silently. The Administrator's mail page lists failed and waiting mail with the reason
/// and retries or resends it; a failed mail shows on the request's page; /health tells the oldest waiting mail's age.
/// </summary>
[Trait("Category", "Email")]
public sealed class MailAdminTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task AFailedMailIsListedWithItsReason_ShowsOnTheRequestsPage_AndCobaLagiPutsItBackInTheQueue(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        using var pokja = factory.CreateFormClient();
        await pokja.SignInAsync(DemoUsers.Pokja);
        var requestId = await Sop4Pages.SubmitAsync(pokja, Sop4Pages.ResetFields());
        var number = await factory.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == requestId).Select(r => r.Number).SingleAsync());
        const string reason = "Ditolak permanen oleh server SMTP (550, alamat pokja@contoh.go.id): User unknown";
        var id = await factory.WithDbAsync(async db =>
        {
            var message = await db.OutboxMessages.SingleAsync(m => m.AccessRequestId == requestId && m.Kind == "received");
            message.Failed = true;
            message.Attempts = 1;
            message.LastError = reason;
            await db.SaveChangesAsync();
            return message.Id;
        });

        using var admin = factory.CreateFormClient();
        await admin.SignInAsync(DemoUsers.Administrator);
        var page = await admin.GetPageAsync("/Admin/Surel");
        var row = page.QuerySelector($"#mail-{id}");
        Assert.NotNull(row);
        var text = Sop4Pages.Text(row);
        Assert.Contains("Gagal", text);
        Assert.Contains("Tanda terima permohonan", text);
        Assert.Contains(reason, text);
        Assert.Contains(DemoUsers.Pokja, text);
        Assert.Equal($"/Permohonan/Detail/{requestId}", row.QuerySelector($"a[href='/Permohonan/Detail/{requestId}']")?.GetAttribute("href"));
        Assert.Equal(number, Sop4Pages.Text(row.QuerySelector("a")));
        Assert.NotNull(row.QuerySelector("form[action='/Admin/Surel/CobaLagi']"));
        Assert.Null((await admin.GetPageAsync("/Admin/Surel?status=terkirim")).QuerySelector($"#mail-{id}"));

        // The request's page warns staff, with what failed, why, and what to do; the applicant is not alarmed.
        using var agency = factory.CreateFormClient();
        await agency.SignInAsync(DemoUsers.AdminAgency);
        var warning = Sop4Pages.Text((await Sop4Pages.DetailAsync(agency, requestId)).QuerySelector("#mail-failed"));
        Assert.Contains("gagal terkirim", warning);
        Assert.Contains("Tanda terima permohonan", warning);
        Assert.Contains(reason, warning);
        Assert.Contains("Coba lagi", warning);
        Assert.Null((await Sop4Pages.DetailAsync(pokja, requestId)).QuerySelector("#mail-failed"));

        var retried = await admin.SubmitAsync(page, $"#mail-{id} form[action='/Admin/Surel/CobaLagi']", []);
        Assert.Contains("dikembalikan ke antrean", Sop4Pages.Text(retried.Page.QuerySelector(".alert.success")));
        var after = await factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.False(after.Failed);
        Assert.Equal(0, after.Attempts);
        Assert.Null(after.SentAt);
        Assert.Contains("Menunggu", Sop4Pages.Text(retried.Page.QuerySelector($"#mail-{id}")));
        Assert.Null((await Sop4Pages.DetailAsync(agency, requestId)).QuerySelector("#mail-failed"));

        // A second retry of the same message is refused politely: it is no longer failed.
        var again = await admin.SubmitAsync(page, $"#mail-{id} form[action='/Admin/Surel/CobaLagi']", []);
        Assert.Contains("Hanya surel yang gagal", Sop4Pages.Text(again.Page.QuerySelector(".alert.error")));
    }

    [Fact]
    public async Task ACredentialMailThatTheSmtpServerRefusesPermanently_ShowsOnTheRequestsPageForStaff()
    {
        // The real outbox worker against a server that refuses every recipient for good.
        await using var smtp = FakeSmtpServer.Start("550 5.1.1 Recipient address rejected: User unknown");
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = DatabaseKind.Sqlite, SmtpPort = smtp.Port });
        using var pokja = factory.CreateFormClient();
        using var agency = factory.CreateFormClient();
        await pokja.SignInAsync(DemoUsers.Pokja);
        await agency.SignInAsync(DemoUsers.AdminAgency);

        // SOP 4 up to step 6: the temporary password is made.
        var requestId = await Sop4Pages.SubmitAsync(pokja, Sop4Pages.ResetFields());
        Sop4Pages.Accepted(await Sop4Pages.ActAsync(agency, requestId, "#step-form[data-kind=CompletenessCheck]", submitter: ("Answer", "Yes")));
        var page = Sop4Pages.Accepted(await Sop4Pages.ActAsync(agency, requestId, "#step-form[data-kind=ValidityCheck]",
            new() { ["Note"] = "Dikonfirmasi lewat telepon." }, ("Answer", "Yes")));
        using (var executed = await Sop4Pages.PostFormAsync(agency, page, "#step-form[data-kind=AccountAction]"))
        {
            Assert.Equal(HttpStatusCode.OK, executed.StatusCode);
        }

        // Step 8: the holder is told; the one-time link goes out by mail.
        Sop4Pages.Accepted(await Sop4Pages.ActAsync(agency, requestId, "#step-form[data-kind=Notify]"));

        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        OutboxMessage? credential;
        while (true)
        {
            credential = await factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
                .SingleOrDefaultAsync(m => m.AccessRequestId == requestId && m.Kind == OutboxDispatcher.CredentialKind));
            if (credential is { Failed: true } || DateTime.UtcNow > until)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.True(credential is { Failed: true, SentAt: null },
            $"the credential mail was not marked failed: {(credential is null ? "no row" : $"attempts {credential.Attempts}, error {credential.LastError}")}");
        Assert.NotNull(credential);
        var reason = credential.LastError;
        Assert.NotNull(reason);
        Assert.Equal(1, credential.Attempts);
        Assert.StartsWith("Ditolak permanen oleh server SMTP (550", reason);

        // Staff see it on the request's page: which mail, to whom, why, and what to do.
        var warning = Sop4Pages.Text((await Sop4Pages.DetailAsync(agency, requestId)).QuerySelector("#mail-failed"));
        Assert.Contains("gagal terkirim", warning);
        Assert.Contains(OutboxAdmin.KindLabel(OutboxDispatcher.CredentialKind), warning);
        Assert.Contains(credential.To, warning);
        Assert.Contains(reason, warning);
        Assert.Contains("Pemegang akun belum menerima tautan password sementara", warning);

        // The applicant's view of the same request carries no such alarm.
        Assert.Null((await Sop4Pages.DetailAsync(pokja, requestId)).QuerySelector("#mail-failed"));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task KirimUlang_QueuesASentMailAsANewMessage_ButRefusesACredentialMailWhoseLinkWasRemoved(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        using var pokja = factory.CreateFormClient();
        await pokja.SignInAsync(DemoUsers.Pokja);
        var requestId = await Sop4Pages.SubmitAsync(pokja, Sop4Pages.ResetFields());
        var (receivedId, credentialId) = await factory.WithDbAsync(async db =>
        {
            var received = await db.OutboxMessages.SingleAsync(m => m.AccessRequestId == requestId && m.Kind == "received");
            received.SentAt = DateTime.UtcNow;
            received.Attempts = 1;
            var credential = new OutboxMessage
            {
                AccessRequestId = requestId, Kind = OutboxDispatcher.CredentialKind, To = DemoUsers.Pokja, Subject = "Password sementara",
                Body = $"Buka: {OutboxDispatcher.RemovedLink}", CreatedAt = DateTime.UtcNow, NextAttemptAt = DateTime.UtcNow,
                SentAt = DateTime.UtcNow, Attempts = 1, RedactAfterSend = true,
            };
            db.OutboxMessages.Add(credential);
            await db.SaveChangesAsync();
            return (received.Id, credential.Id);
        });

        using var admin = factory.CreateFormClient();
        await admin.SignInAsync(DemoUsers.Administrator);
        var page = await admin.GetPageAsync("/Admin/Surel?status=terkirim");
        Assert.Null(page.QuerySelector($"#mail-{credentialId} form[action='/Admin/Surel/KirimUlang']"));
        Assert.Contains("Tidak dapat dikirim ulang", Sop4Pages.Text(page.QuerySelector($"#mail-{credentialId}")));

        var resent = await admin.SubmitAsync(page, $"#mail-{receivedId} form[action='/Admin/Surel/KirimUlang']", []);
        Assert.Contains("diantrekan untuk dikirim ulang", Sop4Pages.Text(resent.Page.QuerySelector(".alert.success")));
        var rows = await factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.AccessRequestId == requestId && m.Kind == "received").OrderBy(m => m.Id).ToListAsync());
        Assert.Equal(2, rows.Count);
        Assert.Equal(rows[0].Subject, rows[1].Subject);
        Assert.Equal(rows[0].Body, rows[1].Body);
        Assert.Null(rows[1].SentAt);
        Assert.False(rows[1].Failed);

        // Posting the resend of the credential mail anyway (an old page) is refused with what to do instead.
        var form = new FormUrlEncodedContent([
            new("__RequestVerificationToken", page.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!),
            new("id", credentialId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("status", "terkirim"),
        ]);
        var refused = await admin.Http.PostAsync("/Admin/Surel/KirimUlang", form);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var shown = await admin.GetPageAsync(refused.Headers.Location!.OriginalString);
        var error = Sop4Pages.Text(shown.QuerySelector(".alert.error"));
        Assert.Contains("tidak dapat dikirim ulang", error);
        Assert.Contains("password sementara baru", error);
        Assert.Equal(1, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == OutboxDispatcher.CredentialKind)));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Health_GivesTheOldestWaitingMailsAge_AndTurnsDegradedPastTheThreshold(DatabaseKind database)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = await AppFactory.CreateAsync(new AppSettings
        {
            Database = database, OutboxWorker = false, Clock = clock,
            Extra = new Dictionary<string, string?> { ["Email:HealthMaxWaitingSeconds"] = "600" },
        });
        using var anonymous = factory.CreateFormClient();

        var empty = await HealthAsync(anonymous);
        Assert.Equal("Healthy", empty.GetProperty("status").GetString());
        Assert.Equal(0, Outbox(empty).GetProperty("waiting").GetInt32());

        using var pokja = factory.CreateFormClient();
        await pokja.SignInAsync(DemoUsers.Pokja);
        await Sop4Pages.SubmitAsync(pokja, Sop4Pages.ResetFields());
        await factory.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Kind = "confirm-email", To = "x@contoh.go.id", Subject = "Konfirmasi", Body = "x", Failed = true, Attempts = 1,
                CreatedAt = clock.GetUtcNow().UtcDateTime, NextAttemptAt = clock.GetUtcNow().UtcDateTime,
            });
            return await db.SaveChangesAsync();
        });

        // Waiting: the applicant's receipt and the officers' new-work mail (ADR 0023).
        var waiting = await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.SentAt == null && !m.Failed));
        Assert.Equal(2, waiting);
        clock.Advance(TimeSpan.FromSeconds(300));
        var young = await HealthAsync(anonymous);
        Assert.Equal("Healthy", young.GetProperty("status").GetString());
        Assert.Equal(waiting, Outbox(young).GetProperty("waiting").GetInt32());
        Assert.Equal(1, Outbox(young).GetProperty("failed").GetInt32());
        Assert.Equal(300, Outbox(young).GetProperty("oldestWaitingSeconds").GetInt64());

        clock.Advance(TimeSpan.FromSeconds(400));
        var old = await HealthAsync(anonymous);
        Assert.Equal("Degraded", old.GetProperty("status").GetString());
        Assert.Equal("Degraded", old.GetProperty("checks").GetProperty("outbox").GetProperty("status").GetString());
        Assert.Equal(700, Outbox(old).GetProperty("oldestWaitingSeconds").GetInt64());
        Assert.Equal("Healthy", old.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheConfirmationCodeIsRemovedFromTheStoredMailOnceSent_WhileTheSentMailCarriesIt()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = DatabaseKind.Sqlite });
        using var client = factory.CreateFormClient();
        var email = "redaksi." + Guid.NewGuid().ToString("N")[..8] + "@contoh.go.id";
        var form = await client.GetPageAsync("/Akun/Daftar");
        const string password = "Sandi#Kuat2026x";
        var registered = await client.SubmitAsync(form, "form[action='/Akun/Daftar']", new()
        {
            ["FullName"] = "Dewi Lestari", ["Nip"] = "19900115 201503 2 004", ["RankGrade"] = "Penata Muda / III-a",
            ["Position"] = "Analis Pengadaan", ["Agency"] = "Dinas Kesehatan Kabupaten Contoh", ["Address"] = "Jl. Merdeka 1",
            ["PhoneNumber"] = "081234567890", ["Email"] = email, ["ApplicantKind"] = "Ppk", ["Password"] = password, ["ConfirmPassword"] = password,
        }, follow: false);
        Assert.Equal(HttpStatusCode.Redirect, registered.Status);

        var until = DateTime.UtcNow.AddSeconds(15);
        OutboxMessage row;
        while (true)
        {
            row = await factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.To == email));
            if (row.SentAt is not null || DateTime.UtcNow > until)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.NotNull(row.SentAt);
        Assert.True(row.RedactAfterSend);
        Assert.DoesNotContain("code=", row.Body);
        Assert.DoesNotContain("/Akun/Konfirmasi", row.Body);
        Assert.Contains(OutboxDispatcher.RemovedLink, row.Body);
        Assert.Contains("Yth. Dewi Lestari", row.Body);

        var mail = await ReceivedMail.WaitForOutboxAsync(factory.MailFolder, row.Id, TimeSpan.FromSeconds(15));
        Assert.NotNull(mail);
        Assert.Contains("/Akun/Konfirmasi?userId=", mail.Body);
        Assert.Contains("&code=", mail.Body);
    }

    private static async Task<JsonElement> HealthAsync(FormClient client)
    {
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static JsonElement Outbox(JsonElement health) => health.GetProperty("checks").GetProperty("outbox").GetProperty("data");
}
