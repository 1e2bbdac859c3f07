using System.Text.Json;
using Dapper;
using Npgsql;

namespace MlOps.Registry.Services;

/// <summary>Records every mutation inside the mutation's own transaction, so the log and the state never disagree.</summary>
public static class AuditLog
{
    public static Task WriteAsync(NpgsqlTransaction transaction, string tenant, RegistryCaller caller, string action, string entity, object? before, object? after, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit_log (id, tenant_id, key_id, action, entity, before, after) VALUES (@id, @tenant, @keyId, @action, @entity, @before::jsonb, @after::jsonb)",
            new
            {
                id = Guid.CreateVersion7(), tenant, keyId = caller.KeyId, action, entity,
                before = before is null ? null : JsonSerializer.Serialize(before, JsonSerializerOptions.Web),
                after = after is null ? null : JsonSerializer.Serialize(after, JsonSerializerOptions.Web),
            },
            transaction, cancellationToken: cancellationToken));
}
