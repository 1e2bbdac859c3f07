using System.Text.Json;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Model;

namespace MlOps.Gateway.Llm.Models;

/// <summary>A virtual key as the admin API shows it: the key (never its secret) and its policy, costs in currency units.</summary>
public sealed record LlmKeyView(
    ApiKeyResponse Key, string? Team, string[] Models, string[] Routes, long? BudgetTokens, decimal? BudgetCost, string BudgetWindow,
    int? BudgetWindowSeconds, double SoftAlertRatio, int? Rpm, int? Tpm, string Cache, bool CacheNondeterministic, int CacheTtlSeconds,
    string InputGuard, string OutputGuard, JsonElement Metadata, bool Blocked, string? BlockedReason)
{
    public static LlmKeyView Of(ApiKeyResponse key, LlmKeyPolicy p) => new(
        key, p.Team, p.AllowedModels, p.AllowedRoutes, p.BudgetTokens, p.BudgetCostMicros / 1_000_000m, p.BudgetWindow, p.BudgetWindowSeconds,
        p.SoftAlertRatio, p.Rpm, p.Tpm, p.Cache, p.CacheNondeterministic, p.CacheTtlSeconds, p.InputGuard, p.OutputGuard, JsonDocument.Parse(p.Metadata).RootElement.Clone(),
        p.Blocked, p.BlockedReason);
}

/// <summary>The answer to creating a virtual key: the only time the secret is shown.</summary>
public sealed record CreatedLlmKeyResponse(LlmKeyView Key, string Secret);
