namespace MlOps.Drift.Reports;

/// <summary>One evaluated window in a model version's history.</summary>
public sealed record HistoryPoint(DateTime At, double ShareDrifted, IReadOnlyDictionary<string, double> Scores);
