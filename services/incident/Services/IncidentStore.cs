using Dapper;
using MlOps.Contracts;
using MlOps.ServiceDefaults.Messaging;
using Npgsql;

namespace MlOps.Incident.Services;

/// <summary>Incident state changes; each writes its event to the outbox in the same transaction.</summary>
public sealed class IncidentStore(OutboxWriter outbox)
{
    public async Task<Guid> OpenAsync(NpgsqlTransaction transaction, string tenant, string title, string severity, string source, Guid correlationId, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "INSERT INTO incidents (id, tenant_id, title, severity, source) VALUES (@id, @tenant, @title, @severity, @source)",
            new { id, tenant, title, severity, source }, transaction, cancellationToken: cancellationToken));
        await outbox.EnqueueAsync(transaction, new IncidentOpened
        {
            TenantId = tenant, IncidentId = id, Title = title, Severity = severity, Source = source, CorrelationId = correlationId,
        }, cancellationToken);
        return id;
    }

    /// <summary>Resolves an open incident; false when it does not exist for the tenant or is already resolved.</summary>
    public async Task<bool> ResolveAsync(NpgsqlTransaction transaction, string tenant, Guid id, string resolution, CancellationToken cancellationToken)
    {
        var updated = await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "UPDATE incidents SET status = 'resolved', resolved_at = now(), resolution = @resolution WHERE id = @id AND tenant_id = @tenant AND status = 'open'",
            new { id, tenant, resolution }, transaction, cancellationToken: cancellationToken));
        if (updated == 0)
        {
            return false;
        }
        await outbox.EnqueueAsync(transaction, new IncidentResolved { TenantId = tenant, IncidentId = id, Resolution = resolution }, cancellationToken);
        return true;
    }
}
