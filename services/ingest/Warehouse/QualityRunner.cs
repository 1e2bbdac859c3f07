using Dapper;
using MlOps.Ingest.Loading;
using MlOps.Ingest.Schema;
using Npgsql;
using static MlOps.Ingest.Warehouse.PgSql;

namespace MlOps.Ingest.Warehouse;

/// <summary>Runs a table's quality checks in SQL inside the load's transaction, after its rows are written.</summary>
internal sealed class QualityRunner(NpgsqlConnection connection, string schema, string loadId, DateTime loadTime)
{
    public async Task<QualityResult> RunAsync(string table, bool scd2, QualityCheck check, CancellationToken cancellationToken)
    {
        var target = Table(schema, table);
        var exists = await ScalarAsync<bool>($"SELECT to_regclass(@target) IS NOT NULL", new { target }, cancellationToken);
        var column = check.Column is { } name ? Quote(name) : null;
        if (column is null && check.Type is not "row_count")
        {
            throw new LoadFailedException($"quality check {check.Type} on {table} needs a column");
        }
        if (exists && column is not null && !await ColumnExistsAsync(table, check.Column!, cancellationToken))
        {
            // A column that never got a value does not exist yet: every row has null there.
            column = "NULL::text";
        }
        var thisLoad = "_dlt_load_id = @loadId";
        var current = scd2 ? "_dlt_valid_to IS NULL" : "TRUE";
        switch (check.Type)
        {
            case "not_null":
                var nulls = exists ? await CountAsync($"{thisLoad} AND {column} IS NULL", target, cancellationToken) : 0;
                return Result(table, check, nulls == 0, $"{nulls} null values in this load");
            case "unique":
                var duplicated = exists ? await ScalarAsync<long>(
                    $"SELECT count(*) FROM (SELECT {column} FROM {target} WHERE {column} IS NOT NULL AND {current} " +
                    $"GROUP BY 1 HAVING count(*) > 1) d", new { }, cancellationToken) : 0;
                return Result(table, check, duplicated == 0, $"{duplicated} duplicated values");
            case "accepted_values":
                var outside = exists ? await CountAsync(
                    $"{thisLoad} AND {column} IS NOT NULL AND NOT ({column}::text = ANY(@values))", target, cancellationToken,
                    check.Values.ToArray()) : 0;
                return Result(table, check, outside == 0, $"{outside} values outside the accepted list in this load");
            case "row_count":
                var rows = exists ? await CountAsync(thisLoad, target, cancellationToken) : 0;
                var inRange = rows >= (check.Min ?? 0) && rows <= (check.Max ?? long.MaxValue);
                return Result(table, check, inRange, $"{rows} rows in this load");
            case "freshness":
                var newest = exists
                    ? await ScalarAsync<DateTime?>($"SELECT max({column})::timestamptz FROM {target}", new { }, cancellationToken)
                    : null;
                var fresh = newest is { } n && (check.MaxAge is not { } age || n >= loadTime - age);
                return Result(table, check, fresh, newest is { } v ? $"newest value {v:O}" : "no values");
            default:
                throw new LoadFailedException($"quality check {check.Type} on {table} is not a known check type");
        }
    }

    private static QualityResult Result(string table, QualityCheck check, bool passed, string detail) =>
        new(table, check.Type, check.Column, passed, detail);

    private Task<long> CountAsync(string where, string target, CancellationToken cancellationToken, string[]? values = null) =>
        ScalarAsync<long>($"SELECT count(*) FROM {target} WHERE {where}", new { loadId, values }, cancellationToken);

    private Task<bool> ColumnExistsAsync(string table, string column, CancellationToken cancellationToken) =>
        ScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = @schema AND table_name = @table " +
            "AND column_name = @column)", new { schema, table, column }, cancellationToken);

    private Task<T> ScalarAsync<T>(string sql, object parameters, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))!;
}
