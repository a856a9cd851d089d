using System.Net;
using System.Net.Mail;
using System.Text;
using AksesSpse.Core.Documents;
using Microsoft.Extensions.Options;

namespace AksesSpse.Core.Notifications;

public interface IEmailSender
{
    Task SendAsync(OutboxMessage message, CancellationToken ct);
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

    /// <summary>How often the outbox worker looks for mail, in seconds.</summary>
    public double PollSeconds { get; set; } = 5;
    public int MaxAttempts { get; set; } = 10;
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 25;
    public bool EnableSsl { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public int TimeoutMs { get; set; } = 15000;
}

/// <summary>
/// Sends over SMTP with the framework's client, or writes .eml files to the pickup folder. An attachment is read from
/// the file store when the message is sent; a missing file fails the attempt, so the outbox retries and reports it.
/// </summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options, IFileStore files) : IEmailSender
{
    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var o = options.Value;
        using var mail = new MailMessage
        {
            From = new MailAddress(o.From, o.FromName, Encoding.UTF8),
            Subject = message.Subject,
            SubjectEncoding = Encoding.UTF8,
            Body = message.Body,
            BodyEncoding = Encoding.UTF8,
            IsBodyHtml = false,
        };
        mail.To.Add(message.To);
        if (!string.IsNullOrWhiteSpace(message.Cc))
        {
            foreach (var cc in message.Cc.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                mail.CC.Add(cc);
            }
        }

        mail.Headers.Add("X-AksesSpse-Message", message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        if (message.AttachmentPath is { } path)
        {
            var stream = await files.OpenAsync(path, ct)
                ?? throw new FileNotFoundException($"Lampiran pesan {message.Id} tidak ditemukan di penyimpanan berkas.");
            var attachment = new Attachment(stream, message.AttachmentName ?? Path.GetFileName(path), message.AttachmentContentType ?? "application/octet-stream");
            attachment.NameEncoding = Encoding.UTF8;
            mail.Attachments.Add(attachment); // disposed with the message, which closes the stream
        }

        using var client = new SmtpClient();
        if (o.Mode == EmailMode.Pickup)
        {
            var folder = Path.GetFullPath(o.PickupFolder);
            Directory.CreateDirectory(folder);
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = folder;
        }
        else
        {
            client.Host = o.Smtp.Host;
            client.Port = o.Smtp.Port;
            client.EnableSsl = o.Smtp.EnableSsl;
            client.Timeout = o.Smtp.TimeoutMs;
            client.DeliveryMethod = SmtpDeliveryMethod.Network;
            if (!string.IsNullOrEmpty(o.Smtp.UserName))
            {
                client.Credentials = new NetworkCredential(o.Smtp.UserName, o.Smtp.Password);
            }
        }

        await client.SendMailAsync(mail, ct);
    }
}
