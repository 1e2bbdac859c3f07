using Dapper;
using Microsoft.Extensions.Options;
using MlOps.Contracts;
using MlOps.Incident.Alerts;
using MlOps.Incident.Services;
using Npgsql;

namespace MlOps.Incident.Consumers;

/// <summary>Guardrail violations by rate: once a scanner's hits from one key (or keyless caller) in the window reach the threshold, each one is an alert.</summary>
public sealed class GuardrailRateAlertMap(IOptions<IncidentOptions> options) : IPlatformAlertMap<GuardrailViolated>
{
    public async Task<AlertSignal?> ToAlertAsync(NpgsqlTransaction transaction, GuardrailViolated violation, CancellationToken cancellationToken)
    {
        var window = options.Value.GuardrailWindow;
        var hits = await transaction.Connection!.ExecuteScalarAsync<long>(new CommandDefinition("""
            WITH counted AS (
                INSERT INTO guardrail_hits (tenant_id, scanner, key_id, second, hits) VALUES (@tenant, @scanner, @key, date_trunc('second', @at), 1)
                ON CONFLICT (tenant_id, scanner, key_id, second) DO UPDATE SET hits = guardrail_hits.hits + 1
                RETURNING hits)
            -- This second's count comes from the upsert (it sees concurrent hits); the statement's snapshot would not.
            SELECT (SELECT hits FROM counted) + coalesce(sum(hits), 0) FROM guardrail_hits
            WHERE tenant_id = @tenant AND scanner = @scanner AND key_id = @key AND second > date_trunc('second', @at) - @window
              AND second <> date_trunc('second', @at)
            """, new { tenant = violation.TenantId, scanner = violation.Scanner, key = violation.KeyId?.ToString() ?? "", at = violation.OccurredAt.UtcDateTime, window },
            transaction,
            cancellationToken: cancellationToken));
        if (hits < options.Value.GuardrailThreshold)
        {
            return null;
        }
        return new AlertSignal
        {
            Tenant = violation.TenantId, Source = "guardrail", EventType = EventTypes.Guardrail,
            AlertKey = "guardrail:" + violation.Scanner + (violation.KeyId is { } k ? ":" + k : ""),
            DefaultDedupKey = SecurityAlerts.AbuseKey, Firing = true,
            Title = $"Guardrail {violation.Scanner}: {hits} violations within {window}", Severity = "high",
            Labels = violation.KeyId is { } key
                ? new Dictionary<string, string> { ["scanner"] = violation.Scanner, ["action"] = violation.Action, ["key_id"] = key.ToString() }
                : new Dictionary<string, string> { ["scanner"] = violation.Scanner, ["action"] = violation.Action },
        };
    }
}

/// <summary>An agent session misbehaving; attack-like kinds join the tenant's guardrail incident, the rest stand alone.</summary>
public sealed class AgentAnomalyAlertMap : IPlatformAlertMap<AgentAnomalyDetected>
{
    public Task<AlertSignal?> ToAlertAsync(NpgsqlTransaction transaction, AgentAnomalyDetected anomaly, CancellationToken cancellationToken) =>
        Task.FromResult<AlertSignal?>(new AlertSignal
        {
            Tenant = anomaly.TenantId, Source = "agentops", EventType = EventTypes.AgentAnomaly, AlertKey = $"agent:{anomaly.Kind}:{anomaly.SessionId}",
            DefaultDedupKey = SecurityAlerts.AttackKinds.Contains(anomaly.Kind) ? SecurityAlerts.AbuseKey : $"agent:{anomaly.Kind}:{anomaly.SessionId}",
            Firing = true, Title = $"Agent anomaly {anomaly.Kind} in session {anomaly.SessionId}",
            Severity = SecurityAlerts.AttackKinds.Contains(anomaly.Kind) ? "high" : "medium", Description = anomaly.Detail,
            Labels = anomaly.KeyId is { } key
                ? new Dictionary<string, string> { ["kind"] = anomaly.Kind, ["session"] = anomaly.SessionId, ["key_id"] = key.ToString() }
                : new Dictionary<string, string> { ["kind"] = anomaly.Kind, ["session"] = anomaly.SessionId },
        });
}

/// <summary>One attack, one incident: guardrail bursts and attack-like agent anomalies of a tenant share a dedup key.</summary>
public static class SecurityAlerts
{
    public const string AbuseKey = "llm_abuse";

    public static readonly IReadOnlySet<string> AttackKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "guardrail_burst", "prompt_injection", "jailbreak", "data_exfiltration",
    };
}
