using System.Net;
using System.Net.Sockets;
using System.Text;
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

    /// <summary>An SMTP server on 127.0.0.1 that greets, accepts EHLO / MAIL FROM, and answers every RCPT TO with one reply.</summary>
    private sealed class FakeSmtpServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly string _rcptReply;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        private FakeSmtpServer(string rcptReply)
        {
            _rcptReply = rcptReply;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            _loop = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public System.Collections.Concurrent.ConcurrentQueue<string> Commands { get; } = new();

        public static FakeSmtpServer Start(string rcptReply) => new(rcptReply);

        public static int UnusedPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                _ = ServeAsync(client);
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    using var reader = new StreamReader(stream, Encoding.ASCII);
                    await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                    await writer.WriteLineAsync("220 fake.smtp.test ESMTP");
                    while (await reader.ReadLineAsync(_stop.Token) is { } line)
                    {
                        Commands.Enqueue(line);
                        var verb = line.Split(' ', ':')[0].ToUpperInvariant();
                        switch (verb)
                        {
                            case "EHLO":
                                await writer.WriteLineAsync("250-fake.smtp.test");
                                await writer.WriteLineAsync("250 SIZE 10485760");
                                break;
                            case "HELO" or "MAIL" or "RSET" or "NOOP":
                                await writer.WriteLineAsync("250 OK");
                                break;
                            case "RCPT":
                                await writer.WriteLineAsync(_rcptReply);
                                break;
                            case "QUIT":
                                await writer.WriteLineAsync("221 Bye");
                                return;
                            default:
                                await writer.WriteLineAsync("502 Command not implemented");
                                break;
                        }
                    }
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    // The client hung up or the server stops.
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
        }
    }
}
