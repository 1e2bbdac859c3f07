using System.Data;
using MlOps.Contracts;
using Npgsql;

namespace MlOps.ServiceDefaults.Data;

/// <summary>
/// A read-only warehouse transaction as the tenant's role (<see cref="WarehouseAccess"/>), so PostgreSQL refuses any other
/// tenant's table in it; SET LOCAL, so the role ends with the transaction, before the connection goes back to the pool.
/// </summary>
public static class TenantWarehouseRead
{
    /// <summary>Null when the warehouse has no per-tenant roles (warehouse-access.sql was not run on it); the caller says so its way.</summary>
    public static async Task<NpgsqlTransaction?> BeginAsync(NpgsqlConnection connection, string tenant, IsolationLevel isolation,
        CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(isolation, cancellationToken);
        try
        {
            await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
            {
                await readOnly.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var role = new NpgsqlCommand(WarehouseAccess.UseTenantRoleSql, connection, transaction);
            role.Parameters.AddWithValue(tenant);
            await role.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedFunction or PostgresErrorCodes.InvalidSchemaName)
        {
            await transaction.DisposeAsync();
            return null;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }
}
