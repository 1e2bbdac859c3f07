using Dapper;
using MlOps.Registry.Model;
using MlOps.ServiceDefaults.Data;
using MlOps.ServiceDefaults.Tenancy;
using Npgsql;

namespace MlOps.Registry.Services;

/// <summary>Tenant-scoped look-ups of models by name, shared by the model, version and alias endpoints.</summary>
public static class ModelReads
{
    public static async Task<RegisteredModelResponse?> FindModelAsync(this NpgsqlDataSource db, TenantId tenant, string name, CancellationToken cancellationToken) =>
        (await db.QueryOneAsync<RegisteredModelRow>(RegisteredModelRow.SelectFrom, "m.name", name, tenant, cancellationToken))?.ToResponse();

    /// <summary>Locks the model row for the rest of the transaction (version numbering, alias moves); null when unknown.</summary>
    public static Task<Guid?> LockModelAsync(this NpgsqlTransaction transaction, string tenant, string name, CancellationToken cancellationToken) =>
        transaction.Connection!.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM registered_models WHERE tenant_id = @tenant AND name = @name FOR UPDATE", new { tenant, name }, transaction, cancellationToken: cancellationToken));
}
