using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Pii;

/// <summary>Dates of birth: a date (numeric or with a month name) that birth words stand next to; a date alone is not PII.</summary>
public sealed partial class DateOfBirthRecognizer : IPiiRecognizer
{
    /// <inheritdoc />
    public IReadOnlyList<string> ContextWords { get; } = ["born", "birth", "birthday", "dob", "d.o.b", "birthdate"];

    /// <inheritdoc />
    public IEnumerable<PiiCandidate> Recognize(string text)
    {
        foreach (Match match in Pattern().Matches(text))
        {
            if (Pii.ContextWords.Near(text, match.Index, match.Length, ContextWords))
            {
                yield return new PiiCandidate("DATE_OF_BIRTH", match.Index, match.Length, 0.5);
            }
        }
    }

    [GeneratedRegex(@"\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{1,2}(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{4}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})\b", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
