namespace MlOps.Guardrails.Injection;

/// <summary>
/// The first-stage injection classifier: logistic regression over <see cref="NgramFeaturizer"/> features, its weights
/// trained by services/guardrails-training and embedded in this library (injection-linear.bin).
/// </summary>
public sealed class LinearInjectionModel
{
    private readonly Dictionary<int, float> _weights;
    private readonly float _bias;

    private LinearInjectionModel(Dictionary<int, float> weights, float bias, double threshold, double clearBelow, double clearLongBelow) =>
        (_weights, _bias, Threshold, ClearBelow, ClearLongBelow) = (weights, bias, threshold, clearBelow, clearLongBelow);

    /// <summary>At or above this probability the first stage flags by itself (chosen by the training program for a stated out-of-fold false-positive rate).</summary>
    public double Threshold { get; }

    /// <summary>Below this probability the first stage clears by itself; between it and <see cref="Threshold"/> the cascade asks the MiniLM stage.</summary>
    public double ClearBelow { get; }

    /// <summary>
    /// The clear bound for texts longer than the MiniLM stage's window: their score drifts toward their prose's, so a wide
    /// band would send ordinary long prompts to the slow stage; chosen so few long texts fall in the band (latency).
    /// </summary>
    public double ClearLongBelow { get; }

    /// <summary>The model shipped with the library.</summary>
    public static LinearInjectionModel Embedded { get; } = Load(typeof(LinearInjectionModel).Assembly.GetManifestResourceStream("MlOps.Guardrails.Injection.injection-linear.bin")
        ?? throw new InvalidOperationException("The embedded injection model is missing."));

    /// <summary>Reads weights in the training program's format: dimensions, threshold, clear-below, clear-long-below, bias, count, then (index, weight) pairs.</summary>
    public static LinearInjectionModel Load(Stream stream)
    {
        using var reader = new BinaryReader(stream);
        if (reader.ReadInt32() != NgramFeaturizer.Dimensions)
        {
            throw new InvalidDataException("The injection model was trained with a different number of hash buckets.");
        }
        var threshold = reader.ReadSingle();
        var clearBelow = reader.ReadSingle();
        var clearLongBelow = reader.ReadSingle();
        var bias = reader.ReadSingle();
        var count = reader.ReadInt32();
        var weights = new Dictionary<int, float>(count);
        for (var i = 0; i < count; i++)
        {
            weights[reader.ReadInt32()] = reader.ReadSingle();
        }
        return new LinearInjectionModel(weights, bias, threshold, clearBelow, clearLongBelow);
    }

    /// <summary>Probability that the text is a prompt injection.</summary>
    public double Probability(string text)
    {
        var (indexes, values) = NgramFeaturizer.Featurize(text);
        double score = _bias;
        for (var i = 0; i < indexes.Length; i++)
        {
            score += _weights.GetValueOrDefault(indexes[i]) * values[i];
        }
        return 1 / (1 + Math.Exp(-score));
    }
}
