using System.Security.Cryptography;
using System.Text;

namespace MlOps.ServiceDefaults.Outbound;

/// <summary>
/// Signs deliveries the Standard Webhooks way: HMAC-SHA256 over "{id}.{timestamp}.{body}" with the subscription's
/// secret, sent as "webhook-signature: v1,{base64}" beside "webhook-id" and "webhook-timestamp".
/// </summary>
public static class WebhookSignature
{
    public const string Version = "v1";

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return $"{Version},{Convert.ToBase64String(mac)}";
    }
}
