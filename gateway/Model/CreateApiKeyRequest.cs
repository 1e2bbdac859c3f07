using System.ComponentModel.DataAnnotations;

namespace MlOps.Gateway.Model;

/// <summary>An admin asking for a new key for a tenant.</summary>
public sealed record CreateApiKeyRequest(
    [Required, RegularExpression("^[A-Za-z0-9_-]{1,64}$", ErrorMessage = "tenantId must be 1-64 letters, digits, '-' or '_'.")] string TenantId,
    [Required, StringLength(100, MinimumLength = 1)] string Name,
    [MaxLength(32)] string[]? Scopes,
    DateTime? ExpiresAt);
