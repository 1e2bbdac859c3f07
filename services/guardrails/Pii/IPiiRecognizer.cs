namespace MlOps.Guardrails.Pii;

/// <summary>Finds one family of PII (a pattern plus its validation: checksum, format rules).</summary>
public interface IPiiRecognizer
{
    /// <summary>Words that, shortly before a candidate, make it more likely to be what it looks like.</summary>
    IReadOnlyList<string> ContextWords { get; }

    /// <summary>Validated candidates in the text.</summary>
    IEnumerable<PiiCandidate> Recognize(string text);

    /// <summary>
    /// False when the text lacks a character every candidate of this family contains (a digit, '@', ...), so the
    /// recognizer can be skipped: most short texts, such as the words of a streamed answer, hold none.
    /// </summary>
    bool MayOccurIn(string text) => true;
}
