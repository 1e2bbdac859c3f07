using System.Data;
using Microsoft.Extensions.Options;
using MlOps.Contracts;
using MlOps.ServiceDefaults.Data;
using MlOps.Trainer.Model;
using MlOps.Trainer.Training;
using Npgsql;

namespace MlOps.Trainer.Services;

/// <summary>
/// Reads a TrainingDataRef from the warehouse (ingest's dlt layout) through the read-only connection, in one read-only
/// snapshot: "latest" is the rows of every committed load as of the newest one, a load id the rows that load wrote.
/// </summary>
public sealed class WarehouseTrainingData(IServiceProvider services, IOptions<WarehouseOptions> options)
{
    public async Task<TrainingSet> ReadAsync(TrainingDataRef data, CancellationToken cancellationToken)
    {
        var db = services.GetKeyedService<NpgsqlDataSource>(WarehouseOptions.ConnectionName) ?? throw new TrainingDataUnavailableException(
            $"The trainer has no warehouse connection (ConnectionStrings:{WarehouseOptions.ConnectionName}).");
        var schema = WarehouseNames.Schema(data.TenantId, data.Dataset);
        try
        {
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            // One snapshot, so the load "latest" resolves to and the rows read agree while ingest commits another load.
            await using var transaction = await BeginAsTenantAsync(connection, data.TenantId, IsolationLevel.RepeatableRead, cancellationToken);
            var columns = await ColumnsAsync(connection, schema, data, cancellationToken);
            var plan = WarehousePlan.For(data, columns);
            var load = await ResolveLoadAsync(connection, schema, data, cancellationToken);
            var rows = await WarehouseRows.ReadAsync(connection, schema, data.Table, plan, columns, data.Load == TrainingDataRef.Latest ? null : load,
                options.Value, cancellationToken);
            var lineage = new TrainingDataLineage(data.Dataset, data.Table, data.Load, load, data.LabelColumn, [.. plan.Spec.Features], rows.Rows);
            var newest = data.Load == TrainingDataRef.Latest ? load
                : await ResolveLoadAsync(connection, schema, data with { Load = TrainingDataRef.Latest }, cancellationToken);
            return new TrainingSet(lineage, rows)
            {
                NewestLoad = newest,
                NewestLoadRows = newest == load ? null : await NewestRowsAsync(connection, schema, data.Table, plan, columns, newest, cancellationToken),
            };
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new TrainingDataUnavailableException($"The trainer may not read table '{data.Table}' of dataset '{data.Dataset}'.", "data.table");
        }
    }

    // A newest load this table cannot be evaluated on (too few rows, one class) leaves the run without a drifted window, not failed.
    private async Task<TabularData?> NewestRowsAsync(NpgsqlConnection connection, string schema, string table, WarehousePlan plan,
        IReadOnlyDictionary<string, string> columns, string newest, CancellationToken cancellationToken)
    {
        try
        {
            return await WarehouseRows.ReadAsync(connection, schema, table, plan, columns, newest, options.Value, cancellationToken);
        }
        catch (TrainingDataUnavailableException)
        {
            return null;
        }
    }

    /// <summary>Whether the trainer has a warehouse connection at all.</summary>
    public bool IsConfigured => services.GetKeyedService<NpgsqlDataSource>(WarehouseOptions.ConnectionName) is not null;

    /// <summary>Whether ingest committed a load of the tenant's dataset (false, not an error, before it did or without a warehouse).</summary>
    public async Task<bool> HasCommittedLoadAsync(string tenantId, string dataset, CancellationToken cancellationToken)
    {
        if (services.GetKeyedService<NpgsqlDataSource>(WarehouseOptions.ConnectionName) is not { } db)
        {
            return false;
        }
        var loads = $"{Quote(WarehouseNames.Schema(tenantId, dataset))}.{Quote(WarehouseRows.LoadsTable)}";
        try
        {
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            await using var transaction = await BeginAsTenantAsync(connection, tenantId, IsolationLevel.ReadCommitted, cancellationToken);
            await using var query = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {loads} WHERE status = 0)", connection, transaction);
            return (bool)(await query.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName
            or PostgresErrorCodes.InsufficientPrivilege)
        {
            return false;
        }
        catch (TrainingDataUnavailableException)
        {
            // A warehouse without per-tenant roles: nothing in it is readable.
            return false;
        }
    }

    /// <summary>A read-only transaction as the tenant's warehouse role (<see cref="TenantWarehouseRead"/>).</summary>
    private static async Task<NpgsqlTransaction> BeginAsTenantAsync(NpgsqlConnection connection, string tenantId, IsolationLevel isolation,
        CancellationToken cancellationToken) =>
        await TenantWarehouseRead.BeginAsync(connection, tenantId, isolation, cancellationToken)
            ?? throw new TrainingDataUnavailableException("The warehouse has no per-tenant roles (warehouse-access.sql was not run on it).");

    /// <summary>Quotes an identifier; every name put into SQL is one the catalog returned or <see cref="WarehouseNames"/> made.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<Dictionary<string, string>> ColumnsAsync(NpgsqlConnection connection, string schema, TrainingDataRef data,
        CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", connection);
        exists.Parameters.AddWithValue(schema);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            throw new TrainingDataUnavailableException($"The tenant has no dataset '{data.Dataset}' in the warehouse.", "data.dataset");
        }
        await using var query = new NpgsqlCommand(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position",
            connection);
        query.Parameters.AddWithValue(schema);
        query.Parameters.AddWithValue(data.Table);
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
            throw new TrainingDataUnavailableException($"Dataset '{data.Dataset}' has no table '{data.Table}'.", "data.table");
        }
        if (!columns.ContainsKey(WarehouseRows.LoadIdColumn))
        {
            throw new TrainingDataUnavailableException(
                $"Table '{data.Table}' was not loaded by ingest (it has no {WarehouseRows.LoadIdColumn} column).", "data.table");
        }
        return columns;
    }

    // "latest": the newest committed load; a given id: that load, if it committed.
    private static async Task<string> ResolveLoadAsync(NpgsqlConnection connection, string schema, TrainingDataRef data,
        CancellationToken cancellationToken)
    {
        var loads = $"{Quote(schema)}.{Quote(WarehouseRows.LoadsTable)}";
        var latest = data.Load == TrainingDataRef.Latest;
        await using var query = new NpgsqlCommand(latest
            ? $"SELECT load_id FROM {loads} WHERE status = 0 ORDER BY inserted_at DESC, load_id DESC LIMIT 1"
            : $"SELECT load_id FROM {loads} WHERE status = 0 AND load_id = $1", connection);
        if (!latest)
        {
            query.Parameters.AddWithValue(data.Load);
        }
        try
        {
            return await query.ExecuteScalarAsync(cancellationToken) as string ?? throw new TrainingDataUnavailableException(latest
                ? $"Dataset '{data.Dataset}' has no committed load yet."
                : $"Dataset '{data.Dataset}' has no committed load '{data.Load}'.", "data.load");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            throw new TrainingDataUnavailableException(
                $"Dataset '{data.Dataset}' has no {WarehouseRows.LoadsTable} table: ingest never committed a load to it.", "data.dataset");
        }
    }
}
