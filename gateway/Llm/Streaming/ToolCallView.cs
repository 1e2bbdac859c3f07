namespace MlOps.Gateway.Llm.Streaming;

/// <summary>One streamed tool-call fragment: its index, the id and name (on the first fragment) and the piece of its arguments.</summary>
public sealed class ToolCallView
{
    public int Index { get; set; }
    public string? Id { get; set; }
    public string? Name { get; set; }
    public StringValue? Arguments { get; set; }
}
