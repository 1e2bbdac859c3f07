namespace MlOps.FeatureStore.Definitions;

/// <summary>A definition another one depends on was deleted since; answered 409 naming it.</summary>
public sealed class DefinitionMissingException(string what) : Exception($"The tenant no longer has {what}.");
