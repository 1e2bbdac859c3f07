using MlOps.ServiceDefaults.Data;
using Npgsql;

namespace MlOps.Gateway.Llm.Admission;

/// <summary>Evicts a virtual key's cached policy when any replica changes it (PostgreSQL LISTEN), so a block holds at once everywhere.</summary>
public sealed class LlmPolicyChangeListener(NpgsqlDataSource db, LlmKeyPolicyStore policies, ILogger<LlmPolicyChangeListener> logger)
    : NotificationListener(db, LlmKeyPolicyStore.ChangeChannel, logger)
{
    // Changes made while not listening are caught by forgetting every cached policy.
    protected override Task OnListeningAsync(CancellationToken cancellationToken)
    {
        policies.EvictAll();
        return Task.CompletedTask;
    }

    protected override void OnNotification(string payload)
    {
        if (Guid.TryParse(payload, out var id))
        {
            policies.Evict(id);
        }
    }
}
