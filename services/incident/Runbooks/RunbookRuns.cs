using Dapper;
using MlOps.Incident.Lifecycle;
using Npgsql;

namespace MlOps.Incident.Runbooks;

/// <summary>Starting runs of a runbook for an incident, and a person's approval decisions.</summary>
public sealed class RunbookRuns(RunbookStore runbooks, RunbookSignal signal)
{
    /// <summary>Starts the runbook's latest version for the incident in the caller's transaction; null when no such runbook exists.</summary>
    public async Task<Guid?> StartAsync(NpgsqlTransaction transaction, string tenant, Guid incident, string runbook, string actor, CancellationToken cancellationToken)
    {
        var live = (await runbooks.LiveAsync(transaction, tenant, cancellationToken)).FirstOrDefault(r => r.Name == runbook);
        if (live?.As<RunbookDefinition>() is not { } definition)
        {
            await Timeline.AppendAsync(transaction, incident, "runbook_missing", actor, $"Runbook {runbook} does not exist; nothing was run.", null, cancellationToken);
            return null;
        }
        var id = Guid.CreateVersion7();
        await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            INSERT INTO runbook_runs (id, tenant_id, incident_id, runbook, version, definition, status, step_id, step_started_at)
            VALUES (@id, @tenant, @incident, @runbook, @version, @definition::jsonb, 'running', @step, now())
            """, new { id, tenant, incident, runbook, version = live.Version, definition = live.Definition, step = definition.Steps[0].Id }, transaction,
            cancellationToken: cancellationToken));
        await Timeline.AppendAsync(transaction, incident, "runbook_started", actor, $"Runbook {runbook} v{live.Version} started", new { run = id }, cancellationToken);
        signal.Notify();
        return id;
    }

    /// <summary>Records a decision on the run waiting for approval; false when none of the incident's runs waits for one.</summary>
    public async Task<bool> DecideAsync(NpgsqlTransaction transaction, string tenant, Guid incident, bool approve, string actor, string? note,
        CancellationToken cancellationToken)
    {
        var run = await transaction.Connection!.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition("""
            UPDATE runbook_runs SET approval = @decision, approval_by = @actor, next_check_at = now()
            WHERE incident_id = @incident AND tenant_id = @tenant AND status = 'waiting_approval' AND approval IS NULL
            RETURNING id
            """, new { incident, tenant, decision = approve ? "approved" : "rejected", actor }, transaction, cancellationToken: cancellationToken));
        if (run is null)
        {
            return false;
        }
        await Timeline.AppendAsync(transaction, incident, approve ? "approved" : "rejected", actor,
            (approve ? "Approved" : "Rejected") + (note is null ? "" : ": " + note), new { run }, cancellationToken);
        signal.Notify();
        return true;
    }
}

/// <summary>Wakes the runbook runner when a run starts or a decision arrives.</summary>
public sealed class RunbookSignal : MlOps.ServiceDefaults.WakeSignal;
