using AksesSpse.Web.Tests.Email;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Web.Tests.Sop2;

/// <summary>The SOP's proof of receipt by email: the handover form reaches a real SMTP server as a PDF attachment.</summary>
[Trait("Sop", "Deactivation")]
[Trait("Category", "Email")]
public sealed class Sop2ReceiptMailTests
{
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ReceivedRequest_HandoverFormArrivesAtTheSmtpServerAsPdfAttachment()
    {
        var port = Environment.GetEnvironmentVariable("AKSESSPSE_TEST_SMTP_PORT");
        var maildir = Environment.GetEnvironmentVariable("AKSESSPSE_TEST_MAILDIR");
        Assert.False(string.IsNullOrWhiteSpace(port) || string.IsNullOrWhiteSpace(maildir),
            "AKSESSPSE_TEST_SMTP_PORT / AKSESSPSE_TEST_MAILDIR are not set: run scripts/test.sh, which starts the SMTP server.");
        var inbox = Path.Combine(maildir!, "new");
        await using var factory = await AppFactory.CreateAsync(new AppSettings
        {
            Database = DatabaseKind.Sqlite,
            SmtpPort = int.Parse(port!, System.Globalization.CultureInfo.InvariantCulture),
        });
        using var applicant = factory.CreateFormClient();
        using var helpdesk = factory.CreateFormClient();
        await applicant.SignInAsync(DemoUsers.Pokja);
        await helpdesk.SignInAsync(DemoUsers.Helpdesk);

        var id = await Sop2.SubmitAsync(applicant, Sop2.RequestFields());
        Sop2.Accepted(await Sop2.ActAsync(helpdesk, id, "#step-form[data-kind=Receive]"));
        var number = await Sop2.NumberAsync(factory, id);
        var receipt = await Sop2.ReceiptAsync(applicant, id);

        // Request numbers repeat across test databases; the form's sealed status link does not, so its bytes identify the mail.
        var mail = await ReceivedMail.WaitForAsync(inbox,
            m => m.Subject.Contains(number, StringComparison.Ordinal) && m.Attachments.Any(a => a.Content.AsSpan().SequenceEqual(receipt)), MailWait);
        Assert.True(mail is not null,
            $"no mail with the handover form of {number} in {inbox} within {MailWait.TotalSeconds} s; there: " +
            string.Join(" | ", ReceivedMail.ReadFolder(inbox).Select(m => $"{m} ({m.Attachments.Count} attachment(s))")));

        Assert.Contains(DemoUsers.Pokja, mail.To);
        Assert.Equal($"[{number}] Bukti penerimaan berkas permohonan", mail.Subject);
        Assert.Contains("Yth. Rina Kartika Sari", mail.Body);
        Assert.Contains("Formulir serah terima berkas terlampir", mail.Body);
        Assert.Contains("http://localhost/Status?t=", mail.Body);
        var attachment = Assert.Single(mail.Attachments);
        Assert.Equal($"Serah-terima-{number}.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType);
        var text = Sop2.PdfText(attachment.Content);
        Assert.Contains(number, text);
        Assert.Contains(Sop2.RinaName, text);
        Assert.Contains(Sop2.HelpdeskName, text);

        var until = DateTime.UtcNow + MailWait;
        while (DateTime.UtcNow < until &&
               !await factory.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.AccessRequestId == id && m.Kind == "activation-received" && m.SentAt != null)))
        {
            await Task.Delay(100);
        }

        var row = await factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.AccessRequestId == id && m.Kind == "activation-received"));
        Assert.NotNull(row.SentAt);
        Assert.Null(row.LastError);
    }
}
