using Dapper;
using Npgsql;

namespace MlOps.Incident.Lifecycle;

/// <summary>Whether an incident exists for a tenant: what routes under an incident check before answering an empty list.</summary>
public static class IncidentLookup
{
    public static Task<bool> ExistsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, string tenant,
        CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM incidents WHERE id = @id AND tenant_id = @tenant)", new { id, tenant }, transaction,
            cancellationToken: cancellationToken));
}
