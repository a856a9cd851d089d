using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Dom;

namespace AksesSpse.Web.Tests.Sop3;

/// <summary>One person row of the SOP 3 start form.</summary>
internal sealed record PersonInput(string Name, string Nip, string Email, string Role, string UserId, string Phone = "081234567890", string Position = "Staf LPSE");

/// <summary>What the SOP 3 page tests share: the start form, the step form, and reading the pages.</summary>
internal static partial class Sop3
{
    public const string StartForm = "form[action='/Prosedur/Ajukan/3']";
    public const string StepForm = "#step-form";

    public static readonly PersonInput Dewi = new("Dewi Lestari", "199001012015032001", "dewi.lestari@contoh.go.id", "Verifikator", "dewi.verif");
    public static readonly PersonInput Agus = new("Agus Salim", "198805102014031002", "agus.salim@contoh.go.id", "Helpdesk", "agus.helpdesk");

    public static FormFile Sk(string fileName = "sk-pembuatan-akun.pdf", byte[]? content = null) =>
        new("doc_SK_PEMBUATAN_AKUN", fileName, content ?? SampleFiles.Pdf("SK Pembuatan Akun"), "application/pdf");

    public static Dictionary<string, string> Fields(DateOnly skDate, params PersonInput[] persons)
    {
        var fields = new Dictionary<string, string>
        {
            ["SkNumber"] = "800/12/LPSE/2026",
            ["SkDate"] = skDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Note"] = "Penambahan petugas layanan LPSE.",
        };
        for (var i = 0; i < persons.Length; i++)
        {
            var p = persons[i];
            fields[$"Persons[{i}].FullName"] = p.Name;
            fields[$"Persons[{i}].Nip"] = p.Nip;
            fields[$"Persons[{i}].Email"] = p.Email;
            fields[$"Persons[{i}].Phone"] = p.Phone;
            fields[$"Persons[{i}].Position"] = p.Position;
            fields[$"Persons[{i}].Role"] = p.Role;
            fields[$"Persons[{i}].UserId"] = p.UserId;
        }

        return fields;
    }

    public static async Task<FormResult> StartAsync(FormClient head, Dictionary<string, string> fields, IEnumerable<FormFile>? files = null)
    {
        var page = await head.GetPageAsync("/Prosedur/Ajukan/3");
        return await head.SubmitAsync(page, StartForm, fields, files ?? [Sk()]);
    }

    public static async Task<int> StartedAsync(FormClient head, Dictionary<string, string> fields)
    {
        var result = await StartAsync(head, fields);
        Assert.True(result.Status == HttpStatusCode.Redirect,
            $"Start refused ({(int)result.Status}): {Text(result.Page.QuerySelector(".validation-summary-errors"))}");
        return IdFrom(result.Location);
    }

    public static int IdFrom(string? location)
    {
        var match = DetailUrl().Match(location ?? "");
        Assert.True(match.Success, $"Expected a redirect to /Prosedur/{{id}}, got \"{location}\"");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Loads the request page and posts its step form.</summary>
    public static async Task<FormResult> StepAsync(FormClient client, int id, Dictionary<string, string>? fields = null, string answer = "Done")
    {
        var page = await client.GetPageAsync($"/Prosedur/{id}");
        return await client.SubmitAsync(page, StepForm, fields ?? [], submitter: ("Answer", answer));
    }

    /// <summary>Step 3's fields: every pending person made, both ticks.</summary>
    public static Dictionary<string, string> AllMade(int persons) =>
        Enumerable.Range(0, persons).ToDictionary(i => $"Persons[{i}].Done", _ => "true")
            .Append(new KeyValuePair<string, string>("Checked", FormClient.Many("DATA_SESUAI_FORMULIR", "PANDUAN_SPSE")))
            .ToDictionary();

    /// <summary>Posts the step form of a page without following anything (to read the raw response and its headers).</summary>
    public static async Task<HttpResponseMessage> PostStepAsync(FormClient client, IDocument page, Dictionary<string, string> fields)
    {
        var form = page.QuerySelector(StepForm) ?? throw new InvalidOperationException($"No step form on {page.Url}");
        var values = form.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .Where(v => !fields.ContainsKey(v.Key)).ToList();
        values.AddRange(fields.SelectMany(f => f.Value.Split('\u001f').Select(v => new KeyValuePair<string, string>(f.Key, v))));
        values.Add(new("Answer", "Done"));
        return await client.Http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(values));
    }

    public static IDocument Accepted(FormResult result)
    {
        Assert.True(result.Status == HttpStatusCode.Redirect && result.Page.QuerySelector(".alert.success") is not null,
            $"Step not accepted ({(int)result.Status} → {result.Location}): {Text(result.Page.QuerySelector(".alert.error"))}");
        return result.Page;
    }

    public static string Text(IElement? element) => element is null ? "" : Spaces().Replace(element.TextContent, " ").Trim();

    [GeneratedRegex(@"^/Prosedur/(\d+)$")]
    private static partial Regex DetailUrl();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
