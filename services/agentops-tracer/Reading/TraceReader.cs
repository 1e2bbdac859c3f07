using Dapper;
using MlOps.AgentOpsTracer.Model;
using Npgsql;

namespace MlOps.AgentOpsTracer.Reading;

/// <summary>One trace of a tenant as a tree of its spans, children in start order.</summary>
public sealed class TraceReader(NpgsqlDataSource db)
{
    public async Task<TraceResponse?> GetAsync(string tenant, byte[] traceId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var spans = (await connection.QueryAsync<SpanRecord>(new CommandDefinition(
            """
            SELECT encode(span_id, 'hex') AS SpanId, encode(parent_span_id, 'hex') AS ParentSpanId, name AS Name, observation_type AS ObservationType,
                   service_name AS ServiceName, start_time AS StartTime, end_time AS EndTime, duration_ns AS DurationNs, status_code AS StatusCode,
                   status_message AS StatusMessage, coalesce(response_model, request_model) AS Model, tool_name AS ToolName, agent_name AS AgentName,
                   session_id AS SessionId, input_tokens AS InputTokens, output_tokens AS OutputTokens, cached_input_tokens AS CachedInputTokens,
                   cost AS Cost, priced AS Priced
            FROM spans WHERE tenant_id = @tenant AND trace_id = @traceId ORDER BY start_time, span_id
            """, new { tenant, traceId }, cancellationToken: cancellationToken))).AsList();
        if (spans.Count == 0)
        {
            return null;
        }
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = spans.Where(s => s.ParentSpanId is not null && ids.Contains(s.ParentSpanId))
            .ToLookup(s => s.ParentSpanId!, StringComparer.Ordinal);
        var roots = spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).Select(s => Node(s, children)).ToList();
        var costs = spans.Where(s => s.Cost is not null).Select(s => s.Cost!.Value).ToList();
        return new TraceResponse(
            Convert.ToHexStringLower(traceId), spans.Count, spans.Sum(s => s.InputTokens ?? 0), spans.Sum(s => s.OutputTokens ?? 0),
            costs.Count == 0 ? null : costs.Sum(), spans.All(s => s.Priced), spans.Count(s => s.StatusCode == 2),
            spans.Min(s => s.StartTime), spans.Max(s => s.EndTime), roots);
    }

    // Recursion depth is the trace's depth; agent traces are tens deep, not thousands.
    private static TraceSpanResponse Node(SpanRecord span, ILookup<string, SpanRecord> children) => new(
        span.SpanId, span.ParentSpanId, span.Name, span.ObservationType, span.ServiceName, span.StartTime, span.EndTime, span.DurationNs,
        StatusName(span.StatusCode), span.StatusMessage, span.Model, span.ToolName, span.AgentName, span.SessionId, span.InputTokens,
        span.OutputTokens, span.CachedInputTokens, span.Cost, span.Priced, [.. children[span.SpanId].Select(c => Node(c, children))]);

    private static string StatusName(short code) => code switch
    {
        1 => "ok",
        2 => "error",
        _ => "unset",
    };

    private sealed class SpanRecord
    {
        public string SpanId { get; init; } = "";
        public string? ParentSpanId { get; init; }
        public string Name { get; init; } = "";
        public string ObservationType { get; init; } = "";
        public string? ServiceName { get; init; }
        public DateTime StartTime { get; init; }
        public DateTime EndTime { get; init; }
        public long DurationNs { get; init; }
        public short StatusCode { get; init; }
        public string? StatusMessage { get; init; }
        public string? Model { get; init; }
        public string? ToolName { get; init; }
        public string? AgentName { get; init; }
        public string? SessionId { get; init; }
        public long? InputTokens { get; init; }
        public long? OutputTokens { get; init; }
        public long? CachedInputTokens { get; init; }
        public decimal? Cost { get; init; }
        public bool Priced { get; init; }
    }
}
