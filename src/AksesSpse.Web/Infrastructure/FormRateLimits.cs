using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AksesSpse.Web.Infrastructure;

/// <summary>The anonymous forms with limits of their own; every other anonymous POST falls under <see cref="Other"/>.</summary>
public enum FormLimitGroup
{
    Other,
    SignIn,
    Register,
    ResendConfirmation,
    ForgotPassword,
    ResetPassword,

    /// <summary>A public document generated on request (the SOP document of the public service standard): GETs too, per client.</summary>
    PublicDocument,
}

/// <summary>Puts an action under the limits of <see cref="Group"/>, partitioned per client and per submitted email.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FormRateLimitAttribute(FormLimitGroup group) : Attribute
{
    public FormLimitGroup Group { get; } = group;
}

/// <summary>At most <see cref="PermitLimit"/> requests in a fixed window of <see cref="WindowSeconds"/>; 0 = no limit.</summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }
    public int WindowSeconds { get; set; } = 60;
}

/// <summary>Configuration section RateLimits (docs/adr/0014). Counted per node: N nodes let N times as much through.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Sign-in attempts from one client (IP address), whatever the email.</summary>
    public RateLimitRule SignInPerClient { get; set; } = new() { PermitLimit = 20, WindowSeconds = 60 };

    /// <summary>Sign-in attempts for one email from one client: replaces the account lockout.</summary>
    public RateLimitRule SignInPerAccountAndClient { get; set; } = new() { PermitLimit = 10, WindowSeconds = 900 };

    /// <summary>Sign-in attempts for one email from all clients together: bounds guessing spread over many addresses.</summary>
    public RateLimitRule SignInPerAccount { get; set; } = new() { PermitLimit = 100, WindowSeconds = 900 };

    /// <summary>Registration, confirmation resend, forgotten password, new password: per client and form.</summary>
    public RateLimitRule MailPerClient { get; set; } = new() { PermitLimit = 10, WindowSeconds = 3600 };

    /// <summary>Registration, confirmation resend, forgotten password: mails to one address per form.</summary>
    public RateLimitRule MailPerAccount { get; set; } = new() { PermitLimit = 3, WindowSeconds = 3600 };

    /// <summary>Public documents generated on request (the SOP PDF on the service standard page): per client.</summary>
    public RateLimitRule PublicDocumentPerClient { get; set; } = new() { PermitLimit = 30, WindowSeconds = 60 };

    /// <summary>Any other anonymous form (e.g. the SOP 2 receipt confirmation by link): per client.</summary>
    public RateLimitRule AnonymousFormPerClient { get; set; } = new() { PermitLimit = 30, WindowSeconds = 60 };
}

/// <summary>
/// ASP.NET Core's rate limiter on the anonymous forms: one fixed-window limiter per client, one per (email, client)
/// and one per email, chained; a refused request gets 429 and the page Views/Account/TooManyRequests.
/// </summary>
public static class FormRateLimits
{
    private const string NoLimit = "-";

    public static void AddFormRateLimits(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<RateLimitOptions>(config.GetSection(RateLimitOptions.Section));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Limiter(Partition.Client),
                Limiter(Partition.AccountAndClient),
                Limiter(Partition.Account));
            o.OnRejected = RejectedAsync;
        });
    }

    /// <summary>Reads the form of a limited action before the limiter runs, so its partitions can use the submitted email.</summary>
    public static IApplicationBuilder UseFormRateLimits(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType &&
                context.GetEndpoint()?.Metadata.GetMetadata<FormRateLimitAttribute>() is not null)
            {
                await context.Request.ReadFormAsync(context.RequestAborted);
            }

            await next(context);
        });
        return app.UseRateLimiter();
    }

    private enum Partition
    {
        Client,
        AccountAndClient,
        Account,
    }

    private static PartitionedRateLimiter<HttpContext> Limiter(Partition partition) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var (key, rule) = Describe(context, partition);
            if (rule is null || rule.PermitLimit <= 0)
            {
                return RateLimitPartition.GetNoLimiter(NoLimit);
            }

            var permits = rule.PermitLimit;
            var window = TimeSpan.FromSeconds(Math.Max(1, rule.WindowSeconds));
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });

    private static (string Key, RateLimitRule? Rule) Describe(HttpContext context, Partition partition)
    {
        if (!(HttpMethods.IsPost(context.Request.Method) || IsLimitedRead(context)) ||
            context.Features.Get<IStatusCodeReExecuteFeature>() is not null ||
            context.Features.Get<IExceptionHandlerPathFeature>() is not null ||
            context.GetEndpoint() is not { } endpoint)
        {
            return (NoLimit, null);
        }

        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;
        if (!options.Enabled)
        {
            return (NoLimit, null);
        }

        FormLimitGroup group;
        if (endpoint.Metadata.GetMetadata<FormRateLimitAttribute>() is { } limited)
        {
            group = limited.Group;
        }
        else if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            group = FormLimitGroup.Other;
        }
        else
        {
            return (NoLimit, null);
        }

        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var email = SubmittedEmail(context);
        var rule = (group, partition) switch
        {
            (FormLimitGroup.PublicDocument, Partition.Client) => options.PublicDocumentPerClient,
            (FormLimitGroup.PublicDocument, _) => null,
            (FormLimitGroup.Other, Partition.Client) => options.AnonymousFormPerClient,
            (FormLimitGroup.Other, _) => null,
            (FormLimitGroup.SignIn, Partition.Client) => options.SignInPerClient,
            (FormLimitGroup.SignIn, Partition.AccountAndClient) => options.SignInPerAccountAndClient,
            (FormLimitGroup.SignIn, Partition.Account) => options.SignInPerAccount,
            (FormLimitGroup.ResetPassword, Partition.Client) => options.MailPerClient,
            (FormLimitGroup.ResetPassword, _) => null,
            (_, Partition.Client) => options.MailPerClient,
            (_, Partition.Account) => options.MailPerAccount,
            _ => null,
        };
        if (rule is null || (partition != Partition.Client && email is null))
        {
            return (NoLimit, null);
        }

        var key = partition switch
        {
            Partition.Client => $"{group}|c|{client}",
            Partition.AccountAndClient => $"{group}|ac|{email}|{client}",
            _ => $"{group}|a|{email}",
        };
        return (key, rule);
    }

    /// <summary>A GET of an action marked <see cref="FormLimitGroup.PublicDocument"/>: limited like an anonymous form.</summary>
    private static bool IsLimitedRead(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) &&
        context.GetEndpoint()?.Metadata.GetMetadata<FormRateLimitAttribute>() is { Group: FormLimitGroup.PublicDocument };

    private static string? SubmittedEmail(HttpContext context)
    {
        // Read by UseFormRateLimits for the limited actions; null elsewhere.
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IFormFeature>()?.Form is not { } form)
        {
            return null;
        }

        var email = form["Email"].ToString().Trim();
        return email.Length == 0 ? null : email.ToUpperInvariant();
    }

    private static async ValueTask RejectedAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var minutes = 1;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            minutes = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes));
        }

        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FormRateLimits))
            .LogWarning("Too many requests to {Path} from {Client}", context.Request.Path, context.Connection.RemoteIpAddress);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var services = context.RequestServices;
        var viewData = new ViewDataDictionary(services.GetRequiredService<IModelMetadataProvider>(), new ModelStateDictionary())
        {
            ["Title"] = "Terlalu banyak percobaan",
            ["Minutes"] = minutes,
        };
        var result = new ViewResult { ViewName = "~/Views/Account/TooManyRequests.cshtml", ViewData = viewData, StatusCode = StatusCodes.Status429TooManyRequests };
        await services.GetRequiredService<IActionResultExecutor<ViewResult>>()
            .ExecuteAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()), result);
    }
}
