using System.ComponentModel.DataAnnotations;

namespace MlOps.Incident.Calls;

/// <summary>MlOps:Incident:Calls: where the platform services that runbook steps act on live (service-discovery names).</summary>
public sealed class PlatformServicesOptions
{
    public const string SectionName = "MlOps:Incident:Calls";

    [Required]
    public Uri IngestUrl { get; set; } = new("http://ingest");

    [Required]
    public Uri InferenceUrl { get; set; } = new("http://inference");

    [Required]
    public Uri GatewayUrl { get; set; } = new("http://gateway");
}
