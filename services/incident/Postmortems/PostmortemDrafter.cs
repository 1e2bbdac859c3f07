using Dapper;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Shutdown;
using Npgsql;

namespace MlOps.Incident.Postmortems;

/// <summary>
/// Drafts the postmortems resolved incidents are waiting for: leases due markers with FOR UPDATE SKIP LOCKED (replicas share
/// the work), drafts outside any transaction (the LLM may be slow), then writes the draft and clears the marker together.
/// </summary>
public sealed partial class PostmortemDrafter(NpgsqlDataSource db, NarrativeDrafter narratives, LeaseHandback handback,
    IOptions<PostmortemOptions> options, ILogger<PostmortemDrafter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var drafted = 0;
            try
            {
                drafted = await DraftDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogDatabaseUnavailable(logger, e);
            }
            if (drafted == 0)
            {
                try
                {
                    await Task.Delay(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async Task<int> DraftDueAsync(CancellationToken cancellationToken)
    {
        var due = await ClaimAsync(cancellationToken);
        for (var i = 0; i < due.Count; i++)
        {
            var (incident, tenant, _) = due[i];
            var from = i;
            // A stop hands this draft and the rest of the batch back at once (a draft is written whole or not at all).
            await handback.RunAsync($"{due.Count - from} postmortem drafts", token => DraftAsync(incident, tenant, token),
                token => ReleaseAsync(due[from..], token), cancellationToken);
        }
        return due.Count;
    }

    private async Task<List<(Guid Incident, string Tenant, DateTime LeasedUntil)>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<(Guid, string, DateTime)>(new CommandDefinition("""
            UPDATE postmortem_pending SET attempts = attempts + 1, next_attempt_at = now() + @lease
            WHERE incident_id IN (
                SELECT incident_id FROM postmortem_pending WHERE next_attempt_at <= now() ORDER BY next_attempt_at LIMIT 10 FOR UPDATE SKIP LOCKED)
            RETURNING incident_id, tenant_id, next_attempt_at
            """, new { lease = options.Value.Lease }, cancellationToken: cancellationToken))).AsList();
    }

    // Due again now for another replica, uncounted; only markers still under this claim's lease (another may hold a later one).
    private async Task<bool> ReleaseAsync(List<(Guid Incident, string Tenant, DateTime LeasedUntil)> claimed,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE postmortem_pending p SET next_attempt_at = now(), attempts = GREATEST(p.attempts - 1, 0)
            FROM unnest(@ids::uuid[], @until::timestamptz[]) AS r(id, until)
            WHERE p.incident_id = r.id AND p.next_attempt_at = r.until
            """, new { ids = claimed.Select(c => c.Incident).ToArray(), until = claimed.Select(c => c.LeasedUntil).ToArray() },
            cancellationToken: cancellationToken)) > 0;
    }

    private async Task DraftAsync(Guid id, string tenant, CancellationToken cancellationToken)
    {
        PostmortemFacts? facts;
        await using (var connection = await db.OpenConnectionAsync(cancellationToken))
        {
            facts = await PostmortemFacts.LoadAsync(connection, tenant, id, cancellationToken);
        }
        if (facts is null)
        {
            return;
        }
        var narrative = await narratives.DraftAsync(facts, cancellationToken);
        var markdown = PostmortemTemplate.Render(facts, narrative ?? PostmortemNarrative.Placeholders);
        await using var writer = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await writer.BeginTransactionAsync(cancellationToken);
        await PostmortemStore.SaveDraftAsync(transaction, facts, markdown, narrative is null ? PostmortemStore.Template : PostmortemStore.Llm,
            cancellationToken);
        await Lifecycle.Timeline.AppendAsync(transaction, id, "postmortem_drafted", "service:incident",
            narrative is null ? "Postmortem drafted from the plain template" : "Postmortem drafted with the LLM's narrative", null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogDrafted(logger, id, narrative is null ? PostmortemStore.Template : PostmortemStore.Llm);
    }

    [LoggerMessage(EventId = 4310, Level = LogLevel.Warning, Message = "Postmortem drafter cannot reach its database; retrying")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4311, Level = LogLevel.Information, Message = "Postmortem for incident {IncidentId} drafted by {DraftedBy}")]
    private static partial void LogDrafted(ILogger logger, Guid incidentId, string draftedBy);
}
