namespace MlOps.Guardrails.Pii;

/// <summary>The characters PII candidates cannot do without, for <see cref="IPiiRecognizer.MayOccurIn"/>.</summary>
internal static class Triggers
{
    public static bool HasDigit(string text) => text.AsSpan().IndexOfAnyInRange('0', '9') >= 0;

    /// <summary>Whether the text has at least <paramref name="count"/> ASCII digits (a candidate's minimum, wherever they are).</summary>
    public static bool HasDigits(string text, int count)
    {
        var rest = text.AsSpan();
        for (var found = 0; found < count; found++)
        {
            var next = rest.IndexOfAnyInRange('0', '9');
            if (next < 0)
            {
                return false;
            }
            rest = rest[(next + 1)..];
        }
        return true;
    }
}
