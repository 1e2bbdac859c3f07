using Npgsql;

namespace MlOps.AppHost.Infrastructure;

/// <summary>
/// Creates the warehouse database (owned by the loader's role, PUBLIC's CONNECT revoked) and its read-only role, which sees
/// every schema and table the loader makes, present and future. Idempotent, like the service accounts.
/// </summary>
public static class WarehouseProvisioner
{
    public static async Task ProvisionAsync(string adminConnectionString, WarehouseAccount warehouse, CancellationToken cancellationToken)
    {
        var server = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false };
        var owner = Quote(warehouse.Owner.Role);
        var reader = Quote(warehouse.Reader.Role);
        var database = Quote(warehouse.Database);
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            var readerExists = await ScalarAsync(connection, $"SELECT 1 FROM pg_roles WHERE rolname = {Literal(warehouse.Reader.Role)}", cancellationToken);
            await ExecuteAsync(connection, $"{(readerExists ? "ALTER" : "CREATE")} ROLE {reader} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                + $"NOREPLICATION NOBYPASSRLS PASSWORD {Literal(warehouse.Reader.PostgresPassword)}", cancellationToken);
            var databaseExists = await ScalarAsync(connection, $"SELECT 1 FROM pg_database WHERE datname = {Literal(warehouse.Database)}", cancellationToken);
            await ExecuteAsync(connection, databaseExists ? $"ALTER DATABASE {database} OWNER TO {owner}" : $"CREATE DATABASE {database} OWNER {owner}",
                cancellationToken);
            await ExecuteAsync(connection, $"REVOKE ALL ON DATABASE {database} FROM PUBLIC", cancellationToken);
            await ExecuteAsync(connection, $"GRANT CONNECT ON DATABASE {database} TO {reader}", cancellationToken);
        }
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = warehouse.Database }.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            // Schemas and tables the loader makes from now on, then those it already made.
            await ExecuteAsync(connection, $"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} GRANT USAGE ON SCHEMAS TO {reader}", cancellationToken);
            await ExecuteAsync(connection, $"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} GRANT SELECT ON TABLES TO {reader}", cancellationToken);
            await ExecuteAsync(connection, $"""
                DO $$
                DECLARE s name;
                BEGIN
                    FOR s IN SELECT nspname FROM pg_namespace WHERE nspowner = {Literal(warehouse.Owner.Role)}::regrole LOOP
                        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', s, {Literal(warehouse.Reader.Role)});
                        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', s, {Literal(warehouse.Reader.Role)});
                    END LOOP;
                END $$
                """, cancellationToken);
            await ExecuteAsync(connection, $"REVOKE CREATE ON SCHEMA public FROM PUBLIC", cancellationToken);
        }
    }

    private static async Task<bool> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // DDL takes no parameters; role names and passwords are generated letters, digits and underscores, quoted all the same.
    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
