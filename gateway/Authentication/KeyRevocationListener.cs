using Npgsql;

namespace MlOps.Gateway.Authentication;

/// <summary>Listens for key revocations from any gateway replica (PostgreSQL LISTEN) and evicts them from this replica's cache.</summary>
public sealed partial class KeyRevocationListener(NpgsqlDataSource db, ApiKeyStore keys, ILogger<KeyRevocationListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, notification) =>
                {
                    if (Guid.TryParse(notification.Payload, out var id))
                    {
                        keys.Evict(id);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {ApiKeyStore.RevocationChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // While not listening, revocations from other replicas reach this one only when its cache entry expires.
                LogListenerLost(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning, Message = "Lost the key revocation listener connection; reconnecting")]
    private static partial void LogListenerLost(ILogger logger, Exception exception);
}
