using Microsoft.Extensions.Options;
using MlOps.FeatureStore.Definitions;

namespace MlOps.FeatureStore.Materialization;

/// <summary>Queues a run for every tenant with feature views at each interval (MlOps:FeatureStore:MaterializationInterval; zero: off).</summary>
public sealed partial class MaterializationSchedule(DefinitionStore store, MaterializationRuns runs, IOptions<FeatureStoreOptions> options,
    TimeProvider time, ILogger<MaterializationSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.MaterializationInterval <= TimeSpan.Zero)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.Value.MaterializationInterval, time);
        while (await timer.TickOrStopAsync(stoppingToken))
        {
            try
            {
                foreach (var tenant in await store.TenantsWithViewsAsync(stoppingToken))
                {
                    await runs.EnqueueAsync(tenant, "schedule", null, stoppingToken);
                }
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                LogScheduleFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Queueing scheduled materializations failed; trying at the next interval")]
    private static partial void LogScheduleFailed(ILogger logger, Exception exception);
}
