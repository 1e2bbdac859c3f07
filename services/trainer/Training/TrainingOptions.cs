namespace MlOps.Trainer.Training;

/// <summary>LightGBM settings and the holdout split; fixed seeds so a retrain on the same data gives the same model.</summary>
public sealed record TrainingOptions
{
    public int NumberOfIterations { get; init; } = 100;
    public int NumberOfLeaves { get; init; } = 31;
    public int MinimumExampleCountPerLeaf { get; init; } = 20;
    public double LearningRate { get; init; } = 0.1;
    public double HoldoutFraction { get; init; } = 0.2;
    public int Seed { get; init; } = 42;
    public int ProfileSampleSize { get; init; } = 5_000;

    public IReadOnlyDictionary<string, string> ToParams() => new Dictionary<string, string>
    {
        ["trainer"] = "LightGbmBinary",
        ["iterations"] = NumberOfIterations.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["leaves"] = NumberOfLeaves.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["min_examples_per_leaf"] = MinimumExampleCountPerLeaf.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["learning_rate"] = LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["holdout_fraction"] = HoldoutFraction.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["seed"] = Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
