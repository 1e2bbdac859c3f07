using System.Globalization;
using System.Text;

namespace MlOps.Guardrails.Injection;

/// <summary>
/// Undoes the evasions that hide instructions from pattern matching: invisible and bidi-control characters are removed
/// (and counted), compatibility forms folded (NFKC: fullwidth, ligatures, math letters), and common Cyrillic/Greek
/// look-alikes mapped to their Latin letters.
/// </summary>
public static class TextNormalizer
{
    private static readonly Dictionary<char, char> Homoglyphs = new()
    {
        ['а'] = 'a', ['е'] = 'e', ['о'] = 'o', ['р'] = 'p', ['с'] = 'c', ['у'] = 'y', ['х'] = 'x', ['і'] = 'i', ['ј'] = 'j', ['ѕ'] = 's',
        ['А'] = 'A', ['В'] = 'B', ['Е'] = 'E', ['К'] = 'K', ['М'] = 'M', ['Н'] = 'H', ['О'] = 'O', ['Р'] = 'P', ['С'] = 'C', ['Т'] = 'T', ['Х'] = 'X',
        ['α'] = 'a', ['ο'] = 'o', ['ρ'] = 'p', ['ν'] = 'v', ['ι'] = 'i', ['Α'] = 'A', ['Β'] = 'B', ['Ε'] = 'E', ['Ι'] = 'I', ['Ο'] = 'O', ['Τ'] = 'T',
    };

    /// <summary>Whether a character is invisible or reorders text: zero-width, bidi controls, tag characters, soft hyphen.</summary>
    public static bool IsHidden(int codePoint) =>
        codePoint is 0x00AD or 0x034F or 0x061C or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x180E or 0x2060 or 0x2061 or 0x2062 or 0x2063 or 0x2064 or 0xFEFF
        || codePoint is >= 0x200B and <= 0x200F
        || codePoint is >= 0x202A and <= 0x202E
        || codePoint is >= 0x2066 and <= 0x2069
        || codePoint is >= 0xE0000 and <= 0xE007F;

    /// <summary>The normalized text, how many hidden characters were removed, and how many look-alikes were replaced.</summary>
    public static (string Text, int Hidden, int Homoglyphs) Normalize(string text)
    {
        if (System.Text.Ascii.IsValid(text))
        {
            // Nothing hidden, no look-alike, and NFKC leaves ASCII as it is: the common prompt needs no copy.
            return (text, 0, 0);
        }
        var builder = new StringBuilder(text.Length);
        Span<char> utf16 = stackalloc char[2];
        int hidden = 0, homoglyphs = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsHidden(rune.Value))
            {
                hidden++;
                continue;
            }
            if (rune.IsBmp && Homoglyphs.TryGetValue((char)rune.Value, out var latin))
            {
                builder.Append(latin);
                homoglyphs++;
                continue;
            }
            builder.Append(utf16[..rune.EncodeToUtf16(utf16)]);
        }
        return (builder.ToString().Normalize(NormalizationForm.FormKC), hidden, homoglyphs);
    }

    /// <summary>Whether a word mixes Latin letters with Cyrillic or Greek ones, the shape of a homoglyph attack.</summary>
    public static bool MixesScripts(string word)
    {
        bool latin = false, other = false;
        foreach (var c in word)
        {
            if (char.IsAsciiLetter(c))
            {
                latin = true;
            }
            else if (char.IsLetter(c) && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter && c is >= '\u0370' and <= '\u04FF')
            {
                other = true;
            }
        }
        return latin && other;
    }
}
