using System.Text.Json;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>A page's answer as paginators see it: the parsed body, the headers and the URL that was asked.</summary>
internal sealed record RestAnswer(JsonElement Body, IReadOnlyDictionary<string, IReadOnlyList<string>> Headers, Uri Url)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var values) && values.Count > 0 ? string.Join(", ", values) : null;
}
