using System.Text.Json.Nodes;
using MlOps.Drift.Monitoring;
using MlOps.Drift.Statistics.Selection;

namespace MlOps.Drift.Reports;

/// <summary>The JSON report stored per evaluated window: every column's tests, decision and bins (what the HTML charts draw).</summary>
public static class ReportDocument
{
    public static JsonObject Build(ClaimedWindow window, WindowSample sample, WindowOutcome outcome) => new()
    {
        ["model_name"] = window.ModelName,
        ["version"] = window.Version,
        ["window"] = new JsonObject
        {
            ["id"] = window.Id,
            ["rows"] = sample.Rows,
            ["sampled_rows"] = sample.SampledRows,
            ["opened_at"] = window.OpenedAt,
            ["closed_at"] = window.ClosedAt,
        },
        ["columns"] = new JsonObject(outcome.Features.Select(f => KeyValuePair.Create(f.Feature, (JsonNode?)Column(f.Result, f.Missing)))),
        ["prediction"] = outcome.Prediction is { } prediction ? Column(prediction, 0) : null,
        ["not_compared"] = new JsonArray([.. outcome.NotCompared.Select(n => JsonValue.Create(n))]),
        ["share_drifted"] = outcome.ShareDrifted,
        ["dataset_drift"] = outcome.DatasetDrift,
        ["severity"] = outcome.Severity,
    };

    private static JsonObject Column(ColumnDriftResult result, long missing) => new()
    {
        ["type"] = result.Kind == ColumnKind.Numeric ? "numeric" : "categorical",
        ["tests"] = new JsonObject(result.Tests.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)new JsonObject
        {
            ["statistic"] = t.Value.Statistic,
            ["pvalue"] = t.Value.PValue,
            ["dof"] = t.Value.DegreesOfFreedom,
        }))),
        ["drift_detected"] = result.DriftDetected,
        ["method"] = result.Method,
        ["threshold"] = result.Threshold,
        ["score"] = result.Score,
        ["missing"] = missing,
        ["bins"] = new JsonObject
        {
            ["labels"] = new JsonArray([.. result.Bins.Labels.Select(l => JsonValue.Create(l))]),
            ["reference"] = new JsonArray([.. result.Bins.ReferenceShares.Select(s => JsonValue.Create(s))]),
            ["current"] = new JsonArray([.. result.Bins.CurrentShares.Select(s => JsonValue.Create(s))]),
        },
    };
}
