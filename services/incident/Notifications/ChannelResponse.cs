namespace MlOps.Incident.Notifications;

/// <summary>
/// A channel as the API returns it: the URL cut to its origin and the routing key to its last characters, since both carry
/// secrets; <see cref="Secret"/> is set only in the answer to the PUT that created the webhook's secret.
/// </summary>
public sealed record ChannelResponse(string Name, string Type, string? Url, string? RoutingKey, DateTime CreatedAt, DateTime UpdatedAt,
    string? Secret = null)
{
    public static ChannelResponse Of(Channel channel, string? newSecret = null) => new(channel.Name, channel.Type, MaskUrl(channel.Url),
        MaskKey(channel.RoutingKey), channel.CreatedAt, channel.UpdatedAt, newSecret);

    private static string? MaskUrl(string? url) =>
        url is null ? null : Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) + "/…" : "…";

    private static string? MaskKey(string? key) => key is null ? null : key.Length >= 16 ? "…" + key[^4..] : "…";
}
