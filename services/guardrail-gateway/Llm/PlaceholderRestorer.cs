namespace MlOps.GuardrailGateway.Llm;

/// <summary>
/// Puts original values back into a streamed answer whose prompt was redacted with placeholders; a chunk that ends inside
/// a possible placeholder ("…&lt;EMAIL_ADD") is held back until the placeholder is complete or cannot be one.
/// </summary>
public sealed class PlaceholderRestorer(IReadOnlyDictionary<string, string>? mapping)
{
    private const int LongestPlaceholder = 48;
    private string _pending = "";

    /// <summary>Text ready to send after this chunk.</summary>
    public string Push(string chunk)
    {
        if (mapping is null or { Count: 0 })
        {
            return chunk;
        }
        _pending += chunk;
        var open = _pending.LastIndexOf('<');
        var holdFrom = open >= 0 && _pending.IndexOf('>', open) < 0 && _pending.Length - open <= LongestPlaceholder ? open : _pending.Length;
        var ready = Restore(_pending[..holdFrom]);
        _pending = _pending[holdFrom..];
        return ready;
    }

    /// <summary>What is still held back, at the end of the stream.</summary>
    public string Flush()
    {
        var rest = Restore(_pending);
        _pending = "";
        return rest;
    }

    /// <summary>The mapping for text inside a JSON string (tool-call arguments): the original values JSON-escaped.</summary>
    public static IReadOnlyDictionary<string, string>? JsonEscaped(IReadOnlyDictionary<string, string>? mapping) => mapping?.ToDictionary(
        p => p.Key, p => System.Text.Json.JsonEncodedText.Encode(p.Value, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString());

    /// <summary>The whole text with every placeholder replaced.</summary>
    public string Restore(string text) => mapping is null ? text : MlOps.Guardrails.Anonymization.Anonymizer.Deanonymize(text, mapping);
}
