using MlOps.Contracts;
using Npgsql;

namespace MlOps.TestSupport;

/// <summary>
/// A warehouse database of a test's own, provisioned as the AppHost does (<see cref="WarehouseAccess"/>): owned by a loader
/// login (ingest's role), PUBLIC's CONNECT revoked, and a read-only login that reads a tenant's schemas only as that tenant's
/// role. Dropped, with every role it made, on dispose.
/// </summary>
public sealed class ReadOnlyWarehouse : IAsyncDisposable
{
    private readonly string _password = Guid.NewGuid().ToString("N");

    private ReadOnlyWarehouse(string database, string name)
    {
        Database = database;
        var suffix = Guid.NewGuid().ToString("N")[..12];
        Role = $"{name}_ro_{suffix}";
        LoaderRole = $"{name}_ld_{suffix}";
    }

    public string Database { get; }

    /// <summary>The read-only login role.</summary>
    public string Role { get; }

    /// <summary>The loader's login role, owner of the database (as ingest's role is).</summary>
    public string LoaderRole { get; }

    public string ReadOnlyConnectionString => As(Role);

    /// <summary>Ingest's connection: the loader, owner of the warehouse.</summary>
    public string LoaderConnectionString => As(LoaderRole);

    public static async Task<ReadOnlyWarehouse> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var warehouse = new ReadOnlyWarehouse(TestInfrastructure.UniqueDatabase(name), name);
        await using (var admin = new NpgsqlConnection(TestInfrastructure.Postgres("postgres")))
        {
            await admin.OpenAsync(cancellationToken);
            await ExecuteAsync(admin, $"""
                CREATE ROLE {warehouse.LoaderRole} LOGIN PASSWORD '{warehouse._password}';
                CREATE ROLE {warehouse.Role} LOGIN PASSWORD '{warehouse._password}';
                """, cancellationToken);
            await ExecuteAsync(admin, $"CREATE DATABASE \"{warehouse.Database}\" OWNER {warehouse.LoaderRole}", cancellationToken);
            await ExecuteAsync(admin, $"""
                REVOKE ALL ON DATABASE "{warehouse.Database}" FROM PUBLIC;
                GRANT CONNECT ON DATABASE "{warehouse.Database}" TO {warehouse.Role};
                """, cancellationToken);
        }
        await using (var admin = await warehouse.OpenAdminAsync(cancellationToken))
        {
            await ExecuteAsync(admin, WarehouseAccess.ProvisionSql, cancellationToken);
            await using var configure = new NpgsqlCommand(WarehouseAccess.ConfigureSql, admin);
            configure.Parameters.AddWithValue(warehouse.LoaderRole);
            configure.Parameters.AddWithValue(warehouse.Role);
            await configure.ExecuteNonQueryAsync(cancellationToken);
        }
        return warehouse;
    }

    /// <summary>A superuser's connection to the warehouse (for what a test does behind the platform's back).</summary>
    public async Task<NpgsqlConnection> OpenAdminAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(TestInfrastructure.Postgres(Database));
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>A connection as the loader, which creates schemas and tables as ingest does.</summary>
    public async Task<NpgsqlConnection> OpenLoaderAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(LoaderConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Runs SQL in the tenant's dataset schema (created if missing) as the loader, and grants the schema to the tenant's role
    /// as ingest does when it creates one (tables made later in it are readable without another grant).
    /// </summary>
    public async Task InDatasetAsync(string tenant, string dataset, string sql, CancellationToken cancellationToken)
    {
        var schema = WarehouseNames.Schema(tenant, dataset);
        await using var connection = await OpenLoaderAsync(cancellationToken);
        await ExecuteAsync(connection, $"""
            CREATE SCHEMA IF NOT EXISTS "{schema}";
            SET search_path TO "{schema}";
            {sql};
            RESET search_path;
            """, cancellationToken);
        await using var grant = new NpgsqlCommand(WarehouseAccess.GrantTenantSchemaSql, connection);
        grant.Parameters.AddWithValue(tenant);
        grant.Parameters.AddWithValue(schema);
        await grant.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The name of the tenant's role.</summary>
    public async Task<string> TenantRoleAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAdminAsync(cancellationToken);
        await using var query = new NpgsqlCommand(WarehouseAccess.TenantRoleSql, connection);
        query.Parameters.AddWithValue(tenant);
        return (string)(await query.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await TestInfrastructure.DropDatabaseAsync(Database);
        await using var admin = new NpgsqlConnection(TestInfrastructure.Postgres("postgres"));
        await admin.OpenAsync();
        // Tenant roles are cluster-wide; with the database gone nothing holds a privilege of theirs.
        await ExecuteAsync(admin, $$"""
            DO $$
            DECLARE r name;
            BEGIN
                FOR r IN SELECT rolname FROM pg_roles WHERE starts_with(rolname, '{{Role}}_t_') LOOP
                    EXECUTE format('DROP ROLE %I', r);
                END LOOP;
            END $$;
            DROP ROLE IF EXISTS {{Role}};
            DROP ROLE IF EXISTS {{LoaderRole}};
            """, CancellationToken.None);
    }

    private string As(string role) => new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres(Database))
    {
        Username = role, Password = _password,
    }.ConnectionString;
}
