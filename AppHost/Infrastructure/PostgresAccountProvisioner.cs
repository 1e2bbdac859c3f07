using Npgsql;

namespace MlOps.AppHost.Infrastructure;

/// <summary>
/// Creates or updates a service's role (LOGIN, no superuser, no CREATEDB/CREATEROLE) and database (owned by the role, PUBLIC's
/// CONNECT revoked, so no other role can connect). Idempotent: a restart sets the same state and the current password.
/// </summary>
public static class PostgresAccountProvisioner
{
    public static async Task ProvisionAsync(string adminConnectionString, ServiceAccount account, CancellationToken cancellationToken)
    {
        var server = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false };
        var role = Identifier(account.Role);
        var database = Identifier(account.Database);
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            var roleExists = await ExistsAsync(connection, "SELECT 1 FROM pg_roles WHERE rolname = @name", account.Role, cancellationToken);
            await ExecuteAsync(connection, $"{(roleExists ? "ALTER" : "CREATE")} ROLE {role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                + $"NOREPLICATION NOBYPASSRLS PASSWORD {Literal(account.PostgresPassword)}", cancellationToken);
            var databaseExists = await ExistsAsync(connection, "SELECT 1 FROM pg_database WHERE datname = @name", account.Database, cancellationToken);
            await ExecuteAsync(connection, databaseExists
                ? $"ALTER DATABASE {database} OWNER TO {role}"
                : $"CREATE DATABASE {database} OWNER {role}", cancellationToken);
            await ExecuteAsync(connection, $"REVOKE ALL ON DATABASE {database} FROM PUBLIC", cancellationToken);
        }
        // Databases made before per-service roles hold tables of the old shared user: hand them to the role (indexes, serial
        // and identity sequences follow their tables; partitions are altered one by one).
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = account.Database }.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, $"""
                DO $$
                DECLARE relation regclass;
                BEGIN
                    FOR relation IN
                        SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                          AND c.relowner <> {Literal(account.Role)}::regrole
                          AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                   AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
                    LOOP
                        EXECUTE format('ALTER TABLE %s OWNER TO %I', relation, {Literal(account.Role)});
                    END LOOP;
                END $$
                """, cancellationToken);
        }
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string sql, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // DDL takes no parameters; names and passwords are generated letters, digits and underscores, quoted all the same.
    private static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
