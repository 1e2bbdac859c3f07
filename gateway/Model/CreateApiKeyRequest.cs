using System.ComponentModel.DataAnnotations;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Gateway.Model;

/// <summary>An admin asking for a new key for a tenant.</summary>
public sealed record CreateApiKeyRequest(
    [Required, RegularExpression("^[A-Za-z0-9_-]{1,64}$", ErrorMessage = "tenantId must be 1-64 letters, digits, '-' or '_'.")] string TenantId,
    [Required, StringLength(100, MinimumLength = 1)] string Name,
    [MaxLength(32)] string[]? Scopes,
    DateTime? ExpiresAt) : IValidatableObject
{
    /// <summary>The scopes asked for, trimmed, blanks and repeats dropped.</summary>
    public string[] NormalizedScopes() =>
        (Scopes ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToArray();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var now = (validationContext.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        if (ExpiresAt is { } expires && expires.ToUniversalTime() <= now)
        {
            yield return new("expiresAt must be in the future.", [nameof(ExpiresAt)]);
        }
        if (Scopes?.Any(s => s is null) == true)
        {
            yield return new("scopes: null is not a scope.", [nameof(Scopes)]);
            yield break;
        }
        var scopes = NormalizedScopes();
        if (scopes.FirstOrDefault(s => !PlatformScopes.All.Contains(s)) is { } unknown)
        {
            yield return new($"scopes: '{unknown}' is not a scope; the scopes are {string.Join(", ", PlatformScopes.All.Order(StringComparer.Ordinal))}.",
                [nameof(Scopes)]);
        }
        else if (scopes.Contains(PlatformScopes.Llm))
        {
            // Virtual keys carry a budget and limits an API key has no place for.
            yield return new("scopes: 'llm' keys are virtual keys with a budget and limits; create them with POST /admin/llm-keys.", [nameof(Scopes)]);
        }
    }
}
