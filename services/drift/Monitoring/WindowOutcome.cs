using MlOps.Drift.Statistics.Selection;

namespace MlOps.Drift.Monitoring;

/// <summary>One window judged against its reference: per-feature results, prediction drift, the dataset rule and a severity.</summary>
public sealed record WindowOutcome(
    IReadOnlyList<(string Feature, ColumnDriftResult Result, long Missing)> Features,
    ColumnDriftResult? Prediction,
    IReadOnlyList<string> NotCompared,
    double ShareDrifted,
    bool DatasetDrift,
    string? Severity)
{
    public const string PredictionColumn = "prediction";

    public IEnumerable<(string Feature, ColumnDriftResult Result)> Drifted =>
        Features.Where(f => f.Result.DriftDetected).Select(f => (f.Feature, f.Result))
            .Concat(Prediction is { DriftDetected: true } p ? [(PredictionColumn, p)] : []);
}
