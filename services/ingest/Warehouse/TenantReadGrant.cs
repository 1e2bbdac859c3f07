using Dapper;
using MlOps.Contracts;
using Npgsql;

namespace MlOps.Ingest.Warehouse;

/// <summary>
/// Creates a tenant's dataset schema and lets the tenant's read role read it (<see cref="WarehouseAccess"/>): its tables now
/// and those ingest makes later, with no grant per table. A short transaction of its own, before the load's: the grant
/// serializes across the warehouse, and a load can take minutes.
/// </summary>
internal static class TenantReadGrant
{
    /// <summary>Creates the schema if missing and grants it; false when the warehouse has no per-tenant roles (a bare database).</summary>
    public static async Task<bool> EnsureSchemaAsync(NpgsqlConnection connection, string tenantId, string schema, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The load's own lock: two first loads of one dataset create the schema once.
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended(@schema, 0))", new { schema }, transaction, cancellationToken: cancellationToken));
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT to_regnamespace(@name) IS NOT NULL", new { name = PgSql.Quote(schema) }, transaction, cancellationToken: cancellationToken)))
        {
            return true;
        }
        await connection.ExecuteAsync(new CommandDefinition($"CREATE SCHEMA {PgSql.Quote(schema)}", transaction: transaction,
            cancellationToken: cancellationToken));
        var provisioned = await GrantAsync(connection, transaction, tenantId, schema, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return provisioned;
    }

    /// <summary>Grants an existing schema to the tenant's role (idempotent); false when the warehouse has no per-tenant roles.</summary>
    public static async Task<bool> GrantAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenantId, string schema,
        CancellationToken cancellationToken)
    {
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(WarehouseAccess.ProvisionedSql, transaction: transaction,
                cancellationToken: cancellationToken)))
        {
            return false;
        }
        await using var grant = new NpgsqlCommand(WarehouseAccess.GrantTenantSchemaSql, connection, transaction);
        grant.Parameters.AddWithValue(tenantId);
        grant.Parameters.AddWithValue(schema);
        await grant.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }
}
