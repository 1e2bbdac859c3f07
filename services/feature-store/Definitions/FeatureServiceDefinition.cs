using System.ComponentModel.DataAnnotations;

namespace MlOps.FeatureStore.Definitions;

/// <summary>The named set of features a model uses, taken from feature views; served as "&lt;view&gt;__&lt;feature&gt;".</summary>
public sealed record FeatureServiceDefinition(string? Name, IReadOnlyList<FeatureProjection>? Features, string? Description = null)
    : IValidatableObject
{
    // Whether the views and their features exist is asked of the store when the service is put (DefinitionValidator.ServiceAsync).
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Features is not { Count: > 0 } projections)
        {
            yield return new("a feature service needs at least one feature view.", ["features"]);
            yield break;
        }
        for (var i = 0; i < projections.Count; i++)
        {
            if (projections[i] is not { } projection)
            {
                yield return new("a projection is an object {view, features}, not null.", [$"features[{i}]"]);
            }
            else if (DefinitionNames.Check(projection.View, $"features[{i}].view") is { } bad)
            {
                yield return bad;
            }
            else if (projections.Take(i).Any(p => p?.View == projection.View))
            {
                yield return new($"view '{projection.View}' is named twice; list its features once.", [$"features[{i}].view"]);
            }
            else if (projection.Features?.Any(f => f is null) == true)
            {
                yield return new("a feature is named by a string, not null.", [$"features[{i}].features"]);
            }
        }
    }
}
