using System.Text.Json;
using Dapper;
using MlOps.Incident.Lifecycle;
using Npgsql;

namespace MlOps.Incident.Runbooks;

/// <summary>Starting runs of a runbook for an incident, and a person's approval decisions.</summary>
public sealed class RunbookRuns(RunbookStore runbooks, IServiceProvider services, RunbookSignal signal)
{
    /// <summary>
    /// Starts the runbook's latest version for the incident in the caller's transaction, its parameters filled from the incident's
    /// labels; null (and a timeline line saying why) when no such runbook exists or it cannot be filled.
    /// </summary>
    public async Task<RunStart> StartAsync(NpgsqlTransaction transaction, string tenant, Guid incident, string runbook, string actor, CancellationToken cancellationToken)
    {
        var live = (await runbooks.LiveAsync(transaction, tenant, cancellationToken)).FirstOrDefault(r => r.Name == runbook);
        if (live?.As<RunbookDefinition>() is not { } definition)
        {
            await Timeline.AppendAsync(transaction, incident, "runbook_missing", actor, $"Runbook {runbook} does not exist; nothing was run.", null, cancellationToken);
            return new RunStart(null, $"runbook: no runbook '{runbook}' exists for this tenant.");
        }
        // The validator is taken when needed: its step types reach back to the incident store, which starts runs.
        var labels = JsonSerializer.Deserialize<Dictionary<string, string>>(await transaction.Connection!.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT labels::text FROM incidents WHERE id = @incident", new { incident }, transaction, cancellationToken: cancellationToken)) ?? "{}")!;
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var filled = RunbookTemplate.Render(definition, labels, missing);
        if ((missing.Count > 0 ? $"the incident has no label {string.Join(", ", missing)}" : services.GetRequiredService<RunbookValidator>().ValidateFilled(filled)) is { } problem)
        {
            await Timeline.AppendAsync(transaction, incident, "runbook_not_started", actor, $"Runbook {runbook} v{live.Version} could not start: {problem}.", null,
                cancellationToken);
            return new RunStart(null, $"runbook: {runbook} v{live.Version} cannot run for this incident: {problem}.");
        }
        var id = Guid.CreateVersion7();
        await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            INSERT INTO runbook_runs (id, tenant_id, incident_id, runbook, version, definition, status, step_id, step_started_at)
            VALUES (@id, @tenant, @incident, @runbook, @version, @definition::jsonb, 'running', @step, now())
            """, new
            {
                id, tenant, incident, runbook, version = live.Version, definition = JsonSerializer.Serialize(filled, JsonSerializerOptions.Web),
                step = definition.Steps[0].Id,
            }, transaction, cancellationToken: cancellationToken));
        await Timeline.AppendAsync(transaction, incident, "runbook_started", actor, $"Runbook {runbook} v{live.Version} started", new { run = id }, cancellationToken);
        signal.Notify();
        return new RunStart(id, null);
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

/// <summary>A started run, or why none started.</summary>
public sealed record RunStart(Guid? Run, string? Problem);

/// <summary>Wakes the runbook runner when a run starts or a decision arrives.</summary>
public sealed class RunbookSignal : MlOps.ServiceDefaults.WakeSignal;
