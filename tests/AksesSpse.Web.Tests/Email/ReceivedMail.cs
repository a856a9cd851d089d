using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AksesSpse.Web.Tests.Email;

/// <summary>
/// An email as written by MimeKit (pickup .eml) or received by the test SMTP server (Maildir): headers unfolded
/// with RFC 2047 words decoded, body decoded from base64 / quoted-printable. A multipart message gives its first text
/// part as the body and its other parts as attachments.
/// </summary>
public sealed partial class ReceivedMail
{
    private ReceivedMail(string file, Dictionary<string, string> headers, string body, IReadOnlyList<MailAttachment> attachments,
        string? htmlBody, IReadOnlyList<string> partTypes)
    {
        File = file;
        Headers = headers;
        Body = body;
        Attachments = attachments;
        HtmlBody = htmlBody;
        PartTypes = partTypes;
    }

    /// <summary>The first text/html part that is not an attachment, decoded; null when there is none.</summary>
    public string? HtmlBody { get; }

    /// <summary>Every part's media type in document order, the containers included (e.g. multipart/mixed, multipart/alternative, text/plain, ...).</summary>
    public IReadOnlyList<string> PartTypes { get; }

    public string File { get; }

    /// <summary>Header name (case-insensitive) → decoded value; repeated headers are joined with ", ".</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public string Body { get; }

    /// <summary>The files of a multipart message (e.g. the handover form PDF), decoded.</summary>
    public IReadOnlyList<MailAttachment> Attachments { get; }

    public string Subject => Header("Subject") ?? "";

    public string To => Header("To") ?? "";

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"{Path.GetFileName(File)}: To {To}; Subject {Subject}";

    public static ReceivedMail Parse(string raw, string file = "")
    {
        var (headers, rawBody) = SplitHeaders(raw.Replace("\r\n", "\n", StringComparison.Ordinal));
        var parts = new Parts();
        ReadPart(headers, rawBody, parts);
        return new ReceivedMail(file, headers, (parts.Body ?? "").Replace("\r\n", "\n", StringComparison.Ordinal), parts.Attachments,
            parts.Html?.Replace("\r\n", "\n", StringComparison.Ordinal), parts.Types);
    }

    private sealed class Parts
    {
        public string? Body;
        public string? Html;
        public List<MailAttachment> Attachments { get; } = [];
        public List<string> Types { get; } = [];
    }

    /// <summary>
    /// A text part becomes the body (the first one found), an HTML part the HTML body, any other part an attachment;
    /// multiparts are walked.
    /// </summary>
    private static void ReadPart(Dictionary<string, string> headers, string rawBody, Parts parts)
    {
        var contentType = headers.GetValueOrDefault("Content-Type", "text/plain");
        parts.Types.Add(contentType.Split(';')[0].Trim().ToLowerInvariant());
        if (contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) &&
            BoundaryRegex().Match(contentType) is { Success: true } boundary)
        {
            var delimiter = "--" + boundary.Groups[1].Value;
            var sections = ("\n" + rawBody).Split("\n" + delimiter, StringSplitOptions.None);
            foreach (var section in sections.Skip(1))
            {
                if (section.StartsWith("--", StringComparison.Ordinal))
                {
                    break; // the closing delimiter
                }

                var (partHeaders, partBody) = SplitHeaders(section.TrimStart(' ', '\t').TrimStart('\n'));
                ReadPart(partHeaders, partBody, parts);
            }

            return;
        }

        var transfer = headers.GetValueOrDefault("Content-Transfer-Encoding", "7bit").Trim().ToLowerInvariant();
        var disposition = headers.GetValueOrDefault("Content-Disposition", "");
        var isText = contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase);
        var isAttachment = disposition.StartsWith("attachment", StringComparison.OrdinalIgnoreCase);
        if (isText && parts.Body is null && !isAttachment)
        {
            parts.Body = DecodeText(contentType, transfer, rawBody);
            return;
        }

        if (contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) && parts.Html is null && !isAttachment)
        {
            parts.Html = DecodeText(contentType, transfer, rawBody);
            return;
        }

        var bytes = transfer switch
        {
            "base64" => Convert.FromBase64String(new string(rawBody.Where(c => !char.IsWhiteSpace(c)).ToArray())),
            "quoted-printable" => Encoding.Latin1.GetBytes(DecodeQuotedPrintable(rawBody, Encoding.Latin1, underscoreIsSpace: false)),
            _ => Encoding.UTF8.GetBytes(rawBody),
        };
        var name = FileNameRegex().Match(disposition) is { Success: true } f ? f.Groups[1].Value
            : NameRegex().Match(contentType) is { Success: true } n ? n.Groups[1].Value
            : "";
        parts.Attachments.Add(new MailAttachment(DecodeWords(name), contentType.Split(';')[0].Trim(), bytes));
    }

    private static string DecodeText(string contentType, string transfer, string rawBody)
    {
        var charset = CharsetRegex().Match(contentType) is { Success: true } m ? m.Groups[1].Value : "utf-8";
        var encoding = Encoding.GetEncoding(charset);
        return transfer switch
        {
            "base64" => encoding.GetString(Convert.FromBase64String(new string(rawBody.Where(c => !char.IsWhiteSpace(c)).ToArray()))),
            "quoted-printable" => DecodeQuotedPrintable(rawBody, encoding, underscoreIsSpace: false),
            _ => rawBody,
        };
    }

    private static (Dictionary<string, string> Headers, string Body) SplitHeaders(string text)
    {
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var rawBody = split < 0 ? "" : text[(split + 2)..];

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var unfolded = new List<string>();
        foreach (var line in head.Split('\n'))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && unfolded.Count > 0)
            {
                unfolded[^1] += line;
            }
            else if (line.Length > 0)
            {
                unfolded.Add(line);
            }
        }

        foreach (var line in unfolded)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = DecodeWords(line[(colon + 1)..].Trim());
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }

        return (headers, rawBody);
    }

    /// <summary>Decodes RFC 2047 encoded words (=?charset?B|Q?...?=); whitespace between two encoded words is dropped.</summary>
    public static string DecodeWords(string value)
    {
        var joined = AdjacentWordsRegex().Replace(value, "?==?");
        return EncodedWordRegex().Replace(joined, m =>
        {
            var encoding = Encoding.GetEncoding(m.Groups[1].Value);
            var payload = m.Groups[3].Value;
            return m.Groups[2].Value.ToUpperInvariant() == "B"
                ? encoding.GetString(Convert.FromBase64String(payload))
                : DecodeQuotedPrintable(payload, encoding, underscoreIsSpace: true);
        });
    }

    private static string DecodeQuotedPrintable(string input, Encoding encoding, bool underscoreIsSpace)
    {
        var text = input.Replace("=\n", "", StringComparison.Ordinal);
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '=' && i + 2 < text.Length &&
                byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else if (c == '_' && underscoreIsSpace)
            {
                bytes.Add((byte)' ');
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return encoding.GetString(bytes.ToArray());
    }

    /// <summary>Every parsable message in <paramref name="folder"/> (a file still being written is skipped).</summary>
    public static List<ReceivedMail> ReadFolder(string folder)
    {
        var result = new List<ReceivedMail>();
        if (!Directory.Exists(folder))
        {
            return result;
        }

        foreach (var file in Directory.EnumerateFiles(folder))
        {
            try
            {
                result.Add(Parse(System.IO.File.ReadAllText(file), file));
            }
            catch (Exception e) when (e is IOException or FormatException or ArgumentException)
            {
                // Not complete yet: the next poll reads it again.
            }
        }

        return result;
    }

    /// <summary>Polls <paramref name="folder"/> until a message matches; null after <paramref name="timeout"/>.</summary>
    public static async Task<ReceivedMail?> WaitForAsync(string folder, Func<ReceivedMail, bool> match, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = ReadFolder(folder).FirstOrDefault(match);
            if (found is not null || DateTime.UtcNow > until)
            {
                return found;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The mail of one outbox row (its X-AksesSpse-Message header), once written; null after <paramref name="timeout"/>.</summary>
    public static Task<ReceivedMail?> WaitForOutboxAsync(string folder, long messageId, TimeSpan timeout) =>
        WaitForAsync(folder, m => m.Header("X-AksesSpse-Message") == messageId.ToString(CultureInfo.InvariantCulture), timeout);

    [GeneratedRegex(@"charset=""?([A-Za-z0-9_\-]+)""?", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetRegex();

    [GeneratedRegex(@"boundary=""?([^"";]+)""?", RegexOptions.IgnoreCase)]
    private static partial Regex BoundaryRegex();

    [GeneratedRegex(@"filename=""?([^"";]+)""?", RegexOptions.IgnoreCase)]
    private static partial Regex FileNameRegex();

    [GeneratedRegex(@"(?<![A-Za-z])name=""?([^"";]+)""?", RegexOptions.IgnoreCase)]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"\?=\s+=\?")]
    private static partial Regex AdjacentWordsRegex();

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWordRegex();
}

/// <summary>A file sent with a message: its name, type and decoded content.</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);
