using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Pii;

/// <summary>
/// Places by gazetteer (countries, US states, large cities; Pii/Gazetteers), matched case-sensitively as whole words.
/// Honest about its reach: a place that is not in the lists is not found.
/// </summary>
public sealed class LocationRecognizer : IPiiRecognizer
{
    private static readonly Regex Pattern = new($@"\b(?:{string.Join('|', GazetteerData.Places.OrderByDescending(p => p.Length).Select(Regex.Escape))})\b",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <inheritdoc />
    public IReadOnlyList<string> ContextWords { get; } = ["in", "from", "live", "lives", "living", "located", "city", "country", "moved", "visit", "born", "address"];

    /// <inheritdoc />
    public IEnumerable<PiiCandidate> Recognize(string text) =>
        Pattern.Matches(text).Select(m => new PiiCandidate("LOCATION", m.Index, m.Length, 0.4));
}
