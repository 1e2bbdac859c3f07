namespace MlOps.Incident.Notifications;

/// <summary>A stored channel, secrets included: for the dispatcher, never returned by the API as is.</summary>
public sealed record Channel(string Name, string Type, string? Url, string? RoutingKey, string? Secret, DateTime CreatedAt, DateTime UpdatedAt);
