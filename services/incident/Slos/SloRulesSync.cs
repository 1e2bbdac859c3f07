using Microsoft.Extensions.Options;
using Npgsql;

namespace MlOps.Incident.Slos;

/// <summary>Writes every tenant's rule file at start and again every sync interval, so the folder always matches the database.</summary>
public sealed partial class SloRulesSync(SloRulesWriter writer, IOptions<SloOptions> options, ILogger<SloRulesSync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!writer.Enabled)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.Value.SyncInterval);
        do
        {
            try
            {
                await writer.PublishAllAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or IOException or UnauthorizedAccessException)
            {
                LogSyncFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Could not write the SLO rule files")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
