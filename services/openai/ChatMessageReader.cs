using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlOps.OpenAi;

/// <summary>Reads the <c>messages</c> of an OpenAI chat request, naming the exact field (<c>messages[2].tool_calls[0].function.name</c>) that is wrong.</summary>
public static partial class ChatMessageReader
{
    /// <summary>OpenAI's rule for function names.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    public static partial Regex FunctionName();

    /// <summary>The messages, or the OpenAI 400 naming the first problem.</summary>
    public static (List<ChatMessage>? Messages, OpenAiError? Error) Read(JsonElement messages)
    {
        var parsed = new List<ChatMessage>();
        var error = Judge(messages, parsed);
        return error is null ? (parsed, null) : (null, error);
    }

    /// <summary>
    /// The same rules without building the messages (the edge forwards the body as received and needs none of them):
    /// null when they are valid, else the OpenAI 400 naming the first problem.
    /// </summary>
    public static OpenAiError? Check(JsonElement messages) => Judge(messages, null);

    // One pass for both: the messages are added to parsed when it is given; a field path is built only for an error.
    internal static OpenAiError? Judge(JsonElement messages, List<ChatMessage>? parsed)
    {
        HashSet<string>? callIds = null;
        var index = -1;
        foreach (var message in messages.EnumerateArray())
        {
            index++;
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role"u8, out var role) || role.ValueKind != JsonValueKind.String)
            {
                return OpenAiError.BadRequest($"messages[{index}] needs a 'role'.", $"messages[{index}].role");
            }
            List<ToolCall>? toolCalls = parsed is null ? null : [];
            var calls = 0;
            if (role.ValueEquals("assistant"u8) && ToolCalls(message, index, toolCalls, ref callIds, out calls) is { } callsError)
            {
                return callsError;
            }
            var content = message.TryGetProperty("content"u8, out var c) ? c : default;
            var contentMayBeEmpty = calls > 0 && content.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;
            if (!contentMayBeEmpty && !IsText(content))
            {
                return OpenAiError.BadRequest($"messages[{index}].content must be a string or an array of text parts.", $"messages[{index}].content");
            }
            string? toolCallId = null;
            if (role.ValueEquals("tool"u8))
            {
                if (!message.TryGetProperty("tool_call_id"u8, out var id) || id.ValueKind != JsonValueKind.String || callIds?.Contains(id.GetString()!) != true)
                {
                    return OpenAiError.BadRequest($"messages[{index}].tool_call_id must name a tool call of an earlier assistant message.",
                        $"messages[{index}].tool_call_id");
                }
                toolCallId = parsed is null ? null : id.GetString();
            }
            parsed?.Add(new ChatMessage(role.GetString()!, contentMayBeEmpty ? null : Text(content), toolCalls!, toolCallId));
        }
        return null;
    }

    // An assistant's tool calls: their ids join callIds (a later tool message must name one), and parsed gets them when given.
    private static OpenAiError? ToolCalls(JsonElement message, int index, List<ToolCall>? parsed, ref HashSet<string>? callIds, out int count)
    {
        count = 0;
        if (!message.TryGetProperty("tool_calls"u8, out var calls) || calls.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (calls.ValueKind != JsonValueKind.Array || calls.GetArrayLength() == 0)
        {
            return OpenAiError.BadRequest($"messages[{index}].tool_calls must be a non-empty array.", $"messages[{index}].tool_calls");
        }
        foreach (var call in calls.EnumerateArray())
        {
            if (call.ValueKind != JsonValueKind.Object || !call.TryGetProperty("id"u8, out var id) || id.ValueKind != JsonValueKind.String || id.ValueEquals(""u8))
            {
                return Bad(index, count, "id", "must be a non-empty string.");
            }
            if (call.TryGetProperty("type"u8, out var type) && (type.ValueKind != JsonValueKind.String || !type.ValueEquals("function"u8)))
            {
                return Bad(index, count, "type", "must be 'function'.");
            }
            if (!call.TryGetProperty("function"u8, out var function) || function.ValueKind != JsonValueKind.Object
                || !function.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String || !FunctionName().IsMatch(name.GetString()!))
            {
                return Bad(index, count, "function.name", "must be 1-64 letters, digits, '_' or '-'.");
            }
            if (!function.TryGetProperty("arguments"u8, out var arguments) || arguments.ValueKind != JsonValueKind.String)
            {
                return Bad(index, count, "function.arguments", "must be a string (the arguments as JSON).");
            }
            (callIds ??= new HashSet<string>(StringComparer.Ordinal)).Add(id.GetString()!);
            parsed?.Add(new ToolCall(id.GetString()!, name.GetString()!, arguments.GetString()!));
            count++;
        }
        return null;
    }

    private static OpenAiError Bad(int index, int call, string field, string rule) =>
        OpenAiError.BadRequest($"messages[{index}].tool_calls[{call}].{field} {rule}", $"messages[{index}].tool_calls[{call}].{field}");

    private static bool IsText(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return true;
            case JsonValueKind.Array:
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String
                        || !type.ValueEquals("text"u8) || !part.TryGetProperty("text"u8, out var text) || text.ValueKind != JsonValueKind.String)
                    {
                        return false;
                    }
                }
                return true;
            default:
                return false;
        }
    }

    // The content's text; IsText has accepted it.
    private static string Text(JsonElement content) => content.ValueKind == JsonValueKind.String
        ? content.GetString()!
        : string.Concat(content.EnumerateArray().Select(p => p.GetProperty("text"u8).GetString()));
}
