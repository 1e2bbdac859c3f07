using System.Text.Json;

namespace MlOps.Registry.Model;

/// <summary>The JSON "metadata" part of a version upload; every field is optional.</summary>
public sealed record VersionMetadata(
    string? Description,
    Dictionary<string, string>? Tags,
    Dictionary<string, double>? Metrics,
    Dictionary<string, string>? Params,
    VersionLineage? Lineage,
    JsonElement? InputExample);
