namespace MlOps.Contracts;

/// <summary>inference wrote a batch of predictions to its log.</summary>
public sealed record PredictionsLogged : IntegrationMessage
{
    /// <summary>Registered model name.</summary>
    public required string ModelName { get; init; }
    /// <summary>Model version that answered.</summary>
    public required int Version { get; init; }
    /// <summary>Feature values per row, keyed by input name.</summary>
    public required IReadOnlyList<IReadOnlyDictionary<string, double>> Features { get; init; }
    /// <summary>Model score per row, aligned with <see cref="Features"/>.</summary>
    public required IReadOnlyList<double> Predictions { get; init; }
    /// <summary>Request ids per row, so feedback labels can be joined later.</summary>
    public required IReadOnlyList<Guid> RequestIds { get; init; }
}
