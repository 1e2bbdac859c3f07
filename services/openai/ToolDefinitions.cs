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
        var tools = JsonFields.Get(body, "tools");
        var choice = JsonFields.Get(body, "tool_choice");
        var parallel = JsonFields.Get(body, "parallel_tool_calls");
        return Check(tools, choice, parallel) is { } error ? (null, error) : (From(tools, choice, parallel), null);
    }

    /// <summary>The definitions of a request <see cref="Check"/> has accepted (null when it has none), kept as written.</summary>
    internal static ToolDefinitions? From(JsonElement tools, JsonElement choice, JsonElement parallel) =>
        JsonFields.IsGiven(tools)
            ? new ToolDefinitions(JsonNode.Parse(tools.GetRawText())!.AsArray(), JsonFields.IsGiven(choice) ? JsonNode.Parse(choice.GetRawText()) : null,
                JsonFields.IsGiven(parallel) ? parallel.GetBoolean() : null)
            : null;

    /// <summary>
    /// Null when tools, tool_choice and parallel_tool_calls (each default when absent or null) follow OpenAI's rules, else
    /// the 400 naming the first problem. Nothing is allocated when the request has no tools.
    /// </summary>
    internal static OpenAiError? Check(JsonElement tools, JsonElement choice, JsonElement parallel)
    {
        var hasChoice = JsonFields.IsGiven(choice);
        var hasParallel = JsonFields.IsGiven(parallel);
        if (!JsonFields.IsGiven(tools))
        {
            return hasChoice || hasParallel
                ? OpenAiError.BadRequest($"'{(hasChoice ? "tool_choice" : "parallel_tool_calls")}' is only allowed when 'tools' are given.",
                    hasChoice ? "tool_choice" : "parallel_tool_calls")
                : null;
        }
        if (tools.ValueKind != JsonValueKind.Array || tools.GetArrayLength() == 0)
        {
            return OpenAiError.BadRequest("'tools' must be a non-empty array.", "tools");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in tools.EnumerateArray())
        {
            if (Problem(tool, $"tools[{names.Count}]", names) is { } problem)
            {
                return OpenAiError.BadRequest(problem.Error, problem.Param);
            }
        }
        if (hasChoice && !ValidChoice(choice, names))
        {
            return OpenAiError.BadRequest(
                "'tool_choice' must be 'none', 'auto', 'required' or {\"type\":\"function\",\"function\":{\"name\":…}} naming one of the tools.", "tool_choice");
        }
        return hasParallel && parallel.ValueKind is not (JsonValueKind.True or JsonValueKind.False)
            ? OpenAiError.BadRequest("'parallel_tool_calls' must be true or false.", "parallel_tool_calls")
            : null;
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
