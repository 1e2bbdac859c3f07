namespace MlOps.Guardrails.Injection;

/// <summary>
/// The classifier cascade: the cheap n-gram model decides when its probability is clearly away from its threshold; only
/// texts within <see cref="UncertainBand"/> of it go to the MiniLM stage, which then decides by its own threshold. The
/// band is a design choice; the thresholds come from out-of-fold F1 on the training split.
/// </summary>
public sealed class InjectionCascade(LinearInjectionModel first, MiniLmInjectionHead? second)
{
    /// <summary>How close to the first stage's threshold a probability must be for the second stage to be asked.</summary>
    public const double UncertainBand = 0.2;

    /// <summary>The verdict, the probability behind it, and the stage that gave it (1 or 2).</summary>
    public (bool Injection, double Probability, int Stage) Decide(string text)
    {
        var p = first.Probability(text);
        if (second is null || Math.Abs(p - first.Threshold) >= UncertainBand)
        {
            return (p >= first.Threshold, p, 1);
        }
        var q = second.Probability(text);
        return (q >= second.Threshold, q, 2);
    }
}
