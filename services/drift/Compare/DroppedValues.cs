using System.Text.Json.Serialization;

namespace MlOps.Drift.Compare;

/// <summary>Values left out of a column because they were null, NaN or infinite.</summary>
public sealed record DroppedValues([property: JsonPropertyName("reference")] int Reference, [property: JsonPropertyName("current")] int Current);
