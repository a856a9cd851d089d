using System.Globalization;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Campaigns;
using AksesSpse.Core.Common;
using AksesSpse.Core.Credentials;
using AksesSpse.Core.Data;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;

namespace AksesSpse.Web.Infrastructure;

public static class StartupExtensions
{
    public static void AddAksesSpse(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var services = builder.Services;
        var contentRoot = builder.Environment.ContentRootPath;

        // Before anything is written (the log file first): files 0600, folders 0700.
        FilePermissions.RestrictNewFilesToOwner();

        // The few messages written while the host is being built (data-protection certificate, folder permissions) come
        // before the host's own logger exists: they go to the console through the static logger.
        Log.Logger = new LoggerConfiguration().MinimumLevel.Information()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
            .CreateLogger();

        // Serilog, configured from the "Serilog" section (appsettings.json): console + size-capped rolling JSON files.
        // AddSerilog replaces the other logging providers. The static Log.Logger is left alone (preserveStaticLogger): each
        // host writes through its own logger, so that several hosts in one process (the integration tests) keep their
        // logs apart and one host's shutdown does not close another's files.
        services.AddSerilog((_, logger) => logger.ReadFrom.Configuration(config).Enrich.FromLogContext(), preserveStaticLogger: true);

        AddDatabase(services, config, contentRoot, builder.Environment.IsEnvironment("Testing"));

        services.AddIdentity<ApplicationUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 5;
                // No lockout after failed sign-ins (anyone could lock the Administrator out): the rate limiter
                // throttles guessing per client and per (account, client) instead — docs/adr/0014.
                o.Lockout.AllowedForNewUsers = true;
                o.SignIn.RequireConfirmedEmail = true;
                o.User.RequireUniqueEmail = true;
                o.Tokens.PasswordResetTokenProvider = PasswordResetTokens.ProviderName;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<PasswordResetTokens>(PasswordResetTokens.ProviderName)
            .AddPasswordValidator<PasswordPolicy>()
            .AddErrorDescriber<IndonesianIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>();

        // Behind a TLS-terminating proxy every cookie is Secure (M6). Development and the test environment run over
        // plain http, where a cookie is Secure when the request came over https.
        var secureCookies = builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment(TestingEnvironment)
            ? CookieSecurePolicy.SameAsRequest
            : CookieSecurePolicy.Always;
        services.Configure<CookiePolicyOptions>(o => o.Secure = secureCookies); // any other cookie, see UseCookiePolicy
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Akun/Masuk";
            o.LogoutPath = "/Akun/Keluar";
            o.AccessDeniedPath = "/Akun/AksesDitolak";
            o.Cookie.Name = "AksesSpse.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secureCookies;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // Every request checks the session's security stamp: sign-out and a new password end it everywhere.
            o.Events.OnValidatePrincipal = SessionValidation.ValidatePrincipalAsync;
        });
        services.AddFormRateLimits(config);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "AksesSpse.Csrf";
            // SameAsRequest here, Secure through the cookie policy: antiforgery with SecurePolicy=Always would answer
            // every form over plain http (a misconfigured proxy) with an exception instead of a refused form.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__RequestVerificationToken";
        });
        services.AddForwardedHeadersFromConfiguration(config);
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));

        services.AddAksesSpseDataProtection(config, builder.Environment);
        FilePermissions.RestrictFolders(OwnFolders(config, contentRoot));

        services.AddControllersWithViews(o =>
        {
            o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            o.Filters.Add<MustChangePasswordFilter>();
            o.Filters.Add<NoStoreDownloadsFilter>();
            o.UseFormValidation();
            o.MaxModelValidationErrors = 1000; // SOP 1: every bad line of a 500-member list is named, not the first 200
        });
        builder.AddRequestBodyLimit();

        services.Configure<AppOptions>(config.GetSection(AppOptions.Section));
        services.AddSingleton<IPostConfigureOptions<AppOptions>, ListeningBaseUrl>();
        services.AddHostedService<BaseUrlCheck>();
        services.Configure<EmailOptions>(config.GetSection(EmailOptions.Section));
        services.PostConfigure<EmailOptions>(o =>
        {
            o.PickupFolder = Path.GetFullPath(o.PickupFolder, contentRoot);
            if (!string.IsNullOrWhiteSpace(o.Smtp.TrustedCertificatePath))
            {
                o.Smtp.TrustedCertificatePath = Path.GetFullPath(o.Smtp.TrustedCertificatePath, contentRoot);
            }
        });
        services.Configure<StorageOptions>(config.GetSection(StorageOptions.Section));

        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache(o => o.SizeLimit = 10_000);
        services.AddSingleton<IStepClock, WorkingTimeStepClock>();
        services.AddScoped<OfficeCalendar>();
        services.AddScoped<OfficeCalendarSettings>();
        services.AddScoped<PageClock>();
        services.AddHttpContextAccessor();
        services.AddSingleton(new UploadInspector(config.GetValue("Storage:MaxFileBytes", UploadInspector.DefaultMaxBytes)));
        services.AddSingleton<IFileStore>(sp =>
            new LocalFileStore(Path.GetFullPath(config["Storage:Root"] ?? "App_Data/files", contentRoot)));
        services.Configure<FileSweepOptions>(config.GetSection(FileSweepOptions.Section));
        services.AddScoped<OrphanFileSweeper>();
        services.AddHostedService<OrphanFileSweepService>();
        services.AddSingleton<IEmailSender, SmtpEmailSender>();
        services.AddScoped<Notifier>();
        services.AddScoped<WorkNotices>();
        services.AddScoped<AksesSpse.Core.Accountability.DeviationLedger>();
        services.AddScoped<AksesSpse.Core.Accountability.AccountabilityReports>();
        services.AddScoped<CredentialService>();
        services.AddScoped<RequestFiles>();
        services.AddScoped<RequestLinks>();
        services.AddScoped<RequestMoves>();
        // The SOP engine and its procedure modules (docs/adr/0019): a new SOP adds its module here.
        services.AddScoped<AksesSpse.Core.Engine.SopEngine>();
        services.AddScoped<SopVersions>();
        services.AddScoped<SopDrafts>();
        services.AddScoped<AksesSpse.Core.Procedures.StaffRegistrationModule>();
        services.AddScoped<AksesSpse.Core.Engine.IProcedureModule>(sp => sp.GetRequiredService<AksesSpse.Core.Procedures.StaffRegistrationModule>());
        services.AddScoped<AksesSpse.Core.Procedures.PasswordResetModule>();
        services.AddScoped<AksesSpse.Core.Engine.IProcedureModule>(sp => sp.GetRequiredService<AksesSpse.Core.Procedures.PasswordResetModule>());
        services.AddScoped<AksesSpse.Core.Procedures.AccessActivationModule>();
        services.AddScoped<AksesSpse.Core.Engine.IProcedureModule>(sp => sp.GetRequiredService<AksesSpse.Core.Procedures.AccessActivationModule>());
        services.AddScoped<AksesSpse.Core.Procedures.PokjaAccountsModule>();
        services.AddScoped<AksesSpse.Core.Engine.IProcedureModule>(sp => sp.GetRequiredService<AksesSpse.Core.Procedures.PokjaAccountsModule>());
        services.AddScoped<IStartForm, PokjaAccountsStartForm>();
        services.AddScoped<IStartForm, StaffRegistrationStartForm>();
        services.AddScoped<IStartForm, PasswordResetStartForm>();
        services.AddScoped<IStartForm, AccessActivationStartForm>();
        services.AddScoped<RequestQueries>();
        services.AddScoped<InboxQueries>();
        services.AddScoped<ProcedureQueries>();
        services.AddScoped<AksesSpse.Core.Performance.PerformanceReport>();
        services.AddScoped<AksesSpse.Core.Performance.StepRollups>();
        services.AddScoped<AccountRegister>();
        services.AddPpkCampaigns(config);
        services.AddScoped<SopCatalog>();
        services.AddScoped<AksesSpse.Core.Sop.Document.SopDocuments>();
        services.AddScoped<ServiceStandards>();
        services.AddScoped<AksesSpse.Core.Offices.OfficeLetterheads>();
        services.AddScoped<UserDirectory>();
        services.AddScoped<NipVerificationService>();
        services.AddScoped<OutboxDispatcher>();
        services.AddScoped<OutboxAdmin>();
        services.AddScoped<DatabaseInitializer>();
        services.AddHostedService<DatabaseStartup>();
        if (config.GetValue("Email:WorkerEnabled", true))
        {
            services.AddHostedService<OutboxWorker>();
        }

        services.AddWorkNoticeScheduler(config);

        services.AddFormValidation();

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<OutboxHealthCheck>("outbox");
    }

    /// <summary>The environment the integration tests run in (plain http, demo data).</summary>
    public const string TestingEnvironment = "Testing";

    /// <summary>
    /// X-Forwarded-For / X-Forwarded-Proto are trusted only from the proxies named in ReverseProxy:KnownProxies (IP
    /// addresses) or ReverseProxy:KnownNetworks (CIDR, e.g. 10.0.0.0/24). Both empty: the app is not behind a proxy
    /// and ignores the headers.
    /// </summary>
    public static void AddForwardedHeadersFromConfiguration(this IServiceCollection services, IConfiguration config)
    {
        var proxies = config.GetSection("ReverseProxy:KnownProxies").Get<string[]>() ?? [];
        var networks = config.GetSection("ReverseProxy:KnownNetworks").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.Where(p => !string.IsNullOrWhiteSpace(p)))
            {
                o.KnownProxies.Add(IPAddress.TryParse(proxy.Trim(), out var address)
                    ? address
                    : throw new InvalidOperationException($"ReverseProxy:KnownProxies: \"{proxy}\" is not an IP address."));
            }

            foreach (var network in networks.Where(n => !string.IsNullOrWhiteSpace(n)))
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network.Trim(), out var parsed)
                    ? parsed
                    : throw new InvalidOperationException($"ReverseProxy:KnownNetworks: \"{network}\" is not a network in CIDR notation (e.g. 10.0.0.0/24)."));
            }

            o.ForwardedHeaders = o.KnownProxies.Count + o.KnownIPNetworks.Count > 0
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                : ForwardedHeaders.None;
        });
    }

    /// <summary>The folders the app writes to by its settings: App_Data, uploads, .eml files, log files.</summary>
    private static IEnumerable<string> OwnFolders(IConfiguration config, string contentRoot)
    {
        yield return Path.Combine(contentRoot, "App_Data");
        yield return Path.GetFullPath(config["Storage:Root"] ?? "App_Data/files", contentRoot);
        yield return Path.GetFullPath(config["Email:PickupFolder"] ?? "App_Data/mail", contentRoot);
        foreach (var sink in config.GetSection("Serilog:WriteTo").GetChildren())
        {
            if (sink["Args:path"] is { Length: > 0 } path && Path.GetDirectoryName(Path.GetFullPath(path, contentRoot)) is { } folder)
            {
                yield return folder;
            }
        }
    }

    /// <summary>
    /// Registers the provider's context (<see cref="SqliteAppDbContext"/>, <see cref="PostgreSqlAppDbContext"/> or
    /// <see cref="SqlServerAppDbContext"/>, each with its own migrations, docs/adr/0017) as <see cref="AppDbContext"/>.
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

                // EF's SQLite table rebuild emits its own "PRAGMA foreign_keys = 0" outside the migration's transaction,
                // which EF reports as NonTransactionalMigrationOperationWarning whenever such a migration runs, e.g. on
                // every first start (dotnet/efcore#35871; the fix was reverted in #38120). No migration of ours can
                // avoid it and it asks nothing of the operator: logged as information, not as a warning.
                options.ConfigureWarnings(w => w.Log((Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.NonTransactionalMigrationOperationWarning,
                    LogLevel.Information)));
                break;
        }
    }

    public static void UseAksesSpse(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value.ForwardedHeaders != ForwardedHeaders.None)
        {
            app.UseForwardedHeaders(); // before anything reads the client address or the scheme
        }

        var culture = new CultureInfo("id-ID");
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(culture),
            SupportedCultures = [culture],
            SupportedUICultures = [culture],
        });

        // One compact line per request; the path never carries the query string (one-time tokens travel there).
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>(); // this host's logger, not the static one
            o.IncludeQueryInRequestPath = false;
            o.MessageTemplate = "HTTP {RequestMethod:l} {RequestPath:l} {StatusCode} {Elapsed:0} ms user {UserId:l}";
            o.EnrichDiagnosticContext = (diagnostics, http) =>
                diagnostics.Set("UserId", http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "-");
            o.GetLevel = (http, _, error) =>
                error is not null || http.Response.StatusCode >= 500 ? LogEventLevel.Error
                : http.Request.Path.StartsWithSegments("/health") ? LogEventLevel.Debug
                : LogEventLevel.Information;
        });
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseExceptionHandler(errorApp => errorApp.Run(ErrorResponses.HandleAsync));
        app.UseStatusCodePagesWithReExecute("/Beranda/Status/{0}");
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseCookiePolicy();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseFormRateLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = OutboxHealthCheck.WriteAsync });
        app.MapControllers();
    }
}
