using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Pii;

/// <summary>
/// Payment card numbers that pass the Luhn check and have a card's shape: 13–19 contiguous digits (12 for Maestro), or
/// the groupings issuers print (4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3) with one separator, a space or a dash, throughout.
/// </summary>
public sealed partial class CreditCardRecognizer : IPiiRecognizer
{
    /// <inheritdoc />
    public IReadOnlyList<string> ContextWords { get; } = ["card", "credit", "visa", "mastercard", "amex", "cc", "payment", "debit"];

    // Every candidate has at least twelve ASCII digits (Maestro's shortest).
    /// <inheritdoc />
    public bool MayOccurIn(string text) => Triggers.HasDigits(text, 12);

    /// <inheritdoc />
    public IEnumerable<PiiCandidate> Recognize(string text)
    {
        foreach (Match match in Pattern().Matches(text))
        {
            if (!StandsAlone(text, match))
            {
                continue;
            }
            var digits = match.Value.Where(char.IsAsciiDigit).ToArray();
            // 12 digits only for Maestro's ranges (50, 56–69), the one scheme that issues them.
            var maestro12 = digits.Length == 12 && (digits[0] == '6' || (digits[0] == '5' && digits[1] is '0' or >= '6'));
            if ((digits.Length is >= 13 and <= 19 || maestro12) && Checksums.Luhn(digits))
            {
                // A known issuer prefix makes a Luhn-valid number a card almost surely; any other (a timestamp, an epoch) needs a context word.
                yield return new PiiCandidate("CREDIT_CARD", match.Index, match.Length, KnownIssuer(digits) ? 1.0 : 0.4);
            }
        }
    }

    // Not a piece of a longer number ("12-4111…", "4111 1111 1111 1111 2222"): checked here rather than as look-arounds,
    // which would keep the regex from its vectorized search for a digit.
    private static bool StandsAlone(string text, Match match)
    {
        var (start, end) = (match.Index, match.Index + match.Length);
        var separator = match.Groups["s"].Success ? match.Groups["s"].Value[0] : '\0';
        var before = start > 0 && (char.IsAsciiDigit(text[start - 1]) || text[start - 1] == '-'
            || (start > 1 && text[start - 1] == separator && char.IsAsciiDigit(text[start - 2])));
        var after = end < text.Length && (text[end] == '-'
            || (end + 1 < text.Length && text[end] == separator && char.IsAsciiDigit(text[end + 1])));
        return !before && !after;
    }

    // Visa 4, Mastercard 51–55 and 22–27, Maestro 50 and 56–58, JCB's 15-digit 2131 and 1800, Amex/Diners/JCB 3x, Discover/UnionPay/Maestro 6.
    private static bool KnownIssuer(char[] d) => d[0] switch
    {
        '4' => true,
        '5' => d[1] is not '9',
        '2' => d[1] is >= '2' and <= '7' || new string(d, 0, 4) == "2131",
        '1' => new string(d, 0, 4) == "1800",
        '3' => d[1] is '4' or '7' or '5' or '0' or '6' or '8',
        '6' => true,
        _ => false,
    };

    // The shapes, longest first so a 4-4-4-4-3 number is not cut at sixteen digits; the separator is captured and reused.
    [GeneratedRegex(@"(?:[0-9]{4}(?<s>[ -])[0-9]{4}\k<s>[0-9]{4}\k<s>[0-9]{4}(?:\k<s>[0-9]{3})?|[0-9]{4}(?<s>[ -])[0-9]{6}\k<s>[0-9]{4,5}|[0-9]{12,19})(?![0-9])")]
    private static partial Regex Pattern();
}
