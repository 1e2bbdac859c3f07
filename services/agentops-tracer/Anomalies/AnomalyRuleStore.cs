using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MlOps.AgentOpsTracer.Anomalies;

/// <summary>Tenants' anomaly rules; a tenant without its own gets the configured defaults.</summary>
public sealed class AnomalyRuleStore(NpgsqlDataSource db, IOptions<AnomalyOptions> options)
{
    private const string Select =
        "SELECT tool_loop_repeats AS ToolLoopRepeats, session_token_cap AS SessionTokenCap, session_cost_cap AS SessionCostCap, "
        + "error_burst_count AS ErrorBurstCount, error_burst_window_seconds AS ErrorBurstWindowSeconds, latency_objective_ms AS LatencyObjectiveMs, "
        + "baseline_factor AS BaselineFactor, baseline_min_sessions AS BaselineMinSessions, baseline_window AS BaselineWindow, "
        + "guardrail_findings AS GuardrailFindings FROM anomaly_rules WHERE tenant_id = @tenant";

    public async Task<AnomalyRules> GetAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await GetAsync(connection, null, tenant, cancellationToken);
    }

    public async Task<AnomalyRules> GetAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string tenant,
        CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<AnomalyRules>(
            new CommandDefinition(Select, new { tenant }, transaction, cancellationToken: cancellationToken))
        ?? options.Value.Defaults;

    public async Task PutAsync(string tenant, AnomalyRules rules, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO anomaly_rules
                (tenant_id, tool_loop_repeats, session_token_cap, session_cost_cap, error_burst_count, error_burst_window_seconds,
                 latency_objective_ms, baseline_factor, baseline_min_sessions, baseline_window, guardrail_findings)
            VALUES (@tenant, @ToolLoopRepeats, @SessionTokenCap, @SessionCostCap, @ErrorBurstCount, @ErrorBurstWindowSeconds, @LatencyObjectiveMs,
                    @BaselineFactor, @BaselineMinSessions, @BaselineWindow, @GuardrailFindings)
            ON CONFLICT (tenant_id) DO UPDATE SET tool_loop_repeats = excluded.tool_loop_repeats, session_token_cap = excluded.session_token_cap,
                session_cost_cap = excluded.session_cost_cap, error_burst_count = excluded.error_burst_count,
                error_burst_window_seconds = excluded.error_burst_window_seconds, latency_objective_ms = excluded.latency_objective_ms,
                baseline_factor = excluded.baseline_factor, baseline_min_sessions = excluded.baseline_min_sessions,
                baseline_window = excluded.baseline_window, guardrail_findings = excluded.guardrail_findings, updated_at = now()
            """,
            new { tenant, rules.ToolLoopRepeats, rules.SessionTokenCap, rules.SessionCostCap, rules.ErrorBurstCount, rules.ErrorBurstWindowSeconds,
                rules.LatencyObjectiveMs, rules.BaselineFactor, rules.BaselineMinSessions, rules.BaselineWindow, rules.GuardrailFindings },
            cancellationToken: cancellationToken));
    }
}
