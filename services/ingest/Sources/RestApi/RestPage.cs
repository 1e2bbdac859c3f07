using System.Text.Json;

namespace MlOps.Ingest.Sources.RestApi;

/// <summary>
/// One page a resource read: its number in its request's pagination, the endpoint's path template (never the filled
/// path, whose params may be secrets), items and size.
/// </summary>
internal sealed record RestPage(int Number, string Path, List<JsonElement> Items, long Bytes)
{
    public string Position(int item) => $"page {Number}, item {item + 1} of {Path}";
}
