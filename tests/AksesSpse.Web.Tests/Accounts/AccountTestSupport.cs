using System.Net;
using AksesSpse.Core.Identity;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AksesSpse.Web.Tests.Accounts;

internal static class AccountTestSupport
{
    public static async Task<FormResult> SignInAttemptAsync(FormClient client, string email, string password)
    {
        var page = await client.GetPageAsync("/Akun/Masuk");
        return await client.SubmitAsync(page, "form[action='/Akun/Masuk']", new() { ["Email"] = email, ["Password"] = password }, follow: false);
    }

    public static string Summary(IDocument page) => page.QuerySelector(".validation-summary-errors")?.TextContent.Trim() ?? "(no messages)";

    public static string? FieldError(IDocument page, string field) =>
        page.QuerySelector($"span[data-valmsg-for='{field}']")?.TextContent.Trim();

    public static string UniqueEmail(string prefix) => $"{prefix}.{Guid.NewGuid().ToString("N")[..8]}@contoh.go.id";

    /// <summary>A valid NIP (born 1990-01-15, appointed 2015-03, male) with a random serial number.</summary>
    public static string UniqueNip() => "199001152015031" + Random.Shared.Next(100, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An applicant account made directly, confirmed or not.</summary>
    public static async Task<ApplicationUser> CreateApplicantAsync(AppFactory factory, string email, string password, bool confirmed)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var officeId = await factory.WithDbAsync(db => Task.FromResult(db.Offices.OrderBy(o => o.Id).Select(o => o.Id).First()));
        var user = new ApplicationUser
        {
            UserName = email, Email = email, EmailConfirmed = confirmed, FullName = "Budi Santoso", Nip = UniqueNip(),
            RankGrade = "Penata / III-c", Position = "Analis", Agency = "Dinas Contoh", Address = "Jl. Contoh 1",
            PhoneNumber = "081234567890", ApplicantKind = ApplicantKind.Pokja, OfficeId = officeId, CreatedAt = DateTime.UtcNow,
        };
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, Roles.Pemohon);
        return user;
    }
}

/// <summary>Lets a test pick the client address of a request with the header X-Test-Client (rate-limit partitions per IP).</summary>
internal sealed class TestClientAddress : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public const string Header = "X-Test-Client";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, proceed) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var address) && IPAddress.TryParse(address.ToString(), out var ip))
            {
                context.Connection.RemoteIpAddress = ip;
            }

            await proceed(context);
        });
        next(app);
    };

    public static void Register(IServiceCollection services) => services.AddSingleton<IStartupFilter, TestClientAddress>();
}

/// <summary>Counts the password hash checks, to prove that an unknown email costs one as well.</summary>
internal sealed class CountingPasswordHasher : IPasswordHasher<ApplicationUser>
{
    private readonly PasswordHasher<ApplicationUser> _inner = new();
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public string HashPassword(ApplicationUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
