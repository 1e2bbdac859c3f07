using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Guardrails.Injection;
using MlOps.Guardrails.Training;

// Trains the first-stage injection classifier: logistic regression (ML.NET L-BFGS, L2) on NgramFeaturizer's hashed
// n-grams, from the training splits only, and writes its non-zero weights for the guardrails library to embed.
// Usage: dotnet run --project services/guardrails-training -- [shared-data-dir] [output-file]
var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
var sharedData = args.Length > 0 ? args[0] : Path.GetFullPath(Path.Combine(root, "../shared/data"));
var output = args.Length > 1 ? args[1] : Path.Combine(root, "services/guardrails/Injection/injection-linear.bin");

var examples = TrainingData.Deepset(sharedData);
var ml = new MLContext(seed: 20261127);
var schema = SchemaDefinition.Create(typeof(FeatureRow));
schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, NgramFeaturizer.Dimensions);
var rows = examples.Select(e =>
{
    var (indexes, values) = NgramFeaturizer.Featurize(e.Text);
    return new FeatureRow { Label = e.Injection, Features = new VBuffer<float>(NgramFeaturizer.Dimensions, indexes.Length, values, indexes) };
});
var data = ml.Data.LoadFromEnumerable(rows, schema);
var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer.Options
{
    L2Regularization = 0.01f,
    L1Regularization = 0f,
    OptimizationTolerance = 1e-7f,
    MaximumNumberOfIterations = 1000,
});
var model = trainer.Fit(data);
var linear = model.Model.SubModel;
var weights = linear.Weights.Select((w, i) => (Index: i, Weight: w)).Where(p => p.Weight != 0).ToList();
await using (var file = File.Create(output))
await using (var writer = new BinaryWriter(file))
{
    writer.Write(NgramFeaturizer.Dimensions);
    writer.Write(linear.Bias);
    writer.Write(weights.Count);
    foreach (var (index, weight) in weights)
    {
        writer.Write(index);
        writer.Write(weight);
    }
}
Console.WriteLine($"trained on {examples.Count} texts ({examples.Count(e => e.Injection)} injections); {weights.Count} non-zero weights written to {output}");
