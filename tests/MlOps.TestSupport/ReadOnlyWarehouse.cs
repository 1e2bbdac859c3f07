using Npgsql;

namespace MlOps.TestSupport;

/// <summary>
/// A warehouse database of a test's own and a login role that may only SELECT what it is granted, as the AppHost's
/// read-only role; written through the admin connection, dropped (with the role) on dispose.
/// </summary>
public sealed class ReadOnlyWarehouse : IAsyncDisposable
{
    private readonly string _password = Guid.NewGuid().ToString("N");

    private ReadOnlyWarehouse(string database, string role)
    {
        Database = database;
        Role = role;
    }

    public string Database { get; }

    /// <summary>The read-only login role (for grants on schemas a test writes itself).</summary>
    public string Role { get; }

    public string ReadOnlyConnectionString => new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres(Database))
    {
        Username = Role, Password = _password,
    }.ConnectionString;

    /// <param name="onlyTheReaderConnects">As the provisioner does: no one but the granted reader may connect.</param>
    public static async Task<ReadOnlyWarehouse> CreateAsync(string name, bool onlyTheReaderConnects, CancellationToken cancellationToken)
    {
        var warehouse = new ReadOnlyWarehouse(TestInfrastructure.UniqueDatabase(name), $"{name}_ro_" + Guid.NewGuid().ToString("N")[..12]);
        await using var admin = new NpgsqlConnection(TestInfrastructure.Postgres("postgres"));
        await admin.OpenAsync(cancellationToken);
        await ExecuteAsync(admin, $"CREATE DATABASE \"{warehouse.Database}\"", cancellationToken);
        await ExecuteAsync(admin, $"CREATE ROLE {warehouse.Role} LOGIN PASSWORD '{warehouse._password}'", cancellationToken);
        if (onlyTheReaderConnects)
        {
            await ExecuteAsync(admin, $"REVOKE ALL ON DATABASE \"{warehouse.Database}\" FROM PUBLIC", cancellationToken);
            await ExecuteAsync(admin, $"GRANT CONNECT ON DATABASE \"{warehouse.Database}\" TO {warehouse.Role}", cancellationToken);
        }
        return warehouse;
    }

    public async Task<NpgsqlConnection> OpenAdminAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(TestInfrastructure.Postgres(Database));
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
        await TestInfrastructure.DropDatabaseAsync(Database);
        await using var admin = new NpgsqlConnection(TestInfrastructure.Postgres("postgres"));
        await admin.OpenAsync();
        await ExecuteAsync(admin, $"DROP ROLE IF EXISTS {Role}", CancellationToken.None);
    }
}
