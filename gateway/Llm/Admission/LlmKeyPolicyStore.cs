using System.Collections.Concurrent;
using Dapper;
using MlOps.Gateway.Llm.Models;
using Npgsql;

namespace MlOps.Gateway.Llm.Admission;

/// <summary>
/// Virtual keys' LLM policies, cached per key for the hot path; a change (limits, block) is announced with PostgreSQL NOTIFY and
/// every replica evicts the key's policy. A revoked key is refused by authentication before its policy is looked at.
/// </summary>
public sealed class LlmKeyPolicyStore(NpgsqlDataSource db, TimeProvider time) : ILlmKeyPolicies
{
    public const string ChangeChannel = "mlops_llm_policy_changed";

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

    /// <summary>Changes a key's limits and block in place; null when the key has no policy (not a virtual key).</summary>
    public async Task<LlmKeyPolicy?> UpdateAsync(Guid keyId, UpdateLlmKeyRequest change, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE llm_key_policies SET rpm = coalesce(@Rpm, rpm), tpm = coalesce(@Tpm, tpm), blocked = coalesce(@Blocked, blocked),
                blocked_reason = CASE WHEN @Blocked IS NULL THEN blocked_reason WHEN @Blocked THEN @Reason END, updated_at = now()
            WHERE key_id = @keyId
            """, new { keyId, change.Rpm, change.Tpm, change.Blocked, change.Reason }, transaction, cancellationToken: cancellationToken));
        if (updated == 0)
        {
            return null;
        }
        // Delivered on commit: every replica drops its cached policy.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@channel, @id)", new { channel = ChangeChannel, id = keyId.ToString() },
            transaction, cancellationToken: cancellationToken));
        var policy = await connection.QuerySingleAsync<LlmKeyPolicy>(new CommandDefinition($"{LlmKeyPolicy.SelectFrom} WHERE key_id = @keyId", new { keyId },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        Evict(keyId);
        return policy;
    }

    public void Evict(Guid keyId) => _cache.TryRemove(keyId, out _);

    public void EvictAll() => _cache.Clear();
}
