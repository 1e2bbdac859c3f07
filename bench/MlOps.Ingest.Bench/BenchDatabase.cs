using Npgsql;

namespace MlOps.Ingest.Bench;

/// <summary>Scratch databases on the test server (MLOPS_TEST_POSTGRES), created fresh and dropped at the end.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private static readonly string Server = Environment.GetEnvironmentVariable("MLOPS_TEST_POSTGRES")
        ?? throw new InvalidOperationException("MLOPS_TEST_POSTGRES is not set (source /tmp/devinfra/env)");

    private BenchDatabase(string name) => (Name, ConnectionString) = (name, $"{Server};Database={name}");

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(string name, CancellationToken cancellationToken)
    {
        await AdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", cancellationToken);
        await AdminAsync($"CREATE DATABASE \"{name}\"", cancellationToken);
        return new BenchDatabase(name);
    }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Runs the statements one by one (VACUUM may not share a batch with others); none may hold a literal `;`.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await using var command = new NpgsqlCommand(statement, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task AdminAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection($"{Server};Database=postgres");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", CancellationToken.None);
    }
}
