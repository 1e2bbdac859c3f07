using MlOps.Contracts;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.FeatureStore.Tests;

/// <summary>
/// A warehouse database in ingest's layout (a schema per tenant and dataset), written by plain SQL as the loader's role would,
/// and read through a login role that may only SELECT what it is granted, as the AppHost's read-only role.
/// </summary>
public sealed class FeatureWarehouse : IAsyncDisposable
{
    private readonly string _database = TestInfrastructure.UniqueDatabase("fwarehouse");
    private readonly string _role = "features_ro_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _password = Guid.NewGuid().ToString("N");

    public string ReadOnlyConnectionString => new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres(_database))
    {
        Username = _role, Password = _password,
    }.ConnectionString;

    public string Role => _role;

    public static async Task<FeatureWarehouse> CreateAsync(CancellationToken cancellationToken)
    {
        var warehouse = new FeatureWarehouse();
        await using (var admin = new NpgsqlConnection(TestInfrastructure.Postgres("postgres")))
        {
            await admin.OpenAsync(cancellationToken);
            await ExecuteAsync(admin, $"CREATE DATABASE \"{warehouse._database}\"", cancellationToken);
            await ExecuteAsync(admin, $"CREATE ROLE {warehouse._role} LOGIN PASSWORD '{warehouse._password}'", cancellationToken);
            // As the provisioner does: no one but the granted reader may connect, and it may create nothing (not even temp tables).
            await ExecuteAsync(admin, $"REVOKE ALL ON DATABASE \"{warehouse._database}\" FROM PUBLIC", cancellationToken);
            await ExecuteAsync(admin, $"GRANT CONNECT ON DATABASE \"{warehouse._database}\" TO {warehouse._role}", cancellationToken);
        }
        return warehouse;
    }

    /// <summary>Runs SQL in the tenant's dataset schema (created if missing) as the loader, then lets the reader see every table in it.</summary>
    public async Task InDatasetAsync(string tenant, string dataset, string sql, CancellationToken cancellationToken)
    {
        var schema = WarehouseNames.Schema(tenant, dataset);
        await using var connection = await OpenAdminAsync(cancellationToken);
        await ExecuteAsync(connection, $"""
            CREATE SCHEMA IF NOT EXISTS "{schema}";
            SET search_path TO "{schema}";
            {sql};
            GRANT USAGE ON SCHEMA "{schema}" TO {_role};
            GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO {_role};
            """, cancellationToken);
    }

    public async Task<NpgsqlConnection> OpenAdminAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(TestInfrastructure.Postgres(_database));
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await TestInfrastructure.DropDatabaseAsync(_database);
        await using var admin = new NpgsqlConnection(TestInfrastructure.Postgres("postgres"));
        await admin.OpenAsync();
        await ExecuteAsync(admin, $"DROP ROLE IF EXISTS {_role}", CancellationToken.None);
    }
}
