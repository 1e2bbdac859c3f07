using MlOps.Drift.Statistics.Selection;

namespace MlOps.Drift.Monitoring;

/// <summary>Compares a window's sample with the reference profile column by column: configured tests where set, else the defaults (Evidently's selection).</summary>
public static class WindowJudge
{
    public static WindowOutcome Judge(ReferenceProfile reference, WindowSample window, DriftOptions options)
    {
        var features = new List<(string, ColumnDriftResult, long)>();
        var notCompared = new List<string>();
        foreach (var (name, values) in reference.Numeric)
        {
            var current = window.NumericColumns.Contains(name) ? window.Numeric(name) : [];
            Add(name, values.Length > 0 && current.Length > 0 ? ColumnSample.Numeric([.. values], current) : null);
        }
        foreach (var (name, values) in reference.Categorical)
        {
            var current = window.CategoricalColumns.Contains(name) ? window.Categorical(name) : [];
            Add(name, values.Length > 0 && current.Length > 0 ? ColumnSample.Categorical(values, current) : null);
        }
        var predictions = window.Predictions();
        var prediction = reference.Predictions.Length > 0 && predictions.Length > 0
            ? ColumnDriftEvaluator.Evaluate(ColumnSample.Numeric([.. reference.Predictions], predictions), options.OptionsFor(WindowOutcome.PredictionColumn))
            : null;
        var (share, datasetDrift) = DatasetDriftRule.Apply(features.Select(f => f.Item2), options.DatasetDriftShare);
        return new WindowOutcome(features, prediction, notCompared, share, datasetDrift, Severity(features.Any(f => f.Item2.DriftDetected), share, datasetDrift, prediction?.DriftDetected == true));

        void Add(string name, ColumnSample? sample)
        {
            if (sample is null)
            {
                notCompared.Add(name);
                return;
            }
            features.Add((name, ColumnDriftEvaluator.Evaluate(sample, options.OptionsFor(name)), window.Missing.GetValueOrDefault(name)));
        }
    }

    // high: most features or the dataset and the predictions moved; medium: the dataset or the predictions; low: some features.
    private static string? Severity(bool anyFeature, double share, bool datasetDrift, bool predictionDrift) =>
        (datasetDrift && predictionDrift) || share >= 0.75 ? "high"
        : datasetDrift || predictionDrift ? "medium"
        : anyFeature ? "low"
        : null;
}
