namespace MlOps.Incident.Notifications;

/// <summary>The body of PUT /channels/{name}; checked by <see cref="ChannelValidator"/>, which names the field at fault.</summary>
public sealed record ChannelRequest(string? Type, string? Url, string? RoutingKey);
