using System.Globalization;
using Dapper;
using Npgsql;

namespace MlOps.AgentOpsTracer.Anomalies;

/// <summary>Runs a tenant's rules over one session's stored spans; kinds already raised for the session are skipped.</summary>
public static class AnomalyEvaluator
{
    // The arguments' hash taken at intake before redaction; spans stored before it existed hash their stored arguments.
    private const string ArgumentsHash =
        "coalesce(arguments_hash, md5(coalesce(attributes->>'gen_ai.tool.call.arguments', attributes->>'input.value', attributes->>'tool.parameters', '')))";

    /// <summary>The verdict guardrail-gateway stamps on the spans of traffic it scanned (block or flag are findings).</summary>
    public const string GuardrailAction = "mlops.guardrail.action";

    /// <summary>The scanner whose finding decided that verdict.</summary>
    public const string GuardrailScanner = "mlops.guardrail.scanner";

    public static async Task<IReadOnlyList<AnomalyFinding>> EvaluateAsync(NpgsqlTransaction transaction, string tenant, string session,
        AnomalyRules rules, IReadOnlySet<string> raised, CancellationToken cancellationToken)
    {
        var findings = new List<AnomalyFinding>();
        var connection = transaction.Connection!;
        var key = new { tenant, session };
        if (!raised.Contains(AnomalyKinds.ToolLoop))
        {
            var loop = await connection.QueryFirstOrDefaultAsync<ToolLoopRow>(new CommandDefinition(
                $"""
                SELECT encode(trace_id, 'hex') AS TraceId, coalesce(tool_name, name) AS Tool, count(*) AS Calls
                FROM spans WHERE tenant_id = @tenant AND session_id = @session AND observation_type = 'tool'
                GROUP BY trace_id, coalesce(tool_name, name), {ArgumentsHash}
                HAVING count(*) >= @repeats ORDER BY count(*) DESC, encode(trace_id, 'hex') LIMIT 1
                """, new { tenant, session, repeats = rules.ToolLoopRepeats }, transaction, cancellationToken: cancellationToken));
            if (loop is not null)
            {
                findings.Add(new(AnomalyKinds.ToolLoop,
                    $"tool '{loop.Tool}' called {loop.Calls} times with the same arguments in trace {loop.TraceId} (rule: {rules.ToolLoopRepeats})"));
            }
        }
        if (!raised.Contains(AnomalyKinds.RunawaySession) && (rules.SessionTokenCap is not null || rules.SessionCostCap is not null))
        {
            var totals = await connection.QuerySingleAsync<SessionTotalsRow>(new CommandDefinition(
                """
                SELECT count(DISTINCT trace_id) AS Traces, count(*) AS Spans,
                       (coalesce(sum(input_tokens), 0) + coalesce(sum(output_tokens), 0))::bigint AS Tokens, sum(cost) AS Cost
                FROM spans WHERE tenant_id = @tenant AND session_id = @session
                """, key, transaction, cancellationToken: cancellationToken));
            if (totals.Tokens > rules.SessionTokenCap || totals.Cost > rules.SessionCostCap)
            {
                findings.Add(new(AnomalyKinds.RunawaySession,
                    $"session used {totals.Tokens} tokens (cap {Show(rules.SessionTokenCap)}) "
                    + $"costing {Amount(totals.Cost, "unknown")} (cap {Amount(rules.SessionCostCap, "none")}) "
                    + $"over {totals.Traces} traces and {totals.Spans} spans"));
            }
        }
        if (!raised.Contains(AnomalyKinds.ErrorBurst))
        {
            var burst = await connection.QueryFirstOrDefaultAsync<ErrorBurstRow>(new CommandDefinition(
                """
                SELECT TraceId, Errors FROM (
                    SELECT encode(trace_id, 'hex') AS TraceId, start_time,
                           count(*) OVER (ORDER BY start_time RANGE BETWEEN make_interval(secs => @window) PRECEDING AND CURRENT ROW) AS Errors
                    FROM spans WHERE tenant_id = @tenant AND session_id = @session AND status_code = 2) burst
                WHERE Errors >= @count ORDER BY start_time LIMIT 1
                """, new { tenant, session, window = (double)rules.ErrorBurstWindowSeconds, count = rules.ErrorBurstCount },
                transaction, cancellationToken: cancellationToken));
            if (burst is not null)
            {
                findings.Add(new(AnomalyKinds.ErrorBurst,
                    $"{burst.Errors} error spans within {rules.ErrorBurstWindowSeconds} s, the last in trace {burst.TraceId} "
                    + $"(rule: {rules.ErrorBurstCount})"));
            }
        }
        if (!raised.Contains(AnomalyKinds.LatencyObjectiveMissed) && rules.LatencyObjectiveMs is { } objective)
        {
            var slow = await connection.QueryFirstOrDefaultAsync<SlowCallRow>(new CommandDefinition(
                """
                SELECT encode(trace_id, 'hex') AS TraceId, name AS Name, duration_ns AS DurationNs,
                       count(*) OVER () AS Misses
                FROM spans WHERE tenant_id = @tenant AND session_id = @session AND observation_type = 'generation' AND duration_ns > @limit
                ORDER BY duration_ns DESC, start_time LIMIT 1
                """, new { tenant, session, limit = objective * 1_000_000L }, transaction, cancellationToken: cancellationToken));
            if (slow is not null)
            {
                findings.Add(new(AnomalyKinds.LatencyObjectiveMissed,
                    $"{slow.Misses} model calls slower than {objective} ms; the slowest, '{slow.Name}' in trace {slow.TraceId}, "
                    + $"took {(slow.DurationNs / 1_000_000.0).ToString("0.###", CultureInfo.InvariantCulture)} ms"));
            }
        }
        if (!raised.Contains(AnomalyKinds.BaselineDeviation) && rules.BaselineFactor is { } factor
            && await BaselineAsync(transaction, tenant, session, rules, factor, cancellationToken) is { } deviation)
        {
            findings.Add(deviation);
        }
        if (!raised.Contains(AnomalyKinds.GuardrailFinding) && rules.GuardrailFindings is { } least)
        {
            var guarded = await connection.QueryFirstOrDefaultAsync<GuardrailRow>(new CommandDefinition(
                $"""
                SELECT encode(trace_id, 'hex') AS TraceId, encode(span_id, 'hex') AS SpanId, attributes->>'{GuardrailAction}' AS Action,
                       coalesce(attributes->>'{GuardrailScanner}', 'unknown') AS Scanner, count(*) OVER () AS Spans
                FROM spans WHERE tenant_id = @tenant AND session_id = @session AND attributes->>'{GuardrailAction}' IN ('block', 'flag')
                ORDER BY start_time, span_id LIMIT 1
                """, key, transaction, cancellationToken: cancellationToken));
            if (guarded is not null && guarded.Spans >= least)
            {
                findings.Add(new(AnomalyKinds.GuardrailFinding,
                    $"{guarded.Spans} spans with a guardrail finding (rule: {least}); the first, span {guarded.SpanId} in trace {guarded.TraceId}, "
                    + $"{guarded.Action} by {guarded.Scanner}"));
            }
        }
        return findings;
    }

    // The session's tokens against the median of its agent's last sessions (the agent most of its spans name); no finding
    // until the agent has BaselineMinSessions other sessions, so a new agent's first sessions set the baseline instead.
    private static async Task<AnomalyFinding?> BaselineAsync(NpgsqlTransaction transaction, string tenant, string session, AnomalyRules rules,
        double factor, CancellationToken cancellationToken)
    {
        var row = await transaction.Connection!.QuerySingleOrDefaultAsync<BaselineRow>(new CommandDefinition(
            """
            WITH agent AS (
                SELECT agent_name FROM spans WHERE tenant_id = @tenant AND session_id = @session AND agent_name IS NOT NULL
                GROUP BY agent_name ORDER BY count(*) DESC, agent_name LIMIT 1),
            recent AS (
                SELECT session_id FROM spans
                WHERE tenant_id = @tenant AND agent_name = (SELECT agent_name FROM agent) AND session_id IS NOT NULL AND session_id <> @session
                GROUP BY session_id ORDER BY max(start_time) DESC LIMIT @window),
            totals AS (
                SELECT (coalesce(sum(input_tokens), 0) + coalesce(sum(output_tokens), 0))::double precision AS tokens
                FROM spans WHERE tenant_id = @tenant AND session_id IN (SELECT session_id FROM recent) GROUP BY session_id)
            SELECT (SELECT agent_name FROM agent) AS Agent, (SELECT count(*) FROM totals) AS Sessions,
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY tokens) FROM totals) AS Median,
                   (SELECT (coalesce(sum(input_tokens), 0) + coalesce(sum(output_tokens), 0))::bigint FROM spans
                    WHERE tenant_id = @tenant AND session_id = @session) AS Tokens
            WHERE EXISTS (SELECT 1 FROM agent)
            """, new { tenant, session, window = rules.BaselineWindow }, transaction, cancellationToken: cancellationToken));
        if (row is not { Median: { } median } || row.Sessions < rules.BaselineMinSessions || median <= 0 || row.Tokens <= factor * median)
        {
            return null;
        }
        return new(AnomalyKinds.BaselineDeviation,
            $"session used {row.Tokens} tokens, {Ratio(row.Tokens / median)} times the median {Ratio(median)} of agent '{row.Agent}' "
            + $"over its last {row.Sessions} sessions (rule: {Ratio(factor)} times, at least {rules.BaselineMinSessions} sessions)");
    }

    private static string Ratio(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Show(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "none";

    // Dividing by 1.000… drops trailing zeros, so 0.500000000000 reads 0.5.
    private static string Amount(decimal? value, string ifNull) =>
        value is { } amount ? (amount / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) : ifNull;

    private sealed record ToolLoopRow(string TraceId, string Tool, long Calls);

    private sealed record SessionTotalsRow(long Traces, long Spans, long Tokens, decimal? Cost);

    private sealed record ErrorBurstRow(string TraceId, long Errors);

    private sealed record BaselineRow(string Agent, long Sessions, double? Median, long Tokens);

    private sealed record GuardrailRow(string TraceId, string SpanId, string Action, string Scanner, long Spans);

    private sealed record SlowCallRow(string TraceId, string Name, long DurationNs, long Misses);
}
