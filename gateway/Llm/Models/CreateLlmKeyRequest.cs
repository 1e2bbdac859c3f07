using System.ComponentModel.DataAnnotations;
using System.Text.Json;

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
    JsonElement? Metadata);

/// <summary>A budget: tokens and/or currency per window (day, month, total, or custom with windowSeconds), with a soft alert ratio.</summary>
public sealed record LlmBudgetRequest(
    [Range(1, long.MaxValue)] long? Tokens,
    [Range(0.000001, 1_000_000_000)] decimal? Cost,
    string? Window,
    [Range(60, 366 * 86400)] int? WindowSeconds,
    [Range(0.01, 1)] double? SoftAlertRatio);
