using System.Net;
using AksesSpse.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AksesSpse.Web.Tests.Infrastructure;

public enum DatabaseKind
{
    Sqlite,
    PostgreSql,
}

public sealed record AppSettings
{
    public DatabaseKind Database { get; init; } = DatabaseKind.Sqlite;

    /// <summary>Send mail to this SMTP port on 127.0.0.1 instead of writing .eml files.</summary>
    public int? SmtpPort { get; init; }

    /// <summary>Listen on a real loopback port (for the browser tests) instead of the in-memory test server.</summary>
    public bool RealServer { get; init; }

    public bool OutboxWorker { get; init; } = true;

    /// <summary>
    /// The Quartz scheduler of reminders and daily sends (docs/adr/0023). Off unless a test asks for it: its sweeps would add
    /// mail and notices to tests that count them; the sweep itself is tested by calling WorkNotices.SweepAsync.
    /// </summary>
    public bool Scheduler { get; init; }

    /// <summary>Replaces the app's clock (e.g. to make a step late without waiting).</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Use a connection string as given (e.g. one that points at nothing) instead of a fresh database.</summary>
    public string? ConnectionString { get; init; }
    public IReadOnlyDictionary<string, string?> Extra { get; init; } = new Dictionary<string, string?>();

    /// <summary>The host environment. Only "Testing" seeds the demo office by default (Seed:Demo); "Production" takes
    /// appsettings.json as a real installation does.</summary>
    public string Environment { get; init; } = "Testing";

    /// <summary>Replaces or adds services after the app's own registrations (e.g. a counting password hasher).</summary>
    public Action<IServiceCollection>? Services { get; init; }
}

/// <summary>
/// The real app on a real database (a fresh SQLite file or PostgreSQL database per factory), seeded with
/// the demo office, with its own storage, keys and mail folders under a temp directory.
/// </summary>
public sealed class AppFactory : WebApplicationFactory<Program>
{
    /// <summary>
    /// WebApplicationFactory hands UseSetting values to a minimal-hosting app as command-line arguments, one per
    /// configuration node, so every parent of a nested key arrives as an empty string ("--Serilog:WriteTo:1=").
    /// Serilog reads such a parent as a value: "" as the minimum level fails the start-up, "" as a sink name drops
    /// the file sink. Serilog settings are therefore passed as environment variables (which add only the leaves),
    /// set only while Program reads its configuration; they are process-wide, hence the lock.
    /// </summary>
    private static readonly SemaphoreSlim EnvironmentLock = new(1, 1);

    static AppFactory()
    {
        // Hosts never dispose the web root's file provider, whose watcher (asp-append-version) holds an inotify instance:
        // hundreds of hosts in one run would reach the kernel's limit of 128 and a new host's pages would all fail. Polling
        // watchers hold none; scripts/test.sh sets the same for every process it starts.
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }

    private readonly AppSettings _settings;
    private string? _connectionString;
    private Action? _configurationRead;

    private AppFactory(AppSettings settings, string connectionString, string root)
    {
        _settings = settings;
        _connectionString = connectionString;
        Root = root;
        if (settings.RealServer)
        {
            UseKestrel(0);
        }
    }

    /// <summary>Temp folder of this app instance: files/, keys/, mail/, logs/.</summary>
    public string Root { get; }

    public string MailFolder => Path.Combine(Root, "mail");

    public DatabaseKind Database => _settings.Database;

    public string ConnectionString => _connectionString!;

    public static async Task<AppFactory> CreateAsync(AppSettings? settings = null)
    {
        settings ??= new AppSettings();
        var root = Path.Combine(Path.GetTempPath(), "aksesspse-tests", "app-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        var cs = settings.ConnectionString ?? (settings.Database == DatabaseKind.PostgreSql
            ? await TestDatabases.CreatePostgresAsync("app")
            : TestDatabases.NewSqliteFile("app"));
        var factory = new AppFactory(settings, cs, root);
        var variables = factory.SerilogSettings()
            .ToDictionary(p => "Serilog__" + p.Key["Serilog:".Length..].Replace(":", "__", StringComparison.Ordinal), p => p.Value);
        await EnvironmentLock.WaitAsync();
        var held = 1;
        factory._configurationRead = () =>
        {
            if (Interlocked.Exchange(ref held, 0) == 1)
            {
                foreach (var name in variables.Keys)
                {
                    Environment.SetEnvironmentVariable(name, null);
                }

                EnvironmentLock.Release();
            }
        };
        try
        {
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            if (settings.RealServer)
            {
                factory.StartServer();
            }
            else
            {
                _ = factory.Server; // builds the host: migrates and seeds
            }
        }
        finally
        {
            factory._configurationRead();
        }

        return factory;
    }

    /// <summary>The loopback address the real server listens on (RealServer only).</summary>
    public Uri ServerAddress
    {
        get
        {
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        }
    }

    public FormClient CreateFormClient() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("http://localhost") }));

    /// <summary>A scope on the app's own services, to look into the database the app wrote.</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        using var scope = Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>Another office with one confirmed staff user of the given role (password <see cref="DemoUsers.Password"/>); returns the office's id.</summary>
    public async Task<int> AddOfficeWithUserAsync(string code, string name, string email, string role)
    {
        var officeId = await WithDbAsync(async db =>
        {
            var office = new AksesSpse.Core.Offices.Office { Code = code, Name = name, TimeZoneId = "Asia/Jakarta" };
            db.Offices.Add(office);
            await db.SaveChangesAsync();
            return office.Id;
        });
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AksesSpse.Core.Identity.ApplicationUser>>();
        var user = new AksesSpse.Core.Identity.ApplicationUser
        {
            UserName = email, Email = email, EmailConfirmed = true, FullName = name + " (" + role + ")", OfficeId = officeId, CreatedAt = DateTime.UtcNow,
        };
        if (!(await users.CreateAsync(user, DemoUsers.Password)).Succeeded || !(await users.AddToRoleAsync(user, role)).Succeeded)
        {
            throw new InvalidOperationException($"Could not create {email} in office {code}.");
        }

        return officeId;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_settings.Environment);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = _settings.Database == DatabaseKind.PostgreSql ? "PostgreSQL" : "Sqlite",
            ["ConnectionStrings:Sqlite"] = _settings.Database == DatabaseKind.Sqlite ? _connectionString : null,
            ["ConnectionStrings:PostgreSQL"] = _settings.Database == DatabaseKind.PostgreSql ? _connectionString : null,
            ["Storage:Root"] = Path.Combine(Root, "files"),
            ["DataProtection:CertificatePath"] = TestCertificate.Path,
            ["Email:Mode"] = _settings.SmtpPort is null ? "Pickup" : "Smtp",
            ["Email:PickupFolder"] = MailFolder,
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = _settings.SmtpPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "25",
            ["Email:PollSeconds"] = "0.2",
            ["Email:WorkerEnabled"] = _settings.OutboxWorker ? "true" : "false",
            ["Scheduler:Enabled"] = _settings.Scheduler ? "true" : "false",
            ["Seed:Demo"] = _settings.Environment == "Testing" ? "true" : null,
            ["Seed:PrintLogins"] = "false",
            ["Diagnostics:Enabled"] = "true",
            ["App:BaseUrl"] = "http://localhost",
            // The suites post many forms from one address: limits off unless a test sets them (AccountThrottlingTests).
            ["RateLimits:Enabled"] = "false",
        };
        foreach (var (key, value) in _settings.Extra)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            if (!IsSerilogKey(key) && value is not null)
            {
                builder.UseSetting(key, value);
            }
        }

        // Runs when the app builds its host, after Program has read its configuration (Serilog included).
        builder.ConfigureServices(_ => _configurationRead?.Invoke());

        if (_settings.Clock is { } clock)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }

        if (_settings.Services is { } configure)
        {
            builder.ConfigureTestServices(configure);
        }
    }

    /// <summary>
    /// A host that logged an error keeps its log in $AKSESSPSE_TEST_ARTIFACTS/host-logs before its folder is deleted: a test
    /// that sees only "Terjadi kesalahan" on a page then has the exception behind it on record.
    /// </summary>
    private void KeepLogsWithErrors()
    {
        var artifacts = Environment.GetEnvironmentVariable("AKSESSPSE_TEST_ARTIFACTS");
        var logs = Path.Combine(Root, "logs");
        if (string.IsNullOrEmpty(artifacts) || !Directory.Exists(logs))
        {
            return;
        }

        try
        {
            foreach (var file in Directory.EnumerateFiles(logs))
            {
                // EF logs its probe of a new database's migration history as an error on SQLite: not one worth keeping.
                if (File.ReadLines(file).Any(line =>
                        (line.Contains("\"@l\":\"Error\"", StringComparison.Ordinal) || line.Contains("\"@l\":\"Fatal\"", StringComparison.Ordinal)) &&
                        !line.Contains("__EFMigrationsHistory", StringComparison.Ordinal)))
                {
                    var kept = Path.Combine(artifacts, "host-logs");
                    Directory.CreateDirectory(kept);
                    File.Copy(file, Path.Combine(kept, $"{Path.GetFileName(Root)}-{Path.GetFileName(file)}"), overwrite: true);
                }
            }
        }
        catch (IOException)
        {
            // Diagnostics only: a log still being written is not worth failing a test for.
        }
    }

    private static bool IsSerilogKey(string key) => key.StartsWith("Serilog:", StringComparison.OrdinalIgnoreCase);

    private IEnumerable<KeyValuePair<string, string?>> SerilogSettings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:WriteTo:1:Args:path"] = Path.Combine(Root, "logs", "app-.log"),
        };
        foreach (var (key, value) in _settings.Extra.Where(p => IsSerilogKey(p.Key)))
        {
            settings[key] = value;
        }

        return settings;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_settings.Database == DatabaseKind.PostgreSql && _connectionString is not null && _settings.ConnectionString is null)
        {
            await TestDatabases.DropPostgresAsync(_connectionString);
        }

        _connectionString = null;
        KeepLogsWithErrors();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file may still be held open; the temp folder is cleaned by the OS.
        }
    }
}

public static class DemoUsers
{
    public const string Password = DatabaseInitializer.DemoPassword;
    public const string Pokja = "pokja@contoh.go.id";
    public const string AdminAgency = "admin.agency@contoh.go.id";
    public const string Helpdesk = "helpdesk@contoh.go.id";
    public const string KepalaUkpbj = "kepala.ukpbj@contoh.go.id";
    public const string AdminPpe = "admin.ppe@contoh.go.id";
    public const string KepalaLpse = "kepala.lpse@contoh.go.id";
    public const string Auditor = "auditor@contoh.go.id";
    public const string Administrator = "administrator@contoh.go.id";
}

public static class StatusCodeExtensions
{
    public static bool IsRedirect(this HttpStatusCode code) => (int)code is >= 300 and < 400;
}
