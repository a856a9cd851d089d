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

        services.AddDbContext<AppDbContext>(o => ConfigureDatabase(o, config, contentRoot));

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
            o.Filters.Add<NoStoreDownloadsFilter>();
            o.UseFormValidation();
        });
        builder.AddRequestBodyLimit();

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
        services.Configure<FileSweepOptions>(config.GetSection(FileSweepOptions.Section));
        services.AddScoped<OrphanFileSweeper>();
        services.AddHostedService<OrphanFileSweepService>();
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

        services.AddFormValidation();

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
    }

    public static void ConfigureDatabase(DbContextOptionsBuilder options, IConfiguration config, string contentRoot)
    {
        var provider = config["Database:Provider"] ?? "Sqlite";
        if (provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) || provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            var cs = config.GetConnectionString("PostgreSQL")
                     ?? throw new InvalidOperationException("ConnectionStrings:PostgreSQL is required when Database:Provider is PostgreSQL.");
            options.UseNpgsql(cs, o => o.MigrationsAssembly(typeof(AppDbContext).Assembly.GetName().Name));
        }
        else if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var cs = config.GetConnectionString("Sqlite") ?? "Data Source=App_Data/aksesspse.db";
            var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs);
            if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory)
            {
                builder.DataSource = Path.GetFullPath(builder.DataSource, contentRoot);
                Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
            }

            options.UseSqlite(builder.ToString(), o => o.MigrationsAssembly(typeof(AppDbContext).Assembly.GetName().Name));
        }
        else
        {
            throw new InvalidOperationException($"Database:Provider \"{provider}\" is not supported: use Sqlite or PostgreSQL.");
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
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseHttpLogging();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health");
        app.MapControllers();
    }
}
