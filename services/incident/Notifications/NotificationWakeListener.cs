using MlOps.ServiceDefaults.Data;
using Npgsql;

namespace MlOps.Incident.Notifications;

/// <summary>Hears deliveries queued by any replica (NOTIFY at commit) and wakes the dispatcher; after each (re)connect too.</summary>
public sealed class NotificationWakeListener(NpgsqlDataSource db, NotificationSignal signal, ILogger<NotificationWakeListener> logger)
    : NotificationListener(db, NotificationQueue.Channel, logger)
{
    protected override void OnNotification(string payload) => signal.Notify();

    protected override Task OnListeningAsync(CancellationToken cancellationToken)
    {
        signal.Notify();
        return Task.CompletedTask;
    }
}
