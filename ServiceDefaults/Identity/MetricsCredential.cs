using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MlOps.ServiceDefaults.Identity;

/// <summary>The scraper's credential for /metrics, sent as a bearer token; no credential configured means no scraper is let in.</summary>
public static class MetricsCredential
{
    public const string ConfigurationKey = "MlOps:Identity:MetricsCredential";

    public static bool IsHeldBy(HttpRequest request, string? credential) =>
        !string.IsNullOrEmpty(credential) && BearerToken.Read(request) is { } sent
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(credential));
}
