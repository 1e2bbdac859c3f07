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
    public string AdminKeyFile { get; set; } = Path.Combine(".mlops", "admin-key");

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

    /// <summary>
    /// Bodies larger than this are forwarded with "Expect: 100-continue", so a service's refusal of an unread body reaches the
    /// client instead of a 502 (see LargeBodyExpectContinue); smaller ones are sent whole at once.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long ExpectContinueAboveBytes { get; set; } = 64 * 1024;

    /// <summary>Sustained requests per second from one client address, counted before authentication.</summary>
    [Range(1, 10_000_000)]
    public int ClientAddressPermitPerSecond { get; set; } = 2_000;

    /// <summary>Requests one client address may burst above its sustained rate.</summary>
    [Range(1, 10_000_000)]
    public int ClientAddressBurst { get; set; } = 4_000;

    /// <summary>Unknown keys remembered (each for KeyCacheSeconds), apart from known ones so a flood of bad keys cannot push good ones out.</summary>
    [Range(1, 10_000_000)]
    public int UnknownKeyCacheEntries { get; set; } = 10_000;

    /// <summary>How long a key lookup is trusted before the database is asked again.</summary>
    [Range(0, 3600)]
    public int KeyCacheSeconds { get; set; } = 30;
}
