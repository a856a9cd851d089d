using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Sop4Pages = AksesSpse.Web.Tests.Sop4.Sop4;

using AksesSpse.Tests.Shared;

namespace AksesSpse.Web.Tests.Sop2;

/// <summary>What the SOP 2 tests share: the demo data they rely on, the two forms, and reading the handover form.</summary>
internal static partial class Sop2
{
    public const string RinaSpseUserId = "rina.pokja";
    public const string RinaName = "Rina Kartika Sari";
    public const string RinaNip = "198503122010012003";
    public const string HelpdeskName = "Fitri Anggraini";
    public const string AdminName = "Budi Santoso";

    /// <summary>An inactive Pejabat Pengadaan account of the demo register whose holder has no AksesSpse account.</summary>
    public const string HendraSpseUserId = "hendra.pp";
    public const string HendraName = "Hendra Wijaya";
    public const string HendraNip = "198110302006041004";
    public const string HendraEmail = "hendra.pp@contoh.go.id";

    /// <summary>A Pokja account of the demo register whose SK ended last year.</summary>
    public const string DewiSpseUserId = "dewi.pokja";
    public const string DewiNip = "198807212012122001";

    public const string CreateForm = "form[action='/Prosedur/Ajukan/2']";
    public const string IntakeForm = "form[action='/Helpdesk/Penerimaan/Baru']";
    public const string SuratName = "Surat Permohonan Hak Akses kepada Kepala LPSE";
    public const string SkName = "Surat Keputusan/Surat Tugas/Surat Penunjukan";

    public static FormFile Surat(string fileName = "surat-permohonan.pdf", byte[]? content = null) =>
        new("doc_SURAT_PERMOHONAN", fileName, content ?? SampleFiles.Pdf(), "application/pdf");

    public static FormFile Sk(string fileName = "sk-penunjukan.pdf", byte[]? content = null) =>
        new("doc_SK_PENUNJUKAN", fileName, content ?? SampleFiles.Pdf("SK Penunjukan"), "application/pdf");

    public static FormFile[] BothDocuments() => [Surat(), Sk()];

    /// <summary>The office's today (WIB) as the app sees it through <paramref name="clock"/>.</summary>
    public static DateOnly Today(TimeProvider? clock = null) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime,
            TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta")));

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The applicant's fields on top of what the form shows (the profile's personal data is prefilled).</summary>
    public static Dictionary<string, string> RequestFields(string type = "Deactivate", string spseUserId = RinaSpseUserId,
        DateOnly? skValidUntil = null, string reason = "Tidak lagi menjadi anggota Pokja Pemilihan sejak mutasi jabatan") =>
        new()
        {
            ["Type"] = type,
            ["SpseUserId"] = spseUserId,
            ["Reason"] = reason,
            ["SkNumber"] = "027/SK/UKPBJ/2026",
            ["SkValidUntil"] = Iso(skValidUntil ?? Today().AddMonths(6)),
        };

    public static Dictionary<string, string> IntakeFields(string channel = "WalkIn", string type = "Activate", string spseUserId = HendraSpseUserId,
        DateOnly? skValidUntil = null, string skNumber = "027/061/DISDIK/2027") =>
        new()
        {
            ["Channel"] = channel,
            ["Type"] = type,
            ["ApplicantName"] = HendraName,
            ["ApplicantNip"] = "19811030 200604 1 004",
            ["ApplicantEmail"] = HendraEmail,
            ["RankGrade"] = "Penata Muda Tk. I / III-b",
            ["Position"] = "Pejabat Pengadaan",
            ["Agency"] = "Dinas Pendidikan Kabupaten Contoh",
            ["Address"] = "Jl. Pendidikan No. 5, Kabupaten Contoh",
            ["Phone"] = "081355501234",
            ["SpseUserId"] = spseUserId,
            ["Reason"] = "Ditunjuk kembali sebagai Pejabat Pengadaan untuk tahun anggaran berikutnya",
            ["SkNumber"] = skNumber,
            ["SkValidUntil"] = Iso(skValidUntil ?? new DateOnly(Today().Year + 1, 12, 31)),
        };

    /// <summary>
    /// What a browser would send from the form: every visible field's current value (text, date, selected option, checked
    /// radio, textarea), overridden by <paramref name="fields"/>. FormClient itself sends hidden fields and the given ones.
    /// </summary>
    public static Dictionary<string, string> AsShown(IDocument page, string formSelector, Dictionary<string, string> fields)
    {
        var form = page.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"No form {formSelector}");
        var values = new Dictionary<string, string>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Type: "text" or "email" or "date" } input when !string.IsNullOrEmpty(input.Name) && !input.IsReadOnly:
                    values[input.Name] = input.Value;
                    break;
                case IHtmlInputElement { Type: "radio", IsChecked: true } radio when !string.IsNullOrEmpty(radio.Name):
                    values[radio.Name] = radio.Value;
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    values[select.Name] = select.Value ?? "";
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    values[area.Name] = area.Value;
                    break;
            }
        }

        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        return values;
    }

    /// <summary>Opens the applicant's form, submits it as shown with <paramref name="fields"/>, and returns the request's id.</summary>
    public static async Task<int> SubmitAsync(FormClient applicant, Dictionary<string, string> fields, IEnumerable<FormFile>? files = null)
    {
        var result = await TrySubmitAsync(applicant, fields, files);
        Assert.True(result.Status == HttpStatusCode.Redirect,
            $"Submission refused ({(int)result.Status}): {Errors(result.Page)}");
        return Sop4Pages.IdFrom(result.Location);
    }

    public static async Task<FormResult> TrySubmitAsync(FormClient applicant, Dictionary<string, string> fields, IEnumerable<FormFile>? files = null,
        IDocument? page = null)
    {
        page ??= await applicant.GetPageAsync("/Prosedur/Ajukan/2");
        return await applicant.SubmitAsync(page, CreateForm, AsShown(page, CreateForm, fields), files ?? BothDocuments());
    }

    /// <summary>Helpdesk registers a paper or email file; returns the request's id.</summary>
    public static async Task<int> IntakeAsync(FormClient helpdesk, Dictionary<string, string> fields, IEnumerable<FormFile>? files = null)
    {
        var result = await TryIntakeAsync(helpdesk, fields, files);
        Assert.True(result.Status == HttpStatusCode.Redirect, $"Intake refused ({(int)result.Status}): {Errors(result.Page)}");
        return Sop4Pages.IdFrom(result.Location);
    }

    public static async Task<FormResult> TryIntakeAsync(FormClient helpdesk, Dictionary<string, string> fields, IEnumerable<FormFile>? files = null,
        IDocument? page = null)
    {
        page ??= await helpdesk.GetPageAsync("/Helpdesk/Penerimaan/Baru");
        return await helpdesk.SubmitAsync(page, IntakeForm, fields, files ?? BothDocuments());
    }

    /// <summary>The form's messages: the summary and every field's, joined.</summary>
    public static string Errors(IDocument page) =>
        string.Join(" | ", page.QuerySelectorAll(".validation-summary-errors, .field-error, .alert.error").Select(Text).Where(t => t.Length > 0));

    public static string Text(IElement? element) => Sop4Pages.Text(element);

    public static string Text(IDocument page) => Sop4Pages.Text(page);

    public static Task<IDocument> DetailAsync(FormClient client, int id) => Sop4Pages.DetailAsync(client, id);

    public static Task<FormResult> ActAsync(FormClient client, int id, string formSelector, Dictionary<string, string>? fields = null,
        (string Name, string Value)? submitter = null) => Sop4Pages.ActAsync(client, id, formSelector, fields, submitter);

    public static IDocument Accepted(FormResult result) => Sop4Pages.Accepted(result);

    public static string Status(IDocument page) => Text(page.QuerySelector("#request-status"));

    /// <summary>All six checklist items of step 3 ticked (their seeded codes), for "Berkas lengkap".</summary>
    public static string AllChecklistItems => FormClient.Many("KOP_SURAT", "TANDA_TANGAN", "STEMPEL_BASAH", "DITUJUKAN_KEPALA_LPSE", "SK_BERLAKU", "DATA_PERSONAL");

    public static Task<string> NumberAsync(AppFactory factory, int id) =>
        factory.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == id).Select(r => r.Number).SingleAsync());

    /// <summary>Downloads the handover form of a request and returns its bytes (asserting a PDF came back).</summary>
    public static async Task<byte[]> ReceiptAsync(FormClient client, int id)
    {
        using var response = await client.GetAsync($"/Permohonan/{id}/TandaTerima");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.DispositionType ?? "");
        Assert.True(response.Headers.CacheControl?.NoStore, "the handover form must not be cached");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length > 1000, $"the handover form is only {bytes.Length} bytes");
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        return bytes;
    }

    /// <summary>The text of a PDF as poppler's pdftotext reads it, white space collapsed.</summary>
    public static string PdfText(byte[] pdf) => Spaces().Replace(Poppler.Text(pdf), " ");

    /// <summary>The status page address printed under the handover form's QR code.</summary>
    public static string StatusUrlFrom(string receiptText)
    {
        var match = StatusUrl().Match(receiptText);
        Assert.True(match.Success, "no status URL on the handover form: " + receiptText);
        return match.Value;
    }

    /// <summary>The receipt confirmation link of the result email.</summary>
    public static string ConfirmUrlFrom(string body)
    {
        var match = ConfirmUrl().Match(body);
        Assert.True(match.Success, "no confirmation link in the result email: " + body);
        return match.Value;
    }

    /// <summary>Files under the app's storage root.</summary>
    public static string[] StoredFiles(AppFactory factory)
    {
        var root = Path.Combine(factory.Root, "files");
        return Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories) : [];
    }

    public static string PathAndQuery(string url) => new Uri(url).PathAndQuery;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"https?://\S+/Status\?t=[A-Za-z0-9_\-]+")]
    private static partial Regex StatusUrl();

    [GeneratedRegex(@"https?://\S+/Status/Konfirmasi\?t=[A-Za-z0-9_\-]+")]
    private static partial Regex ConfirmUrl();
}
