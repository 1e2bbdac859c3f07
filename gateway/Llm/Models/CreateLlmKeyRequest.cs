using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using MlOps.Gateway.Llm.Admission;
using MlOps.Gateway.Llm.Caching;
using MlOps.Gateway.Llm.Guards;
using MlOps.Gateway.Llm.Quotas;

namespace MlOps.Gateway.Llm.Models;

/// <summary>An admin asking for a virtual key: an API key with the llm scope and its LLM policy.</summary>
public sealed record CreateLlmKeyRequest(
    [Required, RegularExpression("^[A-Za-z0-9_-]{1,64}$", ErrorMessage = "tenantId must be 1-64 letters, digits, '-' or '_'.")] string TenantId,
    [Required, StringLength(100, MinimumLength = 1)] string Name,
    [StringLength(100)] string? Team,
    [MaxLength(100)] string[]? Models,
    [MaxLength(20)] string[]? Routes,
    LlmBudgetRequest? Budget,
    [Range(1, 10_000_000)] int? Rpm,
    [Range(1, 1_000_000_000)] int? Tpm,
    string? Cache,
    bool CacheNondeterministic,
    [Range(1, 30 * 86400)] int? CacheTtlSeconds,
    string? InputGuard,
    string? OutputGuard,
    DateTime? ExpiresAt,
    JsonElement? Metadata) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var now = (validationContext.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        if (ExpiresAt is { } expires && expires.ToUniversalTime() <= now)
        {
            yield return new("expiresAt must be in the future.", [nameof(ExpiresAt)]);
        }
        if (Budget is { Tokens: null, Cost: null })
        {
            yield return new("budget needs tokens, cost or both.", [nameof(Budget)]);
        }
        if (Models?.Any(m => m is null) == true)
        {
            yield return new("models: null is not a model.", [nameof(Models)]);
        }
        if (Array.FindIndex(Routes ?? [], r => r is null || !r.StartsWith("/v1/", StringComparison.Ordinal)) is >= 0 and var bad)
        {
            yield return new($"routes must start with /v1/ ('{Routes![bad] ?? "null"}' does not).", [nameof(Routes)]);
        }
        if (Cache is { } cache && !CacheModes.All.Contains(cache))
        {
            yield return new($"cache must be one of {string.Join(", ", CacheModes.All)}.", [nameof(Cache)]);
        }
        if (InputGuard is { } input && !InputGuards.All.Contains(input))
        {
            yield return new($"inputGuard must be one of {string.Join(", ", InputGuards.All)}.", [nameof(InputGuard)]);
        }
        if (OutputGuard is { } output && !OutputGuards.All.Contains(output))
        {
            yield return new($"outputGuard must be one of {string.Join(", ", OutputGuards.All)}.", [nameof(OutputGuard)]);
        }
    }
}

/// <summary>A budget: tokens and/or currency per window (day, month, total, or custom with windowSeconds), with a soft alert ratio.</summary>
public sealed record LlmBudgetRequest(
    [Range(1, long.MaxValue)] long? Tokens,
    [Range(0.000001, 1_000_000_000)] decimal? Cost,
    string? Window,
    [Range(60, 366 * 86400)] int? WindowSeconds,
    [Range(0.01, 1)] double? SoftAlertRatio) : IValidatableObject
{
    // Reported under "budget.<member>": the validator prefixes the members named here with the field that holds the budget.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Window is { } window && !QuotaWindows.BudgetWindows.Contains(window))
        {
            yield return new($"budget.window must be one of {string.Join(", ", QuotaWindows.BudgetWindows)}.", [nameof(Window)]);
        }
        else if ((Window == QuotaWindows.Custom) != (WindowSeconds is not null))
        {
            yield return new("budget.windowSeconds is required with window 'custom' and only with it.", [nameof(WindowSeconds)]);
        }
    }
}
