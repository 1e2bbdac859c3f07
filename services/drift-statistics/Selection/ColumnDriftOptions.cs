namespace MlOps.Drift.Statistics.Selection;

/// <summary>Per-column override: the tests to run (the first decides) and its threshold. Null means the defaults.</summary>
public sealed record ColumnDriftOptions(IReadOnlyList<StatTest>? StatTests = null, double? Threshold = null);
