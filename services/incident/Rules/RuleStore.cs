using MlOps.Incident.Definitions;
using Npgsql;

namespace MlOps.Incident.Rules;

/// <summary>A tenant's alert rules, versioned.</summary>
public sealed class RuleStore(NpgsqlDataSource db) : VersionedStore(db, "alert_rules", 200)
{
    /// <summary>The live rules as the engine reads them, inside the alert's own transaction.</summary>
    public async Task<IReadOnlyList<(AlertRule Rule, int Version)>> RulesAsync(NpgsqlTransaction transaction, string tenant, CancellationToken cancellationToken) =>
        (await LiveAsync(transaction, tenant, cancellationToken)).Select(r => (r.As<AlertRule>()!, r.Version)).ToList();
}
