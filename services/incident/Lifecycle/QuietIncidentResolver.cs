using Dapper;
using Microsoft.Extensions.Options;
using MlOps.Incident.Services;
using Npgsql;

namespace MlOps.Incident.Lifecycle;

/// <summary>Resolves incidents whose rule resolves them once quiet, when no alert arrived for that long.</summary>
public sealed partial class QuietIncidentResolver(NpgsqlDataSource db, IncidentStore incidents, IOptions<IncidentOptions> options,
    ILogger<QuietIncidentResolver> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.QuietCheckInterval);
        do
        {
            try
            {
                await ResolveQuietAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogSweepFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One sweep; each incident resolves in its own transaction, skipped when another replica holds it.</summary>
    public async Task<int> ResolveQuietAsync(CancellationToken cancellationToken)
    {
        var resolved = 0;
        for (var more = true; more;)
        {
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var quiet = await connection.QuerySingleOrDefaultAsync<(Guid Id, string Tenant, TimeSpan Quiet)?>(new CommandDefinition("""
                SELECT id, tenant_id, resolve_when_quiet FROM incidents
                WHERE status <> 'resolved' AND resolve_when_quiet IS NOT NULL AND last_alert_at < now() - resolve_when_quiet
                LIMIT 1 FOR UPDATE SKIP LOCKED
                """, transaction: transaction, cancellationToken: cancellationToken));
            more = quiet is not null;
            if (quiet is { } incident)
            {
                await incidents.ResolveAsync(transaction, incident.Tenant, incident.Id, "rule:quiet",
                    $"No alert for {incident.Quiet}; resolved by its rule.", cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                resolved++;
            }
        }
        return resolved;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep for quiet incidents failed; retrying at the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
