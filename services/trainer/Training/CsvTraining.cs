namespace MlOps.Trainer.Training;

/// <summary>Reads a CSV dataset, writes it in the loader's layout to a scratch file and trains on it.</summary>
public static class CsvTraining
{
    public static TrainedModel Train(Stream csv, TabularSpec spec, TrainingOptions options)
    {
        var data = TabularData.ReadCsv(csv, spec);
        var scratch = Path.Combine(Path.GetTempPath(), $"mlops-train-{Guid.NewGuid():N}.csv");
        try
        {
            data.WriteCsv(scratch);
            return ModelTrainer.Train(scratch, data, options);
        }
        finally
        {
            File.Delete(scratch);
        }
    }
}
