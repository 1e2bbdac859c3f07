using System.Text.Json;
using Dapper;
using MlOps.Contracts;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using Npgsql;

namespace MlOps.Ingest.Warehouse;

/// <summary>The PostgreSQL warehouse: a schema per tenant and dataset, with dlt's system tables next to the data.</summary>
public sealed class PostgresWarehouse(
    [FromKeyedServices(PostgresWarehouse.ConnectionName)] NpgsqlDataSource dataSource, TimeProvider time, ILogger<PostgresWarehouse> logger)
    : ILoadDestination
{
    public const string ConnectionName = "warehouse";

    public async Task<ILoadWriter> BeginAsync(LoadJob job, CancellationToken cancellationToken)
    {
        var schema = WarehouseNames.Schema(job.TenantId, job.Dataset);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // Loads of one dataset run one after another, across processes; the lock ends with the transaction.
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(hashtextextended(@schema, 0))", new { schema }, cancellationToken: cancellationToken));
            var created = !await TenantReadGrant.SchemaExistsAsync(connection, transaction, schema, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(SystemTables.CreateSql(schema), cancellationToken: cancellationToken));
            // Once per schema, when it is made: the tenant's read role reads it, and every table ingest adds to it later.
            if (created && !await TenantReadGrant.GrantAsync(connection, transaction, job.TenantId, schema, cancellationToken))
            {
                WarehouseLog.NoTenantRoles(logger, schema);
            }
            var (loaded, outcome) = await SystemTables.FindLoadAsync(connection, schema, job.LoadId.ToString(), cancellationToken);
            var state = await SystemTables.ReadStateAsync(connection, schema, job.Pipeline, cancellationToken);
            var (stored, hash, version) = await SystemTables.ReadSchemaAsync(connection, schema, cancellationToken);
            if (loaded)
            {
                WarehouseLog.LoadAlreadyCommitted(logger, job.LoadId, schema);
            }
            var committed = new CommittedState { State = state, Schema = stored, SchemaHash = hash, SchemaVersion = version };
            return new PostgresLoadWriter(
                connection, transaction, job, schema, time.GetUtcNow().UtcDateTime, committed, loaded, logger) { CommittedOutcome = outcome };
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<IReadOnlyDictionary<string, JsonElement>> ReadStateAsync(
        DestinationSpec destination, string tenantId, string dataset, string pipeline, CancellationToken cancellationToken)
    {
        var schema = WarehouseNames.Schema(tenantId, dataset);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await SystemTables.ExistAsync(connection, schema, cancellationToken)
            ? await SystemTables.ReadStateAsync(connection, schema, pipeline, cancellationToken)
            : new Dictionary<string, JsonElement>();
    }

    public async Task<DatasetSchema?> ReadSchemaAsync(
        DestinationSpec destination, string tenantId, string dataset, CancellationToken cancellationToken)
    {
        var schema = WarehouseNames.Schema(tenantId, dataset);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await SystemTables.ExistAsync(connection, schema, cancellationToken)
            ? (await SystemTables.ReadSchemaAsync(connection, schema, cancellationToken)).Schema
            : null;
    }
}
