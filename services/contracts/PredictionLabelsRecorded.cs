namespace MlOps.Contracts;

/// <summary>inference received ground-truth labels for served predictions of one model version; row-aligned scores and labels.</summary>
public sealed record PredictionLabelsRecorded : IntegrationMessage
{
    /// <summary>Registered model name.</summary>
    public required string ModelName { get; init; }
    /// <summary>Model version that made the predictions.</summary>
    public required int Version { get; init; }
    /// <summary>The score the model gave each labelled row (its probability output for classifiers).</summary>
    public required IReadOnlyList<double> Scores { get; init; }
    /// <summary>The true label of each row.</summary>
    public required IReadOnlyList<double> Labels { get; init; }
}
