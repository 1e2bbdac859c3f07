using System.Globalization;
using System.Text.RegularExpressions;
using MlOps.Incident.Model;
using MlOps.Incident.Rules;
using MlOps.ServiceDefaults.Metrics;

namespace MlOps.Incident.Slos;

/// <summary>Checks an objective before it is stored; the error names the field at fault.</summary>
public static partial class ObjectiveValidator
{
    public static readonly TimeSpan ShortestWindow = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan LongestWindow = TimeSpan.FromDays(365);

    public static string? Validate(Objective objective)
    {
        if (!ResourceNames.IsValid(objective.Name))
        {
            return "name: 1–64 characters, lower-case letters, digits, '-' and '_', starting with a letter or digit.";
        }
        if (!ObjectiveKinds.All.Contains(objective.Kind))
        {
            return $"kind: one of {string.Join(", ", ObjectiveKinds.All)}, not '{objective.Kind}'.";
        }
        if (double.IsNaN(objective.Target) || objective.Target is <= 0 or >= 100)
        {
            return "target: the percent of good events, above 0 and below 100 (e.g. 99.9).";
        }
        if (!RuleDuration.TryParse(objective.Window, out var window) || window < ShortestWindow || window > LongestWindow)
        {
            return $"window: a duration from 1m to 365d such as 30d, 7d or 2h; '{objective.Window}' is not.";
        }
        if (objective.Description is { Length: > 1000 })
        {
            return "description: at most 1000 characters.";
        }
        return objective.Kind == ObjectiveKinds.Freshness ? CheckFreshness(objective) : CheckModel(objective);
    }

    private static string? CheckModel(Objective objective)
    {
        if (!ModelName().IsMatch(objective.Model ?? ""))
        {
            return $"model: required for {objective.Kind} objectives: the served model's name (letters, digits, '.', '_', '-').";
        }
        if (objective.Dataset is not null || objective.MaxAge is not null)
        {
            return $"{(objective.Dataset is not null ? "dataset" : "maxAge")}: only for freshness objectives.";
        }
        if (objective.Kind == ObjectiveKinds.Availability)
        {
            return objective.ThresholdMs is null ? null : "thresholdMs: only for latency objectives.";
        }
        return objective.ThresholdMs is { } threshold && SloMetrics.LatencyBucketsMs.Contains(threshold)
            ? null
            : "thresholdMs: required for latency objectives, one of the latency histogram's bounds: "
                + string.Join(", ", SloMetrics.LatencyBucketsMs.Select(b => b.ToString(CultureInfo.InvariantCulture))) + ".";
    }

    private static string? CheckFreshness(Objective objective)
    {
        if (!DatasetName().IsMatch(objective.Dataset ?? ""))
        {
            return "dataset: required for freshness objectives: the ingest dataset's name.";
        }
        if (!RuleDuration.TryParse(objective.MaxAge, out _))
        {
            return $"maxAge: required for freshness objectives, a duration such as 30m, 6h or 1d; '{objective.MaxAge}' is not.";
        }
        if (objective.Model is not null || objective.ThresholdMs is not null)
        {
            return $"{(objective.Model is not null ? "model" : "thresholdMs")}: not for freshness objectives.";
        }
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex ModelName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex DatasetName();
}
