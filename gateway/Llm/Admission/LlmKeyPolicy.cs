using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Quotas;

namespace MlOps.Gateway.Llm.Admission;

/// <summary>What a virtual key may do on the LLM routes: its models and routes, budget, rate limits and cache.</summary>
public sealed class LlmKeyPolicy
{
    public const string SelectFrom =
        """
        SELECT key_id AS KeyId, team, allowed_models AS AllowedModels, allowed_routes AS AllowedRoutes, budget_tokens AS BudgetTokens,
               budget_cost_micros AS BudgetCostMicros, budget_window AS BudgetWindow, budget_window_seconds AS BudgetWindowSeconds,
               soft_alert_ratio AS SoftAlertRatio, rpm, tpm, cache, cache_nondeterministic AS CacheNondeterministic,
               cache_ttl_seconds AS CacheTtlSeconds, input_guard AS InputGuard, output_guard AS OutputGuard, metadata::text AS Metadata,
               blocked, blocked_reason AS BlockedReason
        FROM llm_key_policies
        """;

    public Guid KeyId { get; set; }
    public string? Team { get; set; }
    public string[] AllowedModels { get; set; } = [];
    public string[] AllowedRoutes { get; set; } = [];
    public long? BudgetTokens { get; set; }
    public long? BudgetCostMicros { get; set; }
    public string BudgetWindow { get; set; } = QuotaWindows.Month;
    public int? BudgetWindowSeconds { get; set; }
    public double SoftAlertRatio { get; set; } = 0.8;
    public int? Rpm { get; set; }
    public int? Tpm { get; set; }
    public string Cache { get; set; } = CacheModes.Exact;
    public bool CacheNondeterministic { get; set; }
    public int CacheTtlSeconds { get; set; } = 3600;
    public string InputGuard { get; set; } = InputGuards.Rules;
    public string OutputGuard { get; set; } = OutputGuards.Redact;
    public string Metadata { get; set; } = "{}";
    /// <summary>Refused on every LLM route until unblocked (the key itself stays valid).</summary>
    public bool Blocked { get; set; }
    public string? BlockedReason { get; set; }

    /// <summary>Whether the key may call this model (no list: every model).</summary>
    public bool Allows(string model) => AllowedModels.Length == 0 || AllowedModels.Contains(model, StringComparer.Ordinal);

    /// <summary>Whether the key may call this route, e.g. /v1/embeddings (no list: every LLM route).</summary>
    public bool AllowsRoute(string path) => AllowedRoutes.Length == 0 || AllowedRoutes.Any(r => path.StartsWith(r, StringComparison.Ordinal));
}
