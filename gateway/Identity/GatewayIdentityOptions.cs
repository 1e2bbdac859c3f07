using System.ComponentModel.DataAnnotations;

namespace MlOps.Gateway.Identity;

/// <summary>The gateway's side of the platform identity, bound from MlOps:Gateway:Identity.</summary>
public sealed class GatewayIdentityOptions
{
    public const string SectionName = "MlOps:Gateway:Identity";

    /// <summary>ES256 private keys (PEM), the first one signing; keep the previous key listed for a token lifetime after a rotation.</summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>How long a token the gateway signs is valid.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Service credentials by service name: what each service trades for its identity at POST /identity/token.</summary>
    public Dictionary<string, string> Services { get; set; } = [];

    /// <summary>Tokens kept for reuse, one per API key (renewed at half their life).</summary>
    [Range(1, 10_000_000)]
    public int ForwardedTokenCacheSize { get; set; } = 100_000;
}
