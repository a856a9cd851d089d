using System.Net;
using System.Text.RegularExpressions;
using AksesSpse.Core.Identity;
using AksesSpse.Web.Tests.Email;
using AksesSpse.Web.Tests.Infrastructure;
using AksesSpse.Web.Tests.Security;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AksesSpse.Web.Tests.Accounts;

/// <summary>One SQLite app shared by the account tests that do not need a database of their own.</summary>
public sealed class AccountsFixture : IAsyncLifetime
{
    public AppFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Factory = await AppFactory.CreateAsync(new AppSettings { Database = DatabaseKind.Sqlite });

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>
/// Self-registration of applicants with email confirmation, and staff accounts created by the
/// Administrator with a temporary password that must be changed first (docs/adr/0009).
/// </summary>
[Trait("Category", "Accounts")]
public sealed partial class RegistrationTests(AccountsFixture fixture, ITestOutputHelper output) : IClassFixture<AccountsFixture>
{
    private const string NewPassword = "Rahasia#2026Baru";
    private const string ValidNip = "199001152015031002";

    private static Dictionary<string, string> ValidForm(string email) => new()
    {
        ["FullName"] = "Siti Nurhaliza, S.T.",
        ["Nip"] = "19900115 201503 1 002",
        ["RankGrade"] = "Penata Muda Tingkat I / III-b",
        ["Position"] = "Analis Pengadaan",
        ["Agency"] = "Dinas Perhubungan Kabupaten Contoh",
        ["Address"] = "Jl. Pahlawan No. 7, Kabupaten Contoh",
        ["PhoneNumber"] = "081298765432",
        ["Email"] = email,
        ["ApplicantKind"] = "Ppk",
        ["Password"] = NewPassword,
        ["ConfirmPassword"] = NewPassword,
    };

    private static string UniqueEmail(string prefix) => $"{prefix}.{Guid.NewGuid().ToString("N")[..8]}@contoh.go.id";

    public static TheoryData<string, string, string> InvalidNips => new()
    {
        { "wrong length", "19900115 201503 1 02", "NIP harus 18 digit; yang diisi 17 digit." },
        { "invalid birth date", "199013152015031002", "Digit 1–8 NIP (19901315) harus tanggal lahir yang sah (TTTTBBHH)." },
        { "sex digit", "199001152015033002", "Digit ke-15 NIP (3) adalah kode jenis kelamin dan harus 1 (laki-laki) atau 2 (perempuan)." },
        { "letters", "19900115 2015O3 1 002", "NIP hanya boleh berisi angka (spasi pemisah diperbolehkan)." },
    };

    [Theory]
    [MemberData(nameof(InvalidNips))]
    public async Task Register_InvalidNip_ShowsTheSpecificMessage_AndCreatesNoUser(string variant, string nip, string message)
    {
        var email = UniqueEmail("nip");
        var form = ValidForm(email);
        form["Nip"] = nip;

        var page = await PostRegistrationAsync(form);

        Assert.Equal(message, FieldError(page, "Nip"));
        Assert.False(await UserExistsAsync(email), $"{variant}: a user was created despite the invalid NIP");
    }

    [Theory]
    [InlineData("a@b@c.go.id", "Format email tidak sah.")] // two @: not even an address; the format rule speaks first
    [InlineData("rina pokja@contoh.go.id", AksesSpse.Web.Models.EmailRules.NotDeliverable)]
    [InlineData("Rina <rina@contoh.go.id>", AksesSpse.Web.Models.EmailRules.NotDeliverable)]
    [InlineData("rina(komentar)@contoh.go.id", AksesSpse.Web.Models.EmailRules.NotDeliverable)]
    public async Task Register_AnAddressTheMailLibraryRefuses_IsRefusedInIndonesian_TheFormKept_NoUserCreated(string email, string message)
    {
        var form = ValidForm(email);

        var page = await PostRegistrationAsync(form);

        Assert.Equal(message, FieldError(page, "Email"));
        Assert.Equal(email, (page.QuerySelector("input[name='Email']") as AngleSharp.Html.Dom.IHtmlInputElement)?.Value);
        Assert.Equal("Siti Nurhaliza, S.T.", (page.QuerySelector("input[name='FullName']") as AngleSharp.Html.Dom.IHtmlInputElement)?.Value);
        Assert.Equal("Analis Pengadaan", (page.QuerySelector("input[name='Position']") as AngleSharp.Html.Dom.IHtmlInputElement)?.Value);
        Assert.False(await fixture.Factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)),
            $"a user was created for {email}");
        Assert.False(await fixture.Factory.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.To == email)), "a mail was queued to the refused address");
    }

    [Fact]
    public async Task Register_MismatchedConfirmation_IsRefused()
    {
        var email = UniqueEmail("konfirmasi");
        var form = ValidForm(email);
        form["ConfirmPassword"] = NewPassword + "x";

        var page = await PostRegistrationAsync(form);

        Assert.Equal("Konfirmasi password tidak sama.", FieldError(page, "ConfirmPassword"));
        Assert.False(await UserExistsAsync(email));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Register_Confirm_SignIn_AsPemohon(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database });
        var email = UniqueEmail("daftar");
        using var client = factory.CreateFormClient();

        // Register: redirected to "check your email".
        var form = await client.GetPageAsync("/Akun/Daftar");
        var registered = await client.SubmitAsync(form, "form[action='/Akun/Daftar']", ValidForm(email));
        Assert.True(registered.Status == HttpStatusCode.Redirect,
            $"registration refused ({(int)registered.Status}): {registered.Page.QuerySelector(".validation-summary-errors")?.TextContent} " +
            string.Join("; ", registered.Page.QuerySelectorAll(".field-validation-error").Select(e => e.TextContent)));
        Assert.Equal("/Akun/Daftar/Terkirim", registered.Location);

        // Not before confirming.
        var early = await SignInAttemptAsync(client, email, NewPassword);
        Assert.Equal(HttpStatusCode.OK, early.Status);
        Assert.Contains("belum dikonfirmasi", Summary(early.Page));

        // The confirmation email carries the link.
        var mail = await ReceivedMail.WaitForAsync(factory.MailFolder,
            m => m.To.Contains(email, StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(15));
        Assert.True(mail is not null, $"no confirmation email to {email} in {factory.MailFolder}");
        output.WriteLine($"{mail}\n{mail.Body}");
        Assert.Equal("Konfirmasi pendaftaran AksesSpse", mail.Subject);
        Assert.Contains("Yth. Siti Nurhaliza, S.T.", mail.Body);
        var link = ConfirmLinkRegex().Match(mail.Body);
        Assert.True(link.Success, "no /Akun/Konfirmasi link in the email:\n" + mail.Body);

        // A tampered code does not confirm.
        var userId = Uri.UnescapeDataString(link.Groups["user"].Value);
        var wrong = await client.GetPageAsync($"/Akun/Konfirmasi?userId={Uri.EscapeDataString(userId)}&code=AAAA");
        Assert.Contains("Tautan tidak sah", wrong.QuerySelector("h1")?.TextContent);

        var confirmed = await client.GetAsync(link.Groups["path"].Value);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Email terkonfirmasi", (await FormClient.ParseAsync(confirmed)).QuerySelector("h1")?.TextContent);

        // Now sign-in works and the applicant lands on their requests.
        await client.SignInAsync(email, NewPassword);
        var home = await client.GetAsync("/");
        Assert.Equal("/Permohonan", home.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Prosedur/Ajukan/4")).StatusCode);

        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email);
        Assert.NotNull(user);
        Assert.Equal(userId, user.Id);
        Assert.True(user.EmailConfirmed);
        Assert.Equal(new[] { Roles.Pemohon }, await users.GetRolesAsync(user));
        Assert.Equal(ValidNip, user.Nip);
        Assert.Equal(ApplicantKind.Ppk, user.ApplicantKind);
    }

    [Fact]
    public async Task AdministratorCreatesStaff_TemporaryPasswordShownOnce_MustBeChangedBeforeAnythingElse()
    {
        var factory = fixture.Factory;
        var email = UniqueEmail("petugas");
        string temporary;
        using (var admin = factory.CreateFormClient())
        {
            await admin.SignInAsync(DemoUsers.Administrator);
            var form = await admin.GetPageAsync("/Pengguna/Baru");
            var created = await admin.SubmitAsync(form, "form[action='/Pengguna/Baru']", new()
            {
                ["FullName"] = "Andi Wijaya",
                ["Email"] = email,
                ["Nip"] = "",
                ["Role"] = Roles.AdminAgency,
            });
            Assert.Equal(HttpStatusCode.OK, created.Status);
            temporary = created.Page.QuerySelector(".secret")?.TextContent.Trim() ?? "";
            Assert.True(temporary.Length >= 10, "no temporary password on the page: " + created.Page.Body?.TextContent);
            Assert.Contains("Ditampilkan satu kali", created.Page.Body!.TextContent);

            // Shown once: not on the list, not stored in plain text.
            var list = await admin.GetAsync("/Pengguna");
            var listHtml = await list.Content.ReadAsStringAsync();
            Assert.Contains(email, listHtml);
            Assert.DoesNotContain(temporary, listHtml);
            var hash = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.PasswordHash).SingleAsync());
            Assert.DoesNotContain(temporary, hash ?? "");
        }

        using var staff = factory.CreateFormClient();
        await staff.SignInAsync(email, temporary);
        foreach (var url in new[] { "/Tugas", "/Antrian", "/Sop", "/Register", "/Register/Baru", "/Notifikasi", $"/Sop/1" })
        {
            var response = await staff.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/Akun/GantiPassword",
                $"{url}: expected a redirect to /Akun/GantiPassword, got {(int)response.StatusCode} {response.Headers.Location}");
        }

        var change = await staff.GetPageAsync("/Akun/GantiPassword");
        Assert.Contains("password sementara", change.QuerySelector(".alert.warn")?.TextContent);
        var changed = await staff.SubmitAsync(change, "form[action='/Akun/GantiPassword']", new()
        {
            ["CurrentPassword"] = temporary,
            ["NewPassword"] = NewPassword,
            ["ConfirmPassword"] = NewPassword,
        });
        Assert.True(changed.Status == HttpStatusCode.Redirect, "password change refused: " +
            string.Join("; ", changed.Page.QuerySelectorAll(".field-validation-error, .validation-summary-errors").Select(e => e.TextContent)));

        var queue = await staff.GetAsync("/Tugas");
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        Assert.False(await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.MustChangePassword).SingleAsync()));

        // The temporary password no longer works; the new one does.
        using var again = factory.CreateFormClient();
        var old = await SignInAttemptAsync(again, email, temporary);
        Assert.Contains("Email atau password salah", Summary(old.Page));
        await again.SignInAsync(email, NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/Tugas")).StatusCode);
    }

    // ---- helpers ----

    private async Task<IDocument> PostRegistrationAsync(Dictionary<string, string> fields)
    {
        using var client = fixture.Factory.CreateFormClient();
        var form = await client.GetPageAsync("/Akun/Daftar");
        var result = await client.SubmitAsync(form, "form[action='/Akun/Daftar']", fields);
        Assert.Equal(HttpStatusCode.OK, result.Status);
        return result.Page;
    }

    private static async Task<FormResult> SignInAttemptAsync(FormClient client, string email, string password)
    {
        var page = await client.GetPageAsync("/Akun/Masuk");
        return await client.SubmitAsync(page, "form[action='/Akun/Masuk']", new() { ["Email"] = email, ["Password"] = password }, follow: false);
    }

    private static string Summary(IDocument page) => page.QuerySelector(".validation-summary-errors")?.TextContent.Trim() ?? "(no messages)";

    private static string? FieldError(IDocument page, string field) =>
        page.QuerySelector($"span[data-valmsg-for='{field}']")?.TextContent.Trim();

    private Task<bool> UserExistsAsync(string email) =>
        fixture.Factory.WithDbAsync(db => db.Users.AnyAsync(u => u.NormalizedEmail == email.ToUpperInvariant()));

    [GeneratedRegex(@"http://localhost(?<path>/Akun/Konfirmasi\?userId=(?<user>[^&\s]+)&code=[A-Za-z0-9_\-]+)")]
    private static partial Regex ConfirmLinkRegex();
}
