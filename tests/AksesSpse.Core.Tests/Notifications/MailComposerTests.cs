using AksesSpse.Core.Notifications;
using MailKit.Net.Smtp;
using MimeKit;

namespace AksesSpse.Core.Tests.Notifications;

public sealed class MailComposerTests
{
    private static readonly EmailOptions Options = new() { From = "lpse@contoh.go.id", FromName = "LPSE Kabupaten Contoh" };

    [Fact]
    public void HtmlPartEncodesTheTextMakesParagraphsAndClickableLinks_WithoutRemoteContent()
    {
        var html = MailComposer.ToHtml("Yth. <b>Rina</b> & rekan,\n\nBaris satu\nStatus: http://localhost/Status?t=a&b=c.\n\n--\nLPSE");

        Assert.Contains("<p>Yth. &lt;b&gt;Rina&lt;/b&gt; &amp; rekan,</p>", html);
        Assert.Contains("<p>Baris satu<br>\nStatus: <a href=\"http://localhost/Status?t=a&amp;b=c\">http://localhost/Status?t=a&amp;b=c</a>.</p>", html);
        Assert.Contains("--<br>\nLPSE</p>", html);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ComposesTextAndHtmlAlternatives_AMessageId_AndTheRequestsThread()
    {
        var message = new OutboxMessage
        {
            Id = 42, AccessRequestId = 7, Kind = "received", To = "rina@contoh.go.id", Subject = "[RPW-2026-000007] Permohonan — diterima",
            Body = "Yth. Rina,\n\nDiterima.", CreatedAt = new DateTime(2026, 11, 29, 1, 2, 3, DateTimeKind.Utc),
        };

        using var mime = MailComposer.Compose(message, Options, attachment: null);

        Assert.Equal($"aksesspse.42.{message.CreatedAt.Ticks}@contoh.go.id", mime.MessageId);
        Assert.Equal("request-7@contoh.go.id", mime.InReplyTo);
        Assert.Equal(["request-7@contoh.go.id"], mime.References);
        Assert.Equal("[RPW-2026-000007] Permohonan — diterima", mime.Subject);
        var alternative = Assert.IsType<MultipartAlternative>(mime.Body);
        Assert.Equal("Yth. Rina,\n\nDiterima.", mime.TextBody);
        Assert.Contains("<p>Diterima.</p>", mime.HtmlBody);
        Assert.Equal(2, alternative.Count);
        Assert.Equal("42", mime.Headers["X-AksesSpse-Message"]);
    }

    [Fact]
    public void AMessageWithoutARequestHasNoThread()
    {
        using var mime = MailComposer.Compose(new OutboxMessage { Id = 1, To = "a@contoh.go.id", Subject = "Konfirmasi", Body = "x" }, Options, null);

        Assert.Null(mime.InReplyTo);
        Assert.Empty(mime.References);
    }

    [Theory]
    [InlineData(550, true)]
    [InlineData(554, true)]
    [InlineData(421, false)]
    [InlineData(451, false)]
    public void SortsSmtpRefusalsIntoPermanentAndTemporary(int status, bool permanent)
    {
        var refusal = new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, (SmtpStatusCode)status, new MailboxAddress("", "x@contoh.go.id"), "server says no");

        var failure = SmtpEmailSender.Describe(refusal, new SmtpOptions { Host = "smtp.contoh.go.id", Port = 587 });

        Assert.NotNull(failure);
        Assert.Equal(permanent, failure.Permanent);
        Assert.Contains($"({status}, alamat x@contoh.go.id): server says no", failure.Message);
    }

    [Fact]
    public void ARefusedConnectionAndATimeoutAreTemporary()
    {
        var smtp = new SmtpOptions { Host = "127.0.0.1", Port = 2525, TimeoutMs = 3000 };

        var refused = SmtpEmailSender.Describe(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused), smtp);
        var timeout = SmtpEmailSender.Describe(new TimeoutException(), smtp);

        Assert.False(refused!.Permanent);
        Assert.Equal("Server SMTP 127.0.0.1:2525 tidak dapat dihubungi (ConnectionRefused).", refused.Message);
        Assert.False(timeout!.Permanent);
        Assert.Equal("Server SMTP 127.0.0.1:2525 tidak menjawab dalam 3 detik.", timeout.Message);
    }

    [Theory]
    [InlineData(null, false, 25, MailKit.Security.SecureSocketOptions.None)]
    [InlineData(null, true, 587, MailKit.Security.SecureSocketOptions.StartTls)]
    [InlineData(null, true, 465, MailKit.Security.SecureSocketOptions.SslOnConnect)]
    [InlineData(MailKit.Security.SecureSocketOptions.Auto, false, 25, MailKit.Security.SecureSocketOptions.Auto)]
    public void SecurityComesFromTheSettingOrFromEnableSsl(MailKit.Security.SecureSocketOptions? security, bool enableSsl, int port,
        MailKit.Security.SecureSocketOptions expected)
    {
        Assert.Equal(expected, new SmtpOptions { Security = security, EnableSsl = enableSsl, Port = port }.EffectiveSecurity);
    }

    [Fact]
    public async Task AnAddressTheMailLibraryCannotReadIsAPermanentFailure()
    {
        var sender = new SmtpEmailSender(Microsoft.Extensions.Options.Options.Create(new EmailOptions { Mode = EmailMode.Smtp }),
            new Moq.Mock<AksesSpse.Core.Documents.IFileStore>().Object);

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(() =>
            sender.SendAsync(new OutboxMessage { Id = 1, To = "bukan alamat@@", Subject = "x", Body = "x" }, CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Equal("Alamat email tidak valid: bukan alamat@@.", failure.Message);
    }
}
