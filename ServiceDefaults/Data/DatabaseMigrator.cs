using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MlOps.ServiceDefaults.Data;

/// <summary>Creates the service's database when missing and applies pending migrations before the service takes traffic.</summary>
public sealed partial class DatabaseMigrator(NpgsqlDataSource dataSource, MigrationSource source, IConfiguration configuration, ILogger<DatabaseMigrator> logger) : IHostedService
{
    // Any fixed number works; it only has to be the same for every replica of every service.
    private const long MigrationLockKey = 0x4d4c4f7073;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The data source hides the password from its connection string, so take the configured one.
        var connectionString = configuration.GetConnectionString(source.ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{source.ConnectionName} is not configured.");
        await DatabaseCreator.EnsureExistsAsync(connectionString, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Replicas starting together must not apply the same script twice.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = MigrationLockKey }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                cancellationToken: cancellationToken));
            var applied = (await connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM schema_migrations", cancellationToken: cancellationToken))).ToHashSet();
            foreach (var (name, readSql) in source.Scripts().Where(s => !applied.Contains(s.Name)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(readSql(), transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition("INSERT INTO schema_migrations (name) VALUES (@name)", new { name }, transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                LogApplied(logger, name, connection.Database);
            }
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = MigrationLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Applied migration {Migration} to database {Database}")]
    private static partial void LogApplied(ILogger logger, string migration, string database);
}
