using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace MlOps.Gateway.Llm;

/// <summary>
/// Virtual keys' LLM policies, cached per key for the hot path (policies are written with their key and do not change in
/// place; a revoked key is refused by authentication before its policy is looked at).
/// </summary>
public sealed class LlmKeyPolicyStore(NpgsqlDataSource db, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<Guid, (LlmKeyPolicy? Policy, DateTime Until)> _cache = new();

    public async ValueTask<LlmKeyPolicy?> FindAsync(Guid keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_cache.TryGetValue(keyId, out var cached) && cached.Until > now)
        {
            return cached.Policy;
        }
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var policy = await connection.QuerySingleOrDefaultAsync<LlmKeyPolicy>(new CommandDefinition(
            $"{LlmKeyPolicy.SelectFrom} WHERE key_id = @keyId", new { keyId }, cancellationToken: cancellationToken));
        _cache[keyId] = (policy, now + CacheFor);
        return policy;
    }

    /// <summary>Stores a new key's policy in the transaction that creates the key.</summary>
    public static Task InsertAsync(NpgsqlTransaction transaction, LlmKeyPolicy policy, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO llm_key_policies (key_id, team, allowed_models, allowed_routes, budget_tokens, budget_cost_micros, budget_window,
                budget_window_seconds, soft_alert_ratio, rpm, tpm, cache, cache_nondeterministic, cache_ttl_seconds, input_guard, output_guard, metadata)
            VALUES (@KeyId, @Team, @AllowedModels, @AllowedRoutes, @BudgetTokens, @BudgetCostMicros, @BudgetWindow,
                @BudgetWindowSeconds, @SoftAlertRatio, @Rpm, @Tpm, @Cache, @CacheNondeterministic, @CacheTtlSeconds, @InputGuard, @OutputGuard, @Metadata::jsonb)
            """, policy, transaction, cancellationToken: cancellationToken));
}
