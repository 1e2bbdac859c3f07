using System.Text.Json;

namespace MlOps.FeatureStore.Online;

/// <summary>A lookup: a feature service and the entities (objects of their join key values) to answer it for.</summary>
public sealed record OnlineFeaturesRequest(string? FeatureService, IReadOnlyList<JsonElement>? Entities);
