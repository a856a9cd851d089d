using System.Net;
using System.Text.RegularExpressions;
using AksesSpse.Core.Requests;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Sop2Pages = AksesSpse.Web.Tests.Sop2.Sop2;
using Sop4Pages = AksesSpse.Web.Tests.Sop4.Sop4;
using Sop3Pages = AksesSpse.Web.Tests.Sop3.Sop3;

namespace AksesSpse.Web.Tests.Security;

/// <summary>
/// Every form of the app, posted empty, with over-long values and with a NUL character: it is refused before its action
/// runs, in Bahasa Indonesia, and never with a server error (on PostgreSQL an over-long value or a NUL used to reach the
/// database and come back as "database unreachable").
/// </summary>
public sealed partial class FormValidationTests
{
    private const int Long = 5000;
    private const string WithNul = "Isi dengan \0 karakter NUL";
    private const string WithControl = "Isi dengan \u0001 karakter kendali";

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task EveryFormRefusesEmptyOverlongAndControlCharacterValuesInIndonesian(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        var problems = new List<string>();
        using var anonymous = factory.CreateFormClient();
        using var pokja = factory.CreateFormClient();
        using var helpdesk = factory.CreateFormClient();
        using var admin = factory.CreateFormClient();
        using var administrator = factory.CreateFormClient();
        await pokja.SignInAsync(DemoUsers.Pokja);
        await helpdesk.SignInAsync(DemoUsers.Helpdesk);
        await admin.SignInAsync(DemoUsers.AdminAgency);
        await administrator.SignInAsync(DemoUsers.Administrator);

        // The forms that create something.
        await ProbeAsync(anonymous, "/Akun/Masuk", "form[action='/Akun/Masuk']", problems);
        await ProbeAsync(anonymous, "/Akun/Daftar", "form[action='/Akun/Daftar']", problems);
        await ProbeAsync(pokja, "/Akun/GantiPassword", "form[action='/Akun/GantiPassword']", problems);
        await ProbeAsync(pokja, "/Prosedur/Ajukan/4", Sop4Pages.CreateForm, problems);
        await ProbeAsync(pokja, "/Prosedur/Ajukan/2", Sop2Pages.CreateForm, problems);
        await ProbeAsync(helpdesk, "/Helpdesk/Penerimaan/Baru", Sop2Pages.IntakeForm, problems);
        await ProbeAsync(admin, "/Register/Baru", "form[action='/Register/Baru']", problems);
        await ProbeAsync(administrator, "/Pengguna/Baru", "form[action='/Pengguna/Baru']", problems);

        // The SOP 4 step forms (they had no validator): completeness, then validity.
        var reset = await Sop4Pages.SubmitAsync(pokja, Sop4Pages.ResetFields());
        await ProbeAsync(admin, $"/Prosedur/{reset}", "#step-form[data-kind=CompletenessCheck]", problems, ("Answer", "No"));
        Sop4Pages.Accepted(await Sop4Pages.ActAsync(admin, reset, "#step-form[data-kind=CompletenessCheck]", submitter: ("Answer", "Yes")));
        await ProbeAsync(admin, $"/Prosedur/{reset}", "#step-form[data-kind=ValidityCheck]", problems, ("Answer", "No"));
        Assert.Equal(5, await factory.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == reset).Select(r => r.CurrentStepNumber).SingleAsync()));

        // The SOP 2 step forms: receive, then the completeness checklist.
        var activation = await Sop2Pages.SubmitAsync(pokja, Sop2Pages.RequestFields());
        await ProbeAsync(helpdesk, $"/Prosedur/{activation}", "#step-form[data-kind=Receive]", problems);
        Sop4Pages.Accepted(await Sop4Pages.ActAsync(helpdesk, activation, "#step-form[data-kind=Receive]"));
        var statusBeforeProbes = await StandingAsync(factory, activation);
        await ProbeAsync(helpdesk, $"/Prosedur/{activation}", "#step-form[data-kind=CompletenessCheck]", problems, ("Answer", "No"));
        var statusAfterProbes = await StandingAsync(factory, activation);

        // The campaign's forms (shown only while a campaign runs): posted as the page would, with the session's token.
        foreach (var action in new[] { "/Kampanye/Siapkan", "/Kampanye/Kecualikan", "/Kampanye/BatalKecualikan", "/Kampanye/Jalankan" })
        {
            await ProbeRawAsync(admin, action, ["FiscalYear", "AccountId", "Reason", "Search", "Page", "Version", "Confirmed", "TypedFiscalYear"], problems);
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));

        // Nothing over-long or with a NUL was stored, and the step forms moved nothing.
        Assert.Empty(await Sop4Pages.FindInDatabaseAsync(factory, new string('x', 1001)));
        Assert.Empty(await Sop4Pages.FindInDatabaseAsync(factory, "Isi dengan "));

        Assert.Equal(statusBeforeProbes, statusAfterProbes);
    }

    /// <summary>
    /// The step forms further along each SOP, each probed while it is the request's next step: SOP 4 execute, notify and
    /// archive (late explanation), SOP 2 resubmit, relay, in-app confirmation, staff-recorded confirmation and archive,
    /// the NIP verification forms, and the SOP 3 step form on the engine.
    /// </summary>
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task TheLaterStepFormsRefuseOverlongAndControlCharacterValuesInIndonesian(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        var problems = new List<string>();
        using var pokja = factory.CreateFormClient();
        using var helpdesk = factory.CreateFormClient();
        using var admin = factory.CreateFormClient();
        using var head = factory.CreateFormClient();
        await pokja.SignInAsync(DemoUsers.Pokja);
        await helpdesk.SignInAsync(DemoUsers.Helpdesk);
        await admin.SignInAsync(DemoUsers.AdminAgency);
        await head.SignInAsync(DemoUsers.KepalaLpse);

        // SOP 4, steps 6, 8 and 9.
        var reset = await Sop4Pages.SubmitAsync(pokja, Sop4Pages.ResetFields());
        Sop4Pages.Accepted(await Sop4Pages.ActAsync(admin, reset, "#step-form[data-kind=CompletenessCheck]", submitter: ("Answer", "Yes")));
        var page = Sop4Pages.Accepted(await Sop4Pages.ActAsync(admin, reset, "#step-form[data-kind=ValidityCheck]",
            new() { ["Note"] = "Dikonfirmasi lewat telepon." }, ("Answer", "Yes")));
        await ProbeAsync(admin, $"/Prosedur/{reset}", "#step-form[data-kind=AccountAction]", problems, includeEmpty: false);
        using (var executed = await Sop4Pages.PostFormAsync(admin, await Sop4Pages.DetailAsync(admin, reset), "#step-form[data-kind=AccountAction]"))
        {
            Assert.Equal(HttpStatusCode.OK, executed.StatusCode);
        }

        await ProbeAsync(admin, $"/Prosedur/{reset}", "#step-form[data-kind=Notify]", problems, includeEmpty: false);
        Sop4Pages.Accepted(await Sop4Pages.ActAsync(admin, reset, "#step-form[data-kind=Notify]"));
        await ProbeAsync(admin, $"/Prosedur/{reset}", "#step-form[data-kind=Archive]", problems, includeEmpty: false);
        Sop4Pages.Accepted(await Sop4Pages.ActAsync(admin, reset, "#step-form[data-kind=Archive]"));
        Assert.Equal(RequestStatus.Archived, await StatusAsync(factory, reset));

        // SOP 2: the applicant's resubmission, then relay, confirmation (in the app, and recorded by Helpdesk) and archive.
        var activation = await Sop2Pages.SubmitAsync(pokja, Sop2Pages.RequestFields());
        Sop4Pages.Accepted(await Sop4Pages.ActAsync(helpdesk, activation, "#step-form[data-kind=Receive]"));
        Sop4Pages.Accepted(await Sop4Pages.ActAsync(helpdesk, activation, "#step-form[data-kind=CompletenessCheck]", new()
        {
            ["Checked"] = FormClient.Many("KOP_SURAT", "TANDA_TANGAN", "DITUJUKAN_KEPALA_LPSE", "SK_BERLAKU", "DATA_PERSONAL"),
            ["MissingDocuments"] = "SURAT_PERMOHONAN",
            ["Note"] = "Unggah surat yang sudah distempel basah.",
        }, ("Answer", "No")));
        await ProbeAsync(pokja, $"/Prosedur/{activation}", "#step-form[data-kind=ApplicantCompletion]", problems, includeEmpty: false);
        page = await Sop4Pages.DetailAsync(pokja, activation);
        Sop4Pages.Accepted(await pokja.SubmitAsync(page, "#step-form[data-kind=ApplicantCompletion]", new() { ["Note"] = "Surat berstempel basah." },
            [Sop2Pages.Surat("surat-stempel.pdf", SampleFiles.Pdf("Surat berstempel"))]));
        Sop4Pages.Accepted(await Sop4Pages.ActAsync(helpdesk, activation, "#step-form[data-kind=CompletenessCheck]", new() { ["Checked"] = Sop2Pages.AllChecklistItems }, ("Answer", "Yes")));
        Sop4Pages.Accepted(await Sop4Pages.ActAsync(admin, activation, "#step-form[data-kind=AccountAction]"));
        await ProbeAsync(helpdesk, $"/Prosedur/{activation}", "#step-form[data-kind=Notify]", problems, includeEmpty: false);
        Sop4Pages.Accepted(await Sop4Pages.ActAsync(helpdesk, activation, "#step-form[data-kind=Notify]"));
        await ProbeAsync(pokja, $"/Prosedur/{activation}", "#step-form[data-kind=ConfirmReceipt]", problems, includeEmpty: false);
        await ProbeAsync(helpdesk, $"/Prosedur/{activation}", "#form-staff-confirm", problems, keep: new() { ["Method"] = "Phone" });
        Assert.Equal("8|", (await StandingAsync(factory, activation))[..2]); // still waiting for the confirmation (step 8)
        Sop4Pages.Accepted(await Sop4Pages.ActAsync(pokja, activation, "#step-form[data-kind=ConfirmReceipt]"));
        await ProbeAsync(helpdesk, $"/Prosedur/{activation}", "#step-form[data-kind=Archive]", problems, includeEmpty: false);
        Sop4Pages.Accepted(await Sop4Pages.ActAsync(helpdesk, activation, "#step-form[data-kind=Archive]"));
        Assert.Equal(RequestStatus.Archived, await StatusAsync(factory, activation));

        // The NIP verification forms, on an applicant whose NIP is not verified yet.
        var applicant = await Accounts.AccountTestSupport.CreateApplicantAsync(factory, $"nip.{Guid.NewGuid():N}"[..16] + "@contoh.go.id", "Rahasia#2026Baru", confirmed: true);
        var skDate = DateTime.UtcNow.AddDays(-30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await ProbeAsync(helpdesk, $"/VerifikasiNip/{applicant.Id}", "#form-verify-nip", problems, keep: new() { ["SkDate"] = skDate });
        await ProbeAsync(helpdesk, $"/VerifikasiNip/{applicant.Id}", "#form-reject-nip", problems);
        Assert.Equal(Core.Identity.NipStatus.Unverified,
            await factory.WithDbAsync(db => db.Users.Where(u => u.Id == applicant.Id).Select(u => u.NipStatus).SingleAsync()));

        // SOP 3 on the engine: the step form of step 2 (Kepala LPSE's order), its note and late explanation.
        var staff = await Sop3Pages.StartedAsync(head, Sop3Pages.Fields(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2), Sop3Pages.Dewi));
        await ProbeAsync(head, $"/Prosedur/{staff}", Sop3Pages.StepForm, problems, ("Answer", "Done"), includeEmpty: false);
        Sop3Pages.Accepted(await Sop3Pages.StepAsync(head, staff));

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Empty(await Sop4Pages.FindInDatabaseAsync(factory, new string('x', 1001)));
        Assert.Empty(await Sop4Pages.FindInDatabaseAsync(factory, "Isi dengan "));
    }

    [Fact]
    public async Task AStepFormTooLongForItsColumnSaysWhichFieldAndKeepsTheRequestAsItWas()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = DatabaseKind.PostgreSql, OutboxWorker = false });
        using var pokja = factory.CreateFormClient();
        using var admin = factory.CreateFormClient();
        await pokja.SignInAsync(DemoUsers.Pokja);
        await admin.SignInAsync(DemoUsers.AdminAgency);
        var id = await Sop4Pages.SubmitAsync(pokja, Sop4Pages.ResetFields());

        var result = await Sop4Pages.ActAsync(admin, id, "#step-form[data-kind=CompletenessCheck]", new() { ["Note"] = new string('r', 1001) }, ("Answer", "No"));
        Assert.Equal(HttpStatusCode.Redirect, result.Status);
        Assert.Equal("Catatan / alasan maksimal 1000 karakter.", Sop4Pages.Text(result.Page.QuerySelector(".alert.error")));

        result = await Sop4Pages.ActAsync(admin, id, "#step-form[data-kind=CompletenessCheck]", new() { ["Note"] = "Kurang \u0001 SK" }, ("Answer", "No"));
        Assert.Equal(HttpStatusCode.Redirect, result.Status);
        Assert.Equal("Catatan / alasan berisi karakter kendali yang tidak diizinkan (mis. NUL). Hapus karakter tersebut lalu kirim kembali.",
            Sop4Pages.Text(result.Page.QuerySelector(".alert.error")));

        // A NUL in a URL-encoded form is refused by the form reader itself: a page that says what is wrong, not a 500/503.
        result = await Sop4Pages.ActAsync(admin, id, "#step-form[data-kind=CompletenessCheck]", new() { ["Note"] = "Kurang \0 SK" }, ("Answer", "No"));
        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("Isian berisi karakter yang tidak diizinkan", Sop4Pages.Text(result.Page.QuerySelector("h1")));
        Assert.Contains("karakter kendali (NUL)", Sop4Pages.Text(result.Page));

        // The version field altered by hand: MVC's own message, in Indonesian.
        result = await Sop4Pages.ActAsync(admin, id, "#step-form[data-kind=CompletenessCheck]", new() { ["Version"] = "abc" }, ("Answer", "Yes"));
        Assert.Equal("Nilai 'abc' tidak sah.", Sop4Pages.Text(result.Page.QuerySelector(".alert.error")));

        Assert.Equal(2, await factory.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == id).Select(r => r.CurrentStepNumber).SingleAsync()));
        Assert.Equal(0, await factory.WithDbAsync(db => db.RequestSteps.CountAsync(s => s.AccessRequestId == id && s.CompletedAt != null && s.Kind != Core.Sop.StepKind.Submit)));
    }

    [Fact]
    public async Task AFieldWithAMessageFromTheFilterAndFromAnExplicitCheckShowsItOnce()
    {
        // The filter validates the sign-in form once; MVC's own message for the empty field does not appear beside it.
        await using var factory = await AppFactory.CreateAsync(new AppSettings { OutboxWorker = false });
        using var anonymous = factory.CreateFormClient();
        var page = await anonymous.GetPageAsync("/Akun/Masuk");
        var result = await anonymous.SubmitAsync(page, "form[action='/Akun/Masuk']", new() { ["Email"] = "", ["Password"] = "" });

        Assert.Equal(HttpStatusCode.OK, result.Status);
        var text = Sop4Pages.Text(result.Page);
        Assert.Equal(1, Regex.Count(text, Regex.Escape("Email wajib diisi.")));
        Assert.Equal(1, Regex.Count(text, Regex.Escape("Password wajib diisi.")));
    }

    /// <summary>Where an engine request stands: its open step and its version (a refused post changes neither).</summary>
    private static Task<string> StandingAsync(AppFactory factory, int id) =>
        factory.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == id).Select(r => r.CurrentStepNumber + "|" + r.Version).SingleAsync());

    private static Task<RequestStatus> StatusAsync(AppFactory factory, int id) =>
        factory.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == id).Select(r => r.Status).SingleAsync());

    /// <summary>Posts the form three times: every field empty, every text field over-long, every text field with a NUL.</summary>
    private static async Task ProbeAsync(FormClient client, string url, string selector, List<string> problems,
        (string Name, string Value)? submitter = null, bool includeEmpty = true, Dictionary<string, string>? keep = null)
    {
        var page = await client.GetPageAsync(url);
        var form = page.QuerySelector(selector) as IHtmlFormElement;
        if (form is null)
        {
            problems.Add($"{url}: no form {selector}");
            return;
        }

        var all = new List<string>();
        var text = new List<string>();
        foreach (var element in form.Elements)
        {
            var (name, type) = element switch
            {
                IHtmlInputElement input => (input.Name, input.Type),
                IHtmlTextAreaElement area => (area.Name, "textarea"),
                IHtmlSelectElement select => (select.Name, "select"),
                _ => (null, null),
            };
            if (string.IsNullOrEmpty(name) || name == "__RequestVerificationToken" || type is "file" or "submit" or "button" || all.Contains(name))
            {
                continue;
            }

            all.Add(name);
            if (type is "text" or "email" or "tel" or "search" or "password" or "textarea")
            {
                text.Add(name);
            }
        }

        // A late explanation is posted too, as an attacker would, though the page shows it only for a late step.
        if ((selector.StartsWith("#form-", StringComparison.Ordinal) || selector.StartsWith("#step-form", StringComparison.Ordinal)) && !text.Contains("LateExplanation"))
        {
            text.Add("LateExplanation");
        }

        var variants = new Dictionary<string, Dictionary<string, string>>
        {
            ["empty"] = all.ToDictionary(n => n, _ => ""),
            ["over-long"] = text.ToDictionary(n => n, _ => new string('x', Long)),
            ["NUL"] = text.ToDictionary(n => n, _ => WithNul),
            ["control character"] = text.ToDictionary(n => n, _ => WithControl),
        };
        if (!includeEmpty)
        {
            // A form that is complete when empty (a step with only a late explanation): posting it empty would do the step.
            variants.Remove("empty");
        }

        foreach (var (name, value) in keep ?? [])
        {
            // Valid values for the fields that are not probed, so the text fields' own messages are what refuses the post.
            foreach (var (variant, fields) in variants.Where(v => v.Key != "empty"))
            {
                fields[name] = value;
            }
        }

        foreach (var (variant, fields) in variants)
        {
            var result = await client.SubmitAsync(page, selector, fields, submitter: submitter);
            Check($"{url} {selector} ({variant})", result.Status, result.Page, problems);
            if (variant != "empty" && result.Status == HttpStatusCode.Redirect && result.Page.QuerySelector(".alert.error") is null)
            {
                problems.Add($"{url} {selector} ({variant}): accepted");
            }
        }
    }

    /// <summary>Posts an action directly (its form is not on any page now), with the session's antiforgery token.</summary>
    private static async Task ProbeRawAsync(FormClient client, string action, string[] names, List<string> problems)
    {
        var page = await client.GetPageAsync("/Kampanye");
        var token = ((IHtmlInputElement)page.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        var variants = new Dictionary<string, Func<string, string>>
        {
            ["empty"] = _ => "",
            ["over-long"] = _ => new string('x', Long),
            ["NUL"] = _ => WithNul,
            ["control character"] = _ => WithControl,
            ["garbage"] = n => n == "FiscalYear" ? "2026" : "abc",
        };
        foreach (var (variant, value) in variants)
        {
            var body = new FormUrlEncodedContent(names.Select(n => new KeyValuePair<string, string>(n, value(n)))
                .Append(new("__RequestVerificationToken", token)));
            using var response = await client.Http.PostAsync(action, body);
            var shown = response.StatusCode == HttpStatusCode.Redirect
                ? await client.GetPageAsync(response.Headers.Location!.ToString())
                : await FormClient.ParseAsync(response);
            Check($"{action} ({variant})", response.StatusCode, shown, problems);
        }
    }

    private static void Check(string label, HttpStatusCode status, IDocument page, List<string> problems)
    {
        if ((int)status >= 500)
        {
            problems.Add($"{label}: HTTP {(int)status} {Sop4Pages.Text(page.QuerySelector("h1"))}");
        }

        var text = Sop4Pages.Text(page);
        if (English().Match(text) is { Success: true } english)
        {
            problems.Add($"{label}: English on the page: \"{english.Value}\" in \"{Around(text, english.Index)}\"");
        }
    }

    private static string Around(string text, int index) => text.Substring(Math.Max(0, index - 60), Math.Min(160, text.Length - Math.Max(0, index - 60)));

    [GeneratedRegex(@"field is required|is not valid|is invalid|must be|The value|The field|Failed to read|limit exceeded|is required|valid email|must not|should not", RegexOptions.IgnoreCase)]
    private static partial Regex English();
}
