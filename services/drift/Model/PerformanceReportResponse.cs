namespace MlOps.Drift.Model;

/// <summary>Live model quality over one window of labelled predictions, against the metrics registered with the version.</summary>
public sealed record PerformanceReportResponse
{
    public const string SelectFrom =
        """
        SELECT id, model_name AS ModelName, version, window_id AS WindowId, labels, auc, accuracy, reference_auc AS ReferenceAuc,
            reference_accuracy AS ReferenceAccuracy, auc_drop AS AucDrop, accuracy_drop AS AccuracyDrop, drift_detected AS DriftDetected, created_at AS CreatedAt
        FROM performance_reports
        """;

    public Guid Id { get; init; }
    public required string ModelName { get; init; }
    public int Version { get; init; }
    public Guid WindowId { get; init; }
    public long Labels { get; init; }
    /// <summary>Null when the window held only one class.</summary>
    public double? Auc { get; init; }
    public double Accuracy { get; init; }
    public double? ReferenceAuc { get; init; }
    public double? ReferenceAccuracy { get; init; }
    public double? AucDrop { get; init; }
    public double? AccuracyDrop { get; init; }
    public bool DriftDetected { get; init; }
    public DateTime CreatedAt { get; init; }
}
