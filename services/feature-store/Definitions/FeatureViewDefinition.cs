using System.ComponentModel.DataAnnotations;
using MlOps.FeatureStore.Warehouse;

namespace MlOps.FeatureStore.Definitions;

/// <summary>
/// Features from one table of the tenant's own warehouse dataset (no free SQL): the entities it describes (their join keys are
/// columns of the table), the column giving each row's event time, and how long a value stays valid (TTL, seconds).
/// </summary>
public sealed record FeatureViewDefinition(
    string? Name, string? Dataset, string? Table, IReadOnlyList<string>? Entities, string? TimestampColumn, long? TtlSeconds,
    IReadOnlyList<FeatureField>? Features, string? Description = null) : IValidatableObject
{
    /// <summary>Longest TTL: ten years, which is as good as none.</summary>
    public const long MaxTtlSeconds = 10L * 366 * 24 * 3600;

    public TimeSpan Ttl => TimeSpan.FromSeconds(TtlSeconds ?? 0);

    // The table, columns, types and entities are checked against the warehouse and the store when the view is put (DefinitionValidator.ViewAsync).
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Dataset))
        {
            yield return new("a feature view names the warehouse dataset its table is in.", [nameof(Dataset)]);
        }
        if (string.IsNullOrWhiteSpace(Table))
        {
            yield return new("a feature view names a table of its dataset.", [nameof(Table)]);
        }
        if (Entities is not { Count: > 0 } || Entities.Any(string.IsNullOrWhiteSpace))
        {
            yield return new("a feature view describes at least one entity, each by name.", [nameof(Entities)]);
        }
        if (string.IsNullOrWhiteSpace(TimestampColumn))
        {
            yield return new("a feature view names the column with each row's event time.", [nameof(TimestampColumn)]);
        }
        if (TtlSeconds is not (> 0 and <= MaxTtlSeconds))
        {
            yield return new($"the TTL must be between 1 and {MaxTtlSeconds} seconds.", [nameof(TtlSeconds)]);
        }
        if (Features is not { Count: > 0 } features)
        {
            yield return new("a feature view has at least one feature.", [nameof(Features)]);
            yield break;
        }
        for (var i = 0; i < features.Count; i++)
        {
            if (features[i] is not { } feature)
            {
                yield return new("a feature is an object {name, type}, not null.", [$"features[{i}]"]);
                continue;
            }
            if (DefinitionNames.Check(feature.Name, $"features[{i}].name") is { } bad)
            {
                yield return bad;
            }
            else if (features.Take(i).Any(f => f?.Name == feature.Name))
            {
                yield return new($"feature '{feature.Name}' is listed twice.", [$"features[{i}].name"]);
            }
            if (feature.Type is not { } type || !FeatureTypes.IsKnown(type))
            {
                yield return new($"'{feature.Type}' is not one of {string.Join(", ", FeatureTypes.Names)}.", [$"features[{i}].type"]);
            }
        }
    }
}
