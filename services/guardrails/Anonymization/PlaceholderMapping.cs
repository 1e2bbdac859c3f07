namespace MlOps.Guardrails.Anonymization;

/// <summary>Placeholders handed out so far, so several texts (a conversation's messages) share one numbering and one mapping back.</summary>
public sealed class PlaceholderMapping
{
    private readonly Dictionary<(string Kind, string Value), string> _placeholders = [];
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _originals = new(StringComparer.Ordinal);

    /// <summary>Placeholder → original value.</summary>
    public IReadOnlyDictionary<string, string> Originals => _originals;

    /// <summary>The placeholder for a value of a kind: the same value always gets the same one.</summary>
    public string For(string kind, string value)
    {
        if (!_placeholders.TryGetValue((kind, value), out var placeholder))
        {
            var number = _counters[kind] = _counters.GetValueOrDefault(kind) + 1;
            placeholder = $"<{kind}_{number}>";
            _placeholders[(kind, value)] = placeholder;
            _originals[placeholder] = value;
        }
        return placeholder;
    }
}
