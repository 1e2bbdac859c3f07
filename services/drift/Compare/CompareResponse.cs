using System.Text.Json.Serialization;

namespace MlOps.Drift.Compare;

/// <summary>The fixed answer of POST /v1/drift/compare.</summary>
public sealed record CompareResponse(
    [property: JsonPropertyName("columns")] IReadOnlyDictionary<string, ColumnDriftResponse> Columns,
    [property: JsonPropertyName("share_drifted")] double ShareDrifted,
    [property: JsonPropertyName("dataset_drift")] bool DatasetDrift,
    [property: JsonPropertyName("embeddings"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, EmbeddingDriftResponse>? Embeddings);

/// <summary>One column: its type, every test run, whether it drifted and which test decided.</summary>
public sealed record ColumnDriftResponse(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("tests")] IReadOnlyDictionary<string, TestResultResponse> Tests,
    [property: JsonPropertyName("drift_detected")] bool DriftDetected,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("threshold")] double Threshold,
    [property: JsonPropertyName("reference_rows")] int ReferenceRows,
    [property: JsonPropertyName("current_rows")] int CurrentRows,
    [property: JsonPropertyName("dropped")] DroppedValues Dropped);

/// <summary>Statistic, and p-value or degrees of freedom where the test has them.</summary>
public sealed record TestResultResponse(
    [property: JsonPropertyName("statistic")] double Statistic,
    [property: JsonPropertyName("pvalue"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? PValue,
    [property: JsonPropertyName("dof"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Dof);

/// <summary>Values left out of a column because they were null, NaN or infinite.</summary>
public sealed record DroppedValues([property: JsonPropertyName("reference")] int Reference, [property: JsonPropertyName("current")] int Current);

/// <summary>Embedding drift for one named set of vectors.</summary>
public sealed record EmbeddingDriftResponse(
    [property: JsonPropertyName("mmd")] TestResultResponse Mmd,
    [property: JsonPropertyName("domain_classifier_auc")] double DomainClassifierAuc,
    [property: JsonPropertyName("mean_distance")] double MeanDistance,
    [property: JsonPropertyName("mean_cosine_distance")] double MeanCosineDistance,
    [property: JsonPropertyName("drift_detected")] bool DriftDetected,
    [property: JsonPropertyName("method")] string Method);
