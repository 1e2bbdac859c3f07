using Npgsql;

namespace MlOps.ServiceDefaults.Data;

/// <summary>
/// Makes sure a service's database exists. The platform's infrastructure creates each database owned by the service's own
/// role (which may create none), so a database that accepts the connection is left alone; only a missing one is created,
/// which needs a user with CREATEDB, as the test servers' superuser has.
/// </summary>
public static class DatabaseCreator
{
    public static async Task EnsureExistsAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        var database = target.Database ?? throw new InvalidOperationException("The connection string names no database.");
        try
        {
            await using var existing = new NpgsqlConnection(target.ConnectionString);
            await existing.OpenAsync(cancellationToken);
            return;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // Missing: create it below.
        }
        var admin = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres" };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        // Another replica created it first; when both create at once, PostgreSQL reports the catalog's unique index instead.
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
        }
    }
}
