using MlOps.ServiceDefaults.Data;
using Npgsql;

namespace MlOps.Gateway.Authentication;

/// <summary>Listens for key revocations from any gateway replica (PostgreSQL LISTEN) and evicts them from this replica's cache.</summary>
/// <remarks>While not listening, revocations from other replicas reach this one only when its cache entry expires.</remarks>
public sealed class KeyRevocationListener(NpgsqlDataSource db, ApiKeyStore keys, ILogger<KeyRevocationListener> logger)
    : NotificationListener(db, ApiKeyStore.RevocationChannel, logger)
{
    protected override void OnNotification(string payload)
    {
        if (Guid.TryParse(payload, out var id))
        {
            keys.Evict(id);
        }
    }
}
