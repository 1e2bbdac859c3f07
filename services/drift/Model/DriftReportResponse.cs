namespace MlOps.Drift.Model;

/// <summary>The result of comparing one window of a model version's data with its reference.</summary>
public sealed record DriftReportResponse(Guid Id, string ModelName, int Version, long WindowRows, double ShareDrifted, bool DatasetDrift, DateTime CreatedAt)
{
    public const string SelectFrom =
        "SELECT id, model_name AS ModelName, version, window_rows AS WindowRows, share_drifted AS ShareDrifted, dataset_drift AS DatasetDrift, created_at AS CreatedAt FROM drift_reports";
}
