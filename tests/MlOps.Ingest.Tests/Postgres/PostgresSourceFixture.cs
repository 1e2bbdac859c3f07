using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MlOps.Ingest.Sources;
using MlOps.Ingest.Sources.Postgres;
using MlOps.ServiceDefaults.Outbound;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.Ingest.Tests.Postgres;

/// <summary>A fresh database on the test server as a user's source, and a factory that allow-lists 127.0.0.0/8.</summary>
public sealed class PostgresSourceFixture : IAsyncLifetime
{
    public string Database { get; } = TestInfrastructure.UniqueDatabase("ingest_src");
    public string ConnectionString => TestInfrastructure.Postgres(Database);

    public async ValueTask InitializeAsync()
    {
        await using var admin = new NpgsqlConnection(TestInfrastructure.Postgres("postgres"));
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Database}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await TestInfrastructure.DropDatabaseAsync(Database);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public static PostgresSourceFactory Factory(params string[] allow) => new(new PostgresHostGuard(
        Options.Create(new OutboundOptions { Allow = [.. allow] }), NullLogger<PostgresHostGuard>.Instance));

    public Task<IPipelineSource> CreateAsync(string extra, string? connectionString = null, params string[] allow)
    {
        var json = $"{{\"connection_string\":{JsonSerializer.Serialize(connectionString ?? ConnectionString)},{extra}}}";
        return Factory(allow.Length == 0 ? ["127.0.0.0/8"] : allow).CreateAsync(JsonDocument.Parse(json).RootElement, TestContext.Current.CancellationToken);
    }

    public static async Task<List<SourceBatch>> ReadAllAsync(IPipelineSource source, SourceReadContext? context = null)
    {
        var batches = new List<SourceBatch>();
        await foreach (var batch in source.ReadAsync(context ?? new SourceReadContext { TenantId = "t1" }, TestContext.Current.CancellationToken))
        {
            batches.Add(batch);
        }
        return batches;
    }
}
