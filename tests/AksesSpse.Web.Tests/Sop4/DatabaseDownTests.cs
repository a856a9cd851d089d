using System.Net;
using AksesSpse.Web.Tests.Infrastructure;
using Npgsql;

namespace AksesSpse.Web.Tests.Sop4;

/// <summary>
/// The database goes away while the app runs (no new connection is accepted): pages that need no data still work, a
/// form post gets a 503 in Bahasa Indonesia saying nothing was saved, and /health says Unhealthy. The app starts on a
/// reachable database: the data-protection key ring (needed by every form's antiforgery token) is read from the
/// database at start and kept in memory (docs/adr/0013); an app that starts while the database is unreachable answers
/// every page with the same 503.
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
            Extra = new Dictionary<string, string?> { ["Email:WorkerEnabled"] = "false" },
        });
        using (var before = factory.CreateFormClient())
        using (var warm = await before.GetAsync("/Akun/Masuk"))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        await SetConnectionsAllowedAsync(factory.ConnectionString, false);
        try
        {
            await AssertDownBehaviourAsync(factory);
        }
        finally
        {
            await SetConnectionsAllowedAsync(factory.ConnectionString, true);
        }
    }

    [Fact]
    public async Task DatabaseUnreachableFromTheStart_PagesSay503DatabaseUnreachable()
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
        using var get = await client.GetAsync("/Akun/Masuk");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, get.StatusCode);
        var page = await FormClient.ParseAsync(get);
        Assert.Contains("Basis data tidak dapat dihubungi", Sop4.Text(page));
        Assert.DoesNotContain("Npgsql", page.Source.Text);
    }

    /// <summary>datallowconn off and every session of the database ended: like a server that refuses the app.</summary>
    private static async Task SetConnectionsAllowedAsync(string connectionString, bool allowed)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!.Replace("\"", "\"\"", StringComparison.Ordinal);
        await using var admin = new NpgsqlConnection(TestDatabases.PostgresAdmin);
        await admin.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", admin))
        {
            await alter.ExecuteNonQueryAsync();
        }

        if (!allowed)
        {
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name", admin);
            terminate.Parameters.AddWithValue("name", new NpgsqlConnectionStringBuilder(connectionString).Database!);
            await terminate.ExecuteNonQueryAsync();
            NpgsqlConnection.ClearAllPools();
        }
    }

    private static async Task AssertDownBehaviourAsync(AppFactory factory)
    {
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
        using var report = System.Text.Json.JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", report.RootElement.GetProperty("status").GetString());
    }
}
