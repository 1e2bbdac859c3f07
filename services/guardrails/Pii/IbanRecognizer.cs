using System.Collections.Frozen;

namespace MlOps.Guardrails.Pii;

/// <summary>IBANs: a registered country's exact length (ISO 13616 registry), written plain or in groups of four, in either case, passing mod-97.</summary>
public sealed class IbanRecognizer : IPiiRecognizer
{
    private static readonly FrozenDictionary<string, int> Lengths = new Dictionary<string, int>
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22, ["BH"] = 22, ["BR"] = 29,
        ["BY"] = 28, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18, ["DO"] = 28, ["EE"] = 20, ["EG"] = 29,
        ["ES"] = 24, ["FI"] = 18, ["FO"] = 18, ["FR"] = 27, ["GB"] = 22, ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27, ["GT"] = 28,
        ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26, ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20,
        ["LB"] = 28, ["LC"] = 32, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["LY"] = 25, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22,
        ["MK"] = 19, ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NL"] = 18, ["NO"] = 15, ["PK"] = 24, ["PL"] = 28, ["PS"] = 29, ["PT"] = 25,
        ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["SA"] = 24, ["SC"] = 31, ["SD"] = 18, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27,
        ["ST"] = 25, ["SV"] = 28, ["TL"] = 23, ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20,
    }.ToFrozenDictionary();

    /// <inheritdoc />
    public IReadOnlyList<string> ContextWords { get; } = ["iban", "account", "bank", "transfer"];

    // Every candidate has digits.
    /// <inheritdoc />
    public bool MayOccurIn(string text) => Triggers.HasDigit(text);

    /// <inheritdoc />
    public IEnumerable<PiiCandidate> Recognize(string text)
    {
        foreach (var start in Starts(text))
        {
            if (!Lengths.TryGetValue(text.Substring(start, 2).ToUpperInvariant(), out var length))
            {
                continue;
            }
            // Walk exactly the country's number of characters, allowing a single space only between the printed groups of four.
            var characters = new char[length];
            var (count, at) = (0, start);
            while (count < length && at < text.Length)
            {
                var c = text[at];
                if (char.IsAsciiLetterOrDigit(c))
                {
                    characters[count++] = char.ToUpperInvariant(c);
                }
                else if (c != ' ' || count % 4 != 0 || at + 1 >= text.Length || text[at + 1] == ' ')
                {
                    break;
                }
                at++;
            }
            var endsClean = at >= text.Length || !char.IsAsciiLetterOrDigit(text[at]);
            if (count == length && endsClean && Checksums.IbanMod97(characters))
            {
                yield return new PiiCandidate("IBAN_CODE", start, at - start, 1.0);
            }
        }
    }

    // Two letters then two digits, not inside a longer word: found from the digits (a vectorized search), not by trying every letter.
    private static IEnumerable<int> Starts(string text)
    {
        for (var i = text.AsSpan().IndexOfAnyInRange('0', '9'); i >= 0 && i + 1 < text.Length; i = Next(text, i + 1))
        {
            if (i >= 2 && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiLetter(text[i - 2]) && char.IsAsciiLetter(text[i - 1])
                && (i == 2 || !char.IsAsciiLetterOrDigit(text[i - 3])) && (i == 2 || !char.IsAsciiDigit(text[i - 1])))
            {
                yield return i - 2;
            }
        }
    }

    private static int Next(string text, int from)
    {
        var next = text.AsSpan(from).IndexOfAnyInRange('0', '9');
        return next < 0 ? -1 : from + next;
    }
}
