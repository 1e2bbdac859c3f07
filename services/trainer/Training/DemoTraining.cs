using MlOps.Trainer.DemoData;

namespace MlOps.Trainer.Training;

/// <summary>Trains on the embedded credit-default CSV: the same CSV path a dataset from ingest takes.</summary>
public static class DemoTraining
{
    public const string ModelName = "credit-default";

    public static TrainedModel Train(TrainingOptions options) => CsvTraining.Train(Data(), options);

    /// <summary>The embedded file's rows.</summary>
    public static TabularData Data()
    {
        using var csv = typeof(CreditDefaultGenerator).Assembly.GetManifestResourceStream("credit-default.csv")!;
        return TabularData.ReadCsv(csv, TabularSpec.CreditDefault);
    }
}
