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
        return findings;
    }

    private static string Show(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "none";

    // Dividing by 1.000… drops trailing zeros, so 0.500000000000 reads 0.5.
    private static string Amount(decimal? value, string ifNull) =>
        value is { } amount ? (amount / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) : ifNull;

    private sealed record ToolLoopRow(string TraceId, string Tool, long Calls);

    private sealed record SessionTotalsRow(long Traces, long Spans, long Tokens, decimal? Cost);

    private sealed record ErrorBurstRow(string TraceId, long Errors);

    private sealed record SlowCallRow(string TraceId, string Name, long DurationNs, long Misses);
}
