using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace MlOps.Drift.Monitoring;

/// <summary>Fetches reference profiles from the registry; a version's profile never changes, so each is fetched once.</summary>
public sealed class RegistryProfiles(HttpClient http)
{
    private readonly ConcurrentDictionary<(string Tenant, string Model, int Version), ReferenceProfile> _cache = new();

    /// <summary>The profile, or null when the registry has none for the version (404).</summary>
    public async Task<ReferenceProfile?> GetAsync(string tenant, string model, int version, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue((tenant, model, version), out var cached))
        {
            return cached;
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, $"models/{Uri.EscapeDataString(model)}/versions/{version}/profile");
        request.Headers.Add("X-MlOps-Tenant", tenant);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return _cache[(tenant, model, version)] = ReferenceProfile.Parse(document.RootElement);
    }
}
