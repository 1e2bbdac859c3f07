using System.ComponentModel.DataAnnotations;

namespace MlOps.ServiceDefaults.Identity;

/// <summary>How a service checks the gateway's tokens and gets its own, bound from MlOps:Identity.</summary>
public sealed class IdentityOptions
{
    public const string SectionName = "MlOps:Identity";

    /// <summary>The gateway's public keys as a JWKS document (the AppHost passes them); used with or instead of <see cref="JwksUrl"/>.</summary>
    public string? Jwks { get; set; }

    /// <summary>Where to fetch the gateway's JWKS (e.g. http://gateway/.well-known/jwks.json); asked again for an unknown key id.</summary>
    public Uri? JwksUrl { get; set; }

    /// <summary>The gateway's token endpoint, where this service trades its credential for a service identity.</summary>
    public Uri? TokenUrl { get; set; }

    /// <summary>This service's name as the gateway knows its credential (e.g. trainer).</summary>
    public string? ServiceName { get; set; }

    /// <summary>This service's credential for the token endpoint (a secret: environment or user secrets).</summary>
    public string? ServiceSecret { get; set; }

    /// <summary>The credential a Prometheus scraper sends as a bearer token for /metrics; when empty /metrics is refused.</summary>
    public string? MetricsCredential { get; set; }

    /// <summary>Validated tokens kept so a repeated token is not verified again (each until it expires).</summary>
    [Range(0, 1_000_000)]
    public int ValidatedTokenCacheSize { get; set; } = 10_000;

    /// <summary>Clock difference tolerated between the gateway and this service.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
