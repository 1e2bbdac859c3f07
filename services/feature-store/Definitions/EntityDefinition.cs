using System.ComponentModel.DataAnnotations;

namespace MlOps.FeatureStore.Definitions;

/// <summary>What features describe (a customer, a driver): its join keys, the columns that identify one in a feature view's table.</summary>
public sealed record EntityDefinition(string? Name, IReadOnlyList<string>? JoinKeys, string? Description = null) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (JoinKeys is not { Count: > 0 } keys)
        {
            yield return new("an entity needs at least one join key.", ["joinKeys"]);
            yield break;
        }
        for (var i = 0; i < keys.Count; i++)
        {
            if (DefinitionNames.Check(keys[i], $"joinKeys[{i}]") is { } bad)
            {
                yield return bad;
            }
        }
        if (keys.Distinct(StringComparer.Ordinal).Count() != keys.Count)
        {
            yield return new("a join key is named twice.", ["joinKeys"]);
        }
    }
}
