using System.Text.RegularExpressions;

namespace MlOps.Guardrails.Context;

/// <summary>Splits retrieved content into the pieces an inserted instruction would be one of: lines, and sentences within long lines.</summary>
public static partial class Segmenter
{
    private const int MinLength = 12;

    /// <summary>Segments with their start offsets; blank and very short pieces are skipped.</summary>
    public static IEnumerable<(int Start, string Text)> Segments(string text)
    {
        foreach (Match line in Line().Matches(text))
        {
            foreach (Match sentence in Sentence().Matches(line.Value))
            {
                var trimmed = sentence.Value.Trim();
                if (trimmed.Length >= MinLength)
                {
                    yield return (line.Index + sentence.Index + sentence.Value.IndexOf(trimmed[0], StringComparison.Ordinal), trimmed);
                }
            }
        }
    }

    [GeneratedRegex(@"[^\r\n]+")]
    private static partial Regex Line();

    // A sentence ends at . ! or ? followed by a space and a capital letter; code and tables rarely do that.
    [GeneratedRegex(@".+?(?:[.!?](?=\s+[A-Z])|$)")]
    private static partial Regex Sentence();
}
