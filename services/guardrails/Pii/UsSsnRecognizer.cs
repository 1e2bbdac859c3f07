using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Pii;

/// <summary>
/// US Social Security numbers by the SSA's rules: area not 000, 666 or 900–999, group not 00, serial not 0000, and not
/// an advertised example. With dashes, spaces or dots they are likely; nine bare digits need context.
/// </summary>
public sealed partial class UsSsnRecognizer : IPiiRecognizer
{
    private static readonly HashSet<string> Advertised = ["078051120", "219099999", "123456789", "111111111", "987654320"];

    /// <inheritdoc />
    public IReadOnlyList<string> ContextWords { get; } = ["ssn", "social", "security", "ssns", "ss#", "ssid", "taxpayer"];

    // Every candidate has nine ASCII digits.
    /// <inheritdoc />
    public bool MayOccurIn(string text) => Triggers.HasDigits(text, 9);

    /// <inheritdoc />
    public IEnumerable<PiiCandidate> Recognize(string text)
    {
        foreach (Match match in Pattern().Matches(text))
        {
            var (first, second) = (match.Groups["d1"].Value, match.Groups["d2"].Value);
            if (first != second || !StandsAlone(text, match.Index, match.Length, first))
            {
                continue;
            }
            var (area, group, serial) = (match.Groups["area"].Value, match.Groups["group"].Value, match.Groups["serial"].Value);
            if (area is "000" or "666" || area[0] == '9' || group == "00" || serial == "0000" || Advertised.Contains(area + group + serial))
            {
                continue;
            }
            yield return new PiiCandidate("US_SSN", match.Index, match.Length, first.Length == 0 ? 0.3 : 0.6);
        }
    }

    // Not part of a word, a version string or a longer dotted or spaced number ("v536.22.1234", "10.536.22.1234").
    private static bool StandsAlone(string text, int start, int length, string separator)
    {
        var end = start + length;
        var before = start > 0 && (char.IsAsciiLetter(text[start - 1])
            || (start > 1 && (text[start - 1] == '.' || separator == text[(start - 1)..start]) && char.IsAsciiDigit(text[start - 2])));
        var after = end < text.Length && (char.IsAsciiLetter(text[end])
            || (end + 1 < text.Length && (text[end] == '.' || separator == text[end..(end + 1)]) && char.IsAsciiDigit(text[end + 1])));
        return !before && !after;
    }

    [GeneratedRegex(@"(?<![0-9-])(?<area>[0-9]{3})(?<d1>[- .]?)(?<group>[0-9]{2})(?<d2>[- .]?)(?<serial>[0-9]{4})(?![0-9-])")]
    private static partial Regex Pattern();
}
