using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Pii;

/// <summary>Payment card numbers: 13–19 digits (12 for Maestro), optionally grouped by spaces or dashes, that pass the Luhn check.</summary>
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
            // Checked here rather than as a look-behind, which would keep the regex from its vectorized search for a digit.
            if (match.Index > 0 && (char.IsAsciiDigit(text[match.Index - 1]) || text[match.Index - 1] == '-'))
            {
                continue;
            }
            var digits = match.Value.Where(char.IsAsciiDigit).ToArray();
            // 12 digits only for Maestro's ranges (50, 56–69), the one scheme that issues them.
            var maestro12 = digits.Length == 12 && (digits[0] == '6' || (digits[0] == '5' && digits[1] is '0' or >= '6'));
            if ((digits.Length is >= 13 and <= 19 || maestro12) && Checksums.Luhn(digits))
            {
                // A known issuer prefix makes a Luhn-valid number a card almost surely; any other is still likely.
                yield return new PiiCandidate("CREDIT_CARD", match.Index, match.Length, KnownIssuer(digits) ? 1.0 : 0.6);
            }
        }
    }

    private static bool KnownIssuer(char[] d) => d[0] switch
    {
        '4' => true,
        '5' => d[1] is >= '1' and <= '5',
        '2' => d[1] is >= '2' and <= '7',
        '3' => d[1] is '4' or '7' or '5' or '0' or '6' or '8',
        '6' => true,
        _ => false,
    };

    [GeneratedRegex(@"[0-9](?:[ -]?[0-9]){11,18}(?![0-9-])")]
    private static partial Regex Pattern();
}
