using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Outbound;

namespace MlOps.Incident.Notifications;

/// <summary>
/// PagerDuty Events API v2: POST {BaseUrl}/v2/enqueue with the routing key, the action and the incident id as dedup_key, so
/// acknowledge and resolve reach the alert that trigger opened; only a trigger carries a payload. PagerDuty answers 202.
/// </summary>
public sealed class PagerDutySender(SafeOutboundHttp http, IOptions<PagerDutyOptions> pagerDuty, IOptions<NotificationOptions> options)
{
    public const int MaxSummaryLength = 1024;

    public static readonly OutboundResult NoRoutingKey =
        OutboundResult.Failed(OutboundOutcome.Refused, "not sent: no routing key on the channel or in MlOps:Incident:PagerDuty:RoutingKey");

    public async Task<OutboundResult> SendAsync(PendingDelivery delivery, CancellationToken cancellationToken)
    {
        if ((delivery.RoutingKey ?? pagerDuty.Value.RoutingKey) is not { Length: > 0 } routingKey)
        {
            return NoRoutingKey;
        }
        var body = new JsonObject
        {
            ["routing_key"] = routingKey,
            ["event_action"] = delivery.Action,
            ["dedup_key"] = delivery.IncidentId.ToString(),
        };
        if (delivery.Action == NotificationQueue.Trigger)
        {
            var incident = JsonNode.Parse(delivery.Payload)!.AsObject();
            var title = (string?)incident["title"] ?? "";
            body["payload"] = new JsonObject
            {
                ["summary"] = title.Length > MaxSummaryLength ? title[..MaxSummaryLength] : title,
                ["source"] = (string?)incident["source"],
                ["severity"] = Severity((string?)incident["severity"]),
                ["custom_details"] = incident.DeepClone(),
            };
            body["links"] = new JsonArray([.. (incident["links"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(l => new JsonObject { ["href"] = l["href"]?.DeepClone(), ["text"] = l["text"]?.DeepClone() })]);
        }
        using var request = JsonPost.To(pagerDuty.Value.EnqueueUrl, body);
        return await http.SendAsync(request, cancellationToken, options.Value.Timeout, maxResponseBytes: 0);
    }

    /// <summary>Our severities in PagerDuty's words.</summary>
    public static string Severity(string? severity) => severity switch
    {
        "critical" => "critical",
        "high" => "error",
        "medium" => "warning",
        _ => "info",
    };
}
