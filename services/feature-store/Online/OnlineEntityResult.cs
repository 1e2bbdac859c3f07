using System.Text.Json.Nodes;

namespace MlOps.FeatureStore.Online;

/// <summary>
/// One entity's features: status "found" (every view has a valid value), "partial" or "missing" (none); a feature without a
/// valid value is null, never zero. Freshness per view, null for a view with no value for the entity.
/// </summary>
public sealed record OnlineEntityResult(JsonObject Entity, string Status, JsonObject Values, IReadOnlyDictionary<string, ViewFreshness?> Freshness);
