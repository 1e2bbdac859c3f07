using MlOps.Contracts;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.Trainer.Tests;

/// <summary>
/// A warehouse database in the ingest layout, written by plain SQL: per tenant a `loans` schema with an `applications` table
/// (its rows tagged with `_dlt_load_id`) and `_dlt_loads`; read through a login role that may only SELECT, as the AppHost's.
/// </summary>
public sealed class TestWarehouse : IAsyncDisposable
{
    private readonly ReadOnlyWarehouse _warehouse;

    private TestWarehouse(ReadOnlyWarehouse warehouse) => _warehouse = warehouse;

    /// <summary>The read-only login role (for grants on schemas a test writes itself).</summary>
    public string ReadOnlyRole => _warehouse.Role;

    public string ReadOnlyConnectionString => _warehouse.ReadOnlyConnectionString;

    public static async Task<TestWarehouse> CreateAsync(CancellationToken cancellationToken) =>
        new(await ReadOnlyWarehouse.CreateAsync("warehouse", onlyTheReaderConnects: false, cancellationToken));

    /// <summary>
    /// Writes the `applications` table of the tenant's `loans` dataset: for each load, that many rows numbered from 1 and a
    /// `_dlt_loads` row (status 0 committed), inserted that many hours ago; row i has late_payments i % 5, utilization
    /// (i * 37 % 100) / 100, risk_class i % 3, purpose car/home/business by i % 3, and defaulted when late_payments >= 3 or
    /// utilization >= 0.85.
    /// </summary>
    public Task SeedLoansAsync(string tenant, CancellationToken cancellationToken, params (string LoadId, int Rows, int Status, int HoursAgo)[] loads) =>
        SeedLoansAsync(tenant, cancellationToken, [.. loads.Select(l => (l.LoadId, l.Rows, l.Status, l.HoursAgo, false))]);

    /// <summary>The same, where a load marked Inverted has every label flipped (defaulted exactly when the rule says not).</summary>
    public async Task SeedLoansAsync(string tenant, CancellationToken cancellationToken,
        params (string LoadId, int Rows, int Status, int HoursAgo, bool Inverted)[] loads)
    {
        var schema = WarehouseNames.Schema(tenant, "loans");
        await using var connection = await OpenAdminAsync(cancellationToken);
        await Execute(connection, $"""
            CREATE SCHEMA "{schema}";
            CREATE TABLE "{schema}"._dlt_loads (load_id text NOT NULL, schema_name text, status bigint NOT NULL, inserted_at timestamptz NOT NULL);
            CREATE TABLE "{schema}".applications (income double precision, late_payments bigint, utilization numeric, has_mortgage boolean,
                purpose text, risk_class bigint, defaulted boolean, _dlt_load_id text NOT NULL, _dlt_id text NOT NULL);
            CREATE TABLE "{schema}".visits (visited_on date, churned boolean, _dlt_load_id text NOT NULL, _dlt_id text NOT NULL);
            """, cancellationToken);
        foreach (var (loadId, rows, status, hoursAgo, inverted) in loads)
        {
            await Execute(connection, $"""
                INSERT INTO "{schema}"._dlt_loads VALUES ('{loadId}', 'loans', {status}, now() - interval '{hoursAgo} hours');
                INSERT INTO "{schema}".applications
                SELECT 20000 + (i * 7919 % 80000), i % 5, (i * 37 % 100) / 100.0, i % 3 = 0, (ARRAY['car', 'home', 'business'])[i % 3 + 1],
                       i % 3, (i % 5 >= 3 OR (i * 37 % 100) >= 85) <> {(inverted ? "true" : "false")}, '{loadId}', md5('{loadId}' || i)
                FROM generate_series(1, {rows}) AS i;
                INSERT INTO "{schema}".visits SELECT DATE '2024-01-01' + i, i % 2 = 0, '{loadId}', md5('{loadId}' || i) FROM generate_series(1, {rows}) AS i;
                """, cancellationToken);
        }
        await Execute(connection, $"""
            GRANT CONNECT ON DATABASE "{_warehouse.Database}" TO {ReadOnlyRole};
            GRANT USAGE ON SCHEMA "{schema}" TO {ReadOnlyRole};
            GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO {ReadOnlyRole};
            """, cancellationToken);
    }

    /// <summary>Runs SQL in the tenant's dataset schema (created if missing) as the loader, then lets the reader see every table in it.</summary>
    public async Task InDatasetAsync(string tenant, string dataset, string sql, CancellationToken cancellationToken)
    {
        var schema = WarehouseNames.Schema(tenant, dataset);
        await using var connection = await OpenAdminAsync(cancellationToken);
        await Execute(connection, $"""
            CREATE SCHEMA IF NOT EXISTS "{schema}";
            SET search_path TO "{schema}";
            {sql};
            GRANT CONNECT ON DATABASE "{_warehouse.Database}" TO {ReadOnlyRole};
            GRANT USAGE ON SCHEMA "{schema}" TO {ReadOnlyRole};
            GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO {ReadOnlyRole};
            """, cancellationToken);
    }

    public Task<NpgsqlConnection> OpenAdminAsync(CancellationToken cancellationToken) => _warehouse.OpenAdminAsync(cancellationToken);

    public static Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken) =>
        ReadOnlyWarehouse.ExecuteAsync(connection, sql, cancellationToken);

    public ValueTask DisposeAsync() => _warehouse.DisposeAsync();
}
