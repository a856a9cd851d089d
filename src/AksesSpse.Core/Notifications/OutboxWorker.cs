using AksesSpse.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AksesSpse.Core.Notifications;

/// <summary>
/// Delivers the outbox. Each message is claimed with a short lease, so several nodes can run this worker;
/// a temporary failure is recorded and retried with exponential backoff until <see cref="EmailOptions.MaxAttempts"/>,
/// a permanent one (<see cref="EmailDeliveryException.Permanent"/>) marks the message failed at once.
/// </summary>
public sealed partial class OutboxDispatcher(AppDbContext db, IEmailSender sender, TimeProvider time,
    IOptions<EmailOptions> options, Accountability.DeviationLedger ledger, ILogger<OutboxDispatcher> logger)
{
    // At most 60 characters (the column holds 100); shorter when the host name is short.
    private static readonly string Owner = LeaseOwner($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");

    public const string CredentialKind = "credential";

    /// <summary>What stands in a sent body where a link was (<see cref="OutboxMessage.RedactAfterSend"/>).</summary>
    public const string RemovedLink = "[tautan dihapus setelah terkirim]";

    private static string LeaseOwner(string owner) => owner.Length <= 60 ? owner : owner[..60];

    /// <summary>Sends what is due now; returns how many were sent.</summary>
    public async Task<int> DispatchDueAsync(int batchSize, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var candidates = await db.OutboxMessages
            .Where(m => m.SentAt == null && !m.Failed && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.Id)
            .Select(m => m.Id)
            .Take(batchSize)
            .ToListAsync(ct);

        var sent = 0;
        foreach (var id in candidates)
        {
            var leaseUntil = now.AddMinutes(2);
            var claimed = await db.OutboxMessages
                .Where(m => m.Id == id && m.SentAt == null && (m.LockedUntil == null || m.LockedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, leaseUntil).SetProperty(m => m.LockedBy, Owner), ct);
            if (claimed == 0)
            {
                continue;
            }

            var message = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id, ct);
            try
            {
                await sender.SendAsync(message, ct);
                var sentAt = time.GetUtcNow().UtcDateTime;
                // A body with a one-time link, a confirmation code or a status link keeps no link once sent (docs/adr/0007).
                var redacted = Redact(message.Body);
                await db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Body, m => m.RedactAfterSend ? redacted : m.Body)
                    .SetProperty(m => m.SentAt, sentAt)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                    .SetProperty(m => m.LastError, (string?)null)
                    .SetProperty(m => m.LockedUntil, (DateTime?)null)
                    .SetProperty(m => m.LockedBy, (string?)null), ct);
                sent++;
                logger.LogInformation("Email {MessageId} ({Kind}) sent for request {RequestId}", id, message.Kind, message.AccessRequestId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A permanent refusal (SMTP 5xx: bad address, rejected message) stops at once; anything else is retried.
                var permanent = ex is EmailDeliveryException { Permanent: true };
                var attempts = message.Attempts + 1;
                var failed = permanent || attempts >= options.Value.MaxAttempts;
                var next = time.GetUtcNow().UtcDateTime.Add(Backoff(attempts));
                var error = ex is EmailDeliveryException ? ex.Message : ex.GetBaseException().Message;
                error = error.Length > 1900 ? error[..1900] : error;
                await db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.LastError, error)
                    .SetProperty(m => m.NextAttemptAt, next)
                    .SetProperty(m => m.Failed, failed)
                    .SetProperty(m => m.LockedUntil, (DateTime?)null)
                    .SetProperty(m => m.LockedBy, (string?)null), CancellationToken.None);
                if (failed)
                {
                    logger.LogError("Email {MessageId} ({Kind}) for request {RequestId} given up after attempt {Attempt} ({Why}): {Error}",
                        id, message.Kind, message.AccessRequestId, attempts, permanent ? "permanent refusal" : "too many attempts", error);
                    await RecordUndeliveredOutputAsync(id);
                }
                else
                {
                    logger.LogWarning("Email {MessageId} ({Kind}) not sent, attempt {Attempt}: {Error}; next try at {NextAttempt:o}",
                        id, message.Kind, attempts, error, next);
                }
            }
        }

        return sent;
    }

    /// <summary>A given-up mail that was a step's output is an output deviation (docs/adr/0025); the ledger failing never stops the outbox.</summary>
    private async Task RecordUndeliveredOutputAsync(long id)
    {
        try
        {
            await ledger.RecordUndeliveredAsync(id, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Email {MessageId}: its output deviation could not be recorded", id);
        }
    }

    /// <summary>The body with every http(s) address replaced by <see cref="RemovedLink"/>.</summary>
    public static string Redact(string body) => LinkPattern().Replace(body, RemovedLink);

    [System.Text.RegularExpressions.GeneratedRegex(@"https?://\S+", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex LinkPattern();

    /// <summary>10 s, 20 s, 40 s … capped at one hour.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(3600, 10 * Math.Pow(2, Math.Max(0, attempts - 1))));
}

/// <summary>Runs <see cref="OutboxDispatcher"/> every few seconds in the background.</summary>
public sealed class OutboxWorker(IServiceScopeFactory scopes, IOptions<EmailOptions> options, ILogger<OutboxWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(Math.Max(0.2, options.Value.PollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                var dispatcher = scope.ServiceProvider.GetRequiredService<OutboxDispatcher>();
                await dispatcher.DispatchDueAsync(50, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database may be down: keep the worker alive and try again later.
                logger.LogError(ex, "Outbox dispatch failed; retrying in {Delay}", delay);
            }

            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
