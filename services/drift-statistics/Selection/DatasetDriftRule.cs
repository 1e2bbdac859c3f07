namespace MlOps.Drift.Statistics.Selection;

/// <summary>Evidently's dataset rule: the dataset drifted when the share of drifted columns reaches the threshold.</summary>
public static class DatasetDriftRule
{
    /// <summary>Default share of drifted columns that makes the dataset drifted.</summary>
    public const double DefaultShareThreshold = 0.5;

    /// <summary>Share of drifted columns and whether it reaches <paramref name="shareThreshold"/>.</summary>
    public static (double ShareDrifted, bool DatasetDrift) Apply(IEnumerable<ColumnDriftResult> columns, double shareThreshold = DefaultShareThreshold)
    {
        var all = columns.ToList();
        var share = all.Count == 0 ? 0.0 : (double)all.Count(c => c.DriftDetected) / all.Count;
        return (share, all.Count > 0 && share >= shareThreshold);
    }
}
