using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Pii;

/// <summary>
/// Person names without a language model: a title before a capitalized name (Mr, Dr, …), a name after phrases that
/// introduce one ("my name is", "Dear", "regards,"), and a known first name (gazetteer) followed by a capitalized word.
/// </summary>
public sealed partial class PersonRecognizer : IPiiRecognizer
{
    /// <inheritdoc />
    public IReadOnlyList<string> ContextWords { get; } = ["name", "mr", "mrs", "ms", "dr", "dear", "regards", "sincerely", "signed", "contact", "called"];

    /// <inheritdoc />
    public IEnumerable<PiiCandidate> Recognize(string text)
    {
        foreach (Match match in Titled().Matches(text))
        {
            var name = match.Groups["name"];
            yield return new PiiCandidate("PERSON", name.Index, name.Length, 0.85);
        }
        foreach (Match match in Introduced().Matches(text))
        {
            var name = match.Groups["name"];
            var twoWords = name.Value.Contains(' ', StringComparison.Ordinal);
            yield return new PiiCandidate("PERSON", name.Index, name.Length, twoWords || GazetteerData.FirstNames.Contains(name.Value.Split(' ')[0]) ? 0.7 : 0.45);
        }
        foreach (Match match in FirstAndLast().Matches(text))
        {
            if (GazetteerData.FirstNames.Contains(match.Groups["first"].Value))
            {
                yield return new PiiCandidate("PERSON", match.Index, match.Length, 0.7);
            }
        }
    }

    [GeneratedRegex(@"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Madam)\.?\s+(?<name>\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+){0,2})")]
    private static partial Regex Titled();

    [GeneratedRegex(@"\b(?:[Mm]y name is|[Nn]ame:|I am|I'm|[Tt]his is|[Dd]ear|[Rr]egards,|[Ss]incerely,|[Ss]igned,?|[Cc]all me)\s+(?<name>\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+){0,2})")]
    private static partial Regex Introduced();

    [GeneratedRegex(@"\b(?<first>\p{Lu}\p{Ll}+)\s+(?<last>\p{Lu}[\p{L}'-]+)")]
    private static partial Regex FirstAndLast();
}
