using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Outbound;

namespace MlOps.Incident.Notifications;

/// <summary>A Slack-compatible incoming webhook: one line of text per incident change.</summary>
public sealed class SlackSender(SafeOutboundHttp http, IOptions<NotificationOptions> options)
{
    public async Task<OutboundResult> SendAsync(PendingDelivery delivery, CancellationToken cancellationToken)
    {
        using var request = JsonPost.To(new Uri(delivery.Url!), new JsonObject { ["text"] = Text(delivery) });
        return await http.SendAsync(request, cancellationToken, options.Value.Timeout, maxResponseBytes: 0);
    }

    public static string Text(PendingDelivery delivery)
    {
        var incident = JsonNode.Parse(delivery.Payload)!.AsObject();
        var verb = delivery.Action switch
        {
            NotificationQueue.Trigger => "triggered",
            NotificationQueue.Acknowledge => "acknowledged",
            _ => "resolved",
        };
        return $"Incident {verb} [{(string?)incident["severity"]}]: {(string?)incident["title"]} (source {(string?)incident["source"]}, "
            + $"id {delivery.IncidentId})" + ((string?)incident["note"] is { } note ? " — " + note : "");
    }
}
