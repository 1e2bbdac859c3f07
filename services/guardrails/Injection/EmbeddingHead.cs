namespace MlOps.Guardrails.Injection;

/// <summary>A logistic-regression head over sentence embeddings, as the training program writes it: dimensions, threshold, bias, weights.</summary>
public sealed class EmbeddingHead
{
    private readonly float[] _weights;
    private readonly float _bias;

    private EmbeddingHead(float[] weights, float bias, double threshold) => (_weights, _bias, Threshold) = (weights, bias, threshold);

    /// <summary>The decision threshold the training program chose on the training split.</summary>
    public double Threshold { get; }

    /// <summary>Reads a head embedded in this library.</summary>
    public static EmbeddingHead FromResource(string name)
    {
        using var stream = typeof(EmbeddingHead).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded head {name} is missing.");
        using var reader = new BinaryReader(stream);
        var dimensions = reader.ReadInt32();
        var threshold = reader.ReadSingle();
        var bias = reader.ReadSingle();
        var weights = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            weights[i] = reader.ReadSingle();
        }
        return new EmbeddingHead(weights, bias, threshold);
    }

    /// <summary>sigmoid(w·x + b).</summary>
    public double Probability(float[] embedding)
    {
        double score = _bias;
        for (var i = 0; i < _weights.Length; i++)
        {
            score += _weights[i] * embedding[i];
        }
        return 1 / (1 + Math.Exp(-score));
    }
}
