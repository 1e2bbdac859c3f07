namespace MlOps.FeatureStore.Online;

/// <summary>The lookup's answer, one result per entity asked, in order.</summary>
public sealed record OnlineFeaturesResponse(string FeatureService, int FeatureServiceVersion, IReadOnlyList<string> Features,
    IReadOnlyList<OnlineEntityResult> Results);
