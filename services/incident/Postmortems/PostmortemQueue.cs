using Dapper;
using Npgsql;

namespace MlOps.Incident.Postmortems;

/// <summary>Marks a resolved incident for its postmortem in the resolving transaction; the drafter writes it afterwards.</summary>
public static class PostmortemQueue
{
    public static Task EnqueueAsync(NpgsqlTransaction transaction, string tenant, Guid incident, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            INSERT INTO postmortem_pending (incident_id, tenant_id) VALUES (@incident, @tenant)
            ON CONFLICT (incident_id) DO UPDATE SET attempts = 0, next_attempt_at = now()
            """, new { incident, tenant }, transaction, cancellationToken: cancellationToken));
}
