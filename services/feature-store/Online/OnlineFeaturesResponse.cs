namespace MlOps.FeatureStore.Online;

/// <summary>The lookup's answer, one result per entity asked, in order; JoinKeys are the keys an entity is matched by (others are ignored).</summary>
public sealed record OnlineFeaturesResponse(string FeatureService, int FeatureServiceVersion, IReadOnlyList<string> Features,
    IReadOnlyList<OnlineEntityResult> Results, IReadOnlyList<string> JoinKeys);
