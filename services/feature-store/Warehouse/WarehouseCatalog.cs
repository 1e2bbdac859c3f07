using System.Data;
using MlOps.Contracts;
using MlOps.ServiceDefaults.Data;
using Npgsql;

namespace MlOps.FeatureStore.Warehouse;

/// <summary>
/// The tenant's own tables in the warehouse, read through the read-only role: a dataset resolves to the tenant's schema
/// (<see cref="WarehouseNames.Schema"/>) from the caller's tenant, never from the request, so no name reaches another tenant.
/// </summary>
public sealed class WarehouseCatalog(IServiceProvider services)
{
    /// <summary>
    /// Opens a read-only, repeatable-read transaction on the warehouse (one snapshot for everything read in it) as the tenant's
    /// role (<see cref="WarehouseAccess"/>): PostgreSQL itself refuses any other tenant's table in it.
    /// </summary>
    public async Task<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)> BeginReadAsync(string tenant, CancellationToken cancellationToken)
    {
        var db = services.GetKeyedService<NpgsqlDataSource>(FeatureStoreOptions.WarehouseConnection) ?? throw new WarehouseInputException("dataset",
            $"The feature store has no warehouse connection (ConnectionStrings:{FeatureStoreOptions.WarehouseConnection}).", unavailable: true);
        NpgsqlConnection connection;
        try
        {
            connection = await db.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new WarehouseInputException("dataset", $"The warehouse cannot be reached: {e.Message}", unavailable: true);
        }
        NpgsqlTransaction? transaction;
        try
        {
            transaction = await TenantWarehouseRead.BeginAsync(connection, tenant, IsolationLevel.RepeatableRead, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        if (transaction is null)
        {
            await connection.DisposeAsync();
            throw new WarehouseInputException("dataset", "The warehouse has no per-tenant roles (warehouse-access.sql was not run on it).", unavailable: true);
        }
        return (connection, transaction);
    }

    /// <summary>The columns of a table of the tenant's dataset; <paramref name="field"/> names the request field a missing one is reported on.</summary>
    public static async Task<WarehouseTable> TableAsync(NpgsqlConnection connection, string tenant, string dataset, string table, string field,
        CancellationToken cancellationToken)
    {
        var schema = WarehouseNames.Schema(tenant, dataset);
        await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", connection);
        exists.Parameters.AddWithValue(schema);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            throw new WarehouseInputException(field + "dataset", $"The tenant has no dataset '{dataset}' in the warehouse.");
        }
        await using var query = new NpgsqlCommand(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position",
            connection);
        query.Parameters.AddWithValue(schema);
        query.Parameters.AddWithValue(table);
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                columns[reader.GetString(0)] = reader.GetString(1);
            }
        }
        if (columns.Count == 0)
        {
            throw new WarehouseInputException(field + "table", $"Dataset '{dataset}' has no table '{table}' (or the feature store may not read it).");
        }
        return new WarehouseTable(schema, table, columns);
    }

    /// <summary>A permission error on a tenant's table (a grant is missing: a table made outside ingest, say), as a 400 naming it.</summary>
    public static WarehouseInputException Denied(string field, string dataset, string table) =>
        new(field, $"The feature store may not read table '{table}' of dataset '{dataset}' (the tenant's warehouse role has no grant on it).");

    /// <summary>Reads a table's columns in a read-only transaction of its own.</summary>
    public async Task<WarehouseTable> TableAsync(string tenant, string dataset, string table, string field, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await BeginReadAsync(tenant, cancellationToken);
        await using (connection)
        await using (transaction)
        {
            return await TableAsync(connection, tenant, dataset, table, field, cancellationToken);
        }
    }
}
