using MlOps.TestSupport;

namespace MlOps.Trainer.Tests;

/// <summary>
/// Per tenant a `loans` dataset in ingest's layout, written by plain SQL as the loader: an `applications` and a `visits`
/// table (rows tagged with `_dlt_load_id`) and `_dlt_loads`.
/// </summary>
public static class LoanTables
{
    /// <summary>
    /// Writes the tables: for each load, that many rows numbered from 1 and a `_dlt_loads` row (status 0 committed), inserted
    /// that many hours ago; row i has late_payments i % 5, utilization (i * 37 % 100) / 100, risk_class i % 3, purpose
    /// car/home/business by i % 3, and defaulted when late_payments >= 3 or utilization >= 0.85.
    /// </summary>
    public static Task SeedLoansAsync(this ReadOnlyWarehouse warehouse, string tenant, CancellationToken cancellationToken,
        params (string LoadId, int Rows, int Status, int HoursAgo)[] loads) =>
        warehouse.SeedLoansAsync(tenant, cancellationToken, [.. loads.Select(l => (l.LoadId, l.Rows, l.Status, l.HoursAgo, false))]);

    /// <summary>The same, where a load marked Inverted has every label flipped (defaulted exactly when the rule says not).</summary>
    public static Task SeedLoansAsync(this ReadOnlyWarehouse warehouse, string tenant, CancellationToken cancellationToken,
        params (string LoadId, int Rows, int Status, int HoursAgo, bool Inverted)[] loads)
    {
        var inserts = loads.Select(load => $"""
            INSERT INTO _dlt_loads VALUES ('{load.LoadId}', 'loans', {load.Status}, now() - interval '{load.HoursAgo} hours');
            INSERT INTO applications
            SELECT 20000 + (i * 7919 % 80000), i % 5, (i * 37 % 100) / 100.0, i % 3 = 0, (ARRAY['car', 'home', 'business'])[i % 3 + 1],
                   i % 3, (i % 5 >= 3 OR (i * 37 % 100) >= 85) <> {(load.Inverted ? "true" : "false")}, '{load.LoadId}', md5('{load.LoadId}' || i)
            FROM generate_series(1, {load.Rows}) AS i;
            INSERT INTO visits SELECT DATE '2024-01-01' + i, i % 2 = 0, '{load.LoadId}', md5('{load.LoadId}' || i) FROM generate_series(1, {load.Rows}) AS i;
            """);
        return warehouse.InDatasetAsync(tenant, "loans", $"""
            CREATE TABLE _dlt_loads (load_id text NOT NULL, schema_name text, status bigint NOT NULL, inserted_at timestamptz NOT NULL);
            CREATE TABLE applications (income double precision, late_payments bigint, utilization numeric, has_mortgage boolean,
                purpose text, risk_class bigint, defaulted boolean, _dlt_load_id text NOT NULL, _dlt_id text NOT NULL);
            CREATE TABLE visits (visited_on date, churned boolean, _dlt_load_id text NOT NULL, _dlt_id text NOT NULL);
            {string.Concat(inserts)}
            SELECT 1
            """, cancellationToken);
    }
}
