using System.Text;
using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Injection;

/// <summary>Finds base64 and hex runs that decode to readable text, and the ROT13 reading of a text, so hidden instructions can be scanned too.</summary>
public static partial class EncodedPayloads
{
    /// <summary>Each encoded run's span, its encoding and its decoded text (only runs that decode to mostly printable text).</summary>
    public static IEnumerable<(int Start, int Length, string Encoding, string Decoded)> Find(string text)
    {
        foreach (Match match in Base64().Matches(text))
        {
            if (TryDecode(() => Convert.FromBase64String(Pad(match.Value.Replace('-', '+').Replace('_', '/'))), out var decoded))
            {
                yield return (match.Index, match.Length, "base64", decoded);
            }
        }
        foreach (Match match in Hex().Matches(text))
        {
            if (match.Value.Length % 2 == 0 && TryDecode(() => Convert.FromHexString(match.Value), out var decoded))
            {
                yield return (match.Index, match.Length, "hex", decoded);
            }
        }
    }

    /// <summary>ROT13 of the Latin letters.</summary>
    public static string Rot13(string text) => string.Create(text.Length, text, (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            span[i] = c switch
            {
                >= 'a' and <= 'z' => (char)('a' + (c - 'a' + 13) % 26),
                >= 'A' and <= 'Z' => (char)('A' + (c - 'A' + 13) % 26),
                _ => c,
            };
        }
    });

    private static bool TryDecode(Func<byte[]> decode, out string decoded)
    {
        decoded = "";
        try
        {
            var bytes = decode();
            var text = new UTF8Encoding(false, true).GetString(bytes);
            var printable = text.Count(c => !char.IsControl(c) || c is '\n' or '\r' or '\t');
            // Random bytes rarely decode as UTF-8 at all, and almost never as mostly letters and spaces.
            if (text.Length >= 8 && printable == text.Length && text.Count(c => char.IsLetter(c) || c == ' ') >= text.Length * 0.7)
            {
                decoded = text;
                return true;
            }
        }
        catch (Exception error) when (error is FormatException or DecoderFallbackException or ArgumentException)
        {
        }
        return false;
    }

    private static string Pad(string value) => value + new string('=', (4 - value.Length % 4) % 4);

    [GeneratedRegex(@"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])")]
    private static partial Regex Base64();

    [GeneratedRegex(@"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){8,}(?![0-9A-Fa-f])")]
    private static partial Regex Hex();
}
