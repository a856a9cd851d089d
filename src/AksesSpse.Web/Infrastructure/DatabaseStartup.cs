using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AksesSpse.Web.Infrastructure;

/// <summary>
/// Migrates the schema (and seeds the demo office when Seed:Demo is true) while the host is starting,
/// before the web server accepts requests and before the outbox worker runs. Seed:Demo is false unless set
/// (appsettings.Development.json sets it), and Production never seeds the demo: its passwords are published (H2).
/// </summary>
public sealed class DatabaseStartup(IServiceProvider services, IConfiguration config, IHostEnvironment environment, ILogger<DatabaseStartup> logger)
    : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!config.GetValue("Database:MigrateOnStartup", true))
        {
            return Task.CompletedTask;
        }

        var seedDemo = config.GetValue("Seed:Demo", false);
        if (seedDemo && environment.IsProduction())
        {
            logger.LogWarning("Seed:Demo is ignored in Production: the demo accounts' passwords are published");
            seedDemo = false;
        }

        return InitializeAsync(services, seedDemo, config.GetValue("Seed:PrintLogins", true), cancellationToken);
    }

    public static async Task InitializeAsync(IServiceProvider services, bool seedDemo, bool printLogins, CancellationToken ct,
        bool announceMissingAdministrator = true)
    {
        using var scope = services.CreateScope();
        var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        await initializer.MigrateAsync(ct);
        if (!seedDemo)
        {
            if (announceMissingAdministrator)
            {
                await AnnounceMissingAdministratorAsync(scope.ServiceProvider);
            }

            return;
        }

        var logins = await initializer.SeedDemoAsync(ct);
        if (!printLogins)
        {
            return;
        }

        // Demo sign-ins are public demo data: printed on the console only, never written to the log files.
        Console.WriteLine();
        foreach (var office in logins.GroupBy(l => l.Office))
        {
            Console.WriteLine($"=== AksesSpse: akun demo (kantor \"{office.Key}\") ===");
            foreach (var login in office)
            {
                Console.WriteLine($"  {login.Role,-42} {login.Email,-34} {login.Password}");
            }
        }

        var mail = services.GetRequiredService<IOptions<EmailOptions>>().Value;
        Console.WriteLine(mail.Mode == EmailMode.Pickup
            ? $"  Email ditulis sebagai berkas .eml ke: {mail.PickupFolder}"
            : $"  Email dikirim lewat SMTP {mail.Smtp.Host}:{mail.Smtp.Port}");
        Console.WriteLine();
    }

    /// <summary>A database without an Administrator (a new production installation): say how to create the first one.</summary>
    private static async Task AnnounceMissingAdministratorAsync(IServiceProvider scoped)
    {
        var users = scoped.GetRequiredService<UserManager<ApplicationUser>>();
        if ((await users.GetUsersInRoleAsync(Roles.Administrator)).Count > 0)
        {
            return;
        }

        scoped.GetRequiredService<ILogger<DatabaseStartup>>().LogWarning(
            "No Administrator account exists yet. Create the first one with: {Command}", CreateAdminCommand.Usage);
        Console.WriteLine();
        Console.WriteLine("=== AksesSpse: belum ada akun Administrator ===");
        Console.WriteLine("  Buat Administrator pertama dengan perintah (di folder aplikasi):");
        Console.WriteLine("    " + CreateAdminCommand.Usage);
        Console.WriteLine("  Password sementara ditampilkan sekali di layar dan wajib diganti saat pertama masuk.");
        Console.WriteLine();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
