using MlOps.Guardrails.Injection;

namespace MlOps.Guardrails.Context;

/// <summary>
/// Scores one segment of retrieved content as an instruction planted for the model (BIPIA style): logistic regression
/// over MiniLM embeddings, trained with ML.NET on BIPIA's training attacks against segments of its clean training contexts
/// (services/guardrails-training), embedded here (context-injection-head.bin).
/// </summary>
public sealed class ContextInjectionHead
{
    private readonly MiniLmInjectionHead _encoder;
    private readonly float[] _weights;
    private readonly float _bias;

    /// <summary>Uses the injection head's MiniLM encoder (one model in memory) with this head's weights.</summary>
    public ContextInjectionHead(MiniLmInjectionHead encoder)
    {
        _encoder = encoder;
        using var stream = typeof(ContextInjectionHead).Assembly.GetManifestResourceStream("MlOps.Guardrails.Context.context-injection-head.bin")
            ?? throw new InvalidOperationException("The embedded context-injection head is missing.");
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

    /// <summary>The segment threshold chosen on the training split for a low false-positive rate on clean documents.</summary>
    public double Threshold { get; }

    /// <summary>Probability that the segment is a planted instruction.</summary>
    public double Probability(string segment)
    {
        var embedding = _encoder.Embed(segment);
        double score = _bias;
        for (var i = 0; i < _weights.Length; i++)
        {
            score += _weights[i] * embedding[i];
        }
        return 1 / (1 + Math.Exp(-score));
    }
}
