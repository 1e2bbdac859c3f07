namespace MlOps.FeatureStore.Definitions;

/// <summary>What features describe (a customer, a driver): its join keys, the columns that identify one in a feature view's table.</summary>
public sealed record EntityDefinition(string? Name, IReadOnlyList<string>? JoinKeys, string? Description = null);
