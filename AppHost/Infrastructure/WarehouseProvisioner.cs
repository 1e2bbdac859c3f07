using MlOps.Contracts;
using Npgsql;

namespace MlOps.AppHost.Infrastructure;

/// <summary>
/// Creates the warehouse database (owned by the loader's role, PUBLIC's CONNECT revoked), its read-only login role and the
/// per-tenant roles' machinery (<see cref="WarehouseAccess"/>): the login reads a tenant's schemas only as that tenant's role.
/// Idempotent, like the service accounts.
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
            // The same script the tests run: per-tenant roles, and the reader's blanket access of earlier versions revoked.
            await ExecuteAsync(connection, WarehouseAccess.ProvisionSql, cancellationToken);
            await using var configure = new NpgsqlCommand(WarehouseAccess.ConfigureSql, connection);
            configure.Parameters.AddWithValue(warehouse.Owner.Role);
            configure.Parameters.AddWithValue(warehouse.Reader.Role);
            await configure.ExecuteNonQueryAsync(cancellationToken);
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
