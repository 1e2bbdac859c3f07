using System.Text.Json;

namespace MlOps.Registry.Model;

/// <summary>The JSON "metadata" part of a version upload; every field is optional. ReferenceProfile is the training data's profile that drift compares live traffic with.</summary>
public sealed record VersionMetadata(
    string? Description,
    Dictionary<string, string>? Tags,
    Dictionary<string, double>? Metrics,
    Dictionary<string, string>? Params,
    VersionLineage? Lineage,
    JsonElement? InputExample,
    JsonElement? ReferenceProfile = null);
