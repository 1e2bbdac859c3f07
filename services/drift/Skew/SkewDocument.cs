using System.Text.Json.Nodes;
using MlOps.Drift.Statistics.Selection;

namespace MlOps.Drift.Skew;

/// <summary>The per-feature part of a stored skew report: each served input's training column, tests, decision and threshold.</summary>
public static class SkewDocument
{
    public static JsonObject Build(SkewOutcome outcome) => new()
    {
        ["features"] = new JsonObject(outcome.Features.Select(f => KeyValuePair.Create(f.Input, (JsonNode?)Feature(f.TrainingColumn, f.Result)))),
        ["not_compared"] = new JsonArray([.. outcome.NotCompared.Select(n => JsonValue.Create(n))]),
    };

    private static JsonObject Feature(string trainingColumn, ColumnDriftResult result) => new()
    {
        ["training_column"] = trainingColumn,
        ["type"] = result.Kind == ColumnKind.Numeric ? "numeric" : "categorical",
        ["tests"] = new JsonObject(result.Tests.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)new JsonObject
        {
            ["statistic"] = t.Value.Statistic,
            ["pvalue"] = t.Value.PValue,
        }))),
        ["skewed"] = result.DriftDetected,
        ["method"] = result.Method,
        ["threshold"] = result.Threshold,
        ["score"] = result.Score,
    };
}
