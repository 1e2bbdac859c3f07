using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.OpenAi;

/// <summary>
/// The request's <c>tools</c>, <c>tool_choice</c> and <c>parallel_tool_calls</c>, checked field by field and kept as the
/// caller wrote them: the provider must see the same schemas ($defs, additionalProperties, strict) and names.
/// </summary>
public sealed record ToolDefinitions(JsonArray Tools, JsonNode? ToolChoice, bool? ParallelToolCalls)
{
    private static readonly string[] Choices = ["none", "auto", "required"];

    /// <summary>The definitions (null when the request has none), or the OpenAI 400 naming the first problem.</summary>
    public static (ToolDefinitions? Tools, OpenAiError? Error) Read(JsonElement body)
    {
        var hasTools = body.TryGetProperty("tools", out var tools) && tools.ValueKind != JsonValueKind.Null;
        var hasChoice = body.TryGetProperty("tool_choice", out var choice) && choice.ValueKind != JsonValueKind.Null;
        var hasParallel = body.TryGetProperty("parallel_tool_calls", out var parallel) && parallel.ValueKind != JsonValueKind.Null;
        if (!hasTools)
        {
            return hasChoice || hasParallel
                ? (null, OpenAiError.BadRequest($"'{(hasChoice ? "tool_choice" : "parallel_tool_calls")}' is only allowed when 'tools' are given.",
                    hasChoice ? "tool_choice" : "parallel_tool_calls"))
                : (null, null);
        }
        if (tools.ValueKind != JsonValueKind.Array || tools.GetArrayLength() == 0)
        {
            return (null, OpenAiError.BadRequest("'tools' must be a non-empty array.", "tools"));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in tools.EnumerateArray())
        {
            if (Problem(tool, $"tools[{names.Count}]", names) is { } problem)
            {
                return (null, OpenAiError.BadRequest(problem.Error, problem.Param));
            }
        }
        if (hasChoice && !ValidChoice(choice, names))
        {
            return (null, OpenAiError.BadRequest(
                "'tool_choice' must be 'none', 'auto', 'required' or {\"type\":\"function\",\"function\":{\"name\":…}} naming one of the tools.", "tool_choice"));
        }
        if (hasParallel && parallel.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return (null, OpenAiError.BadRequest("'parallel_tool_calls' must be true or false.", "parallel_tool_calls"));
        }
        return (new ToolDefinitions(JsonNode.Parse(tools.GetRawText())!.AsArray(), hasChoice ? JsonNode.Parse(choice.GetRawText()) : null,
            hasParallel ? parallel.GetBoolean() : null), null);
    }

    private static (string Error, string Param)? Problem(JsonElement tool, string at, HashSet<string> names)
    {
        if (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "function")
        {
            return ($"{at}.type must be 'function'.", $"{at}.type");
        }
        if (!tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
        {
            return ($"{at}.function must be an object.", $"{at}.function");
        }
        if (!function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || !ChatMessageReader.FunctionName().IsMatch(name.GetString()!))
        {
            return ($"{at}.function.name must be 1-64 letters, digits, '_' or '-'.", $"{at}.function.name");
        }
        if (!names.Add(name.GetString()!))
        {
            return ($"{at}.function.name '{name.GetString()}' is defined twice.", $"{at}.function.name");
        }
        if (function.TryGetProperty("description", out var description) && description.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            return ($"{at}.function.description must be a string.", $"{at}.function.description");
        }
        if (function.TryGetProperty("parameters", out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return ($"{at}.function.parameters must be a JSON Schema object.", $"{at}.function.parameters");
        }
        if (function.TryGetProperty("strict", out var strict) && strict.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            return ($"{at}.function.strict must be true or false.", $"{at}.function.strict");
        }
        return null;
    }

    private static bool ValidChoice(JsonElement choice, HashSet<string> names) => choice.ValueKind switch
    {
        JsonValueKind.String => Choices.Contains(choice.GetString()),
        JsonValueKind.Object => choice.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "function"
            && choice.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object
            && function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && names.Contains(name.GetString()!),
        _ => false,
    };
}
