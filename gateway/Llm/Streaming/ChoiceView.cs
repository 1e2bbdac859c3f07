namespace MlOps.Gateway.Llm.Streaming;

/// <summary>One choice of a chunk: its index, finish reason, and what its delta carries.</summary>
public sealed class ChoiceView
{
    public int Index { get; set; }
    public string? FinishReason { get; set; }

    /// <summary>Where the delta object starts (-1: no object delta), for a content member the filter adds.</summary>
    public int DeltaStart { get; set; } = -1;

    /// <summary>The delta's content string (null when absent or null).</summary>
    public StringValue? Content { get; set; }

    /// <summary>The byte range of the whole <c>"content": …</c> member, when the delta has one.</summary>
    public (int Start, int End)? ContentProperty { get; set; }

    /// <summary>Delta members other than content (role, tool_calls, refusal…).</summary>
    public int OtherDeltaFields { get; set; }

    public List<ToolCallView> ToolCalls { get; } = [];

    /// <summary>Empties the view for the next chunk's choice.</summary>
    public void Reset()
    {
        (Index, FinishReason, DeltaStart, Content, ContentProperty, OtherDeltaFields) = (0, null, -1, null, null, 0);
        ToolCalls.Clear();
    }
}
