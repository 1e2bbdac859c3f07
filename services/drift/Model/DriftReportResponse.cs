namespace MlOps.Drift.Model;

/// <summary>The result of comparing one window of a model version's data with its reference.</summary>
public sealed record DriftReportResponse
{
    public const string SelectFrom =
        """
        SELECT id, model_name AS ModelName, version, window_rows AS WindowRows, share_drifted AS ShareDrifted, dataset_drift AS DatasetDrift,
            created_at AS CreatedAt, window_id AS WindowId, prediction_drift AS PredictionDrift, severity, drifted_features AS DriftedFeatures
        FROM drift_reports
        """;

    public Guid Id { get; init; }
    public required string ModelName { get; init; }
    public int Version { get; init; }
    public long WindowRows { get; init; }
    public double ShareDrifted { get; init; }
    public bool DatasetDrift { get; init; }
    public DateTime CreatedAt { get; init; }
    public Guid? WindowId { get; init; }
    public bool PredictionDrift { get; init; }
    /// <summary>low, medium or high; null when nothing drifted.</summary>
    public string? Severity { get; init; }
    public string[] DriftedFeatures { get; init; } = [];
}
