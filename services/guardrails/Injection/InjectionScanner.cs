namespace MlOps.Guardrails.Injection;

/// <summary>
/// Prompt injection and jailbreak detection, cheapest first: hidden and bidi characters and homoglyph words; rules for
/// instruction overrides, role-play jailbreaks and system-prompt extraction on the normalized text, on its ROT13
/// reading and inside base64/hex payloads; then the learned cascade (n-grams, MiniLM on the uncertain ones).
/// </summary>
public sealed class InjectionScanner(InjectionCascade cascade) : IScanner
{
    /// <inheritdoc />
    public string Name => "injection";

    /// <inheritdoc />
    public IReadOnlyList<Finding> Scan(string text)
    {
        var findings = new List<Finding>();
        var (normalized, hidden, homoglyphs) = TextNormalizer.Normalize(text);
        var whole = (Start: 0, Length: text.Length);
        if (hidden > 0)
        {
            findings.Add(new Finding("HIDDEN_CHARACTERS", Name, whole.Start, whole.Length, Math.Min(1.0, 0.6 + 0.05 * hidden), GuardAction.Block));
        }
        if (homoglyphs > 0 && text.Split(' ').Any(TextNormalizer.MixesScripts))
        {
            findings.Add(new Finding("HOMOGLYPHS", Name, whole.Start, whole.Length, 0.8, GuardAction.Block));
        }
        // Spans are exact when normalization changed nothing; otherwise the finding covers the whole text.
        var exactSpans = normalized == text;
        foreach (var (kind, pattern) in InjectionRules.All)
        {
            foreach (System.Text.RegularExpressions.Match match in pattern.Matches(normalized))
            {
                findings.Add(exactSpans
                    ? new Finding(kind, Name, match.Index, match.Length, 0.95, GuardAction.Block)
                    : new Finding(kind, Name, whole.Start, whole.Length, 0.95, GuardAction.Block));
            }
        }
        if (InjectionRules.AnyMatch(EncodedPayloads.Rot13(normalized)))
        {
            findings.Add(new Finding("ENCODED_PAYLOAD", Name, whole.Start, whole.Length, 0.9, GuardAction.Block));
        }
        foreach (var (start, length, _, decoded) in EncodedPayloads.Find(text))
        {
            if (InjectionRules.AnyMatch(decoded) || cascade.Decide(decoded).Injection)
            {
                findings.Add(new Finding("ENCODED_PAYLOAD", Name, start, length, 0.9, GuardAction.Block));
            }
        }
        // A rule's finding already blocks the text; the learned stages would only add a second finding for it, at the
        // price of the MiniLM stage when a long text with a planted attack lands in stage 1's uncertain band.
        if (findings.Count > 0)
        {
            return findings;
        }
        var (injection, probability, _) = cascade.Decide(normalized);
        if (injection)
        {
            findings.Add(new Finding("PROMPT_INJECTION", Name, whole.Start, whole.Length, probability, GuardAction.Block));
        }
        return findings;
    }
}
