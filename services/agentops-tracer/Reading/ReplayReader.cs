using Dapper;
using Microsoft.Extensions.Options;
using MlOps.AgentOpsTracer.Model;
using Npgsql;

namespace MlOps.AgentOpsTracer.Reading;

/// <summary>A session or a trace replayed: every span in start order (parents before children that start with them).</summary>
public sealed class ReplayReader(NpgsqlDataSource db, IOptions<ReadOptions> options)
{
    // The conventions' input and output, first match wins; message events when the attributes carry none.
    private const string Select =
        """
        SELECT encode(trace_id, 'hex') AS TraceId, encode(span_id, 'hex') AS SpanId, encode(parent_span_id, 'hex') AS ParentSpanId,
               observation_type AS Type, name AS Name, agent_name AS AgentName, tool_name AS ToolName,
               coalesce(response_model, request_model) AS Model, start_time AS StartTime, end_time AS EndTime, duration_ns AS DurationNs,
               status_code AS StatusCode, status_message AS StatusMessage, input_tokens AS InputTokens, output_tokens AS OutputTokens,
               cost AS Cost, priced AS Priced,
               coalesce(attributes->>'gen_ai.input.messages', attributes->>'gen_ai.tool.call.arguments', attributes->>'input.value',
                        attributes->>'tool.parameters', attributes->>'gen_ai.prompt', attributes->>'langfuse.observation.input',
                        (SELECT string_agg(coalesce(e->'attributes'->>'content', e->'attributes'->>'gen_ai.prompt'), E'\n')
                         FROM jsonb_array_elements(events) e
                         WHERE e->>'name' IN ('gen_ai.system.message', 'gen_ai.user.message', 'gen_ai.tool.message',
                                              'gen_ai.assistant.message', 'gen_ai.content.prompt'))) AS Input,
               coalesce(attributes->>'gen_ai.output.messages', attributes->>'gen_ai.tool.call.result', attributes->>'output.value',
                        attributes->>'gen_ai.completion', attributes->>'langfuse.observation.output',
                        (SELECT string_agg(coalesce(e->'attributes'->>'content', e->'attributes'->>'message',
                                                    e->'attributes'->>'gen_ai.completion'), E'\n')
                         FROM jsonb_array_elements(events) e WHERE e->>'name' IN ('gen_ai.choice', 'gen_ai.content.completion'))) AS Output
        FROM spans
        """;

    public Task<ReplayResponse?> SessionAsync(string tenant, string session, CancellationToken cancellationToken) =>
        ReadAsync("session", session, $"{Select} WHERE tenant_id = @tenant AND session_id = @key ORDER BY start_time, span_id LIMIT @limit",
            new { tenant, key = session, limit = options.Value.MaxReplaySteps + 1 }, cancellationToken);

    public Task<ReplayResponse?> TraceAsync(string tenant, byte[] traceId, CancellationToken cancellationToken) =>
        ReadAsync("trace", Convert.ToHexStringLower(traceId),
            $"{Select} WHERE tenant_id = @tenant AND trace_id = @key ORDER BY start_time, span_id LIMIT @limit",
            new { tenant, key = traceId, limit = options.Value.MaxReplaySteps + 1 }, cancellationToken);

    private async Task<ReplayResponse?> ReadAsync(string kind, string id, string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var spans = (await connection.QueryAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).AsList();
        if (spans.Count == 0)
        {
            return null;
        }
        var truncated = spans.Count > options.Value.MaxReplaySteps;
        if (truncated)
        {
            spans.RemoveAt(spans.Count - 1);
        }
        var depths = Depths(spans);
        var start = spans[0].StartTime;
        // Stable: spans that start together keep their parent first.
        var ordered = spans.Select((span, i) => (span, depth: depths[i])).OrderBy(s => s.span.StartTime).ThenBy(s => s.depth).ToList();
        var steps = ordered.Select((s, index) => new ReplayStep(
            index + 1, s.span.TraceId, s.span.SpanId, s.span.ParentSpanId, s.depth, s.span.Type, s.span.Name, s.span.AgentName, s.span.ToolName,
            s.span.Model, s.span.StartTime, (s.span.StartTime - start).TotalMilliseconds, s.span.DurationNs / 1e6, Status(s.span.StatusCode),
            s.span.StatusMessage, s.span.InputTokens, s.span.OutputTokens, s.span.Cost, s.span.Priced, s.span.Input, s.span.Output)).ToList();
        var costs = spans.Where(s => s.Cost is not null).Select(s => s.Cost!.Value).ToList();
        var end = spans.Max(s => s.EndTime);
        return new ReplayResponse(kind, id, steps.Count, truncated, spans.Sum(s => s.InputTokens ?? 0), spans.Sum(s => s.OutputTokens ?? 0),
            costs.Count == 0 ? null : costs.Sum(), spans.All(s => s.Priced), spans.Count(s => s.StatusCode == 2), start, end,
            (end - start).TotalMilliseconds, steps);
    }

    // Depth within each trace by walking parents, each span's depth worked out once; a span whose parent was not received is a root.
    private static int[] Depths(List<Row> spans)
    {
        var index = new Dictionary<(string, string), int>(spans.Count);
        for (var i = 0; i < spans.Count; i++)
        {
            index.TryAdd((spans[i].TraceId, spans[i].SpanId), i);
        }
        var depths = new int[spans.Count];
        Array.Fill(depths, -1);
        var chain = new List<int>();
        for (var i = 0; i < spans.Count; i++)
        {
            chain.Clear();
            var current = i;
            // Up to a span already known or a root; -2 marks the walk's own spans, so a parent cycle (a malformed trace) ends it.
            while (current >= 0 && depths[current] == -1)
            {
                chain.Add(current);
                depths[current] = -2;
                var span = spans[current];
                current = span.ParentSpanId is { } parent && index.TryGetValue((span.TraceId, parent), out var p) ? p : -1;
            }
            var depth = current >= 0 && depths[current] >= 0 ? depths[current] : -1;
            for (var c = chain.Count - 1; c >= 0; c--)
            {
                depths[chain[c]] = ++depth;
            }
        }
        return depths;
    }

    private static string Status(short code) => code switch
    {
        1 => "ok",
        2 => "error",
        _ => "unset",
    };

    private sealed class Row
    {
        public string TraceId { get; init; } = "";
        public string SpanId { get; init; } = "";
        public string? ParentSpanId { get; init; }
        public string Type { get; init; } = "";
        public string Name { get; init; } = "";
        public string? AgentName { get; init; }
        public string? ToolName { get; init; }
        public string? Model { get; init; }
        public DateTime StartTime { get; init; }
        public DateTime EndTime { get; init; }
        public long DurationNs { get; init; }
        public short StatusCode { get; init; }
        public string? StatusMessage { get; init; }
        public long? InputTokens { get; init; }
        public long? OutputTokens { get; init; }
        public decimal? Cost { get; init; }
        public bool Priced { get; init; }
        public string? Input { get; init; }
        public string? Output { get; init; }
    }
}
