using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlOps.Trainer.Training;

/// <summary>Trains a LightGBM binary classifier with ML.NET, evaluates it on a holdout and exports ONNX with only its real outputs.</summary>
public static class ModelTrainer
{
    /// <summary>The ONNX outputs: the calibrated probability, the raw score and the 0.5-threshold decision.</summary>
    public static readonly string[] Outputs = ["PredictedLabel", "Score", "Probability"];

    private const string RowIndex = "RowIndex";

    public static TrainedModel Train(string csvPath, TabularData data, TrainingOptions options)
    {
        var spec = data.Spec;
        var ml = new MLContext(seed: options.Seed);
        var all = Loader(ml, spec, withLabel: true).Load(csvPath);
        var split = ml.Data.TrainTestSplit(all, options.HoldoutFraction, seed: options.Seed);

        var pipeline = spec.CategoricalFeatures
            .Select(c => ml.Transforms.Categorical.OneHotEncoding(c + "_onehot", c))
            .Aggregate<IEstimator<ITransformer>, IEstimator<ITransformer>>(new EstimatorChain<ITransformer>(), (chain, step) => chain.Append(step))
            .Append(ml.Transforms.Concatenate("Features", [.. spec.NumericFeatures, .. spec.CategoricalFeatures.Select(c => c + "_onehot")]))
            .Append(ml.BinaryClassification.Trainers.LightGbm(new Microsoft.ML.Trainers.LightGbm.LightGbmBinaryTrainer.Options
            {
                LabelColumnName = "Label",
                FeatureColumnName = "Features",
                NumberOfIterations = options.NumberOfIterations,
                NumberOfLeaves = options.NumberOfLeaves,
                MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf,
                LearningRate = options.LearningRate,
                Seed = options.Seed,
                Deterministic = true,
                NumberOfThreads = 1,
            }));
        var model = pipeline.Fit(split.TrainSet);

        var scored = model.Transform(split.TestSet);
        var evaluation = ml.BinaryClassification.Evaluate(scored, "Label");
        var metrics = new Dictionary<string, double>
        {
            ["auc"] = evaluation.AreaUnderRocCurve,
            ["accuracy"] = evaluation.Accuracy,
            ["f1"] = evaluation.F1Score,
            ["auprc"] = evaluation.AreaUnderPrecisionRecallCurve,
            ["precision"] = evaluation.PositivePrecision,
            ["recall"] = evaluation.PositiveRecall,
        };
        var probabilities = scored.GetColumn<float>("Probability").ToArray();
        // The split is by a seeded random column, so the held-out rows are known only by the row numbers the CSV carries.
        var holdout = scored.GetColumn<int>(RowIndex).ToArray();
        // ML.NET reports log-loss in bits; the registry records it in nats, as scikit-learn does.
        metrics["log_loss"] = LogLoss(probabilities, scored.GetColumn<bool>("Label").ToArray());

        using var onnx = new MemoryStream();
        // The inputs are the features only: the label must not become a required model input.
        ml.Model.ConvertToOnnx(model, Loader(ml, spec, withLabel: false).Load(csvPath), onnx, Outputs);

        var parameters = new Dictionary<string, string>(options.ToParams())
        {
            ["rows_train"] = split.TrainSet.GetRowCount()?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        };
        var profile = ReferenceProfiler.Profile(data, probabilities, options.ProfileSampleSize, options.Seed);
        return new TrainedModel(onnx.ToArray(), metrics, parameters, profile, InputExample(data)) { HoldoutRows = holdout };
    }

    private static double LogLoss(float[] probabilities, bool[] labels)
    {
        const double Epsilon = 1e-15;
        var total = 0d;
        for (var i = 0; i < labels.Length; i++)
        {
            var p = Math.Clamp(probabilities[i], Epsilon, 1 - Epsilon);
            total -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }
        return total / labels.Length;
    }

    private static TextLoader Loader(MLContext ml, TabularSpec spec, bool withLabel)
    {
        var header = TabularSpecHeader(spec);
        var columns = spec.NumericFeatures.Select(c => new TextLoader.Column(c, DataKind.Single, header.IndexOf(c)))
            .Concat(spec.CategoricalFeatures.Select(c => new TextLoader.Column(c, DataKind.String, header.IndexOf(c))));
        if (withLabel)
        {
            columns = columns.Append(new TextLoader.Column("Label", DataKind.Boolean, header.IndexOf(spec.Label)))
                .Append(new TextLoader.Column(RowIndex, DataKind.Int32, header.Count));
        }
        return ml.Data.CreateTextLoader([.. columns], separatorChar: ',', hasHeader: true);
    }

    // The trainer writes the CSV it trains on in spec order (features, then the label, then the row number).
    private static List<string> TabularSpecHeader(TabularSpec spec) => [.. spec.Features, spec.Label];

    private static JsonObject InputExample(TabularData data)
    {
        var example = new JsonObject();
        foreach (var (column, values) in data.Numeric)
        {
            example[column] = values[0];
        }
        foreach (var (column, values) in data.Categorical)
        {
            example[column] = values[0];
        }
        return example;
    }
}
