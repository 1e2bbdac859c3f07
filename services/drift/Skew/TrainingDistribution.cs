using MlOps.Drift.Monitoring;

namespace MlOps.Drift.Skew;

/// <summary>
/// A training set's feature columns as the model learned them: a uniform, row-aligned sample (bounded like a window's) of
/// the columns its feature service serves, numeric (int64, float64, bool) or categorical (string).
/// </summary>
public sealed record TrainingDistribution(Guid Id, string FeatureService, IReadOnlyList<string> Columns, WindowSample Sample);
