using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MlOps.ServiceDefaults.Identity;

/// <summary>The scraper's credential for /metrics, sent as a bearer token; no credential configured means no scraper is let in.</summary>
public static class MetricsCredential
{
    public const string ConfigurationKey = "MlOps:Identity:MetricsCredential";

    public static bool IsHeldBy(HttpRequest request, string? credential)
    {
        var header = request.Headers.Authorization.ToString();
        return !string.IsNullOrEmpty(credential) && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..].Trim()), Encoding.UTF8.GetBytes(credential));
    }
}
