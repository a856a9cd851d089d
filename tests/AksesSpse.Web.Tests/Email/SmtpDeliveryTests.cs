using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using AksesSpse.Core.Notifications;
using AksesSpse.Web.Tests.Infrastructure;
using AksesSpse.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace AksesSpse.Web.Tests.Email;

/// <summary>
/// The outbox delivers to a real SMTP server (aiosmtpd, started by scripts/test.sh, writing a Maildir), and keeps
/// the message when the server is down until it is back.
/// </summary>
[Trait("Category", "Email")]
public sealed partial class SmtpDeliveryTests(ITestOutputHelper output)
{
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task SubmittedRequest_ReceiptArrivesAtTheSmtpServer_InIndonesian_AndTheOutboxRowIsMarkedSent()
    {
        var (port, maildir) = SmtpServer();
        await using var factory = await AppFactory.CreateAsync(new AppSettings
        {
            Database = DatabaseKind.Sqlite,
            SmtpPort = port,
        });

        var spseUserId = "uji.smtp." + Guid.NewGuid().ToString("N")[..8];
        var requestId = await SubmitAsPokjaAsync(factory, spseUserId);
        var number = await factory.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == requestId).Select(r => r.Number).SingleAsync());

        var mail = await ReceivedMail.WaitForAsync(maildir, m => IsReceipt(m, number, spseUserId), MailWait);
        Assert.True(mail is not null,
            $"no message to {DemoUsers.Pokja} with subject containing {number} (user ID {spseUserId}) in {maildir} within {MailWait.TotalSeconds} s; " +
            $"there: {string.Join(" | ", ReceivedMail.ReadFolder(maildir).Select(m => m.ToString()))}");
        output.WriteLine($"{mail}\n{mail.Body}");

        Assert.Equal($"[{number}] Permohonan reset password diterima", mail.Subject);
        Assert.Contains("lpse@aksesspse.local", mail.Header("From"));
        Assert.Contains("Yth. Rina Kartika Sari", mail.Body);
        Assert.Contains($"Permohonan reset password untuk user ID SPSE \"{spseUserId}\" telah kami terima", mail.Body);
        Assert.Contains($"dengan nomor {number}", mail.Body);
        Assert.Contains($"Pantau status permohonan Anda di: http://localhost/Prosedur/{requestId}", mail.Body);
        Assert.Contains("Layanan Pengadaan Secara Elektronik (LPSE)", mail.Body);

        var row = await WaitForRowAsync(factory, requestId, r => r.SentAt is not null, "SentAt set");
        Assert.Equal(1, row.Attempts);
        Assert.Null(row.LastError);
        Assert.False(row.Failed);
        Assert.Equal(row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), mail.Header("X-AksesSpse-Message"));
    }

    [Fact]
    public async Task SmtpServerDown_SubmissionStillSucceeds_MessageWaitsInTheOutbox_AndIsDeliveredOnceTheServerIsBack()
    {
        var (livePort, maildir) = SmtpServer();
        var deadPort = FreePort();
        string connectionString;
        int requestId;
        long messageId;
        var spseUserId = "uji.mati." + Guid.NewGuid().ToString("N")[..8];

        await using (var down = await AppFactory.CreateAsync(new AppSettings
                     {
                         Database = DatabaseKind.Sqlite,
                         SmtpPort = deadPort,
                         Extra = new Dictionary<string, string?> { ["Email:Smtp:TimeoutMs"] = "3000" },
                     }))
        {
            connectionString = down.ConnectionString;

            // The user is not bothered by the mail server: the request is saved and shown.
            requestId = await SubmitAsPokjaAsync(down, spseUserId);

            var failed = await WaitForRowAsync(down, requestId, r => r.Attempts >= 1 && r.LastError is not null, "Attempts >= 1 and LastError set");
            output.WriteLine($"while down: attempts {failed.Attempts}, next {failed.NextAttemptAt:o}, error: {failed.LastError}");
            Assert.Null(failed.SentAt);
            Assert.False(failed.Failed);
            Assert.True(failed.NextAttemptAt > failed.CreatedAt, "a retry must be scheduled after the failure");
            messageId = failed.Id;
            Assert.Equal(1, await down.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.AccessRequestId == requestId && m.Kind == "received")));
            Assert.DoesNotContain(ReceivedMail.ReadFolder(maildir), m => m.Body.Contains(spseUserId, StringComparison.Ordinal));
        }

        try
        {
            // The same database, the server back. The clock stands a minute later, past the retry backoff.
            await using var back = await AppFactory.CreateAsync(new AppSettings
            {
                Database = DatabaseKind.Sqlite,
                ConnectionString = connectionString,
                SmtpPort = livePort,
                Clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(1)),
            });

            var number = await back.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == requestId).Select(r => r.Number).SingleAsync());
            var mail = await ReceivedMail.WaitForAsync(maildir, m => IsReceipt(m, number, spseUserId), MailWait);
            Assert.True(mail is not null, $"the waiting message for {number} was not delivered within {MailWait.TotalSeconds} s after the server came back");
            Assert.Contains($"dengan nomor {number}", mail.Body);

            var sent = await WaitForRowAsync(back, requestId, r => r.SentAt is not null, "SentAt set");
            Assert.Equal(messageId, sent.Id);
            Assert.Equal(2, sent.Attempts);
            Assert.Null(sent.LastError);

            // Delivered exactly once, nothing lost and nothing doubled.
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Single(ReceivedMail.ReadFolder(maildir), m => IsReceipt(m, number, spseUserId));
            Assert.Equal(1, await back.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.AccessRequestId == requestId && m.Kind == "received")));
        }
        finally
        {
            TestDatabases.DeleteSqliteFile(connectionString);
        }
    }

    [Fact]
    public async Task TwoMailsOfOneRequest_EachHasItsOwnMessageId_BothInTheRequestsThread_TextAndHtml_AttachmentAndUtf8Subject()
    {
        var (port, maildir) = SmtpServer();
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = DatabaseKind.Sqlite, SmtpPort = port });

        var spseUserId = "uji.utas." + Guid.NewGuid().ToString("N")[..8];
        var requestId = await SubmitAsPokjaAsync(factory, spseUserId);
        var number = await factory.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == requestId).Select(r => r.Number).SingleAsync());
        var document = await factory.WithDbAsync(db => db.RequestDocuments.AsNoTracking().Where(d => d.AccessRequestId == requestId).OrderBy(d => d.Id).FirstAsync());
        var subject = $"[{number}] Lampiran — ujian “UTF-8” ✓ Ñandú {spseUserId}";
        await factory.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                AccessRequestId = requestId, Kind = "incomplete", To = DemoUsers.Pokja, Subject = subject,
                Body = "Yth. Rina <Kartika> & rekan,\n\nLihat http://localhost/Permohonan/Detail/" + requestId + " sekarang.",
                CreatedAt = DateTime.UtcNow, NextAttemptAt = DateTime.UtcNow,
                AttachmentPath = document.StoragePath, AttachmentName = "surat-permohonan.pdf", AttachmentContentType = "application/pdf",
            });
            return await db.SaveChangesAsync();
        });

        var first = await ReceivedMail.WaitForAsync(maildir, m => IsReceipt(m, number, spseUserId), MailWait);
        var second = await ReceivedMail.WaitForAsync(maildir, m => m.Subject == subject, MailWait);
        Assert.True(first is not null && second is not null,
            $"both mails of {number} expected; there: {string.Join(" | ", ReceivedMail.ReadFolder(maildir).Select(m => m.ToString()))}");
        output.WriteLine($"{first.File}\n{System.IO.File.ReadAllText(first.File)}");

        // Each its own Message-ID, on the sender's domain; both point at the request's root, so they form one conversation.
        var root = $"<request-{requestId}@aksesspse.local>";
        var ids = new[] { first.Header("Message-ID"), second.Header("Message-ID") };
        Assert.All(ids, id => Assert.Matches(@"^<aksesspse\.\d+\.\d+@aksesspse\.local>$", id));
        Assert.NotEqual(ids[0], ids[1]);
        foreach (var mail in new[] { first, second })
        {
            Assert.Equal(root, mail.Header("In-Reply-To"));
            Assert.Equal(root, mail.Header("References"));
        }

        // Plain text and HTML alternatives; the HTML is made from the text, encoded, with the link clickable.
        Assert.Equal(["multipart/alternative", "text/plain", "text/html"], first.PartTypes);
        Assert.Contains($"dengan nomor {number}", first.Body);
        Assert.Contains($"dengan nomor {number}", first.HtmlBody);
        Assert.Contains($"<a href=\"http://localhost/Prosedur/{requestId}\">", first.HtmlBody);

        // The second: the UTF-8 subject intact, text + HTML inside multipart/mixed with the PDF attached.
        Assert.Equal(subject, second.Subject);
        Assert.Equal(["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf"], second.PartTypes);
        Assert.Contains("Yth. Rina <Kartika> & rekan,", second.Body);
        Assert.Contains("Yth. Rina &lt;Kartika&gt; &amp; rekan,", second.HtmlBody);
        var attachment = Assert.Single(second.Attachments);
        Assert.Equal("surat-permohonan.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType);
        Assert.Equal(await ReadStoredAsync(factory, document.StoragePath), attachment.Content);
    }

    private static async Task<byte[]> ReadStoredAsync(AppFactory factory, string path)
    {
        var files = factory.Services.GetRequiredService<AksesSpse.Core.Documents.IFileStore>();
        await using var stream = await files.OpenAsync(path, CancellationToken.None) ?? throw new InvalidOperationException("stored file missing: " + path);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static bool IsReceipt(ReceivedMail mail, string number, string spseUserId) =>
        mail.To.Contains(DemoUsers.Pokja, StringComparison.OrdinalIgnoreCase) &&
        mail.Subject.Contains(number, StringComparison.Ordinal) &&
        mail.Body.Contains(spseUserId, StringComparison.Ordinal); // request numbers repeat across test databases

    /// <summary>The SMTP server of scripts/test.sh: its port and the Maildir "new" folder it delivers to.</summary>
    private static (int Port, string NewFolder) SmtpServer()
    {
        var port = Environment.GetEnvironmentVariable("AKSESSPSE_TEST_SMTP_PORT");
        var maildir = Environment.GetEnvironmentVariable("AKSESSPSE_TEST_MAILDIR");
        if (string.IsNullOrWhiteSpace(port) || string.IsNullOrWhiteSpace(maildir))
        {
            throw new InvalidOperationException(
                "AKSESSPSE_TEST_SMTP_PORT / AKSESSPSE_TEST_MAILDIR are not set: run scripts/test.sh, which starts the SMTP server.");
        }

        return (int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), Path.Combine(maildir, "new"));
    }

    /// <summary>A loopback port nothing listens on.</summary>
    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Submits SOP 4 through the real form as the demo Pokja member; returns the new request's id.</summary>
    internal static async Task<int> SubmitAsPokjaAsync(AppFactory factory, string spseUserId)
    {
        // The test's own user ID tells its mail apart in the shared mail folder; SOP 4 takes only a user ID that the register
        // holds under the applicant's NIP, so it is registered to the demo Pokja member first.
        await Sop4.Sop4.RegisterAccountAsync(factory, spseUserId);
        using var client = factory.CreateFormClient();
        await client.SignInAsync(DemoUsers.Pokja);
        var page = await client.GetPageAsync("/Prosedur/Ajukan/4");
        var result = await client.SubmitAsync(page, Sop4.Sop4.CreateForm,
            new()
            {
                ["Type"] = "ResetPassword",
                ["SpseUserId"] = spseUserId,
                ["Reason"] = "Lupa password SPSE setelah cuti, mohon direset.",
            },
            [
                new FormFile("doc_SURAT_PERMOHONAN", "surat-permohonan.pdf", SampleFiles.Pdf(), "application/pdf"),
                new FormFile("doc_SK_POKJA", "sk-pokja.pdf", SampleFiles.Pdf("SK Pokja"), "application/pdf"),
            ]);
        Assert.True(result.Status == HttpStatusCode.Redirect,
            $"submission refused ({(int)result.Status}): {result.Page.QuerySelector(".validation-summary-errors, .alert")?.TextContent}");
        var match = DetailRegex().Match(result.Location ?? "");
        Assert.True(match.Success, $"expected a redirect to the request's page, got {result.Location}");
        Assert.Contains("Permohonan terkirim", result.Page.QuerySelector(".alert.success")?.TextContent ?? "");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<OutboxMessage> WaitForRowAsync(AppFactory factory, int requestId, Func<OutboxMessage, bool> condition, string what)
    {
        var until = DateTime.UtcNow + MailWait;
        OutboxMessage? row;
        while (true)
        {
            row = await factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
                .SingleOrDefaultAsync(m => m.AccessRequestId == requestId && m.Kind == "received"));
            if ((row is not null && condition(row)) || DateTime.UtcNow > until)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.True(row is not null && condition(row),
            $"outbox row of request {requestId} not {what} within {MailWait.TotalSeconds} s: " +
            (row is null ? "no row" : $"attempts {row.Attempts}, sent {row.SentAt:o}, error {row.LastError}"));
        return row!;
    }

    [GeneratedRegex(@"^/Prosedur/(\d+)$")]
    private static partial Regex DetailRegex();
}
