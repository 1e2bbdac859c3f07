using MlOps.Guardrails.Anonymization;

namespace MlOps.AgentOpsTracer.Content;

/// <summary>
/// One span's contents under its tenant's policy while its attributes and events are written: redacted (one placeholder
/// numbering for the whole span) or dropped, with the counts written beside them.
/// </summary>
internal sealed class ContentFilter(string mode, ContentRedactor redactor)
{
    public const string RedactionsKey = "mlops.content.redactions";
    public const string DroppedKey = "mlops.content.dropped";

    // The part of a long value that is scanned past the stored length, so a value cut in the middle of a card number is still caught.
    private const int ScanMargin = 128;

    private PlaceholderMapping? _placeholders;

    public bool Drops => mode == ContentModes.Drop;

    public int Redactions { get; private set; }

    public int Dropped { get; private set; }

    public void CountDropped() => Dropped++;

    /// <summary>The content text to store, at most <paramref name="maxChars"/> long.</summary>
    public string Clean(string text, int maxChars)
    {
        var scanned = text.Length > maxChars + ScanMargin ? text[..(maxChars + ScanMargin)] : text;
        var redacted = redactor.Redact(scanned, _placeholders ??= new PlaceholderMapping(), out var findings);
        Redactions += findings;
        return redacted.Length > maxChars ? redacted[..maxChars] : redacted;
    }
}
