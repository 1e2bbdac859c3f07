using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using MlOps.ServiceDefaults.Outbound;

namespace MlOps.Incident.Notifications;

/// <summary>
/// A generic webhook signed the Standard Webhooks way, as the registry signs its own: the delivery id is webhook-id, so a
/// receiver can drop the retries of a delivery it already has.
/// </summary>
public sealed class SignedWebhookSender(SafeOutboundHttp http, TimeProvider time, IOptions<NotificationOptions> options)
{
    public static readonly OutboundResult Unsignable = OutboundResult.Failed(OutboundOutcome.Refused, "not sent: the channel's secret is invalid");

    public async Task<OutboundResult> SendAsync(PendingDelivery delivery, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["type"] = EventType(delivery.Action), ["incident"] = JsonNode.Parse(delivery.Payload) }.ToJsonString();
        var id = delivery.Id.ToString();
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        string signature;
        try
        {
            signature = WebhookSignature.Sign(delivery.Secret ?? "", id, timestamp, body);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return Unsignable;
        }
        using var request = JsonPost.To(new Uri(delivery.Url!), body);
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);
        return await http.SendAsync(request, cancellationToken, options.Value.Timeout, maxResponseBytes: 0);
    }

    public static string EventType(string action) => action switch
    {
        NotificationQueue.Trigger => "incident.triggered",
        NotificationQueue.Acknowledge => "incident.acknowledged",
        _ => "incident.resolved",
    };
}
