using System.Text.Json;

namespace MlOps.Gateway.Llm.Streaming;

/// <summary>
/// The parts of one chat.completion.chunk the stream filter reads, found with a forward-only reader and kept as byte
/// ranges so a changed value can be spliced into the chunk instead of parsing and re-writing all of it. Reused chunk
/// after chunk: its lists are cleared, not reallocated.
/// </summary>
public sealed class ChatChunkView
{
    // Choice views are reused chunk after chunk, as the view is: one per chunk would be garbage per chunk.
    private readonly List<ChoiceView> _spareChoices = [];
    private readonly Func<ChoiceView> _nextChoice;

    public ChatChunkView() => _nextChoice = NextChoice;

    /// <summary>The choices of the chunk, in order (valid until the next read).</summary>
    public List<ChoiceView> Choices { get; } = [];

    /// <summary>The byte range of the chunk's usage object, when it has one.</summary>
    public (int Start, int End)? Usage { get; private set; }

    /// <summary>The byte range of the whole usage member, name to value (null included), when the chunk has one.</summary>
    public (int Start, int End)? UsageMember { get; private set; }

    /// <summary>Reads <paramref name="json"/>; false when it is not a JSON object (the event then passes as it is).</summary>
    public bool TryRead(ReadOnlySpan<byte> json)
    {
        Choices.Clear();
        Usage = null;
        UsageMember = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            ReadMembers(ref reader, this, ReadChunk);
            return reader.TokenType == JsonTokenType.EndObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private delegate void MemberReader<in T>(ref Utf8JsonReader reader, T target);

    // An array of objects (anything else skipped): one T per object, each member handed to read with the reader on its name.
    private static void ReadObjects<T>(ref Utf8JsonReader reader, List<T> into, Func<T> create, MemberReader<T> read)
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
            var item = create();
            ReadMembers(ref reader, item, read);
            into.Add(item);
        }
    }

    // The members of the object the reader is on; an object expected but not found is skipped.
    private static void ReadMembers<T>(ref Utf8JsonReader reader, T target, MemberReader<T> read)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            read(ref reader, target);
        }
    }

    private static void ReadChunk(ref Utf8JsonReader reader, ChatChunkView chunk)
    {
        if (reader.ValueTextEquals("choices"u8))
        {
            reader.Read();
            ReadObjects(ref reader, chunk.Choices, chunk._nextChoice, ReadChoice);
        }
        else if (reader.ValueTextEquals("usage"u8))
        {
            var memberStart = (int)reader.TokenStartIndex;
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            var isObject = reader.TokenType == JsonTokenType.StartObject;
            reader.Skip();
            chunk.Usage = isObject ? (start, (int)reader.BytesConsumed) : null;
            chunk.UsageMember = (memberStart, (int)reader.BytesConsumed);
        }
        else
        {
            SkipValue(ref reader);
        }
    }

    // The view for the choice about to be added to Choices.
    private ChoiceView NextChoice()
    {
        if (Choices.Count == _spareChoices.Count)
        {
            _spareChoices.Add(new ChoiceView());
        }
        var choice = _spareChoices[Choices.Count];
        choice.Reset();
        return choice;
    }

    private static void ReadChoice(ref Utf8JsonReader reader, ChoiceView choice)
    {
        if (reader.ValueTextEquals("index"u8))
        {
            choice.Index = IntValue(ref reader);
        }
        else if (reader.ValueTextEquals("finish_reason"u8))
        {
            choice.FinishReason = StringValueOrNull(ref reader);
        }
        else if (reader.ValueTextEquals("delta"u8))
        {
            reader.Read();
            // Only an object delta can take a content member the filter adds.
            choice.DeltaStart = reader.TokenType == JsonTokenType.StartObject ? (int)reader.TokenStartIndex : -1;
            ReadMembers(ref reader, choice, ReadDelta);
        }
        else
        {
            SkipValue(ref reader);
        }
    }

    private static void ReadDelta(ref Utf8JsonReader reader, ChoiceView choice)
    {
        if (reader.ValueTextEquals("content"u8))
        {
            var propertyStart = (int)reader.TokenStartIndex;
            choice.Content = StringWithRange(ref reader);
            choice.ContentProperty = (propertyStart, (int)reader.BytesConsumed);
            return;
        }
        choice.OtherDeltaFields++;
        if (reader.ValueTextEquals("tool_calls"u8))
        {
            reader.Read();
            ReadObjects(ref reader, choice.ToolCalls, static () => new ToolCallView(), ReadToolCall);
        }
        else
        {
            SkipValue(ref reader);
        }
    }

    private static void ReadToolCall(ref Utf8JsonReader reader, ToolCallView call)
    {
        if (reader.ValueTextEquals("index"u8))
        {
            call.Index = IntValue(ref reader);
        }
        else if (reader.ValueTextEquals("id"u8))
        {
            call.Id = StringValueOrNull(ref reader);
        }
        else if (reader.ValueTextEquals("function"u8))
        {
            reader.Read();
            ReadMembers(ref reader, call, ReadFunction);
        }
        else
        {
            SkipValue(ref reader);
        }
    }

    private static void ReadFunction(ref Utf8JsonReader reader, ToolCallView call)
    {
        if (reader.ValueTextEquals("name"u8))
        {
            call.Name = StringValueOrNull(ref reader);
        }
        else if (reader.ValueTextEquals("arguments"u8))
        {
            call.Arguments = StringWithRange(ref reader);
        }
        else
        {
            SkipValue(ref reader);
        }
    }

    // The value after the property name the reader is on: read, or skipped whole.
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    private static int IntValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : 0;
    }

    private static string? StringValueOrNull(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
    }

    // A string value with its token's byte range, for splicing a changed value back in; null for anything else.
    private static StringValue? StringWithRange(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? new StringValue(reader.GetString()!, (int)reader.TokenStartIndex, (int)reader.BytesConsumed) : null;
    }
}
