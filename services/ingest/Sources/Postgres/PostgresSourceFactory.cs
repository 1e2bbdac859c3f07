using System.Text.Json;
using Npgsql;

namespace MlOps.Ingest.Sources.Postgres;

/// <summary>
/// Makes a <see cref="PostgresSource"/>: parses the configuration, checks the host against the outbound rules, and for a
/// table checks it exists and reads its primary key from the catalog when the configuration names none.
/// </summary>
public sealed class PostgresSourceFactory(PostgresHostGuard guard)
{
    public const string SourceType = "postgres";

    private const string PrimaryKeySql = """
        SELECT a.attname FROM pg_index i
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = to_regclass(@relation) AND i.indisprimary
        ORDER BY array_position(i.indkey::int2[], a.attnum)
        """;

    public async Task<IPipelineSource> CreateAsync(JsonElement json, CancellationToken cancellationToken)
    {
        var config = PostgresSourceConfig.Parse(json);
        var hints = config.Hints;
        if (config.Table is { } table && hints.PrimaryKey.Count == 0)
        {
            hints = hints with { PrimaryKey = await PrimaryKeyAsync(config, table, cancellationToken) };
        }
        return new PostgresSource(config, hints, guard);
    }

    private async Task<IReadOnlyList<string>> PrimaryKeyAsync(
        PostgresSourceConfig config, (string Schema, string Table) table, CancellationToken cancellationToken)
    {
        var relation = $"{PostgresIdentifier.Quote(table.Schema)}.{PostgresIdentifier.Quote(table.Table)}";
        var target = await guard.CheckAsync(config.Connection, cancellationToken);
        try
        {
            await using var dataSource = PostgresDataSource.Create(target);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using (var exists = new NpgsqlCommand("SELECT to_regclass(@relation) IS NOT NULL", connection))
            {
                exists.Parameters.AddWithValue("relation", relation);
                if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
                {
                    throw new SourceException($"table {table.Schema}.{table.Table} does not exist");
                }
            }
            await using var command = new NpgsqlCommand(PrimaryKeySql, connection);
            command.Parameters.AddWithValue("relation", relation);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var key = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                key.Add(reader.GetString(0));
            }
            return key;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw PostgresErrors.Describe(e, config.Connection, $"table {table.Schema}.{table.Table}");
        }
    }
}
