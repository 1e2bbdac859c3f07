using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MlOps.Guardrails.Training;

/// <summary>Logistic regression over embeddings: training with ML.NET, scoring, and the file format the guardrails library reads.</summary>
public sealed class DenseHead(MLContext ml, LbfgsLogisticRegressionBinaryTrainer.Options options)
{
    public LinearBinaryModelParameters Train(IEnumerable<(float[] Features, bool Label)> rows)
    {
        var list = rows.ToList();
        // The schema takes its width from the rows: embeddings alone, or embeddings with cues appended.
        var schema = SchemaDefinition.Create(typeof(DenseRow));
        schema[nameof(DenseRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, list[0].Features.Length);
        return ml.BinaryClassification.Trainers.LbfgsLogisticRegression(options)
            .Fit(ml.Data.LoadFromEnumerable(list.Select(r => new DenseRow { Label = r.Label, Features = r.Features }), schema)).Model.SubModel;
    }

    public static double Score(LinearBinaryModelParameters model, float[] features) =>
        1 / (1 + Math.Exp(-(model.Bias + model.Weights.Select((w, k) => (double)w * features[k]).Sum())));

    /// <summary>Dimensions, threshold, bias, then the weights (EmbeddingHead reads this).</summary>
    public static async Task WriteAsync(string path, LinearBinaryModelParameters model, double threshold)
    {
        await using var writer = new BinaryWriter(File.Create(path));
        writer.Write(model.Weights.Count);
        writer.Write((float)threshold);
        writer.Write(model.Bias);
        foreach (var weight in model.Weights)
        {
            writer.Write(weight);
        }
    }
}
