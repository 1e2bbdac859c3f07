using System.ComponentModel.DataAnnotations;

namespace MlOps.Gateway;

/// <summary>Gateway settings, bound from MlOps:Gateway; the admin key also from MLOPS_ADMIN_KEY.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "MlOps:Gateway";

    /// <summary>An admin key to register at start; when empty one is generated once.</summary>
    [MinLength(16)]
    public string? AdminKey { get; set; }

    /// <summary>Where a generated admin key is written (mode 600; relative paths from the content root); it is never logged.</summary>
    [Required]
    public string AdminKeyFile { get; set; } = "admin-key";

    /// <summary>Sustained requests per second allowed per key.</summary>
    [Range(1, 1_000_000)]
    public int PermitPerSecond { get; set; } = 200;

    /// <summary>Requests a key may burst above the sustained rate.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 400;

    /// <summary>Largest request body the gateway forwards (model uploads pass through it); services enforce their own limits.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// Body limits of service routes that take more than MlOps:MaxRequestBodyBytes (the services' default, which the gateway
    /// enforces on every other service route), by gateway path; '*' stands for one segment.
    /// </summary>
    public Dictionary<string, long> ServiceBodyLimits { get; set; } = [];

    /// <summary>How long a key lookup is trusted before the database is asked again.</summary>
    [Range(0, 3600)]
    public int KeyCacheSeconds { get; set; } = 30;
}
