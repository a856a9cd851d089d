using AksesSpse.Core.Data;
using AksesSpse.Core.Notifications;
using Quartz;

namespace AksesSpse.Web.Infrastructure;

/// <summary>
/// The scheduler of reminders, escalations and daily sends (issue #10 §2, docs/adr/0023): Quartz.NET 4, with its clustered
/// database job store on PostgreSQL (the nodes share one schedule and one fires each sweep) and its in-memory store on
/// the single-node SQLite default. Whatever fires, each send is claimed in the database first (<see cref="WorkNotices"/>),
/// so a sweep that runs twice never sends twice.
/// </summary>
public static class WorkNoticeScheduling
{
    public const string SchedulerName = "AksesSpse";

    public static void AddWorkNoticeScheduler(this IServiceCollection services, IConfiguration config)
    {
        if (!config.GetValue("Scheduler:Enabled", true))
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Scheduler:IntervalSeconds", 60), 1, 3600));
        var rollupInterval = TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Scheduler:RollupIntervalSeconds", 900), 10, 86400));
        var provider = AppDbContexts.ParseProvider(config["Database:Provider"]);
        services.AddQuartz(SchedulerName, q =>
        {
            // Quartz 4.7 would take the app's TimeProvider from the container; its triggers fire on the machine's clock, while
            // the jobs read the app's (a test's frozen clock must not stop the scheduler).
            q.UseTimeProvider(TimeProvider.System);
            if (provider == DatabaseProvider.PostgreSql)
            {
                q.UsePersistentStore(store =>
                {
                    // Quartz creates its QRTZ_ tables when they are missing (the first node to start), then checks them.
                    store.ProvisionSchema();
                    store.ConfigureStore(o => o.StoreJobDataAsStrings = true);
                    store.UsePostgres(config.GetConnectionString("PostgreSQL")!);
                    store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(10));
                });
            }
            else
            {
                q.UseInMemoryStore();
            }

            var job = new JobKey("work-notices");
            q.AddJob<WorkNoticeJob>(j => j.WithIdentity(job).StoreDurably());
            q.AddTrigger(t => t.ForJob(job).WithIdentity("work-notices-sweep")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));

            // The dashboard's daily roll-ups (docs/adr/0026): the days that closed since the last run, and at first start the
            // history, newest first.
            var rollups = new JobKey("step-rollups");
            q.AddJob<StepRollupJob>(j => j.WithIdentity(rollups).StoreDurably());
            q.AddTrigger(t => t.ForJob(rollups).WithIdentity("step-rollups-run")
                .StartAt(DateTimeOffset.UtcNow.AddSeconds(Math.Clamp(config.GetValue("Scheduler:RollupDelaySeconds", 5), 0, 3600)))
                .WithSimpleSchedule(s => s.WithInterval(rollupInterval).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }
}

/// <summary>One sweep of <see cref="WorkNotices"/>; never two at once on one scheduler (and, clustered, in the cluster).</summary>
[DisallowConcurrentExecution]
public sealed class WorkNoticeJob(IServiceScopeFactory scopes, ILogger<WorkNoticeJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<WorkNotices>().SweepAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A database that is down: the next sweep tries again; nothing was claimed without being sent.
            logger.LogWarning(ex, "Work notices sweep failed; the next sweep tries again");
        }
    }
}

/// <summary>
/// One run of <see cref="StepRollups.RollUpAsync"/>: the closed days not rolled up yet, at most
/// <see cref="MaxDaysPerRun"/> (a few years of history at the first start; then a day or so per run).
/// </summary>
[DisallowConcurrentExecution]
public sealed class StepRollupJob(IServiceScopeFactory scopes, ILogger<StepRollupJob> logger) : IJob
{
    public const int MaxDaysPerRun = 5000;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var days = await scope.ServiceProvider.GetRequiredService<AksesSpse.Core.Performance.StepRollups>().RollUpAsync(MaxDaysPerRun, cancellationToken);
            if (days > 0)
            {
                logger.LogInformation("Step roll-ups: {Days} office-days rolled up in {Elapsed}", days, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A database that is down: the dashboard reads the days not rolled up from the step log meanwhile.
            logger.LogWarning(ex, "Step roll-up failed; the next run tries again");
        }
    }
}
