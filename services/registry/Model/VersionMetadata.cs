using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using MlOps.Registry.Services;

namespace MlOps.Registry.Model;

/// <summary>
/// The JSON "metadata" part of a version upload; every field is optional. ReferenceProfile is the training data's profile that drift
/// compares live traffic with. A multipart part is not a bound body, so the upload runs these rules itself (ValidationProblems.Validate).
/// </summary>
public sealed record VersionMetadata(
    string? Description,
    Dictionary<string, string>? Tags,
    Dictionary<string, double>? Metrics,
    Dictionary<string, string>? Params,
    VersionLineage? Lineage,
    JsonElement? InputExample,
    JsonElement? ReferenceProfile = null) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // JsonSerializerOptions.Web reads "NaN" and "Infinity" from strings; a metric that is not a number cannot be compared by a gate.
        foreach (var (metric, value) in Metrics ?? [])
        {
            if (!double.IsFinite(value))
            {
                yield return new($"Metric '{metric}' is not a finite number.", [$"{nameof(Metrics)}.{metric}"]);
            }
        }
        if (Names.TagProblem(Tags) is { } tagProblem)
        {
            yield return new(tagProblem, [nameof(Tags)]);
        }
        if (Lineage?.FeatureService is { } featureService && !Names.FeatureService().IsMatch(featureService))
        {
            yield return new($"Feature service '{featureService}' must be 1-63 characters: letters, digits and '_', not starting with a digit.",
                [$"{nameof(Lineage)}.{nameof(VersionLineage.FeatureService)}"]);
        }
    }
}
