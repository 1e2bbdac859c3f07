using MlOps.Guardrails.Injection;

namespace MlOps.Guardrails.Context;

/// <summary>
/// Scores one segment of retrieved content as an instruction planted for the model (BIPIA style): logistic regression
/// over MiniLM embeddings, trained with ML.NET on BIPIA's training attacks against segments of its clean training contexts
/// (services/guardrails-training), embedded here (context-injection-head.bin).
/// </summary>
public sealed class ContextInjectionHead(MiniLmInjectionHead encoder)
{
    private readonly EmbeddingHead _head = EmbeddingHead.FromResource("MlOps.Guardrails.Context.context-injection-head.bin");

    /// <summary>The segment threshold chosen on the training split for a low false-positive rate on clean documents.</summary>
    public double Threshold => _head.Threshold;

    /// <summary>Probability that the segment is a planted instruction.</summary>
    public double Probability(string segment) => _head.Probability(encoder.Embed(segment));
}
