namespace MlOps.Trainer.Training;

/// <summary>Writes a dataset in the loader's layout to a scratch file and trains on it (CSV files and warehouse rows alike).</summary>
public static class CsvTraining
{
    public static TrainedModel Train(Stream csv, TabularSpec spec, TrainingOptions options) => Train(TabularData.ReadCsv(csv, spec), options);

    public static TrainedModel Train(TabularData data, TrainingOptions options)
    {
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
