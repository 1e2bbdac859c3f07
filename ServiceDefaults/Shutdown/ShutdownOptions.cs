using System.ComponentModel.DataAnnotations;

namespace MlOps.ServiceDefaults.Shutdown;

/// <summary>What a replica does between SIGTERM and closing its port, bound from MlOps:Shutdown.</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "MlOps:Shutdown";

    /// <summary>
    /// How long a stopping replica keeps serving while /health answers 503, so load balancers (the gateway's active health
    /// check, a Kubernetes Service's readiness) stop sending to it before its port closes. Zero (the default) closes at once,
    /// as tests and local runs want; the manifests set it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan DrainDelay { get; set; } = TimeSpan.Zero;
}
