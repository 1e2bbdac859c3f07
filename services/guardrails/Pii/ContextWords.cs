namespace MlOps.Guardrails.Pii;

/// <summary>Presidio-style context: a listed word within a short window before (or just after) a candidate raises its score.</summary>
public static class ContextWords
{
    /// <summary>How much a context word adds to the score (Presidio's default similarity factor).</summary>
    public const double Boost = 0.35;

    private const int WindowBefore = 40;
    private const int WindowAfter = 15;

    /// <summary>Whether one of the words occurs, as a word, near the span.</summary>
    public static bool Near(string text, int start, int length, IReadOnlyList<string> words)
    {
        if (words.Count == 0)
        {
            return false;
        }
        var from = Math.Max(0, start - WindowBefore);
        var to = Math.Min(text.Length, start + length + WindowAfter);
        var window = text.AsSpan(from, to - from);
        foreach (var word in words)
        {
            for (var at = window.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = NextIndex(window, word, at))
            {
                var before = at == 0 || !char.IsLetter(window[at - 1]);
                var after = at + word.Length >= window.Length || !char.IsLetter(window[at + word.Length]);
                if (before && after)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static int NextIndex(ReadOnlySpan<char> window, string word, int at)
    {
        var next = window[(at + 1)..].IndexOf(word, StringComparison.OrdinalIgnoreCase);
        return next < 0 ? -1 : at + 1 + next;
    }
}
