using System.ComponentModel.DataAnnotations;

namespace MlOps.Registry.Model;

/// <summary>
/// What a version must satisfy before it becomes champion: metric thresholds, at most a given regression against the
/// current champion per metric, an input schema the champion's callers can still feed, an intact signed artifact, and the
/// deployment-readiness checklist. A model without a stored policy gets <see cref="Default"/>: readiness is on by default.
/// MaxRegression (metric to tolerance) also bounds the trainer's same-rows comparison with the champion (holdout.M, drifted.M);
/// without it that comparison allows AUC 0.01 below the champion's (<see cref="Services.SameDataComparison.DefaultTolerance"/>).
/// </summary>
public sealed record PromotionPolicy(
    IReadOnlyList<MetricThreshold>? Thresholds,
    IReadOnlyDictionary<string, double>? MaxRegression,
    bool RequireCompatibleSchema = true,
    bool RequireValidSignature = true,
    ReadinessPolicy? Readiness = null) : IValidatableObject
{
    public static readonly PromotionPolicy Default = new(null, null);

    /// <summary>The comparisons a threshold may make.</summary>
    public static readonly string[] Operators = [">=", ">", "<=", "<"];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Thresholds?.Any(t => t is null) == true)
        {
            yield return new("A threshold is null; each is an object with metric, op and value.", [nameof(Thresholds)]);
        }
        else if (Thresholds?.FirstOrDefault(t => !Operators.Contains(t.Op) || string.IsNullOrWhiteSpace(t.Metric)) is { } bad)
        {
            yield return new($"Threshold '{bad.Metric} {bad.Op} {bad.Value}' needs a metric name and one of {string.Join(' ', Operators)}.", [nameof(Thresholds)]);
        }
    }
}
