using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using MlOps.Drift.Skew;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Drift.Monitoring;

/// <summary>What the registry holds about a version to compare live traffic with; immutable per version, so each is fetched once.</summary>
public sealed class RegistryReferences(HttpClient http)
{
    private readonly ConcurrentDictionary<(string Tenant, string Model, int Version), ReferenceProfile> _profiles = new();
    private readonly ConcurrentDictionary<(string Tenant, string Model, int Version), IReadOnlyDictionary<string, double>> _metrics = new();
    private readonly ConcurrentDictionary<(string Tenant, string Model, int Version), TrainingLineage> _lineage = new();

    /// <summary>The reference profile, or null when the registry has none for the version (404).</summary>
    public async Task<ReferenceProfile?> GetProfileAsync(string tenant, string model, int version, CancellationToken cancellationToken)
    {
        if (_profiles.TryGetValue((tenant, model, version), out var cached))
        {
            return cached;
        }
        using var document = await GetAsync(tenant, $"models/{Uri.EscapeDataString(model)}/versions/{version}/profile", cancellationToken);
        return document is null ? null : _profiles[(tenant, model, version)] = ReferenceProfile.Parse(document.RootElement);
    }

    /// <summary>The holdout metrics registered with the version, or null when the version is unknown.</summary>
    public async Task<IReadOnlyDictionary<string, double>?> GetMetricsAsync(string tenant, string model, int version, CancellationToken cancellationToken)
    {
        if (_metrics.TryGetValue((tenant, model, version), out var cached))
        {
            return cached;
        }
        using var document = await GetAsync(tenant, $"models/{Uri.EscapeDataString(model)}/versions/{version}", cancellationToken);
        if (document is null)
        {
            return null;
        }
        var metrics = document.RootElement.TryGetProperty("metrics", out var values) && values.ValueKind == JsonValueKind.Object
            ? values.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.Number).ToDictionary(m => m.Name, m => m.Value.GetDouble(), StringComparer.Ordinal)
            : [];
        return _metrics[(tenant, model, version)] = metrics;
    }

    /// <summary>The feature store training set (and feature service) the version learned from; null when the version is unknown.</summary>
    public async Task<TrainingLineage?> GetLineageAsync(string tenant, string model, int version, CancellationToken cancellationToken)
    {
        if (_lineage.TryGetValue((tenant, model, version), out var cached))
        {
            return cached;
        }
        using var document = await GetAsync(tenant, $"models/{Uri.EscapeDataString(model)}/versions/{version}", cancellationToken);
        if (document is null)
        {
            return null;
        }
        var lineage = document.RootElement.TryGetProperty("lineage", out var l) && l.ValueKind == JsonValueKind.Object ? l : default;
        return _lineage[(tenant, model, version)] = new TrainingLineage(
            Text(lineage, "trainingSet") is { } set && Guid.TryParse(set, out var id) ? id : null, Text(lineage, "featureService"));
    }

    // A property's text; null when the lineage, or the property, is missing or not text (versions without a training set hold null).
    private static string? Text(JsonElement lineage, string property) =>
        lineage.ValueKind == JsonValueKind.Object && lineage.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private async Task<JsonDocument?> GetAsync(string tenant, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path).AsService(tenant);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
    }
}
