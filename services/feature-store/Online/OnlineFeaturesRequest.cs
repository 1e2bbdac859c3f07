using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MlOps.FeatureStore.Definitions;

namespace MlOps.FeatureStore.Online;

/// <summary>
/// A lookup: a feature service and the entities (objects of their join key values) to answer it for. Validated by AddValidation;
/// each entity's join keys are checked against the feature service's views when it is looked up.
/// </summary>
public sealed record OnlineFeaturesRequest(string? FeatureService, IReadOnlyList<JsonElement>? Entities) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DefinitionNames.Check(FeatureService, "featureService") is { } badName)
        {
            yield return badName;
        }
        var max = (validationContext.GetService(typeof(IOptions<FeatureStoreOptions>)) as IOptions<FeatureStoreOptions>)?.Value.MaxLookupEntities
            ?? new FeatureStoreOptions().MaxLookupEntities;
        if (Entities is not { Count: > 0 } entities || entities.Count > max)
        {
            yield return new($"a lookup names 1 to {max} entities ({FeatureStoreOptions.SectionName}:MaxLookupEntities).", ["entities"]);
            yield break;
        }
        for (var n = 0; n < entities.Count; n++)
        {
            if (entities[n].ValueKind != JsonValueKind.Object)
            {
                yield return new("An entity is an object of join key values, not null.", [$"entities[{n}]"]);
            }
        }
    }
}
