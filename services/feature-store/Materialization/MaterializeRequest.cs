using System.ComponentModel.DataAnnotations;
using MlOps.FeatureStore.Definitions;

namespace MlOps.FeatureStore.Materialization;

/// <summary>Materializes the named feature views now (every view of the tenant when none are named); the store says whether they exist.</summary>
public sealed record MaterializeRequest([MaxLength(MaterializeRequest.MaxViews)] IReadOnlyList<string>? Views = null) : IValidatableObject
{
    /// <summary>As many as a tenant may define (MlOps:FeatureStore:MaxDefinitionsPerKind's default).</summary>
    public const int MaxViews = 1_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < (Views?.Count ?? 0); i++)
        {
            if (DefinitionNames.Check(Views![i], $"views[{i}]") is { } bad)
            {
                yield return bad;
            }
        }
    }
}
