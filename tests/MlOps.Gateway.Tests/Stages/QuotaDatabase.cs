using MlOps.TestSupport;
using Npgsql;

namespace MlOps.Gateway.Tests.Stages;

/// <summary>A fresh PostgreSQL database with the gateway's own migrations applied, dropped when disposed.</summary>
internal sealed class QuotaDatabase : IAsyncDisposable
{
    private QuotaDatabase(string name) => Name = name;

    public string Name { get; }

    public string ConnectionString => TestInfrastructure.Postgres(Name);

    public static async Task<QuotaDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var database = new QuotaDatabase(TestInfrastructure.UniqueDatabase("gwstage"));
        await using (var admin = new NpgsqlConnection(TestInfrastructure.Postgres("postgres")))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Name}\"", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var assembly = typeof(MlOps.Gateway.Llm.Quotas.LlmQuotas).Assembly;
        foreach (var script in assembly.GetManifestResourceNames().Where(n => n.Contains(".Migrations.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(script)!);
            await using var command = new NpgsqlCommand(await reader.ReadToEndAsync(cancellationToken), connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await TestInfrastructure.DropDatabaseAsync(Name);
    }
}
