namespace MlOps.Guardrails.Pii;

/// <summary>The characters PII candidates cannot do without, for <see cref="IPiiRecognizer.MayOccurIn"/>.</summary>
internal static class Triggers
{
    public static bool HasDigit(string text) => text.AsSpan().IndexOfAnyInRange('0', '9') >= 0;
}
