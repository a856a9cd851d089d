using System.Globalization;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Campaigns;
using AksesSpse.Core.Common;
using AksesSpse.Core.Credentials;
using AksesSpse.Core.Data;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Serilog;

namespace AksesSpse.Web.Infrastructure;

public static class StartupExtensions
{
    /// <summary>Largest request body: two 5 MB documents and the form around them.</summary>
    public const long MaxRequestBytes = 12 * 1024 * 1024;

    public static void AddAksesSpse(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var services = builder.Services;
        var contentRoot = builder.Environment.ContentRootPath;

        Log.Logger = new LoggerConfiguration().ReadFrom.Configuration(config).Enrich.FromLogContext().CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(Log.Logger, dispose: true);
        services.AddHttpLogging(o => { o.CombineLogs = true; o.LoggingFields = Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.RequestMethod |
                                                        Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.RequestPath |
                                                        Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.ResponseStatusCode |
                                                        Microsoft.AspNetCore.HttpLogging.HttpLoggingFields.Duration; });

        AddDatabase(services, config, contentRoot, builder.Environment.IsEnvironment("Testing"));

        services.AddIdentity<ApplicationUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 5;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.SignIn.RequireConfirmedEmail = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<IndonesianIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Akun/Masuk";
            o.LogoutPath = "/Akun/Keluar";
            o.AccessDeniedPath = "/Akun/AksesDitolak";
            o.Cookie.Name = "AksesSpse.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "AksesSpse.Csrf";
            o.FormFieldName = "__RequestVerificationToken";
        });

        var keysPath = Path.GetFullPath(config["DataProtection:KeysPath"] ?? "App_Data/keys", contentRoot);
        services.AddDataProtection().SetApplicationName("AksesSpse").PersistKeysToFileSystem(new DirectoryInfo(keysPath));

        services.AddControllersWithViews(o =>
        {
            o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            o.Filters.Add<MustChangePasswordFilter>();
        });
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = MaxRequestBytes);
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = MaxRequestBytes);

        services.Configure<AppOptions>(config.GetSection(AppOptions.Section));
        services.Configure<EmailOptions>(config.GetSection(EmailOptions.Section));
        services.PostConfigure<EmailOptions>(o => o.PickupFolder = Path.GetFullPath(o.PickupFolder, contentRoot));
        services.Configure<StorageOptions>(config.GetSection(StorageOptions.Section));

        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache(o => o.SizeLimit = 10_000);
        services.AddSingleton<IStepClock, WallClockStepClock>();
        services.AddSingleton(new UploadInspector(config.GetValue("Storage:MaxFileBytes", UploadInspector.DefaultMaxBytes)));
        services.AddSingleton<IFileStore>(sp =>
            new LocalFileStore(Path.GetFullPath(config["Storage:Root"] ?? "App_Data/files", contentRoot)));
        services.AddSingleton<IEmailSender, SmtpEmailSender>();
        services.AddScoped<Notifier>();
        services.AddScoped<CredentialService>();
        services.AddScoped<RequestFiles>();
        services.AddScoped<RequestLinks>();
        services.AddScoped<RequestMoves>();
        services.AddScoped<AccessActivationService>();
        services.AddScoped<PasswordResetService>();
        services.AddScoped<RequestQueries>();
        services.AddScoped<AccountRegister>();
        services.AddPpkCampaigns(config);
        services.AddScoped<SopCatalog>();
        services.AddScoped<UserDirectory>();
        services.AddScoped<OutboxDispatcher>();
        services.AddScoped<DatabaseInitializer>();
        services.AddHostedService<DatabaseStartup>();
        if (config.GetValue("Email:WorkerEnabled", true))
        {
            services.AddHostedService<OutboxWorker>();
        }

        // FluentValidation's DI package cannot be restored here: register every validator of this assembly by hand.
        foreach (var type in typeof(StartupExtensions).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            var contract = type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(FluentValidation.IValidator<>));
            if (contract is not null)
            {
                services.AddScoped(contract, type);
            }
        }

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
    }

    /// <summary>
    /// Registers the provider's context (<see cref="SqliteAppDbContext"/>, <see cref="PostgreSqlAppDbContext"/> or
    /// <see cref="SqlServerAppDbContext"/>, each with its own migrations, docs/adr/0013) as <see cref="AppDbContext"/>.
    /// </summary>
    public static void AddDatabase(IServiceCollection services, IConfiguration config, string contentRoot, bool strict = false)
    {
        var provider = AppDbContexts.ParseProvider(config["Database:Provider"]);
        void Configure(DbContextOptionsBuilder o)
        {
            ConfigureDatabase(o, config, contentRoot);
            if (strict)
            {
                // Tests: a query that includes two collections without choosing split or single fails at once.
                o.ConfigureWarnings(w => w.Throw(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.MultipleCollectionIncludeWarning));
            }
        }

        switch (provider)
        {
            case DatabaseProvider.PostgreSql:
                services.AddDbContext<AppDbContext, PostgreSqlAppDbContext>(Configure);
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContext<AppDbContext, SqlServerAppDbContext>(Configure);
                break;
            default:
                services.AddDbContext<AppDbContext, SqliteAppDbContext>(Configure);
                break;
        }
    }

    public static void ConfigureDatabase(DbContextOptionsBuilder options, IConfiguration config, string contentRoot)
    {
        var provider = AppDbContexts.ParseProvider(config["Database:Provider"]);
        switch (provider)
        {
            case DatabaseProvider.PostgreSql:
                options.UseProvider(provider, config.GetConnectionString("PostgreSQL")
                    ?? throw new InvalidOperationException("ConnectionStrings:PostgreSQL is required when Database:Provider is PostgreSQL."));
                break;
            case DatabaseProvider.SqlServer:
                options.UseProvider(provider, config.GetConnectionString("SqlServer")
                    ?? throw new InvalidOperationException("ConnectionStrings:SqlServer is required when Database:Provider is SqlServer."));
                break;
            default:
                var cs = config.GetConnectionString("Sqlite") ?? "Data Source=App_Data/aksesspse.db";
                var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs);
                if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
                {
                    builder.DataSource = Path.GetFullPath(builder.DataSource, contentRoot);
                    Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
                }

                options.UseProvider(provider, builder.ToString());
                break;
        }
    }

    public static void UseAksesSpse(this WebApplication app)
    {
        var culture = new CultureInfo("id-ID");
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(culture),
            SupportedCultures = [culture],
            SupportedUICultures = [culture],
        });

        app.UseExceptionHandler(errorApp => errorApp.Run(ErrorResponses.HandleAsync));
        app.UseStatusCodePagesWithReExecute("/Beranda/Status/{0}");
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseHttpLogging();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health");
        app.MapControllers();
    }
}
