using MlOps.Guardrails.Injection;

namespace MlOps.Guardrails.Context;

/// <summary>
/// Scores one segment of retrieved content as an instruction planted for the model (BIPIA style): logistic regression
/// over the segment's MiniLM embedding and its <see cref="SegmentCues"/>, trained with ML.NET on BIPIA's training
/// attacks inserted into its clean training contexts (services/guardrails-training), embedded here (context-injection-head.bin).
/// </summary>
public sealed class ContextInjectionHead(MiniLmInjectionHead encoder)
{
    private readonly EmbeddingHead _head = EmbeddingHead.FromResource("MlOps.Guardrails.Context.context-injection-head.bin");

    /// <summary>The threshold chosen on the training split for a low false-positive rate on clean documents.</summary>
    public double Threshold => _head.Threshold;

    /// <summary>The segment's sentence embedding.</summary>
    public float[] Embed(string segment) => encoder.Embed(segment);

    /// <summary>Probability that the segment is a planted instruction, from its embedding and cues.</summary>
    public double Probability(float[] embedding, float[] cues) => _head.Probability([.. embedding, .. cues]);
}
