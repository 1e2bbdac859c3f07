namespace MlOps.Drift.Statistics;

/// <summary>One statistic; PValue for hypothesis tests, DegreesOfFreedom for chi-square.</summary>
public sealed record StatisticResult(double Statistic, double? PValue = null, int? DegreesOfFreedom = null);
