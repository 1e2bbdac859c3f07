using MlOps.Trainer.DemoData;

namespace MlOps.Trainer.Training;

/// <summary>Trains on the embedded credit-default CSV: the same CSV path a dataset from ingest takes.</summary>
public static class DemoTraining
{
    public const string ModelName = "credit-default";

    public static TrainedModel Train(TrainingOptions options)
    {
        using var csv = typeof(CreditDefaultGenerator).Assembly.GetManifestResourceStream("credit-default.csv")!;
        return CsvTraining.Train(csv, TabularSpec.CreditDefault, options);
    }
}
