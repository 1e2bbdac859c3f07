namespace MlOps.FeatureStore.Definitions;

/// <summary>The kinds of definition, as stored in definitions.kind.</summary>
public static class DefinitionKind
{
    public const string Entity = "entity";
    public const string FeatureView = "feature_view";
    public const string FeatureService = "feature_service";
}
