using Dapper;
using MlOps.Contracts;
using Npgsql;

namespace MlOps.Ingest.Warehouse;

/// <summary>
/// Lets the tenant's read role read a dataset schema (<see cref="WarehouseAccess"/>): its tables now and those ingest makes
/// later, with no grant per table. Called in the transaction that creates the schema, so a load that rolls back leaves no
/// schema, role or grant behind.
/// </summary>
internal static class TenantReadGrant
{
    public static async Task<bool> SchemaExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema,
        CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regnamespace(@name) IS NOT NULL", new { name = PgSql.Quote(schema) }, transaction, cancellationToken: cancellationToken));

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
