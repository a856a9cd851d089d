using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace AksesSpse.Core.Notifications;

/// <summary>
/// Turns an outbox row into a MIME message: a plain-text part and an HTML part made from the same text (encoded,
/// paragraphs, clickable links, no remote content), the attachment, a Message-ID, and thread headers that tie all
/// mail about one request to one conversation (docs/adr/0005).
/// </summary>
public static partial class MailComposer
{
    /// <summary>The stable Message-ID of an outbox row (the same on every retry, new for a resend).</summary>
    public static string MessageId(OutboxMessage message, string domain) =>
        string.Create(CultureInfo.InvariantCulture, $"aksesspse.{message.Id}.{message.CreatedAt.Ticks}@{domain}");

    /// <summary>The conversation root of a request: every mail about it points at this id.</summary>
    public static string ThreadRoot(int requestId, string domain) =>
        string.Create(CultureInfo.InvariantCulture, $"request-{requestId}@{domain}");

    public static MimeMessage Compose(OutboxMessage message, EmailOptions options, Stream? attachment)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(options.FromName, options.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        if (!string.IsNullOrWhiteSpace(message.Cc))
        {
            foreach (var cc in message.Cc.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                mime.Cc.Add(MailboxAddress.Parse(cc));
            }
        }

        mime.Subject = message.Subject;
        mime.Date = new DateTimeOffset(DateTime.SpecifyKind(message.CreatedAt, DateTimeKind.Utc));
        mime.MessageId = MessageId(message, options.IdDomain);
        if (message.AccessRequestId is { } requestId)
        {
            var root = ThreadRoot(requestId, options.IdDomain);
            mime.InReplyTo = root;
            mime.References.Add(root);
        }

        mime.Headers.Add("X-AksesSpse-Message", message.Id.ToString(CultureInfo.InvariantCulture));

        var body = new BodyBuilder { TextBody = message.Body, HtmlBody = ToHtml(message.Body) };
        if (attachment is not null)
        {
            var type = ContentType.TryParse(message.AttachmentContentType ?? "application/octet-stream", out var parsed)
                ? parsed
                : new ContentType("application", "octet-stream");
            body.Attachments.Add(message.AttachmentName ?? Path.GetFileName(message.AttachmentPath) ?? "lampiran", attachment, type);
        }

        mime.Body = body.ToMessageBody();
        return mime;
    }

    /// <summary>
    /// HTML from the plain text: every character encoded, blank lines make paragraphs, line breaks stay, http(s)
    /// addresses become links; the signature (after "--") is set smaller. No images, scripts or remote styles.
    /// </summary>
    public static string ToHtml(string text)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\"><title></title></head>\n");
        html.Append("<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#1f2933\">\n");
        var paragraphs = ParagraphBreak().Split(text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n'));
        foreach (var paragraph in paragraphs.Where(p => p.Trim().Length > 0))
        {
            var signature = paragraph.TrimStart().StartsWith("--", StringComparison.Ordinal);
            html.Append(signature ? "<p style=\"color:#52606d;font-size:12px\">" : "<p>");
            html.AppendJoin("<br>\n", paragraph.Split('\n').Select(Linkify));
            html.Append("</p>\n");
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string Linkify(string line)
    {
        var result = new StringBuilder();
        var at = 0;
        foreach (Match m in Url().Matches(line))
        {
            var url = m.Value.TrimEnd('.', ',', ';', ':', ')', '!', '?');
            result.Append(WebUtility.HtmlEncode(line[at..m.Index]));
            var encoded = WebUtility.HtmlEncode(url);
            result.Append("<a href=\"").Append(encoded).Append("\">").Append(encoded).Append("</a>");
            at = m.Index + url.Length;
        }

        result.Append(WebUtility.HtmlEncode(line[at..]));
        return result.ToString();
    }

    [GeneratedRegex(@"\n[ \t]*\n+")]
    private static partial Regex ParagraphBreak();

    [GeneratedRegex(@"https?://[^\s<>""']+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();
}
