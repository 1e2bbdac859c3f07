namespace MlOps.FeatureStore.Definitions;

/// <summary>
/// Features from one table of the tenant's own warehouse dataset (no free SQL): the entities it describes (their join keys are
/// columns of the table), the column giving each row's event time, and how long a value stays valid (TTL, seconds).
/// </summary>
public sealed record FeatureViewDefinition(
    string? Name, string? Dataset, string? Table, IReadOnlyList<string>? Entities, string? TimestampColumn, long? TtlSeconds,
    IReadOnlyList<FeatureField>? Features, string? Description = null)
{
    public TimeSpan Ttl => TimeSpan.FromSeconds(TtlSeconds ?? 0);
}
