using MlOps.Trainer.DemoData;

namespace MlOps.Trainer.Training;

/// <summary>Trains on the embedded credit-default CSV: the same CSV path a dataset from ingest takes.</summary>
public static class DemoTraining
{
    public const string ModelName = "credit-default";

    public static TrainedModel Train(TrainingOptions options) => CsvTraining.Train(Data(), options);

    /// <summary>
    /// The embedded file's rows in the order the warehouse reads the same file (every column by position, as WarehouseRows
    /// orders a load): the seeded holdout is then the same rows whichever path bootstrapped the demo model, so a retrain on the
    /// same applicants later (the drift demo's shifted load) compares the two models on rows neither trained on.
    /// </summary>
    public static TabularData Data()
    {
        using var csv = typeof(CreditDefaultGenerator).Assembly.GetManifestResourceStream("credit-default.csv")!;
        var data = TabularData.ReadCsv(csv, TabularSpec.CreditDefault);
        var order = Enumerable.Range(0, data.Rows).ToArray();
        Array.Sort(order, (a, b) => Compare(data, a, b));
        return new TabularData
        {
            Spec = data.Spec,
            Numeric = data.Numeric.ToDictionary(c => c.Key, c => order.Select(i => c.Value[i]).ToArray()),
            Categorical = data.Categorical.ToDictionary(c => c.Key, c => order.Select(i => c.Value[i]).ToArray()),
            Label = [.. order.Select(i => data.Label[i])],
        };
    }

    private static int Compare(TabularData data, int a, int b)
    {
        foreach (var column in data.Spec.NumericFeatures)
        {
            if (data.Numeric[column][a].CompareTo(data.Numeric[column][b]) is var byNumber and not 0)
            {
                return byNumber;
            }
        }
        foreach (var column in data.Spec.CategoricalFeatures)
        {
            if (string.CompareOrdinal(data.Categorical[column][a], data.Categorical[column][b]) is var byText and not 0)
            {
                return byText;
            }
        }
        return data.Label[a].CompareTo(data.Label[b]) is var byLabel and not 0 ? byLabel : a.CompareTo(b);
    }
}
