using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace AksesSpse.Web.Tests.Infrastructure;

/// <summary>An uploaded file for a form post.</summary>
public sealed record FormFile(string FieldName, string FileName, byte[] Content, string ContentType = "application/octet-stream");

/// <summary>The response of a form post, and the page it led to (after following one redirect).</summary>
public sealed record FormResult(HttpStatusCode Status, string? Location, IDocument Page);

/// <summary>
/// Drives the app as a browser would, without JavaScript: reads pages, fills the real forms (with the
/// antiforgery token that the page carries) and posts them.
/// </summary>
public sealed class FormClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public async Task<IDocument> GetPageAsync(string url)
    {
        var response = await Http.GetAsync(url);
        return await ParseAsync(response);
    }

    public async Task<HttpResponseMessage> GetAsync(string url) => await Http.GetAsync(url);

    public async Task SignInAsync(string email, string password = DemoUsers.Password)
    {
        var page = await GetPageAsync("/Akun/Masuk");
        var result = await SubmitAsync(page, "form[action='/Akun/Masuk']", new() { ["Email"] = email, ["Password"] = password });
        if (result.Status != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in of {email} failed: {result.Page.QuerySelector(".validation-summary-errors")?.TextContent}");
        }
    }

    /// <summary>Fills the form found by <paramref name="formSelector"/> on <paramref name="page"/> and posts it.</summary>
    public async Task<FormResult> SubmitAsync(IDocument page, string formSelector, Dictionary<string, string> fields,
        IEnumerable<FormFile>? files = null, (string Name, string Value)? submitter = null, bool follow = true)
    {
        var form = page.QuerySelector(formSelector) as IHtmlFormElement
                   ?? throw new InvalidOperationException($"No form {formSelector} on {page.Url}: {page.Title}");
        var action = form.GetAttribute("action") ?? page.Url;
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            if (element is IHtmlInputElement { Type: "hidden" } hidden && !string.IsNullOrEmpty(hidden.Name) && !fields.ContainsKey(hidden.Name))
            {
                values.Add(new(hidden.Name, hidden.Value));
            }
        }

        foreach (var (name, value) in fields)
        {
            foreach (var part in value.Split('\u001f'))
            {
                values.Add(new(name, part));
            }
        }

        if (submitter is { } s)
        {
            values.Add(new(s.Name, s.Value));
        }

        HttpContent content;
        var fileList = files?.ToList() ?? [];
        var multipart = string.Equals(form.GetAttribute("enctype"), "multipart/form-data", StringComparison.OrdinalIgnoreCase);
        if (multipart || fileList.Count > 0)
        {
            var data = new MultipartFormDataContent();
            foreach (var (name, value) in values)
            {
                data.Add(new StringContent(value), name);
            }

            foreach (var file in fileList)
            {
                var part = new ByteArrayContent(file.Content);
                part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(file.ContentType);
                data.Add(part, file.FieldName, file.FileName);
            }

            content = data;
        }
        else
        {
            content = new FormUrlEncodedContent(values);
        }

        var response = await Http.PostAsync(action, content);
        var location = response.Headers.Location?.ToString();
        if (follow && response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther && location is not null)
        {
            var next = await GetPageAsync(location);
            return new FormResult(response.StatusCode, location, next);
        }

        return new FormResult(response.StatusCode, location, await ParseAsync(response));
    }

    /// <summary>Several values for one field name (checkboxes).</summary>
    public static string Many(params string[] values) => string.Join('\u001f', values);

    public static async Task<IDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(r => r.Content(html).Address(response.RequestMessage?.RequestUri?.ToString() ?? "http://localhost/"));
    }

    public void Dispose() => Http.Dispose();
}

public static class SampleFiles
{
    /// <summary>A real one-page PDF (it must parse: uploads are checked by content).</summary>
    public static byte[] Pdf(string text = "Surat permohonan") => AksesSpse.Tests.Shared.TestDocuments.Pdf(text);

    /// <summary>A real PNG image (it must decode).</summary>
    public static byte[] Png() => AksesSpse.Tests.Shared.TestDocuments.Png();

    public static byte[] Exe() => [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00];
}
