using System.Text.Json;

namespace MlOps.Drift.Model;

/// <summary>
/// Training–serving skew of one window of a model version: the features served online against the training set the version
/// learned from, per feature (<see cref="Result"/>: each input's training column, tests, decision, threshold).
/// </summary>
public sealed record SkewReportResponse
{
    public const string SelectFrom =
        """
        SELECT id, model_name AS ModelName, version, window_id AS WindowId, training_set AS TrainingSet, feature_service AS FeatureService,
            window_rows AS WindowRows, training_rows AS TrainingRows, skewed_features AS SkewedFeatures, error, result::text AS Result, created_at AS CreatedAt
        FROM skew_reports
        """;

    public Guid Id { get; init; }
    public required string ModelName { get; init; }
    public int Version { get; init; }
    public Guid WindowId { get; init; }
    public Guid TrainingSet { get; init; }
    public string? FeatureService { get; init; }
    public long WindowRows { get; init; }
    public long TrainingRows { get; init; }
    public string[] SkewedFeatures { get; init; } = [];
    /// <summary>Why the window was not compared (the feature store away, the set gone); null when it was.</summary>
    public string? Error { get; init; }
    public JsonElement Result { get; init; }
    public DateTime CreatedAt { get; init; }
}
