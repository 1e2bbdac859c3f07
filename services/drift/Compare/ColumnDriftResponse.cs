using System.Text.Json.Serialization;

namespace MlOps.Drift.Compare;

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
