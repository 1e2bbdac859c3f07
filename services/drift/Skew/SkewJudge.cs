using MlOps.Drift.Monitoring;
using MlOps.Drift.Statistics.Selection;

namespace MlOps.Drift.Skew;

/// <summary>
/// Compares the feature values served in a window with the training set's, column by column, with the tests and thresholds
/// drift uses for the reference (configured per input, else Evidently's defaults). An input matches a training column by its
/// full name ("view__feature") or, as hybrid serving fills it, by the feature's name when only one view has it.
/// </summary>
public static class SkewJudge
{
    public static SkewOutcome Judge(TrainingDistribution training, WindowSample window, DriftOptions options)
    {
        var features = new List<(string, string, ColumnDriftResult)>();
        var notCompared = new List<string>();
        foreach (var column in training.Columns)
        {
            var numeric = training.Sample.NumericColumns.Contains(column);
            var inputs = numeric ? window.NumericColumns : window.CategoricalColumns;
            if (InputFor(column, inputs, training.Columns) is not { } input)
            {
                notCompared.Add(column);
                continue;
            }
            ColumnSample? sample = numeric
                ? training.Sample.Numeric(column) is { Length: > 0 } reference && window.Numeric(input) is { Length: > 0 } current
                    ? ColumnSample.Numeric(reference, current) : null
                : training.Sample.Categorical(column) is { Length: > 0 } labels && window.Categorical(input) is { Length: > 0 } served
                    ? ColumnSample.Categorical(labels, served) : null;
            if (sample is null)
            {
                notCompared.Add(column);
                continue;
            }
            features.Add((input, column, ColumnDriftEvaluator.Evaluate(sample, options.OptionsFor(input))));
        }
        return new SkewOutcome(training.Id, training.FeatureService, training.Sample.Rows, features, notCompared);
    }

    private static string? InputFor(string column, IEnumerable<string> inputs, IReadOnlyList<string> columns)
    {
        var names = inputs.ToList();
        if (names.Contains(column))
        {
            return column;
        }
        var split = column.IndexOf("__", StringComparison.Ordinal);
        var feature = split < 0 ? column : column[(split + 2)..];
        return split >= 0 && names.Contains(feature) && columns.Count(c => c.EndsWith("__" + feature, StringComparison.Ordinal)) == 1 ? feature : null;
    }
}
