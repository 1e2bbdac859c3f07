namespace MlOps.Guardrails;

/// <summary>Something a scanner found: what kind, where (character span), how sure, and what it suggests doing.</summary>
/// <param name="Kind">Entity or threat kind, e.g. EMAIL_ADDRESS, CREDIT_CARD, SECRET_AWS_ACCESS_KEY.</param>
/// <param name="Scanner">The scanner that found it, e.g. pii, secrets.</param>
/// <param name="Start">Index of the first character.</param>
/// <param name="Length">Number of characters.</param>
/// <param name="Score">Confidence between 0 and 1.</param>
/// <param name="SuggestedAction">What the scanner suggests; a policy decides.</param>
public sealed record Finding(string Kind, string Scanner, int Start, int Length, double Score, GuardAction SuggestedAction)
{
    /// <summary>Index just past the last character.</summary>
    public int End => Start + Length;

    /// <summary>Whether the two spans share at least one character.</summary>
    public bool Overlaps(Finding other) => Start < other.End && other.Start < End;
}
