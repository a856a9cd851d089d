using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AksesSpse.Web.Tests.Infrastructure;
using Xunit;

namespace AksesSpse.Web.Tests.SopEditor;

/// <summary>Drives the SOP editor (issue #11 §2) through its pages as a browser without JavaScript would.</summary>
internal static class SopEditorPages
{
    public const string DraftForm = "#draft-form";

    /// <summary>Every field of a form as it stands: inputs, selects, textareas, checked boxes (several values joined by \u001f).</summary>
    public static Dictionary<string, string> Values(IDocument page, string formSelector = DraftForm)
    {
        var values = new Dictionary<string, string>();
        var form = page.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"No form {formSelector}: {page.Title}");
        foreach (var element in form.Elements)
        {
            var (name, value) = element switch
            {
                IHtmlInputElement { Type: "checkbox" or "radio" } box when box.IsChecked => (box.Name, box.Value),
                IHtmlInputElement { Type: "checkbox" or "radio" or "submit" or "button" } => (null, null),
                IHtmlInputElement input => (input.Name, input.Value),
                IHtmlSelectElement select => (select.Name, select.Value ?? ""),
                IHtmlTextAreaElement area => (area.Name, area.Value),
                _ => (null, null),
            };
            if (string.IsNullOrEmpty(name) || value is null)
            {
                continue;
            }

            values[name] = values.TryGetValue(name, out var before) ? before + "\u001f" + value : value;
        }

        return values;
    }

    /// <summary>Opens (or reopens) the draft of the SOP's next version from the SOP's page; returns the editor page and its id.</summary>
    public static async Task<(IDocument Page, int DraftId)> OpenDraftAsync(FormClient editor, int sopId)
    {
        var sop = await editor.GetPageAsync($"/Sop/{sopId}");
        if (sop.QuerySelector("#sop-draft-open a") is { } open)
        {
            var href = open.GetAttribute("href")!;
            return (await editor.GetPageAsync(href), int.Parse(href[(href.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }

        var started = await editor.SubmitAsync(sop, "#sop-start-draft", [], follow: false);
        Assert.Equal(HttpStatusCode.Redirect, started.Status);
        var location = started.Location!;
        Assert.StartsWith("/Sop/Draf/", location, StringComparison.Ordinal);
        return (await editor.GetPageAsync(location), int.Parse(location["/Sop/Draf/".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Saves the draft with these changes to its current fields, pressing the button <paramref name="command"/>.</summary>
    public static Task<FormResult> SaveAsync(FormClient editor, IDocument page, Dictionary<string, string> changes, string command = "simpan")
    {
        var values = Values(page);
        foreach (var (k, v) in changes)
        {
            values[k] = v;
        }

        values.Remove("Command");
        return editor.SubmitAsync(page, DraftForm, values, submitter: ("Command", command));
    }

    public static Task<FormResult> PublishAsync(FormClient editor, IDocument page, string note) =>
        editor.SubmitAsync(page, "#publish-form", new() { ["note"] = note });

    /// <summary>Opens a draft of the SOP, applies the changes, saves and publishes it; returns the new version's id.</summary>
    public static async Task<int> PublishChangeAsync(FormClient editor, int sopId, Dictionary<string, string> changes, string note)
    {
        var (page, draftId) = await OpenDraftAsync(editor, sopId);
        var saved = await SaveAsync(editor, page, changes);
        Assert.True(saved.Status == HttpStatusCode.Redirect, Errors(saved.Page));
        Assert.Contains("lolos pemeriksaan", saved.Page.QuerySelector("#publish-checks")!.TextContent, StringComparison.Ordinal);
        var published = await PublishAsync(editor, saved.Page, note);
        Assert.Equal(HttpStatusCode.Redirect, published.Status);
        Assert.Equal($"/Sop/{draftId}", published.Location);
        Assert.Contains("Versi baru SOP diterbitkan", published.Page.Body!.TextContent, StringComparison.Ordinal);
        return draftId;
    }

    public static string Errors(IDocument page) =>
        (page.QuerySelector(".validation-summary-errors")?.TextContent ?? page.QuerySelector(".alert.error")?.TextContent ?? page.Body?.TextContent[..Math.Min(2000, page.Body.TextContent.Length)] ?? "").Trim();
}
