using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MlOps.ServiceDefaults.Data;

/// <summary>
/// Holds a PostgreSQL LISTEN on one channel for the life of the service, reconnecting when the connection drops, and hands
/// each payload to <see cref="OnNotification"/>. <see cref="OnListeningAsync"/> runs after every (re)connect, to catch up
/// on what was missed while not listening.
/// </summary>
public abstract partial class NotificationListener(NpgsqlDataSource db, string channel, ILogger logger) : BackgroundService
{
    protected abstract void OnNotification(string payload);

    protected virtual Task OnListeningAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, notification) => OnNotification(notification.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                await OnListeningAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogListenerLost(logger, channel, e);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Lost the LISTEN connection for {Channel}; reconnecting")]
    private static partial void LogListenerLost(ILogger logger, string channel, Exception exception);
}
