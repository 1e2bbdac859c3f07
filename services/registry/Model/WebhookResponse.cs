namespace MlOps.Registry.Model;

/// <summary>A webhook subscription (never its secret).</summary>
public sealed record WebhookResponse
{
    public const string SelectFrom = "SELECT id, url, event_types AS EventTypes, created_at AS CreatedAt FROM webhook_subscriptions";

    public required Guid Id { get; init; }
    public required string Url { get; init; }
    public required string[] EventTypes { get; init; }
    public required DateTime CreatedAt { get; init; }
}
