using System.Buffers;
using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Pii;

/// <summary>Dates of birth: a date (numeric or with a month name) that birth words stand next to; a date alone is not PII.</summary>
public sealed partial class DateOfBirthRecognizer : IPiiRecognizer
{
    private const int Window = 60;
    private static readonly string[] BirthContext = ["born", "birth", "birthday", "dob", "d.o.b", "birthdate"];
    private static readonly SearchValues<string> BirthWords = SearchValues.Create(BirthContext, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    /// <remarks>None: birth words are already required to report a date at all, so they raise nothing further.</remarks>
    public IReadOnlyList<string> ContextWords { get; } = [];

    // Every candidate has digits.
    /// <inheritdoc />
    public bool MayOccurIn(string text) => Triggers.HasDigit(text);

    /// <inheritdoc />
    public IEnumerable<PiiCandidate> Recognize(string text)
    {
        // Dates are only looked for around a birth word (a vectorized search), not through the whole text.
        var seen = new HashSet<int>();
        for (var at = text.AsSpan().IndexOfAny(BirthWords); at >= 0; at = Next(text, at))
        {
            var from = Math.Max(0, at - Window);
            var window = text.Substring(from, Math.Min(text.Length, at + Window) - from);
            foreach (Match match in Pattern().Matches(window))
            {
                var start = from + match.Index;
                if (seen.Add(start) && Pii.ContextWords.Near(text, start, match.Length, BirthContext))
                {
                    yield return new PiiCandidate("DATE_OF_BIRTH", start, match.Length, 0.5);
                }
            }
        }
    }

    private static int Next(string text, int at)
    {
        var next = text.AsSpan(at + 1).IndexOfAny(BirthWords);
        return next < 0 ? -1 : at + 1 + next;
    }

    [GeneratedRegex(@"\b(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}[/.-][0-9]{1,2}[/.-](?:[0-9]{4}|[0-9]{2})|[0-9]{1,2}(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+[0-9]{4}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+[0-9]{1,2}(?:st|nd|rd|th)?,?\s+[0-9]{4})\b", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
