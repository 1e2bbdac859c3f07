using Dapper;
using Microsoft.Extensions.Options;
using MlOps.Contracts;
using MlOps.ServiceDefaults.Messaging;
using Npgsql;

namespace MlOps.AgentOpsTracer.Anomalies;

/// <summary>
/// Evaluates the sessions the intake touched, from stored spans: each pass claims a batch of touched_sessions rows and, in
/// the same transaction, records new (session, kind) anomalies and their AgentAnomalyDetected in the outbox. A crash rolls
/// the claim back, so the sessions are evaluated again; the (session, kind) key keeps each anomaly to one event.
/// </summary>
public sealed class AnomalyDetector(NpgsqlDataSource db, AnomalyRuleStore rules, OutboxWriter outbox, AnomalyWake wake,
    IOptions<AnomalyOptions> options, ILogger<AnomalyDetector> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await PassAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.PassFailed(e);
            }
            if (claimed < options.Value.BatchSize)
            {
                await wake.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>One batch of touched sessions; the number claimed.</summary>
    public async Task<int> PassAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Same lock order as the intake's insert (tenant, session), so the two never deadlock.
        var touched = (await connection.QueryAsync<(string Tenant, string Session)>(new CommandDefinition(
            """
            DELETE FROM touched_sessions WHERE (tenant_id, session_id) IN (
                SELECT tenant_id, session_id FROM touched_sessions ORDER BY tenant_id, session_id LIMIT @batch FOR UPDATE SKIP LOCKED)
            RETURNING tenant_id, session_id
            """, new { batch = options.Value.BatchSize }, transaction, cancellationToken: cancellationToken))).AsList();
        var rulesOf = new Dictionary<string, AnomalyRules>(StringComparer.Ordinal);
        foreach (var (tenant, session) in touched)
        {
            if (!rulesOf.TryGetValue(tenant, out var tenantRules))
            {
                tenantRules = rulesOf[tenant] = await rules.GetAsync(connection, transaction, tenant, cancellationToken);
            }
            // One session that fails to evaluate goes back in the queue instead of holding back the whole batch.
            await transaction.SaveAsync("session", cancellationToken);
            try
            {
                await EvaluateAsync(transaction, tenant, session, tenantRules, cancellationToken);
            }
            catch (Exception e) when (e is NpgsqlException)
            {
                await transaction.RollbackAsync("session", cancellationToken);
                logger.SessionFailed(e, session, tenant);
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO touched_sessions (tenant_id, session_id) VALUES (@tenant, @session) ON CONFLICT DO NOTHING",
                    new { tenant, session }, transaction, cancellationToken: cancellationToken));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return touched.Count;
    }

    private async Task EvaluateAsync(NpgsqlTransaction transaction, string tenant, string session, AnomalyRules tenantRules,
        CancellationToken cancellationToken)
    {
        var raised = (await transaction.Connection!.QueryAsync<string>(new CommandDefinition(
            "SELECT kind FROM agent_anomalies WHERE tenant_id = @tenant AND session_id = @session",
            new { tenant, session }, transaction, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        foreach (var finding in await AnomalyEvaluator.EvaluateAsync(transaction, tenant, session, tenantRules, raised, cancellationToken))
        {
            await RaiseAsync(transaction, tenant, session, finding, cancellationToken);
        }
    }

    private async Task RaiseAsync(NpgsqlTransaction transaction, string tenant, string session, AnomalyFinding finding,
        CancellationToken cancellationToken)
    {
        var inserted = await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "INSERT INTO agent_anomalies (tenant_id, session_id, kind, detail) VALUES (@tenant, @session, @Kind, @Detail) ON CONFLICT DO NOTHING",
            new { tenant, session, finding.Kind, finding.Detail }, transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return;
        }
        // The key the session's newest stamped span was exported under: what the llm-cost-runaway runbook throttles.
        var key = await transaction.Connection!.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            """
            SELECT attributes ->> 'mlops.key_id' FROM spans
            WHERE tenant_id = @tenant AND session_id = @session AND attributes ->> 'mlops.key_id' IS NOT NULL ORDER BY start_time DESC LIMIT 1
            """, new { tenant, session }, transaction, cancellationToken: cancellationToken));
        await outbox.EnqueueAsync(transaction, new AgentAnomalyDetected
        {
            TenantId = tenant, SessionId = session, Kind = finding.Kind, Detail = finding.Detail,
            KeyId = Guid.TryParse(key, out var keyId) ? keyId : null,
        }, cancellationToken);
        logger.Detected(finding.Kind, session, tenant);
    }
}
