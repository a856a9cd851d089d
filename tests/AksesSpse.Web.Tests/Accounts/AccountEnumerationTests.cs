using System.Net;
using System.Text.RegularExpressions;
using AksesSpse.Core.Identity;
using AksesSpse.Web.Tests.Email;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static AksesSpse.Web.Tests.Accounts.AccountTestSupport;

namespace AksesSpse.Web.Tests.Accounts;

/// <summary>M7: the account forms answer the same whether or not an email is known, and nobody can lock staff out.</summary>
[Trait("Category", "Accounts")]
public sealed class AccountEnumerationTests
{
    private const string GoodPassword = "Kuda-Laut7-Jeruk";

    [Fact]
    public async Task SignIn_EveryFailure_GetsTheSameAnswer()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { OutboxWorker = false });
        var unconfirmed = UniqueEmail("belum");
        await CreateApplicantAsync(factory, unconfirmed, GoodPassword, confirmed: false);
        var passwordless = await factory.WithDbAsync(db => db.Users.Where(u => u.PasswordHash == null).Select(u => u.Email).FirstOrDefaultAsync());
        using var client = factory.CreateFormClient();

        var answers = new Dictionary<string, (HttpStatusCode, string)>();
        foreach (var (label, email, password) in new[]
                 {
                     ("unknown email", "tidak.ada@contoh.go.id", "Salah#Password1"),
                     ("wrong password", DemoUsers.Auditor, "Salah#Password1"),
                     ("unconfirmed, wrong password", unconfirmed, "Salah#Password1"),
                 })
        {
            var result = await SignInAttemptAsync(client, email, password);
            answers[label] = (result.Status, Summary(result.Page));
        }

        if (passwordless is not null)
        {
            var result = await SignInAttemptAsync(client, passwordless, "Salah#Password1");
            answers["password-less contact account"] = (result.Status, Summary(result.Page));
        }

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, "Email atau password salah."), a.Value));
    }

    [Fact]
    public async Task SignIn_UnconfirmedAccount_IsToldToConfirmOnlyWithTheRightPassword()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { OutboxWorker = false });
        var email = UniqueEmail("belum");
        await CreateApplicantAsync(factory, email, GoodPassword, confirmed: false);
        using var client = factory.CreateFormClient();

        var right = await SignInAttemptAsync(client, email, GoodPassword);
        Assert.Contains("belum dikonfirmasi", Summary(right.Page));
        Assert.NotNull(right.Page.QuerySelector("a[href^='/Akun/KirimUlangKonfirmasi']"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Permohonan")).StatusCode);
    }

    [Fact]
    public async Task SignIn_UnknownEmail_ChecksAPasswordHashLikeAKnownOne()
    {
        var hasher = new CountingPasswordHasher();
        await using var factory = await AppFactory.CreateAsync(new AppSettings
        {
            OutboxWorker = false,
            Services = s => s.AddSingleton<IPasswordHasher<ApplicationUser>>(hasher),
        });
        using var client = factory.CreateFormClient();

        var before = hasher.Verifications;
        await SignInAttemptAsync(client, "tidak.ada@contoh.go.id", "Salah#Password1");
        Assert.Equal(before + 1, hasher.Verifications);

        await SignInAttemptAsync(client, DemoUsers.Auditor, "Salah#Password1");
        Assert.Equal(before + 2, hasher.Verifications);
    }

    [Fact]
    public async Task Administrator_ManyWrongPasswords_DoNotLockTheAccount()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { OutboxWorker = false });
        using var stranger = factory.CreateFormClient();
        for (var i = 0; i < 12; i++)
        {
            var wrong = await SignInAttemptAsync(stranger, DemoUsers.Administrator, "Salah#Tebakan" + i);
            Assert.Equal("Email atau password salah.", Summary(wrong.Page));
        }

        using var administrator = factory.CreateFormClient();
        await administrator.SignInAsync(DemoUsers.Administrator);
        Assert.Equal(HttpStatusCode.OK, (await administrator.GetAsync("/Pengguna")).StatusCode);
        Assert.Null(await factory.WithDbAsync(db => db.Users.Where(u => u.Email == DemoUsers.Administrator).Select(u => u.LockoutEnd).SingleAsync()));
    }

    [Fact]
    public async Task Register_TakenEmail_ShowsTheSamePage_AndTellsTheOwnerByEmail()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings());
        using var client = factory.CreateFormClient();

        var fresh = await RegisterAsync(client, UniqueEmail("baru"));
        var taken = await RegisterAsync(client, DemoUsers.Pokja);

        Assert.Equal(HttpStatusCode.Redirect, taken.Status);
        Assert.Equal(fresh.Location, taken.Location);
        Assert.Equal(fresh.Page.QuerySelector("main")?.TextContent, taken.Page.QuerySelector("main")?.TextContent);
        Assert.DoesNotContain(DemoUsers.Pokja, taken.Page.Body!.TextContent);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == DemoUsers.Pokja.ToUpperInvariant())));

        var mail = await ReceivedMail.WaitForAsync(factory.MailFolder,
            m => m.To.Contains(DemoUsers.Pokja, StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(15));
        Assert.True(mail is not null, "the owner of the address was not told");
        Assert.Equal("Percobaan pendaftaran dengan alamat email Anda", mail.Subject);
        Assert.Contains("/Akun/LupaPassword", mail.Body);
    }

    [Fact]
    public async Task ResendConfirmation_SameAnswerForAnyAddress_MailOnlyToAnUnconfirmedAccount()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings());
        var email = UniqueEmail("ulang");
        await CreateApplicantAsync(factory, email, GoodPassword, confirmed: false);
        using var client = factory.CreateFormClient();

        var texts = new List<string>();
        foreach (var address in new[] { email, "tidak.ada@contoh.go.id", DemoUsers.Auditor })
        {
            var form = await client.GetPageAsync("/Akun/KirimUlangKonfirmasi");
            var sent = await client.SubmitAsync(form, "form[action='/Akun/KirimUlangKonfirmasi']", new() { ["Email"] = address });
            Assert.Equal(HttpStatusCode.OK, sent.Status);
            texts.Add(sent.Page.QuerySelector("main")?.TextContent ?? "");
        }

        Assert.Single(texts.Distinct());
        var mail = await ReceivedMail.WaitForAsync(factory.MailFolder, m => m.To.Contains(email, StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(15));
        Assert.True(mail is not null, "no new confirmation link");
        Assert.Matches(new Regex(@"/Akun/Konfirmasi\?userId="), mail.Body);
        Assert.Equal(0, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == DemoUsers.Auditor)));
    }

    [Theory]
    [InlineData("Indonesia2026", "Password ini terlalu umum")]
    [InlineData("Siti#Nurhaliza2026", "tidak boleh memuat email, nama, atau NIP")]
    public async Task Register_CommonOrPersonalPassword_IsRefused(string password, string message)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { OutboxWorker = false });
        using var client = factory.CreateFormClient();
        var email = UniqueEmail("sandi");
        var result = await RegisterAsync(client, email, password);
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Contains(message, FieldError(result.Page, "Password"));
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.NormalizedEmail == email.ToUpperInvariant())));
    }

    [Fact]
    public async Task ChangePassword_LongerThan128Characters_IsRefusedInIndonesian()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { OutboxWorker = false });
        using var client = factory.CreateFormClient();
        await client.SignInAsync(DemoUsers.AdminPpe);
        var form = await client.GetPageAsync("/Akun/GantiPassword");
        var tooLong = "Aa1-" + new string('k', 130);
        var result = await client.SubmitAsync(form, "form[action='/Akun/GantiPassword']", new()
        {
            ["CurrentPassword"] = DemoUsers.Password,
            ["NewPassword"] = tooLong,
            ["ConfirmPassword"] = tooLong,
        });
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("Password maksimal 128 karakter.", FieldError(result.Page, "NewPassword"));
    }

    private static async Task<FormResult> RegisterAsync(FormClient client, string email, string password = GoodPassword)
    {
        var form = await client.GetPageAsync("/Akun/Daftar");
        return await client.SubmitAsync(form, "form[action='/Akun/Daftar']", new()
        {
            ["FullName"] = "Siti Nurhaliza, S.T.",
            ["Nip"] = UniqueNip(),
            ["RankGrade"] = "Penata Muda Tingkat I / III-b",
            ["Position"] = "Analis Pengadaan",
            ["Agency"] = "Dinas Perhubungan Kabupaten Contoh",
            ["Address"] = "Jl. Pahlawan No. 7, Kabupaten Contoh",
            ["PhoneNumber"] = "081298765432",
            ["Email"] = email,
            ["ApplicantKind"] = "Ppk",
            ["Password"] = password,
            ["ConfirmPassword"] = password,
        });
    }
}
