using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MlOps.ServiceDefaults.Retention;

/// <summary>Prunes what each <see cref="RetentionRule"/> names, every interval, in batches; replicas may sweep at once (deletes are idempotent).</summary>
public sealed partial class RetentionSweeper(
    IEnumerable<RetentionRule> rules, NpgsqlDataSource db, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionSweeper> logger)
    : BackgroundService
{
    /// <summary>One sweep of every rule; rows pruned by rule name.</summary>
    public async Task<IReadOnlyDictionary<string, int>> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var pruned = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            var age = settings.Ages.GetValueOrDefault(rule.Name, rule.DefaultAge);
            var cutoff = (time.GetUtcNow() - age).UtcDateTime;
            var total = 0;
            int deleted;
            do
            {
                deleted = await rule.PruneBatchAsync(db, cutoff, settings.BatchSize, cancellationToken);
                total += deleted;
            }
            while (deleted >= settings.BatchSize);
            pruned[rule.Name] = total;
            if (total > 0)
            {
                LogPruned(logger, total, rule.Name, age);
            }
        }
        return pruned;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                LogSweepFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "Pruned {Count} rows of {Rule} older than {Age}")]
    private static partial void LogPruned(ILogger logger, int count, string rule, TimeSpan age);

    [LoggerMessage(EventId = 901, Level = LogLevel.Warning, Message = "Retention sweep failed; trying again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
