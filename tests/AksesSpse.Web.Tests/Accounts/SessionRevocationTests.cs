using System.Net;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace AksesSpse.Web.Tests.Accounts;

/// <summary>M5: sign-out and a new password end the user's sessions everywhere, at once (docs/adr/0014).</summary>
[Trait("Category", "Accounts")]
public sealed class SessionRevocationTests
{
    private const string AuthCookie = "AksesSpse.Auth";

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task CopiedCookie_ReplayedAfterSignOut_IsSentToSignIn(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        var cookies = new CookieContainer();
        using var victim = new FormClient(factory.CreateDefaultClient(Origin, new CookieContainerHandler(cookies)));
        await victim.SignInAsync(DemoUsers.Auditor);
        var page = await victim.GetPageAsync("/Sop");
        var copied = cookies.GetCookieHeader(Origin);
        Assert.Contains(AuthCookie, copied);

        // The thief's replay works while the session is open ...
        using var thief = factory.CreateDefaultClient(Origin);
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(thief, copied, "/Sop")).StatusCode);

        // ... and not after the owner signs out.
        var signedOut = await victim.SubmitAsync(page, "form[action='/Akun/Keluar']", new(), follow: false);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.Status);
        var replay = await ReplayAsync(thief, copied, "/Sop");
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Contains("/Akun/Masuk?ReturnUrl=", replay.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task PasswordChange_InOneSession_SignsTheOtherOutAtItsNextRequest(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        using var office = factory.CreateFormClient();
        using var home = factory.CreateFormClient();
        await office.SignInAsync(DemoUsers.KepalaLpse);
        await home.SignInAsync(DemoUsers.KepalaLpse);
        Assert.Equal(HttpStatusCode.OK, (await home.GetAsync("/Sop")).StatusCode);

        var form = await office.GetPageAsync("/Akun/GantiPassword");
        var changed = await office.SubmitAsync(form, "form[action='/Akun/GantiPassword']", new()
        {
            ["CurrentPassword"] = DemoUsers.Password,
            ["NewPassword"] = "Kuda-Laut7-Jeruk",
            ["ConfirmPassword"] = "Kuda-Laut7-Jeruk",
        }, follow: false);
        Assert.Equal(HttpStatusCode.Redirect, changed.Status);

        // The session that changed the password goes on; the other one is over.
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync("/Sop")).StatusCode);
        var other = await home.GetAsync("/Sop");
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.Contains("/Akun/Masuk?ReturnUrl=", other.Headers.Location?.OriginalString);
    }

    private static readonly Uri Origin = new("http://localhost");

    /// <summary>Sends a copied Cookie header from a client that keeps no cookies of its own.</summary>
    private static async Task<HttpResponseMessage> ReplayAsync(HttpClient client, string cookieHeader, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookieHeader);
        return await client.SendAsync(request);
    }
}
