using MlOps.Incident.Definitions;
using MlOps.Incident.Rules;
using MlOps.Incident.Services;
using Npgsql;

namespace MlOps.Incident.Alerts;

/// <summary>Routes an alert through the tenant's rules and applies it to the incidents, in one transaction.</summary>
public sealed class AlertIntake(NpgsqlDataSource db, IncidentStore store, RuleStore ruleStore, ShippedDefinitions shipped, TimeProvider time)
{
    private const int Attempts = 3;

    /// <summary>In its own transaction; a race with another replica opening the same key is retried, and then groups.</summary>
    public async Task<AlertOutcome> ReceiveAsync(AlertSignal alert, Guid correlationId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var outcome = await ReceiveAsync(transaction, alert, correlationId, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return outcome;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && attempt < Attempts)
            {
                // Another replica reopened or opened this key between our read and write; the next attempt joins it.
            }
        }
    }

    /// <summary>In the caller's transaction (a consumer's inbox transaction).</summary>
    public async Task<AlertOutcome> ReceiveAsync(NpgsqlTransaction transaction, AlertSignal alert, Guid correlationId, CancellationToken cancellationToken)
    {
        await shipped.EnsureAsync(transaction, alert.Tenant, cancellationToken);
        var rules = await ruleStore.RulesAsync(transaction, alert.Tenant, cancellationToken);
        var routing = RuleEngine.Route(alert, rules, time.GetUtcNow());
        return await store.RecordAlertAsync(transaction, alert, routing, correlationId, cancellationToken);
    }
}
