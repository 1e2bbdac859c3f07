using System.Text.Json.Nodes;

namespace MlOps.DevLlmProvider.Apis;

/// <summary>
/// The development provider's tool calling, predictable so tests and local runs can follow it: offered tools (and a
/// tool_choice other than "none"), it calls the named or first tool with the last user message as the value of the
/// function's first parameter (a top-level "$ref" into "$defs" is followed); given a tool result, it answers with it.
/// </summary>
public static class ToolAnswers
{
    private static readonly System.Text.Json.JsonSerializerOptions RawText = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The call to make (id, name, arguments JSON), or null when the request offers no tools to call.</summary>
    public static (string Id, string Name, string Arguments)? CallFor(JsonNode request, string prompt)
    {
        if (request["tools"] is not JsonArray { Count: > 0 } tools || request["tool_choice"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            && request["tool_choice"]!.GetValue<string>() == "none")
        {
            return null;
        }
        var chosen = request["tool_choice"]?["function"]?["name"]?.GetValue<string>();
        var function = tools.Select(t => t?["function"]).FirstOrDefault(f => chosen is null || f?["name"]?.GetValue<string>() == chosen);
        if (function?["name"]?.GetValue<string>() is not { } name)
        {
            return null;
        }
        var arguments = new JsonObject();
        if (FirstParameter(function["parameters"]) is { } parameter)
        {
            arguments[parameter] = prompt;
        }
        // Written as models write arguments: '<', '>' and non-ASCII as they are, not \u-escaped.
        return ("call_dev_" + Guid.NewGuid().ToString("N")[..12], name, arguments.ToJsonString(RawText));
    }

    /// <summary>The answer to a conversation whose last message is a tool result, naming the tool by its call id; else null.</summary>
    public static string? AfterToolResult(JsonArray messages, string prompt)
    {
        if (messages.LastOrDefault() is not { } last || last["role"]?.GetValue<string>() != "tool")
        {
            return null;
        }
        var id = last["tool_call_id"]?.GetValue<string>();
        var name = messages.SelectMany(m => m?["tool_calls"] as JsonArray ?? []).FirstOrDefault(c => c?["id"]?.GetValue<string>() == id)?["function"]?["name"]?.GetValue<string>();
        return $"You said: {prompt}. Tool {name ?? "(unknown call id)"} returned: {last["content"]?.GetValue<string>()}";
    }

    private static string? FirstParameter(JsonNode? schema)
    {
        if (schema?["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/$defs/", StringComparison.Ordinal))
        {
            schema = schema["$defs"]?[reference["#/$defs/".Length..]];
        }
        var required = schema?["required"] as JsonArray;
        return required?.FirstOrDefault()?.GetValue<string>() ?? (schema?["properties"] as JsonObject)?.FirstOrDefault().Key;
    }
}
