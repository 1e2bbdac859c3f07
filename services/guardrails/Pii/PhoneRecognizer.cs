using System.Text.RegularExpressions;
using PhoneNumbers;

namespace MlOps.Guardrails.Pii;

/// <summary>
/// Phone numbers, two ways. libphonenumber finds numbers in international form or in the national form of a configured
/// region; like Presidio it accepts possible numbers (plausible length): one the numbering plan validates scores 0.6 when
/// written internationally or in the first (home) region's format, any other 0.4. For the world's other national formats, digits grouped the E.123 way (an optional +country
/// code, an optional parenthesised area code, then 2–4-digit groups joined by spaces, dashes or dots; 7 to 15 digits)
/// score 0.45, or 0.55 when written with +, a leading 0 or an area code in parentheses. A context word such as "call"
/// or "phone" adds 0.35; the default threshold is 0.5.
/// </summary>
public sealed partial class PhoneRecognizer(IReadOnlyList<string>? regions = null) : IPiiRecognizer
{
    /// <summary>Regions whose national formats are recognized (Presidio's defaults plus a few).</summary>
    public static readonly IReadOnlyList<string> DefaultRegions = ["US", "GB", "DE", "FR", "IL", "IN", "CA", "BR", "AU", "ES", "IT", "NL"];

    private const int MinDigits = 7;
    private const int WindowMargin = 20;
    private const int MaxDigits = 15;
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <inheritdoc />
    public IReadOnlyList<string> ContextWords { get; } = ["phone", "call", "tel", "telephone", "mobile", "cell", "fax", "contact", "whatsapp", "reach", "dial"];

    // Every candidate has at least seven ASCII digits.
    /// <inheritdoc />
    public bool MayOccurIn(string text) => Triggers.HasDigits(text, MinDigits);

    /// <inheritdoc />
    public IEnumerable<PiiCandidate> Recognize(string text)
    {
        // The best score per span: both ways may find the same number.
        // Made on the first candidate: a streamed answer is scanned chunk by chunk, most chunks with none.
        Dictionary<(int Start, int Length), double>? spans = null;
        var configured = regions ?? DefaultRegions;
        // libphonenumber only looks at digit-heavy runs (with a little margin), not at the whole text once per region.
        // Runs and groups are enumerated without a match collection: most texts with seven digits hold no phone number.
        foreach (var run in DigitRun().EnumerateMatches(text))
        {
            var runText = text.AsSpan(run.Index, run.Length);
            if (Digits(runText) < MinDigits)
            {
                continue;
            }
            var from = Math.Max(0, run.Index - WindowMargin);
            var window = text.Substring(from, Math.Min(text.Length, run.Index + run.Length + WindowMargin) - from);
            // Another region's national format scores 0.4 and only a context word lifts it over the threshold: skip those regions without one.
            // An international number parses the same from any region.
            var context = !runText.StartsWith('+') && Pii.ContextWords.Near(text, run.Index, run.Length, ContextWords);
            foreach (var region in context ? configured : configured.Take(1))
            {
                foreach (var match in Util.FindNumbers(window, region, PhoneNumberUtil.Leniency.POSSIBLE, long.MaxValue))
                {
                    // A national-format number is valid in some region or other far too often; only the international form
                    // or the first (home) region's plan makes validity evidence.
                    var telling = match.RawString.StartsWith('+') || region == configured[0];
                    if (Digits(match.RawString) >= MinDigits)
                    {
                        Keep(spans ??= [], (from + match.Start, match.Length), telling && Util.IsValidNumber(match.Number) ? 0.6 : 0.4);
                    }
                }
            }
        }
        foreach (var match in Grouped().EnumerateMatches(text))
        {
            var value = text.AsSpan(match.Index, match.Length);
            var digits = Digits(value);
            if (digits is >= MinDigits and <= MaxDigits && !ZipPlusFour().IsMatch(value) && !NumericDate().IsMatch(value) && !SsnLayout().IsMatch(value))
            {
                Keep(spans ??= [], (match.Index, match.Length), value[0] is '+' or '0' or '(' ? 0.55 : 0.45);
            }
        }
        return spans is null ? [] : spans.Select(s => new PiiCandidate("PHONE_NUMBER", s.Key.Start, s.Key.Length, s.Value));
    }

    private static void Keep(Dictionary<(int, int), double> spans, (int, int) span, double score) =>
        spans[span] = Math.Max(score, spans.GetValueOrDefault(span));

    private static int Digits(ReadOnlySpan<char> value)
    {
        var digits = 0;
        foreach (var c in value)
        {
            digits += char.IsAsciiDigit(c) ? 1 : 0;
        }
        return digits;
    }

    [GeneratedRegex(@"(?<![\w+.-])(?:\+[0-9]{1,3}[ .-]?)?(?:\([0-9]{1,4}\)[ .-]?)?[0-9]{2,4}(?:[ .-][0-9]{2,4}){1,4}(?![\w]|[.-][0-9])")]
    private static partial Regex Grouped();

    // ddd-dd-dddd is the Social Security number's layout, left to that recognizer (which also rejects the invalid ones).
    [GeneratedRegex(@"^[0-9]{3}-[0-9]{2}-[0-9]{4}$")]
    private static partial Regex SsnLayout();

    [GeneratedRegex(@"[+(]?[0-9][0-9 \t().\-/]{5,40}[0-9]")]
    private static partial Regex DigitRun();

    [GeneratedRegex(@"^[0-9]{5}[ -][0-9]{4}$")]
    private static partial Regex ZipPlusFour();

    [GeneratedRegex(@"^(?:[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4}|[0-9]{4}[./-][0-9]{1,2}[./-][0-9]{1,2})$")]
    private static partial Regex NumericDate();
}
