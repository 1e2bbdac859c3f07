namespace MlOps.Guardrails.Injection;

/// <summary>
/// The classifier cascade: the cheap n-gram model flags at or above its threshold and clears below its lower bound by
/// itself; only texts in the band between go to the MiniLM stage, which then decides by its own threshold. A text longer
/// than the MiniLM stage's window has a narrower band (a clear bound of its own), so that long prompts rarely pay the slow
/// stage. Bounds and thresholds come from out-of-fold predictions on the training data at a stated false-positive rate
/// and a stated share of long texts in the band (services/guardrails-training).
/// </summary>
public sealed class InjectionCascade(LinearInjectionModel first, MiniLmInjectionHead? second)
{
    /// <summary>The verdict, the probability behind it, and the stage that gave it (1 or 2).</summary>
    public (bool Injection, double Probability, int Stage) Decide(string text)
    {
        var p = first.Probability(text);
        var clear = text.Length > EmbeddingWindow.MaxCharacters ? first.ClearLongBelow : first.ClearBelow;
        if (second is null || p >= first.Threshold || p < clear)
        {
            return (p >= first.Threshold, p, 1);
        }
        var q = second.Probability(text);
        return (q >= second.Threshold, q, 2);
    }
}
