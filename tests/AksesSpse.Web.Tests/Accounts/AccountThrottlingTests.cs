using System.Net;
using AksesSpse.Web.Tests.Infrastructure;
using static AksesSpse.Web.Tests.Accounts.AccountTestSupport;

namespace AksesSpse.Web.Tests.Accounts;

/// <summary>
/// M7: the rate limiter on the anonymous forms, per client (IP) and per submitted email, with limits lowered
/// through configuration (the other suites run with the limits off, see AppFactory).
/// </summary>
[Trait("Category", "Accounts")]
public sealed class AccountThrottlingTests
{
    private static AppSettings Limits(params (string Key, int Permits)[] rules)
    {
        var extra = new Dictionary<string, string?> { ["RateLimits:Enabled"] = "true" };
        foreach (var (key, permits) in rules)
        {
            extra[$"RateLimits:{key}:PermitLimit"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture);
            extra[$"RateLimits:{key}:WindowSeconds"] = "3600";
        }

        return new AppSettings { OutboxWorker = false, Extra = extra, Services = TestClientAddress.Register };
    }

    [Fact]
    public async Task SignIn_TooManyFromOneClient_Get429WithAnIndonesianPage()
    {
        await using var factory = await AppFactory.CreateAsync(Limits(("SignInPerClient", 5), ("SignInPerAccountAndClient", 100)));
        using var client = factory.CreateFormClient();
        var statuses = new List<HttpStatusCode>();
        FormResult last = null!;
        for (var i = 0; i < 8; i++)
        {
            last = await SignInAttemptAsync(client, $"tebak{i}@contoh.go.id", "Salah#Password1");
            statuses.Add(last.Status);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)], statuses);
        Assert.Equal("Terlalu banyak percobaan", last.Page.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains("coba lagi dalam", last.Page.Body!.TextContent, StringComparison.OrdinalIgnoreCase);

        // Another client is not affected.
        using var other = factory.CreateFormClient();
        other.Http.DefaultRequestHeaders.Add(TestClientAddress.Header, "192.0.2.7");
        Assert.Equal(HttpStatusCode.OK, (await SignInAttemptAsync(other, "tebak@contoh.go.id", "Salah#Password1")).Status);
    }

    [Fact]
    public async Task SignIn_GuessingOneAccountFromOneClient_IsThrottled_ButTheOwnerElsewhereStillSignsIn()
    {
        await using var factory = await AppFactory.CreateAsync(Limits(("SignInPerClient", 100), ("SignInPerAccountAndClient", 3)));
        using var stranger = factory.CreateFormClient();
        stranger.Http.DefaultRequestHeaders.Add(TestClientAddress.Header, "198.51.100.9");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await SignInAttemptAsync(stranger, DemoUsers.Administrator, "Salah#Tebakan" + i)).Status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);

        // The stranger may still try other accounts; the Administrator at the office is not locked out.
        Assert.Equal(HttpStatusCode.OK, (await SignInAttemptAsync(stranger, DemoUsers.Auditor, "Salah#Tebakan")).Status);
        using var administrator = factory.CreateFormClient();
        administrator.Http.DefaultRequestHeaders.Add(TestClientAddress.Header, "203.0.113.20");
        await administrator.SignInAsync(DemoUsers.Administrator);
        Assert.Equal(HttpStatusCode.OK, (await administrator.GetAsync("/Pengguna")).StatusCode);
    }

    [Fact]
    public async Task ForgotPassword_MailsToOneAddress_AreLimitedWhateverTheClient()
    {
        await using var factory = await AppFactory.CreateAsync(Limits(("MailPerAccount", 2), ("MailPerClient", 100)));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var client = factory.CreateFormClient();
            client.Http.DefaultRequestHeaders.Add(TestClientAddress.Header, $"192.0.2.{10 + i}");
            var form = await client.GetPageAsync("/Akun/LupaPassword");
            statuses.Add((await client.SubmitAsync(form, "form[action='/Akun/LupaPassword']", new() { ["Email"] = DemoUsers.Auditor })).Status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(2, await factory.WithDbAsync(db => Task.FromResult(db.OutboxMessages.Count(m => m.To == DemoUsers.Auditor))));
    }

    [Fact]
    public async Task Register_TooManyFromOneClient_Get429()
    {
        await using var factory = await AppFactory.CreateAsync(Limits(("MailPerClient", 2)));
        using var client = factory.CreateFormClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var form = await client.GetPageAsync("/Akun/Daftar");
            statuses.Add((await client.SubmitAsync(form, "form[action='/Akun/Daftar']", new() { ["Email"] = UniqueEmail("banyak") }, follow: false)).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(2));
    }

    [Fact]
    public async Task OtherAnonymousForms_AreLimitedPerClient()
    {
        await using var factory = await AppFactory.CreateAsync(Limits(("AnonymousFormPerClient", 2)));
        using var client = factory.CreateDefaultClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var body = new FormUrlEncodedContent([new("t", "palsu")]);
            statuses.Add((await client.PostAsync("/Status/Konfirmasi", body)).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(2));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task SignIn_OneAccountGuessedFromManyClients_IsLimitedPerAccount()
    {
        await using var factory = await AppFactory.CreateAsync(Limits(("SignInPerClient", 100), ("SignInPerAccountAndClient", 100), ("SignInPerAccount", 3)));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var client = factory.CreateFormClient();
            client.Http.DefaultRequestHeaders.Add(TestClientAddress.Header, $"198.51.100.{20 + i}");
            statuses.Add((await SignInAttemptAsync(client, DemoUsers.Administrator, "Salah#Tebakan" + i)).Status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);

        // The limit is the account's: another account from yet another client is not affected.
        using var other = factory.CreateFormClient();
        other.Http.DefaultRequestHeaders.Add(TestClientAddress.Header, "198.51.100.99");
        Assert.Equal(HttpStatusCode.OK, (await SignInAttemptAsync(other, DemoUsers.Auditor, "Salah#Tebakan")).Status);
    }

    [Fact]
    public async Task ResendConfirmation_MailsToOneAddress_AreLimitedWhateverTheClient()
    {
        await using var factory = await AppFactory.CreateAsync(Limits(("MailPerAccount", 2), ("MailPerClient", 100)));
        var email = UniqueEmail("ulang");
        await CreateApplicantAsync(factory, email, "Rahasia#2026Baru", confirmed: false);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var client = factory.CreateFormClient();
            client.Http.DefaultRequestHeaders.Add(TestClientAddress.Header, $"192.0.2.{30 + i}");
            var form = await client.GetPageAsync("/Akun/KirimUlangKonfirmasi");
            statuses.Add((await client.SubmitAsync(form, "form[action='/Akun/KirimUlangKonfirmasi']", new() { ["Email"] = email })).Status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(2, await factory.WithDbAsync(db => Task.FromResult(db.OutboxMessages.Count(m => m.To == email))));

        // Another address from the last client still gets its answer.
        using var last = factory.CreateFormClient();
        last.Http.DefaultRequestHeaders.Add(TestClientAddress.Header, "192.0.2.32");
        var page = await last.GetPageAsync("/Akun/KirimUlangKonfirmasi");
        Assert.Equal(HttpStatusCode.OK, (await last.SubmitAsync(page, "form[action='/Akun/KirimUlangKonfirmasi']", new() { ["Email"] = UniqueEmail("lain") })).Status);
    }

    [Fact]
    public async Task Register_OneAddressFromManyClients_IsLimitedPerAddress()
    {
        await using var factory = await AppFactory.CreateAsync(Limits(("MailPerAccount", 2), ("MailPerClient", 100)));
        var email = UniqueEmail("daftar.ulang");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var client = factory.CreateFormClient();
            client.Http.DefaultRequestHeaders.Add(TestClientAddress.Header, $"192.0.2.{40 + i}");
            var form = await client.GetPageAsync("/Akun/Daftar");
            statuses.Add((await client.SubmitAsync(form, "form[action='/Akun/Daftar']", RegistrationFields(email), follow: false)).Status);
        }

        // The first registers, the second gets the same page (the owner is told by mail), the third is refused.
        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(2, await factory.WithDbAsync(db => Task.FromResult(db.OutboxMessages.Count(m => m.To == email))));
    }

    [Fact]
    public async Task ResetPassword_TheNewPasswordForm_IsLimitedPerClient()
    {
        await using var factory = await AppFactory.CreateAsync(Limits(("MailPerClient", 2)));
        using var client = factory.CreateFormClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var form = await client.GetPageAsync("/Akun/AturUlangPassword?userId=tebakan&code=" + Guid.NewGuid().ToString("N"));
            statuses.Add((await client.SubmitAsync(form, "form[action='/Akun/AturUlangPassword']",
                new() { ["NewPassword"] = "Tebakan#Baru2026", ["ConfirmPassword"] = "Tebakan#Baru2026" }, follow: false)).Status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);

        // Another client is not affected.
        using var other = factory.CreateFormClient();
        other.Http.DefaultRequestHeaders.Add(TestClientAddress.Header, "203.0.113.44");
        var page = await other.GetPageAsync("/Akun/AturUlangPassword?userId=tebakan&code=abc");
        Assert.Equal(HttpStatusCode.OK, (await other.SubmitAsync(page, "form[action='/Akun/AturUlangPassword']",
            new() { ["NewPassword"] = "Tebakan#Baru2026", ["ConfirmPassword"] = "Tebakan#Baru2026" }, follow: false)).Status);
    }

    private static Dictionary<string, string> RegistrationFields(string email) => new()
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
        ["Password"] = "Rahasia#2026Baru",
        ["ConfirmPassword"] = "Rahasia#2026Baru",
    };
}
