using AksesSpse.Core.Data;
using AksesSpse.Core.Notifications;
using Microsoft.Extensions.Options;

namespace AksesSpse.Web.Infrastructure;

/// <summary>
/// Migrates the schema (and seeds the demo office when Seed:Demo is true) while the host is starting,
/// before the web server accepts requests and before the outbox worker runs.
/// </summary>
public sealed class DatabaseStartup(IServiceProvider services, IConfiguration config) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) =>
        config.GetValue("Database:MigrateOnStartup", true)
            ? InitializeAsync(services, config.GetValue("Seed:Demo", true), config.GetValue("Seed:PrintLogins", true), cancellationToken)
            : Task.CompletedTask;

    public static async Task InitializeAsync(IServiceProvider services, bool seedDemo, bool printLogins, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        await initializer.MigrateAsync(ct);
        if (!seedDemo)
        {
            return;
        }

        var logins = await initializer.SeedDemoAsync(ct);
        if (!printLogins)
        {
            return;
        }

        // Demo sign-ins are public demo data: printed on the console only, never written to the log files.
        Console.WriteLine();
        Console.WriteLine("=== AksesSpse: akun demo (kantor \"LPSE Kabupaten Contoh\") ===");
        foreach (var login in logins)
        {
            Console.WriteLine($"  {login.Role,-42} {login.Email,-28} {login.Password}");
        }

        var mail = services.GetRequiredService<IOptions<EmailOptions>>().Value;
        Console.WriteLine(mail.Mode == EmailMode.Pickup
            ? $"  Email ditulis sebagai berkas .eml ke: {mail.PickupFolder}"
            : $"  Email dikirim lewat SMTP {mail.Smtp.Host}:{mail.Smtp.Port}");
        Console.WriteLine();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
