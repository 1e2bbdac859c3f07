using MlOps.ServiceDefaults.Data;
using Npgsql;

namespace MlOps.Gateway.Authentication;

/// <summary>Listens for key revocations from any gateway replica (PostgreSQL LISTEN) and evicts them from this replica's cache.</summary>
/// <remarks>Revocations made while this replica was not yet (or no longer) listening are caught by emptying the cache each time listening starts.</remarks>
public sealed class KeyRevocationListener(NpgsqlDataSource db, ApiKeyStore keys, ILogger<KeyRevocationListener> logger)
    : NotificationListener(db, ApiKeyStore.RevocationChannel, logger)
{
    protected override Task OnListeningAsync(CancellationToken cancellationToken)
    {
        keys.EvictAll();
        return Task.CompletedTask;
    }

    protected override void OnNotification(string payload)
    {
        if (Guid.TryParse(payload, out var id))
        {
            keys.Evict(id);
        }
    }
}
