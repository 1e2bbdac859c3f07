using System.ComponentModel.DataAnnotations;

namespace MlOps.Incident.Notifications;

/// <summary>MlOps:Incident:PagerDuty: where Events API v2 events go, and the routing key of channels that name none.</summary>
public sealed class PagerDutyOptions
{
    public const string SectionName = "MlOps:Incident:PagerDuty";

    /// <summary>Events are posted to {BaseUrl}/v2/enqueue.</summary>
    [Required, Url]
    public string BaseUrl { get; set; } = "https://events.pagerduty.com";

    public string? RoutingKey { get; set; }

    public Uri EnqueueUrl => new(BaseUrl.TrimEnd('/') + "/v2/enqueue");
}
