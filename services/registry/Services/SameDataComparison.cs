using System.Globalization;
using MlOps.Registry.Model;

namespace MlOps.Registry.Services;

/// <summary>
/// The trainer's comparison of a candidate with the champion on the same rows: metrics <c>holdout.M</c> / <c>champion.holdout.M</c>
/// (the fresh holdout) and <c>drifted.M</c> / <c>champion.drifted.M</c> (the newest load's rows), with the champion's version in
/// the <see cref="ComparedWithParam"/> param. Figures measured against another version than the current champion are not used.
/// </summary>
public static class SameDataComparison
{
    /// <summary>The version param naming the champion version the trainer scored beside the candidate.</summary>
    public const string ComparedWithParam = "compared_with_champion";

    /// <summary>The row sets the trainer scores both models on: the fresh holdout and the drifted window.</summary>
    public static readonly IReadOnlyList<string> Sets = ["holdout", "drifted"];

    /// <summary>The tolerance when the policy names none: AUC may be at most 0.01 below the champion's on either set.</summary>
    public static readonly IReadOnlyDictionary<string, double> DefaultTolerance = new Dictionary<string, double> { ["auc"] = 0.01 };

    /// <summary>Whether the candidate's recorded comparison was made against this champion version.</summary>
    public static bool ComparedWith(ModelVersionResponse candidate, int championVersion) =>
        candidate.Params.GetValueOrDefault(ComparedWithParam) == championVersion.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// One check per set and metric the candidate has both figures for; the metric must not be lower than the champion's by more
    /// than the tolerance. Empty when the candidate carries no comparison with this champion.
    /// </summary>
    public static IReadOnlyList<GateCheck> Checks(ModelVersionResponse candidate, int championVersion, IReadOnlyDictionary<string, double> tolerance)
    {
        if (!ComparedWith(candidate, championVersion))
        {
            return [];
        }
        var checks = new List<GateCheck>();
        foreach (var set in Sets)
        {
            foreach (var (metric, allowed) in tolerance)
            {
                if (candidate.Metrics.TryGetValue($"{set}.{metric}", out var mine)
                    && candidate.Metrics.TryGetValue($"champion.{set}.{metric}", out var theirs))
                {
                    checks.Add(new GateCheck($"{set}.{metric} not worse than champion v{championVersion} on the same rows by more than {Format(allowed)}",
                        theirs - mine <= allowed + 1e-12, $"candidate {Format(mine)}, champion v{championVersion} {Format(theirs)}"));
                }
            }
        }
        return checks;
    }

    /// <summary>Whether the candidate has a same-rows holdout figure for the metric against this champion (it replaces the cross-holdout check).</summary>
    public static bool HasHoldoutFigure(ModelVersionResponse candidate, int championVersion, string metric) =>
        ComparedWith(candidate, championVersion) && candidate.Metrics.ContainsKey($"holdout.{metric}")
        && candidate.Metrics.ContainsKey($"champion.holdout.{metric}");

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
