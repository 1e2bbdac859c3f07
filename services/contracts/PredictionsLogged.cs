namespace MlOps.Contracts;

/// <summary>inference wrote a batch of predictions to its log; columnar, one array entry per row.</summary>
public sealed record PredictionsLogged : IntegrationMessage
{
    /// <summary>Registered model name.</summary>
    public required string ModelName { get; init; }
    /// <summary>Model version that answered.</summary>
    public required int Version { get; init; }
    /// <summary>Request ids per row, so feedback labels can be joined later.</summary>
    public required IReadOnlyList<Guid> RequestIds { get; init; }
    /// <summary>Row index within each request (0 for single-row requests).</summary>
    public required IReadOnlyList<int> RowIndexes { get; init; }
    /// <summary>Numeric feature columns by input name (booleans as 0/1; null where a value is not finite).</summary>
    public required IReadOnlyDictionary<string, double?[]> Features { get; init; }
    /// <summary>Categorical (string) feature columns by input name; empty when the model has none.</summary>
    public IReadOnlyDictionary<string, string[]> Categories { get; init; } = new Dictionary<string, string[]>();
    /// <summary>Model score per row (the probability output when the model has one); null when it has no numeric output.</summary>
    public required IReadOnlyList<double?> Predictions { get; init; }
}
