using System.Text.Json.Serialization;

namespace MlOps.Drift.Compare;

/// <summary>Embedding drift for one named set of vectors.</summary>
public sealed record EmbeddingDriftResponse(
    [property: JsonPropertyName("mmd")] TestResultResponse Mmd,
    [property: JsonPropertyName("domain_classifier_auc")] double DomainClassifierAuc,
    [property: JsonPropertyName("mean_distance")] double MeanDistance,
    [property: JsonPropertyName("mean_cosine_distance")] double MeanCosineDistance,
    [property: JsonPropertyName("drift_detected")] bool DriftDetected,
    [property: JsonPropertyName("method")] string Method);
