using Npgsql;
using NpgsqlTypes;

namespace MlOps.AgentOpsTracer.Intake;

/// <summary>
/// Writes one export request's spans in one transaction: binary COPY into a temporary table, then one INSERT that skips
/// spans already stored, so a retried batch (or a span repeated in it) is kept once. Committed before the answer.
/// </summary>
internal sealed class SpanWriter(NpgsqlDataSource dataSource)
{
    private const string Columns = "tenant_id, trace_id, span_id, parent_span_id, name, kind, service_name, start_time, end_time, duration_ns, "
        + "status_code, status_message, attributes, events, observation_type, operation, provider, request_model, response_model, "
        + "input_tokens, output_tokens, session_id, agent_name, tool_name, user_id, cached_input_tokens, cost, priced, arguments_hash";

    /// <summary>The number of spans newly stored.</summary>
    public async Task<long> WriteAsync(IReadOnlyList<SpanRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return 0;
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE spans_incoming (LIKE spans INCLUDING DEFAULTS) ON COMMIT DROP", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        await CopyAsync(connection, rows, cancellationToken);
        long stored;
        await using (var insert = new NpgsqlCommand(
            $"INSERT INTO spans ({Columns}) SELECT {Columns} FROM spans_incoming ON CONFLICT DO NOTHING", connection, transaction))
        {
            stored = await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        // Committed with the spans, so the anomaly detector sees every session these spans touched, even after a crash.
        await using (var touch = new NpgsqlCommand(
            "INSERT INTO touched_sessions (tenant_id, session_id) SELECT DISTINCT tenant_id, session_id FROM spans_incoming "
            + "WHERE session_id IS NOT NULL ORDER BY tenant_id, session_id ON CONFLICT DO NOTHING", connection, transaction))
        {
            await touch.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<SpanRow> rows, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY spans_incoming ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            var genAi = row.GenAi;
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(row.TenantId, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(row.TraceId, NpgsqlDbType.Bytea, cancellationToken);
            await importer.WriteAsync(row.SpanId, NpgsqlDbType.Bytea, cancellationToken);
            await WriteAsync(importer, row.ParentSpanId, NpgsqlDbType.Bytea, cancellationToken);
            await importer.WriteAsync(row.Name, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(row.Kind, NpgsqlDbType.Smallint, cancellationToken);
            await WriteAsync(importer, row.ServiceName, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(row.StartTime, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(row.EndTime, NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(row.DurationNanos, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(row.StatusCode, NpgsqlDbType.Smallint, cancellationToken);
            await WriteAsync(importer, row.StatusMessage, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(row.AttributesJson, NpgsqlDbType.Jsonb, cancellationToken);
            await WriteAsync(importer, row.EventsJson, NpgsqlDbType.Jsonb, cancellationToken);
            await importer.WriteAsync(genAi.ObservationType, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(importer, genAi.Operation, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(importer, genAi.Provider, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(importer, genAi.RequestModel, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(importer, genAi.ResponseModel, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(importer, genAi.InputTokens, NpgsqlDbType.Bigint, cancellationToken);
            await WriteAsync(importer, genAi.OutputTokens, NpgsqlDbType.Bigint, cancellationToken);
            await WriteAsync(importer, genAi.SessionId, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(importer, genAi.AgentName, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(importer, genAi.ToolName, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(importer, genAi.UserId, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(importer, genAi.CachedInputTokens, NpgsqlDbType.Bigint, cancellationToken);
            await WriteAsync(importer, row.Cost.Amount, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(row.Cost.Priced, NpgsqlDbType.Boolean, cancellationToken);
            await WriteAsync(importer, row.ArgumentsHash, NpgsqlDbType.Text, cancellationToken);
        }
        await importer.CompleteAsync(cancellationToken);
    }

    private static Task WriteAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : class =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);

    private static Task WriteAsync(NpgsqlBinaryImporter importer, decimal? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is { } number ? importer.WriteAsync(number, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    private static Task WriteAsync(NpgsqlBinaryImporter importer, long? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is { } number ? importer.WriteAsync(number, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);
}
