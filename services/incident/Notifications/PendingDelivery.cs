namespace MlOps.Incident.Notifications;

/// <summary>A claimed delivery with its channel (whose fields are null when the channel was deleted since).</summary>
public sealed record PendingDelivery(Guid Id, Guid IncidentId, string Channel, string Action, string Payload, int Attempts, string? Type, string? Url,
    string? RoutingKey, string? Secret);
