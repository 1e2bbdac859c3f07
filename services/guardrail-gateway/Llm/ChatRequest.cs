using System.Text.Json;
using MlOps.GuardrailGateway.Llm.Tools;

namespace MlOps.GuardrailGateway.Llm;

/// <summary>
/// The parts of an OpenAI chat request the gateway uses, read field by field so an error can name the field.
/// <see cref="IncludeUsage"/>: a stream ends with a usage chunk (stream_options.include_usage), as OpenAI's does.
/// </summary>
public sealed record ChatRequest(string Model, IReadOnlyList<ChatMessage> Messages, ToolDefinitions? Tools, bool Stream, double? Temperature, double? TopP, int? MaxTokens,
    GenerationOptions Generation, bool IncludeUsage)
{
    /// <summary>The request, or the OpenAI-style message and param of what is wrong.</summary>
    public static (ChatRequest? Request, string? Error, string? Param) Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, "The body must be a JSON object.", null);
        }
        if (!body.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || model.GetString()!.Length == 0)
        {
            return (null, "'model' is required and must be a string.", "model");
        }
        if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            return (null, "'messages' must be a non-empty array.", "messages");
        }
        var (parsed, messagesError, messagesParam) = ChatMessageParser.Parse(messages);
        if (parsed is null)
        {
            return (null, messagesError, messagesParam);
        }
        var (tools, toolsError, toolsParam) = ToolDefinitions.Parse(body);
        if (toolsError is not null)
        {
            return (null, toolsError, toolsParam);
        }
        if (body.TryGetProperty("stream", out var s) && s.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            return (null, "'stream' must be a boolean.", "stream");
        }
        var stream = s.ValueKind == JsonValueKind.True;
        var (includeUsage, streamOptionsError, streamOptionsParam) = StreamOptions(body, stream);
        if (streamOptionsError is not null)
        {
            return (null, streamOptionsError, streamOptionsParam);
        }
        var temperature = RequestFields.Number(body, "temperature", 0, 2);
        if (temperature.Error is not null)
        {
            return (null, temperature.Error, "temperature");
        }
        var topP = RequestFields.Number(body, "top_p", 0, 1);
        if (topP.Error is not null)
        {
            return (null, topP.Error, "top_p");
        }
        var maxTokensName = body.TryGetProperty("max_completion_tokens", out _) ? "max_completion_tokens" : "max_tokens";
        var maxTokens = RequestFields.Number(body, maxTokensName, 1, 1_000_000);
        if (maxTokens.Error is not null)
        {
            return (null, maxTokens.Error, maxTokensName);
        }
        var (generation, generationError, generationParam) = GenerationOptions.Parse(body);
        if (generation is null)
        {
            return (null, generationError, generationParam);
        }
        return (new ChatRequest(model.GetString()!, parsed, tools, stream, temperature.Value, topP.Value, (int?)maxTokens.Value, generation, includeUsage), null, null);
    }

    // OpenAI's rules: stream_options only with stream true, an object whose include_usage is a boolean.
    private static (bool IncludeUsage, string? Error, string? Param) StreamOptions(JsonElement body, bool stream)
    {
        if (!body.TryGetProperty("stream_options", out var options) || options.ValueKind == JsonValueKind.Null)
        {
            return (false, null, null);
        }
        if (!stream)
        {
            return (false, "'stream_options' is only allowed when 'stream' is true.", "stream_options");
        }
        if (options.ValueKind != JsonValueKind.Object)
        {
            return (false, "'stream_options' must be an object.", "stream_options");
        }
        if (!options.TryGetProperty("include_usage", out var include) || include.ValueKind == JsonValueKind.Null)
        {
            return (false, null, null);
        }
        return include.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? (include.ValueKind == JsonValueKind.True, null, null)
            : (false, "'stream_options.include_usage' must be a boolean.", "stream_options.include_usage");
    }
}
