namespace MlOps.FeatureStore.Definitions;

/// <summary>A feature view as a feature service uses it: its version, its join keys (from its entities, in order) and the features taken.</summary>
public sealed record ResolvedView(FeatureViewDefinition View, int Version, IReadOnlyList<string> JoinKeys, IReadOnlyList<FeatureField> Features)
{
    public string Name => View.Name!;

    /// <summary>The name a feature is served and exported under.</summary>
    public string Column(FeatureField feature) => $"{Name}__{feature.Name}";
}
