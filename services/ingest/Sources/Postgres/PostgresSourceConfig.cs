using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace MlOps.Ingest.Sources.Postgres;

/// <summary>
/// The `postgres` source: `connection_string`, `table` (schema.table) or `query` (one SELECT, read as a subquery),
/// `resource`, `incremental` (`cursor_column`, `initial_value`, `lookback`), `chunk_size` and dlt's resource hints.
/// </summary>
public sealed record PostgresSourceConfig
{
    public required NpgsqlConnectionStringBuilder Connection { get; init; }
    public (string Schema, string Table)? Table { get; init; }
    public string? Query { get; init; }
    public required string Resource { get; init; }
    public PostgresIncremental? Incremental { get; init; }
    public int? ChunkSize { get; init; }
    public required ResourceHints Hints { get; init; }

    // A longer lookback re-reads more than a year of rows every run, and near DateTime.MinValue would underflow.
    public static readonly TimeSpan MaxLookback = TimeSpan.FromDays(365);

    public static PostgresSourceConfig Parse(JsonElement config)
    {
        ConfigJson.RequireObject(config, "$");
        var connection = PostgresConnectionString.Parse(ConfigJson.RequiredString(config, "connection_string", ""));
        var tableName = ConfigJson.OptionalString(config, "table", "");
        var query = ConfigJson.OptionalString(config, "query", "")?.Trim().TrimEnd(';').Trim();
        if ((tableName is null) == (query is null))
        {
            throw new SourceConfigException("table", "give either table or query");
        }
        (string Schema, string Table)? table = tableName is null ? null : PostgresIdentifier.ParseTable(tableName)
            ?? throw new SourceConfigException("table", "must be schema.table of letters, digits and _");
        if (query is not null && !query.StartsWith("select", StringComparison.OrdinalIgnoreCase)
            && !query.StartsWith("with", StringComparison.OrdinalIgnoreCase))
        {
            throw new SourceConfigException("query", "must be a SELECT");
        }
        if (query is not null && PostgresQueryText.Problem(query) is { } problem)
        {
            throw new SourceConfigException("query", problem);
        }
        var resource = ConfigJson.OptionalString(config, "resource", "") ?? table?.Table
            ?? throw new SourceConfigException("resource", "is required with a query");
        return new PostgresSourceConfig
        {
            Connection = connection,
            Table = table,
            Query = query,
            Resource = resource,
            Incremental = ParseIncremental(config),
            ChunkSize = ConfigJson.OptionalInt(config, "chunk_size", "", 1, 1_000_000),
            Hints = RestApi.RestHintsParser.Parse(config, resource),
        };
    }

    private static PostgresIncremental? ParseIncremental(JsonElement config)
    {
        if (ConfigJson.Optional(config, "incremental") is not { } value)
        {
            return null;
        }
        var incremental = ConfigJson.RequireObject(value, "incremental");
        var cursor = ConfigJson.RequiredString(incremental, "cursor_column", "incremental");
        if (!PostgresIdentifier.IsValid(cursor))
        {
            throw new SourceConfigException("incremental.cursor_column", "must be a column name of letters, digits and _");
        }
        var lookback = ConfigJson.Optional(incremental, "lookback") switch
        {
            null => TimeSpan.Zero,
            { ValueKind: JsonValueKind.Number } seconds when seconds.TryGetDouble(out var s) && s >= 0 && s <= MaxLookback.TotalSeconds =>
                TimeSpan.FromSeconds(s),
            { ValueKind: JsonValueKind.String } text when TimeSpan.TryParse(text.GetString(), CultureInfo.InvariantCulture, out var span)
                && span >= TimeSpan.Zero && span <= MaxLookback => span,
            _ => throw new SourceConfigException("incremental.lookback", "must be a duration (\"00:05:00\") or seconds, at most 365 days"),
        };
        return new PostgresIncremental(cursor, ConfigJson.Optional(incremental, "initial_value")?.Clone(), lookback);
    }
}
