using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using AksesSpse.Core.Documents;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AksesSpse.Core.Notifications;

public interface IEmailSender
{
    /// <summary>
    /// Sends one outbox message. A refusal that will not change by trying again (an SMTP 5xx answer) is thrown as an
    /// <see cref="EmailDeliveryException"/> with <see cref="EmailDeliveryException.Permanent"/> set; anything else is
    /// worth another try.
    /// </summary>
    Task SendAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>Why a message was not delivered, in words for the Administrator (Bahasa Indonesia).</summary>
public sealed class EmailDeliveryException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True for a refusal that a retry will not change (bad address, rejected message): stop at once.</summary>
    public bool Permanent { get; } = permanent;
}

public enum EmailMode
{
    /// <summary>Write .eml files to a folder (development default).</summary>
    Pickup = 0,
    Smtp = 1,
}

public sealed class EmailOptions
{
    public const string Section = "Email";

    public EmailMode Mode { get; set; } = EmailMode.Pickup;
    public string From { get; set; } = "lpse@aksesspse.local";
    public string FromName { get; set; } = "LPSE - AksesSpse";
    public string PickupFolder { get; set; } = "App_Data/mail";
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Right-hand side of Message-ID and thread ids; the domain of <see cref="From"/> when empty.</summary>
    public string? MessageIdDomain { get; set; }

    /// <summary>How often the outbox worker looks for mail, in seconds.</summary>
    public double PollSeconds { get; set; } = 5;
    public int MaxAttempts { get; set; } = 10;

    /// <summary>/health reports Degraded when the oldest waiting message is older than this (seconds).</summary>
    public int HealthMaxWaitingSeconds { get; set; } = 900;

    public string IdDomain
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(MessageIdDomain))
            {
                return MessageIdDomain.Trim();
            }

            var at = From.LastIndexOf('@');
            var domain = at >= 0 ? From[(at + 1)..].Trim() : "";
            return domain.Length > 0 ? domain : "aksesspse.local";
        }
    }
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 25;

    /// <summary>
    /// How the connection is secured: None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect. When not set,
    /// <see cref="EnableSsl"/> decides: false = None (plain, as before); true = SslOnConnect on port 465, StartTls
    /// (required) on any other port.
    /// </summary>
    public SecureSocketOptions? Security { get; set; }

    public bool EnableSsl { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public int TimeoutMs { get; set; } = 15000;

    /// <summary>
    /// A certificate file (PEM or DER) that the SMTP server's certificate must chain to, for an office mail server with a
    /// self-signed or internal-CA certificate that the system's trust store does not hold. The server's name must still
    /// match. When not set, only certificates the system trusts are accepted.
    /// </summary>
    public string? TrustedCertificatePath { get; set; }

    public SecureSocketOptions EffectiveSecurity =>
        Security ?? (!EnableSsl ? SecureSocketOptions.None : Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls);
}

/// <summary>
/// Sends with MailKit over SMTP, or writes .eml files (MimeKit) to the pickup folder. An attachment is read from the
/// file store when the message is sent; a missing file fails the attempt, so the outbox retries and reports it.
/// </summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options, IFileStore files) : IEmailSender
{
    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var o = options.Value;
        Stream? attachment = null;
        if (message.AttachmentPath is { } path)
        {
            attachment = await files.OpenAsync(path, ct)
                ?? throw new FileNotFoundException($"Lampiran pesan {message.Id} tidak ditemukan di penyimpanan berkas.");
        }

        await using (attachment)
        {
            MimeMessage mime;
            try
            {
                mime = MailComposer.Compose(message, o, attachment);
            }
            catch (ParseException e)
            {
                // An address the mail library cannot read will not become readable by trying again.
                throw new EmailDeliveryException($"Alamat email tidak valid: {message.To}{(string.IsNullOrEmpty(message.Cc) ? "" : " / " + message.Cc)}.",
                    permanent: true, e);
            }

            using var disposeMime = mime;
            if (o.Mode == EmailMode.Pickup)
            {
                await WritePickupAsync(mime, message, o, ct);
            }
            else
            {
                await SendSmtpAsync(mime, o.Smtp, ct);
            }
        }
    }

    private static async Task WritePickupAsync(MimeMessage mime, OutboxMessage message, EmailOptions o, CancellationToken ct)
    {
        var folder = Path.GetFullPath(o.PickupFolder);
        Directory.CreateDirectory(folder);
        mime.Prepare(EncodingConstraint.SevenBit);
        var name = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{message.Id}-{Guid.NewGuid():N}");
        var temp = Path.Combine(folder, "." + name + ".tmp");
        var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temp, file))
        {
            await mime.WriteToAsync(stream, ct);
        }

        // A reader never sees half a message: the file appears under its .eml name only once complete.
        File.Move(temp, Path.Combine(folder, name + ".eml"));
    }

    private static async Task SendSmtpAsync(MimeMessage mime, SmtpOptions smtp, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = smtp.TimeoutMs };
        try
        {
            if (!string.IsNullOrWhiteSpace(smtp.TrustedCertificatePath))
            {
                client.ServerCertificateValidationCallback = TrustingCertificatesIn(smtp.TrustedCertificatePath);
            }

            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.EffectiveSecurity, ct);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
            }

            await client.SendAsync(mime, ct);
            await client.DisconnectAsync(true, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && Describe(e, smtp) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Accepts what the system trusts, and a server certificate whose only fault is a chain that ends outside the
    /// system's store when it chains to a certificate of <paramref name="path"/>. A name mismatch is never accepted.
    /// </summary>
    private static RemoteCertificateValidationCallback TrustingCertificatesIn(string path)
    {
        var trusted = new X509Certificate2Collection();
        if (File.ReadAllText(path).Contains("-----BEGIN", StringComparison.Ordinal))
        {
            trusted.ImportFromPemFile(path);
        }
        else
        {
            trusted.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        }

        return (_, certificate, chain, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
            {
                return false;
            }

            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(trusted);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            return custom.Build(leaf);
        };
    }

    /// <summary>Sorts a MailKit / socket failure into permanent or temporary, with its reason in Indonesian.</summary>
    internal static EmailDeliveryException? Describe(Exception e, SmtpOptions smtp)
    {
        var server = $"{smtp.Host}:{smtp.Port}";
        return e switch
        {
            SmtpCommandException c when (int)c.StatusCode >= 500 => new EmailDeliveryException(
                $"Ditolak permanen oleh server SMTP ({(int)c.StatusCode}{Mailbox(c)}): {c.Message}", permanent: true, e),
            SmtpCommandException c => new EmailDeliveryException(
                $"Ditolak sementara oleh server SMTP ({(int)c.StatusCode}{Mailbox(c)}): {c.Message}", permanent: false, e),
            AuthenticationException => new EmailDeliveryException(
                $"Masuk (autentikasi) ke server SMTP {server} gagal: periksa Email:Smtp:UserName dan Password.", permanent: false, e),
            SslHandshakeException => new EmailDeliveryException(
                $"Sambungan aman (TLS) ke server SMTP {server} gagal: periksa Email:Smtp:Security dan sertifikat server.", permanent: false, e),
            SocketException s => new EmailDeliveryException(
                $"Server SMTP {server} tidak dapat dihubungi ({s.SocketErrorCode}).", permanent: false, e),
            TimeoutException or OperationCanceledException => new EmailDeliveryException(
                $"Server SMTP {server} tidak menjawab dalam {smtp.TimeoutMs / 1000.0:0.#} detik.", permanent: false, e),
            NotSupportedException => new EmailDeliveryException(
                $"Server SMTP {server} tidak mendukung cara sambungan yang diminta (Email:Smtp:Security): {e.Message}", permanent: false, e),
            SmtpProtocolException or ServiceNotConnectedException or IOException => new EmailDeliveryException(
                $"Sambungan ke server SMTP {server} terputus: {e.GetBaseException().Message}", permanent: false, e),
            _ => null,
        };
    }

    private static string Mailbox(SmtpCommandException c) => c.Mailbox is { } m ? ", alamat " + m.Address : "";
}
