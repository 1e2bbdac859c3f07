using MlOps.Drift.Statistics.Binning;

namespace MlOps.Drift.Statistics.Selection;

/// <summary>Every requested test's result for one column, which test decided, and the bins behind the binned tests (for charts).</summary>
public sealed record ColumnDriftResult(
    ColumnKind Kind,
    IReadOnlyDictionary<string, StatisticResult> Tests,
    bool DriftDetected,
    string Method,
    double Threshold,
    double Score,
    BinnedCounts Bins);
