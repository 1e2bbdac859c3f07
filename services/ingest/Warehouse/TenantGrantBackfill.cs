using Dapper;
using MlOps.Contracts;
using Npgsql;

namespace MlOps.Ingest.Warehouse;

/// <summary>
/// At start, grants every dataset schema ingest recorded to its tenant's read role where that role cannot read it yet: the
/// schemas made before the warehouse had per-tenant roles, whose blanket read access the provisioner took away.
/// </summary>
public sealed partial class TenantGrantBackfill(
    NpgsqlDataSource db, [FromKeyedServices(PostgresWarehouse.ConnectionName)] NpgsqlDataSource warehouse, ILogger<TenantGrantBackfill> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var granted = await RunAsync(stoppingToken);
            if (granted > 0)
            {
                LogGranted(logger, granted);
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // Not fatal: a schema is granted again when a load creates it; the next start tries the rest.
            LogFailed(logger, e);
        }
    }

    /// <summary>Grants what is missing; returns how many schemas it granted.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        List<(string Tenant, string Name)> datasets;
        await using (var ingest = await db.OpenConnectionAsync(cancellationToken))
        {
            datasets = [.. await ingest.QueryAsync<(string Tenant, string Name)>(new CommandDefinition(
                "SELECT tenant_id, name FROM datasets", cancellationToken: cancellationToken))];
        }
        await using var connection = await warehouse.OpenConnectionAsync(cancellationToken);
        if (datasets.Count == 0
            || !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(WarehouseAccess.ProvisionedSql, cancellationToken: cancellationToken)))
        {
            return 0;
        }
        var pending = await connection.QueryAsync<(string Tenant, string Schema)>(new CommandDefinition(
            """
            SELECT d.tenant, d.schema FROM unnest(@tenants, @schemas) AS d(tenant, schema)
            JOIN pg_namespace n ON n.nspname = d.schema
            LEFT JOIN pg_roles r ON r.rolname = warehouse_access.tenant_role(d.tenant)
            WHERE r.oid IS NULL OR NOT has_schema_privilege(r.oid, n.oid, 'USAGE')
            """,
            new
            {
                tenants = datasets.Select(d => d.Tenant).ToArray(),
                schemas = datasets.Select(d => WarehouseNames.Schema(d.Tenant, d.Name)).ToArray(),
            }, cancellationToken: cancellationToken));
        var granted = 0;
        foreach (var (tenant, schema) in pending)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                await TenantReadGrant.GrantAsync(connection, transaction, tenant, schema, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                granted++;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                // A schema ingest's role does not own (made by another role): its owner must grant it.
                LogRefused(logger, schema, e.MessageText);
            }
        }
        return granted;
    }

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "Granted {Count} dataset schemas to their tenants' read roles")]
    private static partial void LogGranted(ILogger logger, int count);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Warning, Message = "Dataset schema {Schema} was not granted: {Reason}")]
    private static partial void LogRefused(ILogger logger, string schema, string reason);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "Could not grant dataset schemas to their tenants' read roles")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
