using System.Net;
using System.Text.RegularExpressions;
using AksesSpse.Web.Tests.Email;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static AksesSpse.Web.Tests.Accounts.AccountTestSupport;

namespace AksesSpse.Web.Tests.Accounts;

/// <summary>M7: "Lupa password" — one answer for any address, a one-time expiring link by email, every session ended.</summary>
[Trait("Category", "Accounts")]
public sealed partial class ForgotPasswordTests
{
    private const string NewPassword = "Kuda-Laut7-Jeruk";

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task ForgotPassword_LinkByEmail_SetsANewPassword_EndsEverySession_AndWorksOnce(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database });
        using var session = factory.CreateFormClient();
        await session.SignInAsync(DemoUsers.Auditor);
        using var client = factory.CreateFormClient();

        // The same answer for an unknown and a known address.
        var unknown = await AskAsync(client, "tidak.ada@contoh.go.id");
        var known = await AskAsync(client, DemoUsers.Auditor);
        Assert.Equal(HttpStatusCode.OK, known.Status);
        Assert.Equal(unknown.Page.QuerySelector("main")?.TextContent, known.Page.QuerySelector("main")?.TextContent);
        Assert.Equal(0, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == "tidak.ada@contoh.go.id")));

        // The link carries its token in the query string, never in the path.
        var mail = await ReceivedMail.WaitForAsync(factory.MailFolder,
            m => m.To.Contains(DemoUsers.Auditor, StringComparison.OrdinalIgnoreCase) && m.Subject == "Atur password baru AksesSpse", TimeSpan.FromSeconds(15));
        Assert.True(mail is not null, "no reset email");
        var link = ResetLinkRegex().Match(mail.Body);
        Assert.True(link.Success, "no /Akun/AturUlangPassword?userId=…&code=… link in:\n" + mail.Body);

        // Sent: the outbox no longer holds the link.
        await WaitUntilAsync(() => factory.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.To == DemoUsers.Auditor && m.SentAt != null)));
        Assert.False(await factory.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Body.Contains("AturUlangPassword"))));
        Assert.DoesNotContain("code=", await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.To == DemoUsers.Auditor).Select(m => m.Body).SingleAsync()));

        // A common password is refused; a good one is saved.
        var form = await client.GetPageAsync(link.Groups["path"].Value);
        var weak = await client.SubmitAsync(form, "form[action='/Akun/AturUlangPassword']", new() { ["NewPassword"] = "Bismillah2026", ["ConfirmPassword"] = "Bismillah2026" });
        Assert.Contains("terlalu umum", FieldError(weak.Page, "NewPassword"));
        var saved = await client.SubmitAsync(weak.Page, "form[action='/Akun/AturUlangPassword']", new() { ["NewPassword"] = NewPassword, ["ConfirmPassword"] = NewPassword }, follow: false);
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal("/Akun/Masuk", saved.Location);

        // The session opened before the reset is over; the old password fails; the new one works.
        var old = await session.GetAsync("/Sop");
        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.Contains("/Akun/Masuk?ReturnUrl=", old.Headers.Location?.OriginalString);
        Assert.Equal("Email atau password salah.", Summary((await SignInAttemptAsync(client, DemoUsers.Auditor, DemoUsers.Password)).Page));
        await client.SignInAsync(DemoUsers.Auditor, NewPassword);

        // The link works once.
        using var again = factory.CreateFormClient();
        var reuse = await again.GetPageAsync(link.Groups["path"].Value);
        var refused = await again.SubmitAsync(reuse, "form[action='/Akun/AturUlangPassword']", new() { ["NewPassword"] = "Lain-Kali9-Mangga", ["ConfirmPassword"] = "Lain-Kali9-Mangga" });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("tidak sah, sudah dipakai, atau sudah kedaluwarsa", Summary(refused.Page));
    }

    [Fact]
    public async Task ResetLink_WithATamperedCode_IsRefused()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { OutboxWorker = false });
        var userId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == DemoUsers.Auditor).Select(u => u.Id).SingleAsync());
        using var client = factory.CreateFormClient();
        var form = await client.GetPageAsync($"/Akun/AturUlangPassword?userId={Uri.EscapeDataString(userId)}&code=AAAA");
        var result = await client.SubmitAsync(form, "form[action='/Akun/AturUlangPassword']", new() { ["NewPassword"] = NewPassword, ["ConfirmPassword"] = NewPassword });
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Contains("tidak sah", Summary(result.Page));
    }

    private static async Task<FormResult> AskAsync(FormClient client, string email)
    {
        var form = await client.GetPageAsync("/Akun/LupaPassword");
        return await client.SubmitAsync(form, "form[action='/Akun/LupaPassword']", new() { ["Email"] = email });
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 150 && !await condition(); i++)
        {
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"http://localhost(?<path>/Akun/AturUlangPassword\?userId=[^&\s]+&code=[A-Za-z0-9_\-]+)")]
    private static partial Regex ResetLinkRegex();
}
