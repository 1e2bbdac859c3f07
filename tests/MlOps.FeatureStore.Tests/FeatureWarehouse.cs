using MlOps.Contracts;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.FeatureStore.Tests;

/// <summary>
/// A warehouse database in ingest's layout (a schema per tenant and dataset), written by plain SQL as the loader's role would,
/// and read through a login role that may only SELECT what it is granted, as the AppHost's read-only role.
/// </summary>
public sealed class FeatureWarehouse : IAsyncDisposable
{
    private readonly ReadOnlyWarehouse _warehouse;

    private FeatureWarehouse(ReadOnlyWarehouse warehouse) => _warehouse = warehouse;

    public string ReadOnlyConnectionString => _warehouse.ReadOnlyConnectionString;

    public string Role => _warehouse.Role;

    // The reader may create nothing (not even temp tables), and no one else may connect.
    public static async Task<FeatureWarehouse> CreateAsync(CancellationToken cancellationToken) =>
        new(await ReadOnlyWarehouse.CreateAsync("fwarehouse", onlyTheReaderConnects: true, cancellationToken));

    /// <summary>Runs SQL in the tenant's dataset schema (created if missing) as the loader, then lets the reader see every table in it.</summary>
    public async Task InDatasetAsync(string tenant, string dataset, string sql, CancellationToken cancellationToken)
    {
        var schema = WarehouseNames.Schema(tenant, dataset);
        await using var connection = await OpenAdminAsync(cancellationToken);
        await ExecuteAsync(connection, $"""
            CREATE SCHEMA IF NOT EXISTS "{schema}";
            SET search_path TO "{schema}";
            {sql};
            GRANT USAGE ON SCHEMA "{schema}" TO {Role};
            GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO {Role};
            """, cancellationToken);
    }

    public Task<NpgsqlConnection> OpenAdminAsync(CancellationToken cancellationToken) => _warehouse.OpenAdminAsync(cancellationToken);

    public static Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken) =>
        ReadOnlyWarehouse.ExecuteAsync(connection, sql, cancellationToken);

    public ValueTask DisposeAsync() => _warehouse.DisposeAsync();
}
