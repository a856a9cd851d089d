using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace AksesSpse.Web.Tests.Sop4;

/// <summary>One row of the step log (#timeline) as the page shows it.</summary>
internal sealed record TimelineRow(int Step, string Performer, string Finished, string Timing, string Outcome);

/// <summary>What the SOP 4 tests share: the demo data they rely on and the page reading they repeat.</summary>
internal static partial class Sop4
{
    public const string RinaSpseUserId = "rina.pokja";
    public const string RinaName = "Rina Kartika Sari";
    public const string RinaNip = "198503122010012003";
    public const string AdminName = "Budi Santoso";
    public const string CreateForm = "form[action='/Prosedur/Ajukan/4']";
    public const string SkPokjaName = "Surat Keputusan Penetapan sebagai Pokja Pemilihan";
    public const string SuratName = "Surat Permohonan Reset Password dan Perubahan Informasi User ID Pokja Pemilihan";

    public static FormFile Surat(string fileName = "surat-permohonan.pdf", byte[]? content = null) =>
        new("doc_SURAT_PERMOHONAN", fileName, content ?? SampleFiles.Pdf(), "application/pdf");

    public static FormFile SkPokja(string fileName = "sk-pokja.pdf", byte[]? content = null) =>
        new("doc_SK_POKJA", fileName, content ?? SampleFiles.Pdf("SK Pokja"), "application/pdf");

    public static FormFile[] BothDocuments() => [Surat(), SkPokja()];

    public static Dictionary<string, string> ResetFields(string spseUserId = RinaSpseUserId,
        string reason = "Lupa password akun SPSE setelah cuti panjang") =>
        new() { ["Type"] = "ResetPassword", ["SpseUserId"] = spseUserId, ["Reason"] = reason };

    /// <summary>Opens the form, submits it with both documents, and returns the new request's id.</summary>
    public static async Task<int> SubmitAsync(FormClient applicant, Dictionary<string, string> fields, IEnumerable<FormFile>? files = null)
    {
        var page = await applicant.GetPageAsync("/Prosedur/Ajukan/4");
        var result = await applicant.SubmitAsync(page, CreateForm, fields, files ?? BothDocuments());
        Assert.True(result.Status == HttpStatusCode.Redirect,
            $"Submission refused ({(int)result.Status}): {Text(result.Page.QuerySelector(".validation-summary-errors"))} {Text(result.Page.QuerySelector(".field-error"))}");
        return IdFrom(result.Location);
    }

    /// <summary>Starts a SOP 4 reset on the engine through its module (as /Prosedur/Ajukan/4 does), with both documents.</summary>
    public static async Task<int> StartResetAsync(AppFactory factory, AksesSpse.Core.Common.Actor applicant, string spseUserId,
        string reason = "Lupa password akun SPSE", IReadOnlyList<AksesSpse.Core.Documents.IncomingFile>? files = null)
    {
        using var scope = factory.Services.CreateScope();
        var engine = scope.ServiceProvider.GetRequiredService<AksesSpse.Core.Engine.SopEngine>();
        var result = await scope.ServiceProvider.GetRequiredService<AksesSpse.Core.Procedures.PasswordResetModule>().StartAsync(engine,
            new AksesSpse.Core.Requests.SubmitResetCommand(Guid.NewGuid(), AksesSpse.Core.Requests.RequestType.ResetPassword, spseUserId, reason,
                null, null, null, null, files ??
                [
                    new("SURAT_PERMOHONAN", "surat.pdf", SampleFiles.Pdf()),
                    new("SK_POKJA", "sk.pdf", SampleFiles.Pdf("SK")),
                ]), applicant, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
        return result.Value;
    }

    /// <summary>
    /// One move on the open step of a SOP 4 request on the engine, as its page posts it: "Ya" at a decision (2 complete, 5 valid),
    /// done elsewhere (6, 8, 9); with <paramref name="missing"/> the completeness check returns the file instead.
    /// </summary>
    public static Task MoveAsync(AppFactory factory, int id, AksesSpse.Core.Common.Actor actor, string? note = null, params string[] missing) =>
        MoveAsync(factory, id, actor, null, note, missing);

    /// <summary>Rejects a SOP 4 request outright at its open step (with the reason): it goes to the rejection notice and the archive.</summary>
    public static Task RejectAsync(AppFactory factory, int id, AksesSpse.Core.Common.Actor actor, string reason) =>
        MoveAsync(factory, id, actor, AksesSpse.Core.Engine.StepAnswer.Reject, reason, []);

    private static async Task MoveAsync(AppFactory factory, int id, AksesSpse.Core.Common.Actor actor, AksesSpse.Core.Engine.StepAnswer? answer,
        string? note, string[] missing)
    {
        var (version, step) = await factory.WithDbAsync(async db =>
            await db.AccessRequests.Where(r => r.Id == id).Select(r => new ValueTuple<int, int>(r.Version, r.CurrentStepNumber ?? 0)).SingleAsync());
        using var scope = factory.Services.CreateScope();
        var decision = step is 2 or 5;
        var result = await scope.ServiceProvider.GetRequiredService<AksesSpse.Core.Engine.SopEngine>().MoveAsync(id,
            new AksesSpse.Core.Engine.StepMove(step, version)
            {
                Answer = answer ?? (missing.Length > 0 ? AksesSpse.Core.Engine.StepAnswer.No
                    : decision ? AksesSpse.Core.Engine.StepAnswer.Yes : AksesSpse.Core.Engine.StepAnswer.Done),
                MissingDocuments = missing,
                Note = note ?? (missing.Length > 0 ? "Dokumen belum lengkap" : null),
            }, actor, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
    }

    public static int IdFrom(string? location)
    {
        var match = DetailUrl().Match(location ?? "");
        Assert.True(match.Success, $"Expected a redirect to a request's detail page, got \"{location}\"");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The page of request <paramref name="id"/>, of any SOP: /Permohonan/Detail/{id}, which leads a request the engine runs
    /// (SOP 4) to /Prosedur/{id}.
    /// </summary>
    public static async Task<IDocument> DetailAsync(FormClient client, int id)
    {
        using var response = await client.GetAsync($"/Permohonan/Detail/{id}");
        return response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == $"/Prosedur/{id}"
            ? await client.GetPageAsync($"/Prosedur/{id}")
            : await FormClient.ParseAsync(response);
    }

    /// <summary>Loads the detail page and posts one of its forms.</summary>
    public static async Task<FormResult> ActAsync(FormClient client, int id, string formSelector,
        Dictionary<string, string>? fields = null, (string Name, string Value)? submitter = null)
    {
        var page = await DetailAsync(client, id);
        return await client.SubmitAsync(page, formSelector, fields ?? [], submitter: submitter);
    }

    /// <summary>Asserts a step was accepted: redirected to the detail page with a success message.</summary>
    public static IDocument Accepted(FormResult result)
    {
        Assert.True(result.Status == HttpStatusCode.Redirect && result.Page.QuerySelector(".alert.success") is not null,
            $"Step not accepted ({(int)result.Status} → {result.Location}): {Text(result.Page.QuerySelector(".alert.error"))}");
        return result.Page;
    }

    /// <summary>Posts a form without following anything, to see the raw response (headers included).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(FormClient client, IDocument page, string formSelector,
        Dictionary<string, string>? fields = null, bool withAntiforgeryToken = true)
    {
        var form = page.QuerySelector(formSelector) as IHtmlFormElement
                   ?? throw new InvalidOperationException($"No form {formSelector} on {page.Url}");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            if (element is IHtmlInputElement { Type: "hidden" } hidden && !string.IsNullOrEmpty(hidden.Name) &&
                (withAntiforgeryToken || hidden.Name != "__RequestVerificationToken") && fields?.ContainsKey(hidden.Name) != true)
            {
                values.Add(new(hidden.Name, hidden.Value));
            }
        }

        values.AddRange(fields ?? []);
        return await client.Http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(values));
    }

    /// <summary>The status words of the request page (beside the engine's "menunggu … — langkah N").</summary>
    public static string Status(IDocument page) => Text(page.QuerySelector("#request-status .status-label"));

    public static IReadOnlyList<TimelineRow> Timeline(IDocument page) =>
        page.QuerySelectorAll("#timeline tbody tr").Select(tr =>
        {
            var cells = tr.QuerySelectorAll("td").Select(Text).ToList();
            return new TimelineRow(int.Parse(cells[0], CultureInfo.InvariantCulture), cells[2], cells[4], cells[6], cells[7]);
        }).ToList();

    /// <summary>Text content with runs of white space collapsed.</summary>
    public static string Text(IElement? element) => element is null ? "" : Spaces().Replace(element.TextContent, " ").Trim();

    public static string Text(IDocument page) => Text(page.Body);

    public static async Task<int> OfficeIdAsync(AppFactory factory) =>
        await factory.WithDbAsync(db => db.Offices.Where(o => o.Code == DatabaseInitializer.DemoOfficeCode).Select(o => o.Id).SingleAsync());

    /// <summary>Creates a confirmed user of the demo office directly through Identity (as the Administrator would).</summary>
    public static async Task<ApplicationUser> CreateUserAsync(AppFactory factory, string email, string name, string nip, string role,
        bool verifiedNip = true)
    {
        var officeId = await OfficeIdAsync(factory);
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            FullName = name,
            Nip = nip,
            Position = role == Roles.Pemohon ? "Anggota Pokja Pemilihan" : Roles.Label(role),
            Agency = "Dinas Perhubungan Kabupaten Contoh",
            PhoneNumber = "081298765432",
            ApplicantKind = role == Roles.Pemohon ? ApplicantKind.Pokja : ApplicantKind.None,
            OfficeId = officeId,
            CreatedAt = DateTime.UtcNow,
        };
        if (role == Roles.Pemohon && verifiedNip)
        {
            // As if Helpdesk had checked the NIP against the SK (docs/adr/0016).
            user.NipStatus = NipStatus.Verified;
            user.ApplicantNipKey = nip;
            user.NipCheckedAt = DateTime.UtcNow;
            user.NipCheckedByName = "Fitri Anggraini";
            user.NipSkNumber = "027/SK/UKPBJ/2026";
        }

        var created = await users.CreateAsync(user, DemoUsers.Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user;
    }

    /// <summary>
    /// Adds an SPSE account to the demo office's register (by default held by the demo Pokja member, whose NIP it carries):
    /// SOP 4 takes only a user ID registered to the applicant's NIP.
    /// </summary>
    public static Task RegisterAccountAsync(AppFactory factory, string userId, string holderName = RinaName, string nip = RinaNip,
        string? email = null) => factory.WithDbAsync(async db =>
    {
        var officeId = await db.Offices.Where(o => o.Code == DatabaseInitializer.DemoOfficeCode).Select(o => o.Id).SingleAsync();
        db.SpseAccounts.Add(new AksesSpse.Core.Accounts.SpseAccount
        {
            OfficeId = officeId, UserId = userId, HolderName = holderName, HolderNip = nip, HolderEmail = email ?? DemoUsers.Pokja,
            Agency = "Dinas Pekerjaan Umum Kabupaten Contoh", Role = AksesSpse.Core.Accounts.SpseRole.Pokja, SkNumber = "027/SK/UKPBJ/2026",
            ValidUntil = new DateOnly(DateTime.UtcNow.Year + 1, 12, 31), Status = AksesSpse.Core.Accounts.SpseAccountStatus.Active,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        });
        return await db.SaveChangesAsync();
    });

    /// <summary>Every text column of every table of the model that contains <paramref name="needle"/> (as "table.column").</summary>
    public static Task<List<string>> FindInDatabaseAsync(AppFactory factory, string needle) => factory.WithDbAsync(async db =>
    {
        var postgres = db.Database.ProviderName!.Contains("Npgsql", StringComparison.Ordinal);
        var hits = new List<string>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var checkedColumns = 0;
            foreach (var entity in db.Model.GetEntityTypes())
            {
                var table = entity.GetTableName();
                if (table is null)
                {
                    continue;
                }

                var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
                foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string)))
                {
                    var column = property.GetColumnName(store);
                    if (column is null)
                    {
                        continue;
                    }

                    await using var command = connection.CreateCommand();
                    command.CommandText = postgres
                        ? $"SELECT COUNT(*) FROM \"{table}\" WHERE strpos(\"{column}\", @needle) > 0"
                        : $"SELECT COUNT(*) FROM \"{table}\" WHERE instr(\"{column}\", @needle) > 0";
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "@needle";
                    parameter.Value = needle;
                    command.Parameters.Add(parameter);
                    var count = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
                    checkedColumns++;
                    if (count > 0)
                    {
                        hits.Add($"{table}.{column}");
                    }
                }
            }

            Assert.True(checkedColumns > 50, $"Only {checkedColumns} text columns were searched");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return hits;
    });

    /// <summary>Reads a file that the app may still hold open (the log sink does).</summary>
    public static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^/(?:Permohonan/Detail|Prosedur)/(\d+)$")]
    private static partial Regex DetailUrl();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
