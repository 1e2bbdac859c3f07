using MlOps.Drift.Statistics.Selection;

namespace MlOps.Drift.Skew;

/// <summary>
/// A window's served features against the training set its version learned from: per served input, the training column it
/// was compared with and the result; the set's columns no input matched; or why no comparison was made.
/// </summary>
public sealed record SkewOutcome(
    Guid TrainingSet,
    string? FeatureService,
    long TrainingRows,
    IReadOnlyList<(string Input, string TrainingColumn, ColumnDriftResult Result)> Features,
    IReadOnlyList<string> NotCompared,
    string? Error = null)
{
    public IEnumerable<string> Skewed => Features.Where(f => f.Result.DriftDetected).Select(f => f.Input);

    public static SkewOutcome Failed(Guid trainingSet, string? featureService, string error) => new(trainingSet, featureService, 0, [], [], error);
}
