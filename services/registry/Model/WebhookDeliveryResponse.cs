namespace MlOps.Registry.Model;

/// <summary>One delivery of an event to a subscription: its state and last attempt.</summary>
public sealed record WebhookDeliveryResponse
{
    public const string SelectFrom =
        "SELECT id, event_type AS EventType, status, attempts, last_status_code AS LastStatusCode, last_error AS LastError, created_at AS CreatedAt, delivered_at AS DeliveredAt FROM webhook_deliveries";

    public required Guid Id { get; init; }
    public required string EventType { get; init; }
    public required string Status { get; init; }
    public required int Attempts { get; init; }
    public int? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? DeliveredAt { get; init; }
}
