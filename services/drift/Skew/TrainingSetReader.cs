using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MlOps.Drift.Monitoring;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Drift.Skew;

/// <summary>
/// Reads a training set from the feature store as drift in the tenant (features:read), page by page into a bounded uniform
/// sample; sets are immutable, so the last few read are kept (a bounded cache: the oldest entry goes first).
/// </summary>
public sealed class TrainingSetReader(HttpClient http, IOptions<DriftOptions> options)
{
    private const int PageRows = 10_000;
    private readonly Lock _gate = new();
    private readonly LinkedList<((string Tenant, Guid Id) Key, TrainingDistribution Value)> _cache = new();

    /// <summary>The set's sampled feature columns, or null when the tenant has no such set (404).</summary>
    public async Task<TrainingDistribution?> ReadAsync(string tenant, Guid id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_cache.FirstOrDefault(e => e.Key == (tenant, id)) is { Value: not null } hit)
            {
                return hit.Value;
            }
        }
        if (await GetAsync(tenant, $"training-sets/{id}", cancellationToken) is not { } set)
        {
            return null;
        }
        var definition = set.GetProperty("definition");
        var types = definition.TryGetProperty("featureTypes", out var t) && t.ValueKind == JsonValueKind.Object
            ? t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString(), StringComparer.Ordinal)
            : [];
        // Timestamps are not model inputs; every other served type is compared.
        var numeric = types.Where(t => t.Value is "int64" or "float64" or "bool").Select(t => t.Key).ToList();
        var categorical = types.Where(t => t.Value == "string").Select(t => t.Key).ToList();
        var sample = new WindowSample(options.Value.WindowSampleRows, seed: id.GetHashCode());
        for (int? offset = 0; offset is { } from;)
        {
            var page = await GetAsync(tenant, string.Create(CultureInfo.InvariantCulture, $"training-sets/{id}/rows?offset={from}&limit={PageRows}"),
                cancellationToken) ?? throw new HttpRequestException($"training set {id} went away while it was read");
            var rows = page.GetProperty("rows").EnumerateArray().ToList();
            sample.Add(new WindowBatch(
                numeric.ToDictionary(c => c, c => rows.Select(r => Number(r, c)).ToArray(), StringComparer.Ordinal),
                categorical.ToDictionary(c => c, c => rows.Select(r => Text(r, c)).ToArray(), StringComparer.Ordinal),
                new double?[rows.Count]));
            offset = page.GetProperty("next").ValueKind == JsonValueKind.Number ? page.GetProperty("next").GetInt32() : null;
        }
        var distribution = new TrainingDistribution(id, set.GetProperty("featureService").GetString()!, [.. numeric, .. categorical], sample);
        lock (_gate)
        {
            _cache.AddFirst(((tenant, id), distribution));
            while (_cache.Count > options.Value.SkewTrainingSetCache)
            {
                _cache.RemoveLast();
            }
        }
        return distribution;
    }

    private static double? Number(JsonElement row, string column) => row.TryGetProperty(column, out var value) ? value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        _ => null,
    } : null;

    private static string Text(JsonElement row, string column) =>
        row.TryGetProperty(column, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private async Task<JsonElement?> GetAsync(string tenant, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path).AsService(tenant);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }
}
