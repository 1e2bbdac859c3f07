using System.Globalization;
using MlOps.Trainer.Training;

namespace MlOps.Trainer.Services;

/// <summary>
/// Scores a retrained candidate and the current champion on the same rows, both through ONNX Runtime, so the registry's gate
/// compares like with like: the fresh holdout (the rows held out of this run's training) and the drifted window (the rows of the
/// table's newest committed load: its held-out rows when the run trains on it, all of its rows when the run trains on an older
/// pinned load). Records <c>holdout.M</c>, <c>champion.holdout.M</c>, <c>drifted.M</c>, <c>champion.drifted.M</c> (M: auc,
/// log_loss, accuracy) and the row counts as metrics, and the champion's version and the window's definition as params.
/// </summary>
public sealed class ChampionComparison(RegistryClient registry, ILogger<ChampionComparison> logger)
{
    /// <summary>The param naming the champion version compared with (the registry's gate reads it).</summary>
    public const string ComparedWithParam = "compared_with_champion";

    /// <summary>The trained model with the comparison's figures added, or as it was when the model has no champion.</summary>
    public async Task<TrainedModel> CompareAsync(Guid runId, string tenant, string model, TrainedModel trained, TabularData data, TrainingSet? set,
        CancellationToken cancellationToken)
    {
        if (await registry.ChampionAsync(tenant, model, cancellationToken) is not { } champion)
        {
            return trained;
        }
        var metrics = new Dictionary<string, double>(trained.Metrics);
        var parameters = new Dictionary<string, string>(trained.Params);
        try
        {
            var added = await Task.Run(() => Score(trained, champion.Onnx, data, set, parameters), cancellationToken);
            foreach (var (name, value) in added)
            {
                metrics[name] = value;
            }
            parameters[ComparedWithParam] = champion.Version.ToString(CultureInfo.InvariantCulture);
            TrainerLog.ComparedWithChampion(logger, runId, model, champion.Version,
                string.Join(", ", added.Where(m => m.Key.EndsWith(".auc", StringComparison.Ordinal))
                    .Select(m => $"{m.Key} {m.Value.ToString("0.####", CultureInfo.InvariantCulture)}")));
        }
        catch (ModelNotComparableException e)
        {
            // A champion on other inputs cannot be scored on these rows: the gate then has no same-rows figures to apply.
            parameters["champion_comparison"] = $"not compared with champion v{champion.Version}: {e.Message}";
            TrainerLog.NotComparable(logger, runId, model, champion.Version, e.Message);
        }
        return trained with { Metrics = metrics, Params = parameters };
    }

    private static Dictionary<string, double> Score(TrainedModel trained, byte[] champion, TabularData data, TrainingSet? set,
        Dictionary<string, string> parameters)
    {
        var metrics = new Dictionary<string, double>();
        Add(metrics, "holdout", trained.Onnx, champion, data, trained.HoldoutRows);
        if (set?.NewestLoadRows is { } newest)
        {
            Add(metrics, "drifted", trained.Onnx, champion, newest, [.. Enumerable.Range(0, newest.Rows)]);
            parameters["drifted_window"] = $"load {set.NewestLoad}: all {newest.Rows} rows (the run trained on an older load)";
        }
        else if (set?.NewestLoad is { } load && data.LoadIds is { } loads)
        {
            var rows = trained.HoldoutRows.Where(r => loads[r] == load).ToList();
            Add(metrics, "drifted", trained.Onnx, champion, data, rows);
            parameters["drifted_window"] = $"load {load}: its {rows.Count} held-out rows";
        }
        return metrics;
    }

    // Both models' figures, or neither (rows of one class have no AUC).
    private static void Add(Dictionary<string, double> metrics, string name, byte[] candidate, byte[] champion, TabularData data, IReadOnlyList<int> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var labels = rows.Select(r => data.Label[r]).ToArray();
        var mine = BinaryMetrics.Compute(OnnxScorer.Probabilities(candidate, data, rows), labels);
        var theirs = BinaryMetrics.Compute(OnnxScorer.Probabilities(champion, data, rows), labels);
        if (mine.Count == 0)
        {
            return;
        }
        foreach (var (metric, value) in mine)
        {
            metrics[$"{name}.{metric}"] = value;
            metrics[$"champion.{name}.{metric}"] = theirs[metric];
        }
        metrics[$"{name}.rows"] = rows.Count;
    }
}
