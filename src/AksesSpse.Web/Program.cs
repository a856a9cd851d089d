using AksesSpse.Core.Data;
using AksesSpse.Web.Infrastructure;
using Serilog;

var builder = WebApplication.CreateBuilder(args);
builder.AddAksesSpse();

var app = builder.Build();
app.UseAksesSpse();

if (args.Contains("migrate", StringComparer.OrdinalIgnoreCase))
{
    // Production: `dotnet AksesSpse.Web.dll migrate` applies the migrations and exits.
    await app.InitializeDatabaseAsync(seedDemo: false, printLogins: false);
    Log.Information("Migrations applied.");
    return;
}

await app.InitializeDatabaseAsync(
    seedDemo: app.Configuration.GetValue("Seed:Demo", true),
    printLogins: app.Configuration.GetValue("Seed:PrintLogins", true));
await app.RunAsync();

public partial class Program;
