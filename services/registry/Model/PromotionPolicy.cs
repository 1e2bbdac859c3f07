namespace MlOps.Registry.Model;

/// <summary>
/// What a version must satisfy before it becomes champion: metric thresholds, at most a given regression against the
/// current champion per metric, an input schema the champion's callers can still feed, and an intact signed artifact.
/// </summary>
public sealed record PromotionPolicy(
    IReadOnlyList<MetricThreshold>? Thresholds,
    IReadOnlyDictionary<string, double>? MaxRegression,
    bool RequireCompatibleSchema = true,
    bool RequireValidSignature = true);
