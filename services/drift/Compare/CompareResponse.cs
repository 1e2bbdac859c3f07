using System.Text.Json.Serialization;

namespace MlOps.Drift.Compare;

/// <summary>The fixed answer of POST /v1/drift/compare.</summary>
public sealed record CompareResponse(
    [property: JsonPropertyName("columns")] IReadOnlyDictionary<string, ColumnDriftResponse> Columns,
    [property: JsonPropertyName("share_drifted")] double ShareDrifted,
    [property: JsonPropertyName("dataset_drift")] bool DatasetDrift,
    [property: JsonPropertyName("embeddings"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, EmbeddingDriftResponse>? Embeddings);
