using System.Net;
using AksesSpse.Web.Tests.Infrastructure;

namespace AksesSpse.Web.Tests.Sop4;

/// <summary>
/// The database cannot be reached (PostgreSQL on a port where nothing listens): pages that need no data still
/// work, a form post gets a 503 in Bahasa Indonesia saying nothing was saved, and /health says Unhealthy.
/// </summary>
[Trait("Sop", "ResetPassword")]
[Trait("Category", "Resilience")]
public sealed class DatabaseDownTests
{
    [Fact]
    public async Task DatabaseUnreachable_LoginPageRenders_PostGives503NothingSaved_HealthUnhealthy()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings
        {
            Database = DatabaseKind.PostgreSql,
            ConnectionString = "Host=127.0.0.1;Port=1;Username=postgres;Database=none;Timeout=2",
            Extra = new Dictionary<string, string?>
            {
                ["Database:MigrateOnStartup"] = "false",
                ["Email:WorkerEnabled"] = "false",
            },
        });
        using var client = factory.CreateFormClient();

        using (var get = await client.GetAsync("/Akun/Masuk"))
        {
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        }

        var login = await client.GetPageAsync("/Akun/Masuk");
        var started = DateTime.UtcNow;
        var post = await client.SubmitAsync(login, "form[action='/Akun/Masuk']",
            new() { ["Email"] = DemoUsers.Pokja, ["Password"] = DemoUsers.Password });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.Status);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "the failure took too long to show");
        var text = Sop4.Text(post.Page);
        Assert.Contains("Basis data tidak dapat dihubungi", text);
        Assert.Contains("BELUM tersimpan", text);
        Assert.DoesNotContain("Npgsql", post.Page.Source.Text); // no internals shown
        Assert.DoesNotContain("127.0.0.1", post.Page.Source.Text);

        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
    }
}
