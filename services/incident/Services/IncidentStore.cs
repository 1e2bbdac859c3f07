using Dapper;
using MlOps.Contracts;
using MlOps.Incident.Alerts;
using MlOps.Incident.Lifecycle;
using MlOps.Incident.Notifications;
using MlOps.ServiceDefaults.Messaging;
using Npgsql;

namespace MlOps.Incident.Services;

/// <summary>Incident state changes; each writes its timeline entry and its event to the outbox in the same transaction.</summary>
public sealed class IncidentStore(OutboxWriter outbox, IncidentMetrics metrics, Runbooks.RunbookRuns runbooks)
{
    public async Task<Guid> OpenAsync(NpgsqlTransaction transaction, string tenant, string title, string severity, string source, string actor,
        Guid correlationId, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "INSERT INTO incidents (id, tenant_id, title, severity, source) VALUES (@id, @tenant, @title, @severity, @source)",
            new { id, tenant, title, severity, source }, transaction, cancellationToken: cancellationToken));
        await Timeline.AppendAsync(transaction, id, "opened", actor, $"Opened: {title}", new { severity, source }, cancellationToken);
        await NotificationQueue.EnqueueAsync(transaction, id, NotificationQueue.Trigger, cancellationToken);
        await PublishOpenedAsync(transaction, tenant, id, title, severity, source, correlationId, cancellationToken);
        return id;
    }

    /// <summary>
    /// Applies one alert: a firing alert joins the active incident of its dedup key or opens one (the partial unique index
    /// makes that exact across replicas); a resolved alert marks its source resolved and resolves the incident when nothing
    /// behind it still fires.
    /// </summary>
    public async Task<AlertOutcome> RecordAlertAsync(NpgsqlTransaction transaction, AlertSignal alert, AlertRouting routing, Guid correlationId,
        CancellationToken cancellationToken)
    {
        if (routing.SuppressedBy is not null)
        {
            return new AlertOutcome(AlertOutcome.Suppressed, null, routing.DedupKey);
        }
        return alert.Firing
            ? await RecordFiringAsync(transaction, alert, routing, correlationId, cancellationToken)
            : await RecordResolvedAsync(transaction, alert, routing, cancellationToken);
    }

    private async Task<AlertOutcome> RecordFiringAsync(NpgsqlTransaction transaction, AlertSignal alert, AlertRouting routing, Guid correlationId,
        CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        var reopened = routing.ReopenWindow > TimeSpan.Zero
            && await ReopenRecentAsync(transaction, alert, routing, cancellationToken) is { } recent ? recent : (Guid?)null;
        var args = new
        {
            id = Guid.CreateVersion7(), tenant = alert.Tenant, title = alert.Title, severity = routing.Severity, source = alert.Source,
            dedupKey = routing.DedupKey, description = alert.Description, labels = Json(alert.Labels), links = Json(alert.Links),
            count = alert.Count, rule = routing.Rule, runbook = routing.Runbook, channels = routing.Channels.ToArray(), quiet = routing.ResolveWhenQuiet,
        };
        var (id, inserted) = await connection.QuerySingleAsync<(Guid Id, bool Inserted)>(new CommandDefinition("""
            INSERT INTO incidents AS i (id, tenant_id, title, severity, source, dedup_key, description, labels, links, alert_count, last_alert_at,
                rule, runbook, channels, resolve_when_quiet)
            VALUES (@id, @tenant, @title, @severity, @source, @dedupKey, @description, @labels::jsonb, @links::jsonb, @count, now(),
                @rule, @runbook, @channels, @quiet)
            ON CONFLICT (tenant_id, dedup_key) WHERE status <> 'resolved' AND dedup_key IS NOT NULL DO UPDATE SET
                alert_count = i.alert_count + EXCLUDED.alert_count, last_alert_at = now(), updated_at = now(),
                severity = CASE WHEN severity_rank(EXCLUDED.severity) > severity_rank(i.severity) THEN EXCLUDED.severity ELSE i.severity END
            RETURNING id, xmax = 0
            """, args, transaction, cancellationToken: cancellationToken));
        var previous = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT status FROM incident_alerts WHERE incident_id = @id AND alert_key = @key", new { id, key = alert.AlertKey }, transaction,
            cancellationToken: cancellationToken));
        await UpsertAlertAsync(transaction, id, alert.AlertKey, "firing", alert.Count, cancellationToken);
        if (inserted)
        {
            await Timeline.AppendAsync(transaction, id, "opened", Actor(alert), $"Opened by {alert.Source}: {alert.Title}",
                new { alert.AlertKey, routing.DedupKey, routing.Severity, routing.Rule, alert.Labels }, cancellationToken);
            await NotificationQueue.EnqueueAsync(transaction, id, NotificationQueue.Trigger, cancellationToken);
            await PublishOpenedAsync(transaction, alert.Tenant, id, alert.Title, routing.Severity, alert.Source, correlationId, cancellationToken);
            if (routing.Runbook is { } runbook)
            {
                await runbooks.StartAsync(transaction, alert.Tenant, id, runbook, $"rule:{routing.Rule}", cancellationToken);
            }
            return new AlertOutcome(AlertOutcome.Opened, id, routing.DedupKey);
        }
        if (previous != "firing")
        {
            // A new alert behind the incident, or one firing again: worth a line; repeats are only counted.
            await Timeline.AppendAsync(transaction, id, "alert", Actor(alert), $"{(previous is null ? "Alert" : "Alert firing again")}: {alert.Title}",
                new { alert.AlertKey, alert.Severity, alert.Labels }, cancellationToken);
        }
        return new AlertOutcome(reopened == id ? AlertOutcome.Reopened : AlertOutcome.Grouped, id, routing.DedupKey);
    }

    private async Task<Guid?> ReopenRecentAsync(NpgsqlTransaction transaction, AlertSignal alert, AlertRouting routing, CancellationToken cancellationToken)
    {
        // The outer status check is re-read under the row lock, so two replicas cannot both reopen one incident.
        var id = await transaction.Connection!.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition("""
            UPDATE incidents SET status = 'open', resolved_at = NULL, resolution = NULL, acknowledged_at = NULL, mitigated_at = NULL, updated_at = now()
            WHERE status = 'resolved' AND id = (
                SELECT id FROM incidents WHERE tenant_id = @tenant AND dedup_key = @key AND status = 'resolved' AND resolved_at > now() - @window
                ORDER BY resolved_at DESC LIMIT 1)
              AND NOT EXISTS (SELECT 1 FROM incidents WHERE tenant_id = @tenant AND dedup_key = @key AND status <> 'resolved')
            RETURNING id
            """, new { tenant = alert.Tenant, key = routing.DedupKey, window = routing.ReopenWindow }, transaction, cancellationToken: cancellationToken));
        if (id is { } reopened)
        {
            await Timeline.AppendAsync(transaction, reopened, "reopened", Actor(alert),
                $"Reopened by {alert.Source}: fired again within {routing.ReopenWindow} of resolution", new { alert.AlertKey }, cancellationToken);
            await NotificationQueue.EnqueueAsync(transaction, reopened, NotificationQueue.Trigger, cancellationToken);
        }
        return id;
    }

    private async Task<AlertOutcome> RecordResolvedAsync(NpgsqlTransaction transaction, AlertSignal alert, AlertRouting routing,
        CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        var id = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM incidents WHERE tenant_id = @tenant AND dedup_key = @key AND status <> 'resolved' FOR UPDATE",
            new { tenant = alert.Tenant, key = routing.DedupKey }, transaction, cancellationToken: cancellationToken));
        if (id is not { } incident)
        {
            return new AlertOutcome(AlertOutcome.Recorded, null, routing.DedupKey);
        }
        await UpsertAlertAsync(transaction, incident, alert.AlertKey, "resolved", alert.Count, cancellationToken);
        await Timeline.AppendAsync(transaction, incident, "alert_resolved", Actor(alert), $"Resolved at the source: {alert.Title}",
            new { alert.AlertKey }, cancellationToken);
        var stillFiring = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM incident_alerts WHERE incident_id = @incident AND status = 'firing')",
            new { incident }, transaction, cancellationToken: cancellationToken));
        if (stillFiring || !routing.ResolveWithSource)
        {
            return new AlertOutcome(AlertOutcome.Recorded, incident, routing.DedupKey);
        }
        await ResolveAsync(transaction, alert.Tenant, incident, Actor(alert), $"Every alert behind it resolved at {alert.Source}.", cancellationToken);
        return new AlertOutcome(AlertOutcome.Resolved, incident, routing.DedupKey);
    }

    private static Task UpsertAlertAsync(NpgsqlTransaction transaction, Guid incident, string key, string status, int count, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            INSERT INTO incident_alerts (incident_id, alert_key, status, received) VALUES (@incident, @key, @status, @count)
            ON CONFLICT (incident_id, alert_key) DO UPDATE SET status = EXCLUDED.status, received = incident_alerts.received + EXCLUDED.received, last_at = now()
            """, new { incident, key, status, count }, transaction, cancellationToken: cancellationToken));

    /// <summary>Resolves an active incident; false when it does not exist for the tenant or is already resolved.</summary>
    public async Task<bool> ResolveAsync(NpgsqlTransaction transaction, string tenant, Guid id, string actor, string resolution, CancellationToken cancellationToken)
    {
        var times = await transaction.Connection!.QuerySingleOrDefaultAsync<(DateTime OpenedAt, DateTime ResolvedAt)?>(new CommandDefinition("""
            UPDATE incidents SET status = 'resolved', resolved_at = now(), resolution = @resolution, updated_at = now()
            WHERE id = @id AND tenant_id = @tenant AND status <> 'resolved'
            RETURNING opened_at, resolved_at
            """, new { id, tenant, resolution }, transaction, cancellationToken: cancellationToken));
        if (times is not { } resolved)
        {
            return false;
        }
        await Timeline.AppendAsync(transaction, id, "resolved", actor, $"Resolved: {resolution}", null, cancellationToken);
        await NotificationQueue.EnqueueAsync(transaction, id, NotificationQueue.Resolve, cancellationToken);
        await Postmortems.PostmortemQueue.EnqueueAsync(transaction, tenant, id, cancellationToken);
        await outbox.EnqueueAsync(transaction, new IncidentResolved { TenantId = tenant, IncidentId = id, Resolution = resolution }, cancellationToken);
        metrics.Resolved(tenant, resolved.ResolvedAt - resolved.OpenedAt);
        return true;
    }

    private async Task PublishOpenedAsync(NpgsqlTransaction transaction, string tenant, Guid id, string title, string severity, string source,
        Guid correlationId, CancellationToken cancellationToken)
    {
        await outbox.EnqueueAsync(transaction, new IncidentOpened
        {
            TenantId = tenant, IncidentId = id, Title = title, Severity = severity, Source = source, CorrelationId = correlationId,
        }, cancellationToken);
        metrics.Opened(tenant, source);
    }

    private static string Actor(AlertSignal alert) => "source:" + alert.Source;

    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, System.Text.Json.JsonSerializerOptions.Web);
}
