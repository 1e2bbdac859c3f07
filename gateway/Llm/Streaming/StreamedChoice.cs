using System.Text;

namespace MlOps.Gateway.Llm.Streaming;

/// <summary>One choice of a streamed answer as released to the caller: its text, its tool calls by index, and its finish reason.</summary>
public sealed class StreamedChoice
{
    public StringBuilder Text { get; } = new();

    private static readonly SortedDictionary<int, StreamedToolCall> NoToolCalls = [];
    private SortedDictionary<int, StreamedToolCall>? _toolCalls;

    /// <summary>The tool calls by index, in order; most answers have none, and then no dictionary of their own.</summary>
    public IReadOnlyDictionary<int, StreamedToolCall> ToolCalls => _toolCalls ?? NoToolCalls;

    public string? Finish { get; set; }

    /// <summary>The tool call at <paramref name="index"/>, taking its id and name from the fragment that carries them.</summary>
    public StreamedToolCall ToolCall(int index, string? id, string? name)
    {
        _toolCalls ??= [];
        if (!_toolCalls.TryGetValue(index, out var call))
        {
            _toolCalls[index] = call = new StreamedToolCall();
        }
        call.Id ??= id;
        call.Name ??= name;
        return call;
    }
}

/// <summary>A streamed tool call as released: id, function name and the arguments put together.</summary>
public sealed class StreamedToolCall
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public StringBuilder Arguments { get; } = new();
}
