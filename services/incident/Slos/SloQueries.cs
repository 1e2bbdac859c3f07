using System.Globalization;
using System.Text;
using MlOps.Incident.Rules;
using MlOps.ServiceDefaults.Metrics;

namespace MlOps.Incident.Slos;

/// <summary>The PromQL of an objective: its error ratio over a range, and the names and labels of its recorded series.</summary>
public static class SloQueries
{
    public const string ErrorRatioPrefix = "slo:sli_error:ratio_rate";
    /// <summary>A freshness objective's instant badness (1 while stale), averaged over each window.</summary>
    public const string StaleRecord = "slo:sli_error:stale";
    public const string BurnAlertName = "SloErrorBudgetBurn";

    /// <summary>The recorded error ratio of a nominal window.</summary>
    public static string RecordName(string window) => ErrorRatioPrefix + window;

    public static string Selector(string tenant, string slo) => $"{{tenant={Quote(tenant)},slo={Quote(slo)}}}";

    /// <summary>The fraction of bad events over <paramref name="range"/>: 0 with no errors, no value with no traffic.</summary>
    public static string ErrorRatio(string tenant, Objective objective, TimeSpan range)
    {
        var r = BurnWindows.PromDuration(range);
        var model = $"tenant={Quote(tenant)},model={Quote(objective.Model ?? "")}";
        return objective.Kind switch
        {
            ObjectiveKinds.Availability =>
                $"(sum(rate({SloMetrics.InferenceRequestsSeries}{{{model},outcome=\"{SloMetrics.ServerError}\"}}[{r}])) or vector(0))"
                + $" / sum(rate({SloMetrics.InferenceRequestsSeries}{{{model}}}[{r}]))",
            ObjectiveKinds.Latency =>
                $"1 - (sum(rate({SloMetrics.InferenceDurationBuckets}{{{model},le={Quote(SloMetrics.BucketLabel(objective.ThresholdMs!.Value))}}}[{r}])) or vector(0))"
                + $" / sum(rate({SloMetrics.InferenceDurationCount}{{{model}}}[{r}]))",
            _ => $"avg_over_time({StaleRecord}{Selector(tenant, objective.Name)}[{r}])",
        };
    }

    /// <summary>Freshness: 1 while the dataset's last successful load is older than maxAge, or it never loaded.</summary>
    public static string Stale(string tenant, Objective objective)
    {
        RuleDuration.TryParse(objective.MaxAge, out var maxAge);
        var seconds = ((long)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return $"(time() - max({SloMetrics.IngestLastSuccessSeries}{{tenant={Quote(tenant)},dataset={Quote(objective.Dataset ?? "")}}}) > bool {seconds})"
            + " or on() vector(1)";
    }

    /// <summary>A PromQL string literal.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }
}
