using MlOps.ServiceDefaults.Data;
using Npgsql;

namespace MlOps.Inference.Loading;

/// <summary>Hears deployment changes from whichever replica recorded them, and sweeps everything after each (re)connect.</summary>
public sealed class DeploymentChangeListener(NpgsqlDataSource db, DeploymentReconciler reconciler, ILogger<DeploymentChangeListener> logger)
    : NotificationListener(db, DeploymentStore.Channel, logger)
{
    protected override void OnNotification(string payload) => reconciler.Enqueue(DeploymentReconciler.ParseKey(payload));

    protected override Task OnListeningAsync(CancellationToken cancellationToken)
    {
        reconciler.Enqueue(null);
        return Task.CompletedTask;
    }
}
