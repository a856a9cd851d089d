using System.Globalization;
using System.Security.Authentication;
using AksesSpse.Core.Notifications;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace AksesSpse.Web.Tests.Email;

/// <summary>
/// MailKit over a secured, authenticated connection: STARTTLS and TLS on connect to a loopback server with a
/// self-signed certificate (trusted through Email:Smtp:TrustedCertificatePath), SMTP AUTH PLAIN and LOGIN. A wrong
/// password and an untrusted certificate are failures the outbox reports, as temporary ones (a configuration fix
/// makes the next try succeed), and the password never appears in the reason.
/// </summary>
[Trait("Category", "Email")]
public sealed class SmtpSecureDeliveryTests(ITestOutputHelper output)
{
    private const string UserName = "lpse-relay@contoh.go.id";
    private const string Password = "Rahasia#Smtp-2026";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    public async Task StartTlsWithAuth_TheMailArrivesOverTls_SignedIn(string mechanism)
    {
        using var certificate = FakeSmtpServer.CreateCertificate();
        await using var smtp = FakeSmtpServer.Start(new FakeSmtpOptions
        {
            Certificate = certificate, Credentials = (UserName, Password), Mechanisms = [mechanism],
        });
        await using var factory = await StartAsync(smtp, certificate, "StartTls", Password);

        var (row, subject) = await QueueAndWaitAsync(factory);

        output.WriteLine("server saw: " + string.Join(" | ", smtp.Commands));
        Assert.True(row.SentAt is not null, $"not sent: attempts {row.Attempts}, error {row.LastError}; server failures: {string.Join(" | ", smtp.Failures)}");
        Assert.Null(row.LastError);
        var message = Assert.Single(smtp.Messages, m => m.Mail.Subject == subject);
        Assert.True(message.OverTls, "the message must travel over TLS");
        Assert.True(message.Protocol >= SslProtocols.Tls12, $"TLS 1.2 or later expected, got {message.Protocol}");
        Assert.Equal(UserName, message.AuthenticatedAs);
        Assert.Equal(mechanism, message.AuthMechanism);
        Assert.Contains("Surat uji sambungan aman", message.Mail.Body);

        // STARTTLS first, AUTH only inside TLS, and the password never on the wire in the clear.
        var commands = smtp.Commands.ToList();
        var startTls = commands.FindIndex(c => c.Equals("STARTTLS", StringComparison.OrdinalIgnoreCase));
        var auth = commands.FindIndex(c => c.StartsWith("AUTH " + mechanism, StringComparison.OrdinalIgnoreCase));
        var mail = commands.FindIndex(c => c.StartsWith("MAIL FROM", StringComparison.OrdinalIgnoreCase));
        Assert.True(startTls >= 0 && startTls < auth && auth < mail, "expected STARTTLS, then AUTH, then MAIL FROM: " + string.Join(" | ", commands));
    }

    [Fact]
    public async Task SslOnConnect_WithAuth_TheMailArrivesOverTls()
    {
        using var certificate = FakeSmtpServer.CreateCertificate();
        await using var smtp = FakeSmtpServer.Start(new FakeSmtpOptions { Certificate = certificate, ImplicitTls = true, Credentials = (UserName, Password) });
        await using var factory = await StartAsync(smtp, certificate, "SslOnConnect", Password);

        var (row, subject) = await QueueAndWaitAsync(factory);

        Assert.True(row.SentAt is not null, $"not sent: attempts {row.Attempts}, error {row.LastError}; server failures: {string.Join(" | ", smtp.Failures)}");
        var message = Assert.Single(smtp.Messages, m => m.Mail.Subject == subject);
        Assert.True(message.OverTls);
        Assert.Equal(UserName, message.AuthenticatedAs);
        Assert.DoesNotContain(smtp.Commands, c => c.Equals("STARTTLS", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AWrongPassword_Is535_ReportedAsATemporaryFailure_WithoutThePassword()
    {
        using var certificate = FakeSmtpServer.CreateCertificate();
        await using var smtp = FakeSmtpServer.Start(new FakeSmtpOptions { Certificate = certificate, Credentials = (UserName, Password) });
        const string wrong = "Salah#Smtp-2026";
        await using var factory = await StartAsync(smtp, certificate, "StartTls", wrong);

        var (row, _) = await QueueAndWaitAsync(factory);

        output.WriteLine($"failed {row.Failed}, attempts {row.Attempts}, error: {row.LastError}; server: {string.Join(" | ", smtp.Failures)}");
        Assert.Null(row.SentAt);
        Assert.Empty(smtp.Messages);
        Assert.Contains(smtp.Failures, f => f.StartsWith("AUTH ", StringComparison.Ordinal) && f.Contains(UserName, StringComparison.Ordinal));

        // MailKit turns the 535 into an AuthenticationException: the code counts it as temporary, so the mail keeps
        // waiting (and /Admin/Surat shows the reason) until the Administrator fixes the password.
        Assert.False(row.Failed, "a refused SMTP sign-in is retried, not given up");
        Assert.Equal($"Masuk (autentikasi) ke server SMTP 127.0.0.1:{smtp.Port} gagal: periksa Email:Smtp:UserName dan Password.", row.LastError);
        Assert.True(row.NextAttemptAt > row.CreatedAt, "the next try must be scheduled after the backoff");
        Assert.DoesNotContain(wrong, row.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUntrustedServerCertificate_IsRefused_AsATemporaryTlsFailure()
    {
        using var certificate = FakeSmtpServer.CreateCertificate();
        await using var smtp = FakeSmtpServer.Start(new FakeSmtpOptions { Certificate = certificate, Credentials = (UserName, Password) });

        // Another self-signed certificate is the one the app trusts: the server's is not accepted, nothing is sent.
        using var other = FakeSmtpServer.CreateCertificate("CN=lain.uji.local");
        await using var factory = await StartAsync(smtp, other, "StartTls", Password);

        var (row, _) = await QueueAndWaitAsync(factory);

        output.WriteLine($"failed {row.Failed}, attempts {row.Attempts}, error: {row.LastError}");
        Assert.Null(row.SentAt);
        Assert.False(row.Failed);
        Assert.Equal($"Sambungan aman (TLS) ke server SMTP 127.0.0.1:{smtp.Port} gagal: periksa Email:Smtp:Security dan sertifikat server.", row.LastError);
        Assert.Empty(smtp.Messages);
        Assert.DoesNotContain(smtp.Commands, c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<AppFactory> StartAsync(FakeSmtpServer smtp, System.Security.Cryptography.X509Certificates.X509Certificate2 trusted,
        string security, string password)
    {
        var folder = Path.Combine(Path.GetTempPath(), "aksesspse-tests", "smtp-tls-" + Guid.NewGuid().ToString("N")[..8]);
        return await AppFactory.CreateAsync(new AppSettings
        {
            Database = DatabaseKind.Sqlite,
            SmtpPort = smtp.Port,
            Extra = new Dictionary<string, string?>
            {
                ["Email:Smtp:Security"] = security,
                ["Email:Smtp:UserName"] = UserName,
                ["Email:Smtp:Password"] = password,
                ["Email:Smtp:TrustedCertificatePath"] = FakeSmtpServer.WritePem(trusted, folder),
                ["Email:Smtp:TimeoutMs"] = "5000",
            },
        });
    }

    /// <summary>Queues one mail in the outbox and waits until the worker has sent it or recorded a failed attempt.</summary>
    private static async Task<(OutboxMessage Row, string Subject)> QueueAndWaitAsync(AppFactory factory)
    {
        var subject = "Uji TLS " + Guid.NewGuid().ToString("N")[..8];
        var id = await factory.WithDbAsync(async db =>
        {
            var message = new OutboxMessage
            {
                Kind = "uji", To = DemoUsers.Pokja, Subject = subject, Body = "Yth. Bapak/Ibu,\n\nSurat uji sambungan aman.",
                CreatedAt = DateTime.UtcNow, NextAttemptAt = DateTime.UtcNow,
            };
            db.OutboxMessages.Add(message);
            await db.SaveChangesAsync();
            return message.Id;
        });

        var until = DateTime.UtcNow + Wait;
        while (true)
        {
            var row = await factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));
            if (row.SentAt is not null || (row.Attempts >= 1 && row.LastError is not null))
            {
                return (row, subject);
            }

            Assert.True(DateTime.UtcNow < until, string.Create(CultureInfo.InvariantCulture, $"no attempt recorded within {Wait.TotalSeconds} s"));
            await Task.Delay(100);
        }
    }
}
