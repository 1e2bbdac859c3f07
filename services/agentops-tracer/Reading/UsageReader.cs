using Dapper;
using MlOps.AgentOpsTracer.Model;
using Npgsql;

namespace MlOps.AgentOpsTracer.Reading;

/// <summary>
/// Agents and usage over a time range. A span belongs to the agent it names, or else to the one agent its trace names (a
/// model call under an invoke_agent span usually names none); in a trace naming several agents, spans naming none are unclaimed.
/// </summary>
public sealed class UsageReader(NpgsqlDataSource db)
{
    private const string Attributed =
        """
        WITH ranged AS (
            SELECT * FROM spans WHERE tenant_id = @tenant AND start_time >= @from AND start_time < @to),
        trace_agents AS (
            SELECT trace_id, min(agent_name) AS agent FROM ranged WHERE agent_name IS NOT NULL
            GROUP BY trace_id HAVING count(DISTINCT agent_name) = 1),
        attributed AS (
            SELECT r.*, coalesce(r.agent_name, t.agent) AS agent FROM ranged r LEFT JOIN trace_agents t USING (trace_id))
        """;

    /// <summary>At most <paramref name="limit"/> agents by name; one more is read to tell whether the list was cut.</summary>
    public async Task<AgentListResponse> AgentsAsync(string tenant, TimeRange range, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<AgentRow>(new CommandDefinition(
            $"""
            {Attributed}
            SELECT agent AS Name, count(DISTINCT trace_id) AS Traces, count(DISTINCT session_id) AS Sessions, count(*) AS Spans,
                   count(*) FILTER (WHERE observation_type = 'generation') AS Generations,
                   count(*) FILTER (WHERE observation_type = 'tool') AS ToolCalls,
                   array_remove(array_agg(DISTINCT tool_name), NULL) AS Tools, count(*) FILTER (WHERE status_code = 2) AS Errors,
                   coalesce(sum(input_tokens), 0)::bigint AS InputTokens, coalesce(sum(output_tokens), 0)::bigint AS OutputTokens,
                   sum(cost) AS TotalCost, bool_and(priced) AS Priced, min(start_time) AS FirstSeen, max(end_time) AS LastSeen
            FROM attributed WHERE agent IS NOT NULL GROUP BY agent ORDER BY agent LIMIT @limit + 1
            """, new { tenant, from = range.From, to = range.To, limit }, cancellationToken: cancellationToken))).AsList();
        return new AgentListResponse([.. rows.Take(limit).Select(r => new AgentResponse(r.Name, r.Traces, r.Sessions, r.Spans, r.Generations,
            r.ToolCalls, r.Tools, r.Errors, (double)r.Errors / r.Spans, r.InputTokens, r.OutputTokens, r.TotalCost, r.Priced, r.FirstSeen,
            r.LastSeen))], rows.Count > limit, limit);
    }

    /// <summary>At most <paramref name="limit"/> rows by day, agent and model; one more is read to tell whether the list was cut.</summary>
    public async Task<UsageListResponse> UsageAsync(string tenant, TimeRange range, string? agent, string? model, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<UsageRow>(new CommandDefinition(
            $"""
            {Attributed}
            SELECT (start_time AT TIME ZONE 'UTC')::date AS Day, agent AS Agent, coalesce(response_model, request_model, 'unknown') AS Model,
                   count(*) AS Calls, coalesce(sum(input_tokens), 0)::bigint AS InputTokens,
                   coalesce(sum(output_tokens), 0)::bigint AS OutputTokens, coalesce(sum(cached_input_tokens), 0)::bigint AS CachedInputTokens,
                   sum(cost) AS TotalCost, bool_and(priced) AS Priced, count(*) FILTER (WHERE NOT priced) AS UnpricedSpans
            FROM attributed
            WHERE (input_tokens IS NOT NULL OR output_tokens IS NOT NULL)
              AND (@agent::text IS NULL OR agent = @agent)
              AND (@model::text IS NULL OR coalesce(response_model, request_model) = @model)
            GROUP BY 1, 2, 3 ORDER BY 1, 2 NULLS LAST, 3 LIMIT @limit + 1
            """, new { tenant, from = range.From, to = range.To, agent, model, limit }, cancellationToken: cancellationToken))).AsList();
        return new UsageListResponse([.. rows.Take(limit).Select(r => new UsageResponse(DateOnly.FromDateTime(r.Day), r.Agent, r.Model, r.Calls,
            r.InputTokens, r.OutputTokens, r.CachedInputTokens, r.TotalCost, r.Priced, r.UnpricedSpans))], rows.Count > limit, limit);
    }

    private sealed class AgentRow
    {
        public string Name { get; init; } = "";
        public long Traces { get; init; }
        public long Sessions { get; init; }
        public long Spans { get; init; }
        public long Generations { get; init; }
        public long ToolCalls { get; init; }
        public string[] Tools { get; init; } = [];
        public long Errors { get; init; }
        public long InputTokens { get; init; }
        public long OutputTokens { get; init; }
        public decimal? TotalCost { get; init; }
        public bool Priced { get; init; }
        public DateTime FirstSeen { get; init; }
        public DateTime LastSeen { get; init; }
    }

    private sealed class UsageRow
    {
        public DateTime Day { get; init; }
        public string? Agent { get; init; }
        public string Model { get; init; } = "";
        public long Calls { get; init; }
        public long InputTokens { get; init; }
        public long OutputTokens { get; init; }
        public long CachedInputTokens { get; init; }
        public decimal? TotalCost { get; init; }
        public bool Priced { get; init; }
        public long UnpricedSpans { get; init; }
    }
}
