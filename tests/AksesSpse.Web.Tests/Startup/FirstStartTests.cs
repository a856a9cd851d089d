using System.Text.Json;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;
using Xunit.Abstractions;

namespace AksesSpse.Web.Tests.Startup;

/// <summary>
/// A newcomer's first start (issue #7): a Development start of the real Program (demo seed on, SQLite) prints no
/// warning, neither while starting nor on the first pages (the EF sentinel warning, unencrypted keys and query splitting
/// were printed at every start); outside Development no demo is seeded; and the log file rolls over by size.
/// </summary>
public sealed class FirstStartTests(ITestOutputHelper output)
{
    private static readonly string[] WarningOrAbove = ["Warning", "Error", "Fatal"];

    [Fact]
    public async Task DevelopmentStart_WithTheDemo_LogsNoWarning_WhileStartingNorOnTheFirstPages()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings
        {
            Environment = "Development",
            Database = DatabaseKind.Sqlite,
            Extra = new Dictionary<string, string?>
            {
                // Everything from Information up reaches the file, each event with its level (compact JSON).
                ["Serilog:MinimumLevel:Default"] = "Information",
            },
        });

        // The demo is there (appsettings.Development.json), so the start really seeded.
        Assert.True(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == DemoUsers.Pokja)), "the Development start seeded no demo users");

        using var client = factory.CreateFormClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/Akun/Masuk")).StatusCode);
        await client.SignInAsync(DemoUsers.AdminAgency);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/Tugas")).StatusCode);

        var text = await ProductionStartupTests.WaitForLogAsync(factory,
            t => t.Contains("\"RequestPath\":\"/Tugas\"", StringComparison.Ordinal));
        var events = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Contains(events, e => e.TryGetProperty("RequestPath", out var path) && path.GetString() == "/Tugas");
        Assert.Contains(events, e => e.TryGetProperty("SourceContext", out var source) && source.GetString() == "Microsoft.Hosting.Lifetime");

        var warnings = events
            .Where(e => e.TryGetProperty("@l", out var level) && WarningOrAbove.Contains(level.GetString()))
            .Select(e => $"{e.GetProperty("@l").GetString()} {(e.TryGetProperty("SourceContext", out var s) ? s.GetString() : "")}: {e.GetProperty("@m").GetString()}")
            .ToList();
        output.WriteLine($"{events.Count} events; warnings or above: {warnings.Count}");
        Assert.True(warnings.Count == 0, "a Development start logged:" + Environment.NewLine + string.Join(Environment.NewLine, warnings));
    }

    [Fact]
    public async Task StagingStart_WithoutTheSetting_SeedsNoDemo()
    {
        // Seed:Demo is not set (AppFactory sets it only for Testing): appsettings.json decides, outside Development.
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Environment = "Staging" });

        Assert.Equal(0, await factory.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Offices.CountAsync()));

        using var client = ProductionStartupTests.HttpsFormClient(factory);
        var page = await client.GetPageAsync("/Akun/Masuk");
        var result = await client.SubmitAsync(page, "form[action='/Akun/Masuk']",
            new() { ["Email"] = DemoUsers.Administrator, ["Password"] = DemoUsers.Password }, follow: false);
        Assert.Equal(System.Net.HttpStatusCode.OK, result.Status); // the form again: nobody signed in
    }

    [Fact]
    public async Task TheLogFile_RollsOverBySize()
    {
        const int limit = 4096;
        await using var factory = await AppFactory.CreateAsync(new AppSettings
        {
            Extra = new Dictionary<string, string?>
            {
                ["Serilog:MinimumLevel:Default"] = "Information",
                ["Serilog:WriteTo:1:Args:fileSizeLimitBytes"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        });

        using var client = factory.CreateFormClient();
        for (var i = 0; i < 40; i++)
        {
            await client.GetAsync($"/Akun/Masuk?halaman={i}");
        }

        var folder = Path.Combine(factory.Root, "logs");
        string[] files = [];
        for (var attempt = 0; attempt < 100 && files.Length < 2; attempt++)
        {
            await Task.Delay(100);
            files = Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
        }

        output.WriteLine(string.Join(Environment.NewLine, files.Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length} B")));
        Assert.True(files.Length >= 2, $"the log did not roll over at {limit} bytes: {string.Join(", ", files.Select(Path.GetFileName))}");

        // A full file is closed once it reaches the limit (the last event may cross it), so none grows far past it.
        Assert.All(files, f => Assert.True(new FileInfo(f).Length < 2 * limit, $"{Path.GetFileName(f)} has {new FileInfo(f).Length} bytes"));
        Assert.All(files, f => Assert.StartsWith("app-", Path.GetFileName(f)));
    }
}
