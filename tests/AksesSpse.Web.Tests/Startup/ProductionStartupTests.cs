using System.Net;
using System.Text.RegularExpressions;
using AksesSpse.Core.Identity;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace AksesSpse.Web.Tests.Startup;

/// <summary>
/// A Production start is not the demo (H2): no demo office or users, the published demo password signs nobody in, the
/// console and the log say how to create the first Administrator, and `create-admin` makes one who must change the
/// temporary password. Behind the TLS proxy every cookie is Secure and HSTS is sent (M6).
/// </summary>
public sealed partial class ProductionStartupTests
{
    private static readonly Uri PublicAddress = new("https://lpse.contoh.go.id");

    private static readonly string[] DemoEmails =
    [
        DemoUsers.Pokja, DemoUsers.AdminAgency, DemoUsers.Helpdesk, DemoUsers.KepalaUkpbj,
        DemoUsers.AdminPpe, DemoUsers.KepalaLpse, DemoUsers.Auditor, DemoUsers.Administrator,
    ];

    [Theory]
    [InlineData(null)]   // appsettings.json as shipped
    [InlineData("true")] // even when someone turns the demo on
    public async Task ProductionStart_HasNoDemoUser_AndTheDemoPasswordSignsNobodyIn(string? seedDemo)
    {
        var extra = new Dictionary<string, string?>();
        if (seedDemo is not null)
        {
            extra["Seed:Demo"] = seedDemo;
        }

        await using var factory = await AppFactory.CreateAsync(new AppSettings { Environment = "Production", Extra = extra });

        Assert.Equal(0, await factory.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Offices.CountAsync()));
        Assert.Empty(await factory.WithDbAsync(db => db.Users.Where(u => DemoEmails.Contains(u.Email!)).ToListAsync()));

        using var client = HttpsFormClient(factory);
        foreach (var email in new[] { DemoUsers.Administrator, DemoUsers.Pokja })
        {
            var page = await client.GetPageAsync("/Akun/Masuk");
            var result = await client.SubmitAsync(page, "form[action='/Akun/Masuk']",
                new() { ["Email"] = email, ["Password"] = DemoUsers.Password }, follow: false);
            Assert.Equal(HttpStatusCode.OK, result.Status); // the form again, no redirect into the app
        }

        var home = await client.GetAsync("/Pengguna");
        Assert.True(home.StatusCode.IsRedirect());
        var location = home.Headers.Location!;
        Assert.StartsWith("/Akun/Masuk", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);

        // The log tells the operator how to create the first Administrator (the console gets the same text).
        var log = await WaitForLogAsync(factory, text => text.Contains("create-admin --email", StringComparison.Ordinal));
        Assert.Contains("create-admin --email", log);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task CreateAdmin_MakesTheOfficeAndAnAdministratorWhoMustChangeTheTemporaryPassword(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Environment = "Production", Database = database });

        // No office yet: the command asks for one instead of inventing it.
        var refused = new StringWriter();
        Assert.Equal(2, await CreateAdminCommand.RunAsync(factory.Services,
            ["create-admin", "--email", "siti@lpse.contoh.go.id", "--name", "Siti Rahma"], refused, CancellationToken.None));
        Assert.Contains("--office-code", refused.ToString());
        Assert.Equal(0, await factory.WithDbAsync(db => db.Users.CountAsync()));

        var output = new StringWriter();
        var exit = await CreateAdminCommand.RunAsync(factory.Services,
            ["create-admin", "--email", "siti@lpse.contoh.go.id", "--name", "Siti Rahma", "--office-code", "LPSE-UJI", "--office-name", "LPSE Kabupaten Uji"],
            output, CancellationToken.None);
        Assert.True(exit == 0, output.ToString());
        var password = TemporaryPassword().Match(output.ToString()).Groups[1].Value;
        Assert.NotEmpty(password);

        var admin = await factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == "siti@lpse.contoh.go.id"));
        Assert.True(admin.MustChangePassword);
        Assert.True(admin.EmailConfirmed);
        var office = await factory.WithDbAsync(db => db.Offices.AsNoTracking().SingleAsync());
        Assert.Equal(("LPSE-UJI", "LPSE Kabupaten Uji"), (office.Code, office.Name));
        Assert.Equal(office.Id, admin.OfficeId);
        Assert.True(await factory.WithDbAsync(db => db.SopDefinitions.AnyAsync(s => s.OfficeId == office.Id)));
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.Equal([Roles.Administrator], await users.GetRolesAsync((await users.FindByEmailAsync("siti@lpse.contoh.go.id"))!));
        }

        // A second run for the same email creates nothing.
        Assert.Equal(1, await CreateAdminCommand.RunAsync(factory.Services,
            ["create-admin", "--email", "siti@lpse.contoh.go.id", "--name", "Siti Rahma"], new StringWriter(), CancellationToken.None));

        // First sign-in: every page but the account pages leads to the password change, as for staff made by the Administrator.
        using var client = HttpsFormClient(factory);
        await client.SignInAsync("siti@lpse.contoh.go.id", password);
        var usersPage = await client.GetAsync("/Pengguna");
        Assert.True(usersPage.StatusCode.IsRedirect());
        Assert.Equal("/Akun/GantiPassword", usersPage.Headers.Location!.OriginalString);

        // The temporary password is on the command's console only, never in the log files.
        var logs = Directory.GetFiles(Path.Combine(factory.Root, "logs"), "*", SearchOption.AllDirectories);
        Assert.NotEmpty(logs);
        Assert.All(logs, f => Assert.DoesNotContain(password, Sop4.Sop4.ReadShared(f)));
    }

    [Fact]
    public async Task Production_SendsEveryCookieSecure_AndHsts()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Environment = "Production" });
        var output = new StringWriter();
        Assert.Equal(0, await CreateAdminCommand.RunAsync(factory.Services,
            ["create-admin", "--email=admin@lpse.contoh.go.id", "--name=Admin Uji", "--office-code=UJI", "--office-name=LPSE Uji"], output, CancellationToken.None));
        var password = TemporaryPassword().Match(output.ToString()).Groups[1].Value;

        using var raw = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = PublicAddress });
        var setCookies = new List<string>();

        // The sign-in page (antiforgery cookie) over https, and even over plain http (a misconfigured proxy).
        var page = await raw.GetAsync("/Akun/Masuk");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.Contains("Strict-Transport-Security"), "no HSTS header over https");
        setCookies.AddRange(page.Headers.GetValues("Set-Cookie"));
        var plain = await raw.GetAsync("http://lpse.contoh.go.id/Akun/Masuk");
        setCookies.AddRange(plain.Headers.GetValues("Set-Cookie"));

        // Sign in (auth cookie), then sign out (the cookie is deleted with another Set-Cookie).
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(html).Groups[1].Value;
        var csrf = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("AksesSpse.Csrf=", StringComparison.Ordinal));
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/Akun/Masuk")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = "admin@lpse.contoh.go.id", ["Password"] = password, ["__RequestVerificationToken"] = token,
            }),
        };
        signIn.Headers.Add("Cookie", csrf);
        var signedIn = await raw.SendAsync(signIn);
        Assert.True(signedIn.StatusCode.IsRedirect(), $"sign-in answered {signedIn.StatusCode}");
        var auth = signedIn.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(auth, c => c.StartsWith("AksesSpse.Auth=", StringComparison.Ordinal));
        setCookies.AddRange(auth);

        Assert.True(setCookies.Count >= 3, string.Join(" | ", setCookies));
        Assert.All(setCookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A client on the public https address: outside Development and Testing every cookie is Secure.</summary>
    internal static FormClient HttpsFormClient(AppFactory factory) =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = PublicAddress }));

    internal static async Task<string> WaitForLogAsync(AppFactory factory, Func<string, bool> found)
    {
        var folder = Path.Combine(factory.Root, "logs");
        var text = "";
        for (var attempt = 0; attempt < 100; attempt++)
        {
            text = Directory.Exists(folder)
                ? string.Join("\n", Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(Sop4.Sop4.ReadShared))
                : "";
            if (found(text))
            {
                return text;
            }

            await Task.Delay(100);
        }

        return text;
    }

    [GeneratedRegex(@"Password sementara\s*:\s*(\S+)")]
    private static partial Regex TemporaryPassword();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
