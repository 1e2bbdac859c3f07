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
        var callIds = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var at = $"messages[{index++}]";
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var roleElement) || roleElement.ValueKind != JsonValueKind.String)
            {
                return (null, OpenAiError.BadRequest($"{at} needs a 'role'.", $"{at}.role"));
            }
            var role = roleElement.GetString()!;
            var (toolCalls, callsError, callsParam) = role == "assistant" ? ToolCalls(message, at) : ([], null, null);
            if (callsError is not null)
            {
                return (null, OpenAiError.BadRequest(callsError, callsParam));
            }
            var content = message.TryGetProperty("content", out var c) ? c : default;
            var contentMayBeEmpty = toolCalls.Count > 0 && content.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;
            if (!contentMayBeEmpty && Text(content) is null)
            {
                return (null, OpenAiError.BadRequest($"{at}.content must be a string or an array of text parts.", $"{at}.content"));
            }
            string? toolCallId = null;
            if (role == "tool")
            {
                if (!message.TryGetProperty("tool_call_id", out var id) || id.ValueKind != JsonValueKind.String || !callIds.Contains(id.GetString()!))
                {
                    return (null, OpenAiError.BadRequest($"{at}.tool_call_id must name a tool call of an earlier assistant message.", $"{at}.tool_call_id"));
                }
                toolCallId = id.GetString();
            }
            callIds.UnionWith(toolCalls.Select(call => call.Id));
            parsed.Add(new ChatMessage(role, contentMayBeEmpty ? null : Text(content), toolCalls, toolCallId));
        }
        return (parsed, null);
    }

    private static (IReadOnlyList<ToolCall> Calls, string? Error, string? Param) ToolCalls(JsonElement message, string at)
    {
        if (!message.TryGetProperty("tool_calls", out var calls) || calls.ValueKind == JsonValueKind.Null)
        {
            return ([], null, null);
        }
        if (calls.ValueKind != JsonValueKind.Array || calls.GetArrayLength() == 0)
        {
            return ([], $"{at}.tool_calls must be a non-empty array.", $"{at}.tool_calls");
        }
        var parsed = new List<ToolCall>();
        foreach (var call in calls.EnumerateArray())
        {
            var path = $"{at}.tool_calls[{parsed.Count}]";
            if (call.ValueKind != JsonValueKind.Object || !call.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString()!.Length == 0)
            {
                return ([], $"{path}.id must be a non-empty string.", $"{path}.id");
            }
            if (call.TryGetProperty("type", out var type) && (type.ValueKind != JsonValueKind.String || type.GetString() != "function"))
            {
                return ([], $"{path}.type must be 'function'.", $"{path}.type");
            }
            if (!call.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
                || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || !FunctionName().IsMatch(name.GetString()!))
            {
                return ([], $"{path}.function.name must be 1-64 letters, digits, '_' or '-'.", $"{path}.function.name");
            }
            if (!function.TryGetProperty("arguments", out var arguments) || arguments.ValueKind != JsonValueKind.String)
            {
                return ([], $"{path}.function.arguments must be a string (the arguments as JSON).", $"{path}.function.arguments");
            }
            parsed.Add(new ToolCall(id.GetString()!, name.GetString()!, arguments.GetString()!));
        }
        return (parsed, null, null);
    }

    private static string? Text(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString(),
        JsonValueKind.Array when content.EnumerateArray().All(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "text"
            && p.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String) =>
            string.Concat(content.EnumerateArray().Select(p => p.GetProperty("text").GetString())),
        _ => null,
    };
}
