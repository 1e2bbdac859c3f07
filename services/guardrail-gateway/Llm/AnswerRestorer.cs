namespace MlOps.GuardrailGateway.Llm;

/// <summary>
/// Puts the caller's redacted values back into an answer: into its text as they were, into tool-call arguments JSON-escaped
/// (one restorer per streamed tool call, since each call's arguments arrive as their own run of fragments).
/// </summary>
public sealed class AnswerRestorer(IReadOnlyDictionary<string, string>? mapping)
{
    // Escaped once for the answer, shared by every tool call's restorer.
    private readonly IReadOnlyDictionary<string, string>? _escaped = PlaceholderRestorer.JsonEscaped(mapping);
    private readonly Dictionary<int, PlaceholderRestorer> _streamedCalls = [];

    public PlaceholderRestorer Text { get; } = new(mapping);

    /// <summary>A whole answer's tool-call arguments with the values put back.</summary>
    public string RestoreArguments(string arguments) => new PlaceholderRestorer(_escaped).Restore(arguments);

    /// <summary>The restorer of the streamed tool call at <paramref name="index"/>.</summary>
    public PlaceholderRestorer Call(int index) =>
        _streamedCalls.TryGetValue(index, out var restorer) ? restorer : _streamedCalls[index] = new PlaceholderRestorer(_escaped);

    /// <summary>What the streamed tool calls still hold back, by index, at the end of the stream.</summary>
    public IEnumerable<(int Index, string Held)> FlushCalls() =>
        _streamedCalls.Select(c => (c.Key, c.Value.Flush())).Where(c => c.Item2.Length > 0).ToList();
}
