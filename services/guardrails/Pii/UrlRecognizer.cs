using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Pii;

/// <summary>URLs with a scheme, or starting with www.; trailing sentence punctuation is left out.</summary>
public sealed partial class UrlRecognizer : IPiiRecognizer
{
    /// <inheritdoc />
    public IReadOnlyList<string> ContextWords { get; } = ["url", "link", "website", "site", "visit"];

    // Every match has "://" or "www.".
    /// <inheritdoc />
    public bool MayOccurIn(string text) => text.Contains("://", StringComparison.Ordinal) || text.Contains("www.", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IEnumerable<PiiCandidate> Recognize(string text)
    {
        foreach (Match match in Pattern().Matches(text))
        {
            var length = match.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')', ']', '\'', '"').Length;
            yield return new PiiCandidate("URL", match.Index, length, 0.6);
        }
    }

    [GeneratedRegex(@"\b(?:(?:https?|ftp)://|www\.)[^\s<>""'`]+", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
