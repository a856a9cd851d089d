using AksesSpse.Core.Notifications;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace AksesSpse.Web.Tests.Email;

/// <summary>
/// A permanent SMTP refusal (5xx) stops the outbox at once with the reason; a temporary one (4xx) keeps the message
/// waiting for the next try. The server is a tiny fake on loopback that refuses every recipient with the given reply.
/// </summary>
[Trait("Category", "Email")]
public sealed class SmtpRefusalTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("550 5.1.1 <pokja@contoh.go.id>: Recipient address rejected: User unknown", true)]
    [InlineData("451 4.3.0 Mailbox temporarily unavailable, try again later", false)]
    public async Task ARecipientRefusal_IsPermanentFor5xx_AndTemporaryFor4xx(string reply, bool permanent)
    {
        await using var smtp = FakeSmtpServer.Start(reply);
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = DatabaseKind.Sqlite, SmtpPort = smtp.Port });

        var requestId = await SmtpDeliveryTests.SubmitAsPokjaAsync(factory, "uji.tolak." + Guid.NewGuid().ToString("N")[..8]);

        var row = await WaitForAttemptAsync(factory, requestId);
        output.WriteLine($"failed {row.Failed}, attempts {row.Attempts}, next {row.NextAttemptAt:o}, error: {row.LastError}");
        output.WriteLine("server saw: " + string.Join(" | ", smtp.Commands));
        Assert.Null(row.SentAt);
        Assert.Contains(smtp.Commands, c => c.StartsWith("RCPT TO:<pokja@contoh.go.id>", StringComparison.OrdinalIgnoreCase));
        var code = reply[..3];
        if (permanent)
        {
            Assert.True(row.Failed, "a 5xx refusal must stop the retries at once");
            Assert.Equal(1, row.Attempts);
            Assert.StartsWith($"Ditolak permanen oleh server SMTP ({code}, alamat pokja@contoh.go.id)", row.LastError);
            Assert.Contains("User unknown", row.LastError);

            // No further attempt, however long the worker runs.
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(1, (await LoadAsync(factory, requestId)).Attempts);
        }
        else
        {
            Assert.False(row.Failed, "a 4xx refusal must be retried");
            Assert.StartsWith($"Ditolak sementara oleh server SMTP ({code}, alamat pokja@contoh.go.id)", row.LastError);
            Assert.True(row.NextAttemptAt > row.CreatedAt, "the next try must be scheduled after the backoff");
        }
    }

    [Fact]
    public async Task AConnectionRefused_IsTemporary()
    {
        var port = FakeSmtpServer.UnusedPort();
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = DatabaseKind.Sqlite, SmtpPort = port });

        var requestId = await SmtpDeliveryTests.SubmitAsPokjaAsync(factory, "uji.putus." + Guid.NewGuid().ToString("N")[..8]);

        var row = await WaitForAttemptAsync(factory, requestId);
        Assert.False(row.Failed);
        Assert.Equal($"Server SMTP 127.0.0.1:{port} tidak dapat dihubungi (ConnectionRefused).", row.LastError);
    }

    private static Task<OutboxMessage> LoadAsync(AppFactory factory, int requestId) =>
        factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.AccessRequestId == requestId && m.Kind == "received"));

    private static async Task<OutboxMessage> WaitForAttemptAsync(AppFactory factory, int requestId)
    {
        var until = DateTime.UtcNow + Wait;
        while (true)
        {
            var row = await LoadAsync(factory, requestId);
            if (row.Attempts >= 1 && row.LastError is not null)
            {
                return row;
            }

            Assert.True(DateTime.UtcNow < until, $"no attempt recorded within {Wait.TotalSeconds} s");
            await Task.Delay(100);
        }
    }
}
