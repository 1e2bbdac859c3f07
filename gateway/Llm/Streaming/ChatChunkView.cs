using System.Text.Json;

namespace MlOps.Gateway.Llm.Streaming;

/// <summary>
/// The parts of one chat.completion.chunk the stream filter reads, found with a forward-only reader and kept as byte
/// ranges so a changed value can be spliced into the chunk instead of parsing and re-writing all of it. Reused chunk
/// after chunk: its lists are cleared, not reallocated.
/// </summary>
public sealed class ChatChunkView
{
    /// <summary>The choices of the chunk, in order.</summary>
    public List<ChoiceView> Choices { get; } = [];

    /// <summary>The byte range of the chunk's usage object, when it has one.</summary>
    public (int Start, int End)? Usage { get; private set; }

    /// <summary>Reads <paramref name="json"/>; false when it is not a JSON object (the event then passes as it is).</summary>
    public bool TryRead(ReadOnlySpan<byte> json)
    {
        Choices.Clear();
        Usage = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("choices"u8))
                {
                    reader.Read();
                    ReadChoices(ref reader);
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    var isObject = reader.TokenType == JsonTokenType.StartObject;
                    reader.Skip();
                    Usage = isObject ? (start, (int)reader.BytesConsumed) : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            return reader.TokenType == JsonTokenType.EndObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private void ReadChoices(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            var choice = new ChoiceView();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    choice.Index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index) ? index : 0;
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    choice.FinishReason = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    ReadDelta(ref reader, choice);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            Choices.Add(choice);
        }
    }

    private static void ReadDelta(ref Utf8JsonReader reader, ChoiceView choice)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        choice.DeltaStart = (int)reader.TokenStartIndex;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                var propertyStart = (int)reader.TokenStartIndex;
                reader.Read();
                choice.Content = reader.TokenType == JsonTokenType.String ? new StringValue(reader.GetString()!, (int)reader.TokenStartIndex, (int)reader.BytesConsumed) : null;
                choice.ContentProperty = (propertyStart, (int)reader.BytesConsumed);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                choice.OtherDeltaFields++;
                reader.Read();
                ReadToolCalls(ref reader, choice);
            }
            else
            {
                choice.OtherDeltaFields++;
                reader.Read();
                reader.Skip();
            }
        }
        choice.DeltaEnd = (int)reader.BytesConsumed;
    }

    private static void ReadToolCalls(ref Utf8JsonReader reader, ChoiceView choice)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            var call = new ToolCallView();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    call.Index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index) ? index : 0;
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    call.Id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    ReadFunction(ref reader, call);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            choice.ToolCalls.Add(call);
        }
    }

    private static void ReadFunction(ref Utf8JsonReader reader, ToolCallView call)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                call.Name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                call.Arguments = reader.TokenType == JsonTokenType.String ? new StringValue(reader.GetString()!, (int)reader.TokenStartIndex, (int)reader.BytesConsumed) : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }
}

/// <summary>A JSON string's value and the byte range of its token (quotes included).</summary>
public sealed record StringValue(string Value, int Start, int End);

/// <summary>One choice of a chunk: its index, finish reason, and what its delta carries.</summary>
public sealed class ChoiceView
{
    public int Index { get; set; }
    public string? FinishReason { get; set; }
    public int DeltaStart { get; set; } = -1;
    public int DeltaEnd { get; set; } = -1;

    /// <summary>The delta's content string (null when absent or null).</summary>
    public StringValue? Content { get; set; }

    /// <summary>The byte range of the whole <c>"content": …</c> member, when the delta has one.</summary>
    public (int Start, int End)? ContentProperty { get; set; }

    /// <summary>Delta members other than content (role, tool_calls, refusal…).</summary>
    public int OtherDeltaFields { get; set; }

    public List<ToolCallView> ToolCalls { get; } = [];
}

/// <summary>One streamed tool-call fragment: its index, the id and name (on the first fragment) and the piece of its arguments.</summary>
public sealed class ToolCallView
{
    public int Index { get; set; }
    public string? Id { get; set; }
    public string? Name { get; set; }
    public StringValue? Arguments { get; set; }
}
