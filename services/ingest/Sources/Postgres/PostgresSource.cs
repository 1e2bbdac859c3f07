using System.Data;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Npgsql;

namespace MlOps.Ingest.Sources.Postgres;

/// <summary>
/// Reads a table or a query from a user's PostgreSQL in one read-only, repeatable-read transaction, streamed with typed
/// getters in batches of min(chunk_size, BatchRows) rows; memory is one batch. Incremental: rows whose cursor is at least
/// the last value minus the lookback, in cursor order, each batch carrying the state {"last_value": max seen}.
/// </summary>
public sealed class PostgresSource(PostgresSourceConfig config, ResourceHints hints, PostgresHostGuard guard) : IPipelineSource
{
    public IReadOnlyList<ResourceHints> Resources { get; } = [hints];

    /// <summary>The relation as errors name it: the table, or "query".</summary>
    public string Relation => config.Table is { } t ? $"table {t.Schema}.{t.Table}" : "query";

    public async IAsyncEnumerable<SourceBatch> ReadAsync(SourceReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var rows = ReadCoreAsync(context, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await rows.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                throw PostgresErrors.Describe(e, config.Connection, Relation);
            }
            yield return rows.Current;
        }
    }

    /// <summary>`"schema"."table"` or the query as a subquery, aliased s (on lines of its own, so a trailing -- comment ends there).</summary>
    public string From => config.Table is { } t
        ? $"{PostgresIdentifier.Quote(t.Schema)}.{PostgresIdentifier.Quote(t.Table)} AS s"
        : $"(\n{config.Query}\n) AS s";

    private async IAsyncEnumerable<SourceBatch> ReadCoreAsync(SourceReadContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var target = await guard.CheckAsync(config.Connection, cancellationToken);
        await using var dataSource = PostgresDataSource.Create(target);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
        {
            await readOnly.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var read = await BuildAsync(connection, transaction, context, cancellationToken);
        await using var reader = await read.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(i => PostgresColumn.Of(reader, i)).ToArray();
        var names = columns.Select(c => c.Name).ToArray();
        var types = columns.Select(c => (Schema.DataType?)c.Type).ToArray();
        var cursor = config.Incremental is { } inc ? Array.FindIndex(names, n => n == inc.CursorColumn) : -1;
        var size = Math.Min(config.ChunkSize ?? context.BatchRows, context.BatchRows);
        object? last = null;
        long rowNumber = 0;
        var batch = new List<object?[]>(size);
        var rejected = new List<RejectedRecord>();
        long first = 1;
        while (await reader.ReadAsync(cancellationToken))
        {
            rowNumber++;
            if (Read(reader, columns, out var error) is { } row)
            {
                batch.Add(row);
                last = cursor >= 0 && row[cursor] is { } value ? value : last;
            }
            else
            {
                rejected.Add(new RejectedRecord($"{Relation} row {rowNumber}", error!, ""));
            }
            if (batch.Count + rejected.Count >= size)
            {
                yield return Batch(names, types, batch, rejected, first, last);
                (batch, rejected, first) = (new List<object?[]>(size), [], rowNumber + 1);
            }
        }
        if (batch.Count + rejected.Count > 0)
        {
            yield return Batch(names, types, batch, rejected, first, last);
        }
    }

    /// <summary>A row's values, or null (with the reason kept) when one cannot be represented (NaN numeric, infinite timestamp).</summary>
    private static object?[]? Read(NpgsqlDataReader reader, PostgresColumn[] columns, out string? error)
    {
        error = null;
        var values = new object?[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            try
            {
                values[i] = reader.IsDBNull(i) ? null : columns[i].Read(reader, i);
            }
            catch (Exception e) when (e is InvalidCastException or OverflowException or JsonException or NotSupportedException)
            {
                error = $"column {columns[i].Name} ({columns[i].PostgresType}): {e.Message}";
                return null;
            }
        }
        return values;
    }

    /// <summary>The read as a one-statement batch: PostgreSQL refuses a second statement in it, so no COMMIT ends READ ONLY.</summary>
    private async Task<NpgsqlBatch> BuildAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, SourceReadContext context, CancellationToken cancellationToken)
    {
        var command = new NpgsqlBatchCommand();
        var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { command } };
        if (config.Incremental is not { } incremental)
        {
            command.CommandText = $"SELECT * FROM {From}";
            return batch;
        }
        var cursor = "s." + PostgresIdentifier.Quote(incremental.CursorColumn);
        JsonElement? last = context.State.TryGetValue(config.Resource, out var state)
            && state.ValueKind == JsonValueKind.Object && state.TryGetProperty("last_value", out var saved)
            ? saved
            : incremental.InitialValue;
        if (last is not { } from)
        {
            command.CommandText = $"SELECT * FROM {From} ORDER BY {cursor}";
            return batch;
        }
        var type = await CursorTypeAsync(connection, transaction, cursor, cancellationToken);
        var (value, dbType) = PostgresCursor.Start(from, incremental.Lookback, type, incremental.CursorColumn);
        command.CommandText = $"SELECT * FROM {From} WHERE {cursor} >= @start ORDER BY {cursor}";
        command.Parameters.Add(new NpgsqlParameter("start", dbType) { Value = value });
        return batch;
    }

    private async Task<string> CursorTypeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string cursor, CancellationToken cancellationToken)
    {
        await using var probe = new NpgsqlBatch(connection, transaction) { BatchCommands = { new($"SELECT {cursor} FROM {From} LIMIT 0") } };
        await using var reader = await probe.ExecuteReaderAsync(CommandBehavior.SchemaOnly, cancellationToken);
        return reader.GetPostgresType(0).InternalName;
    }

    private SourceBatch Batch(string[] names, Schema.DataType?[] types, List<object?[]> rows, List<RejectedRecord> rejected, long first, object? last)
    {
        var relation = Relation;
        return new SourceBatch
        {
            Resource = config.Resource,
            Columns = names,
            ColumnTypes = types,
            Rows = rows,
            Rejected = rejected,
            PositionOf = i => $"{relation} row {first + i}",
            StateAfter = config.Incremental is not null && last is not null ? PostgresCursor.State(last) : null,
        };
    }
}
