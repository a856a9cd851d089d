using AksesSpse.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddAksesSpse();
}
catch (StartupConfigurationException e)
{
    // A setting the operator must fix (e.g. no data-protection certificate in Production): say which, no stack trace.
    Console.Error.WriteLine(e.Message);
    Environment.ExitCode = 2;
    return;
}

var app = builder.Build();
app.UseAksesSpse();

if (args.Contains("migrate", StringComparer.OrdinalIgnoreCase))
{
    // Production: `dotnet AksesSpse.Web.dll migrate` applies the migrations and exits.
    await DatabaseStartup.InitializeAsync(app.Services, seedDemo: false, printLogins: false, CancellationToken.None);
    app.Services.GetRequiredService<ILogger<Program>>().LogInformation("Migrations applied.");
    return;
}

if (args.Contains(CreateAdminCommand.Name, StringComparer.OrdinalIgnoreCase))
{
    // Production: `dotnet AksesSpse.Web.dll create-admin --email X --name "Y"` creates the first Administrator and exits.
    Environment.ExitCode = await CreateAdminCommand.RunAsync(app.Services, args, Console.Out, CancellationToken.None);
    return;
}

// The schema is migrated and the demo data seeded by DatabaseStartup before the server starts listening.
await app.RunAsync();

public partial class Program;
