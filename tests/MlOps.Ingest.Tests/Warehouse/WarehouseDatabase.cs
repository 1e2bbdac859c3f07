using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MlOps.Ingest.Warehouse;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.Ingest.Tests.Warehouse;

/// <summary>A fresh PostgreSQL database for a test class, with the warehouse on it.</summary>
public sealed class WarehouseDatabase : IAsyncLifetime
{
    private readonly string _database = TestInfrastructure.UniqueDatabase("ingest_wh");

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public PostgresWarehouse Warehouse => WarehouseAt(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc));

    /// <summary>The warehouse with its clock (the load time) standing at <paramref name="now"/>.</summary>
    public PostgresWarehouse WarehouseAt(DateTime now, ILogger<PostgresWarehouse>? logger = null) =>
        new(DataSource, new FakeTimeProvider(new DateTimeOffset(now)), logger ?? NullLogger<PostgresWarehouse>.Instance);

    public async ValueTask InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(TestInfrastructure.Postgres("postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        DataSource = NpgsqlDataSource.Create(TestInfrastructure.Postgres(_database));
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await TestInfrastructure.DropDatabaseAsync(_database);
    }

    /// <summary>Rows of a query, DBNull as null.</summary>
    public async Task<List<object?[]>> QueryAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    public async Task<long> CountAsync(string sql) => Convert.ToInt64((await QueryAsync(sql))[0][0]);

    /// <summary>Whether a table (schema-qualified, quoted as needed) exists.</summary>
    public async Task<bool> ExistsAsync(string table) => (bool)(await QueryAsync($"SELECT to_regclass('{table}') IS NOT NULL"))[0][0]!;
}
