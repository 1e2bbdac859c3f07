using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.OpenAi;

/// <summary>
/// An OpenAI chat completions request as the platform reads it, everywhere the same: <see cref="Read"/> checks each field's
/// JSON kind as it reads it, then the attributes and <see cref="Validate"/> judge the values, with OpenAI's messages and
/// <c>param</c> names. <see cref="IncludeUsage"/>: a stream ends with a usage chunk (stream_options.include_usage).
/// </summary>
public sealed record ChatCompletionRequest : IValidatableObject
{
    /// <summary>OpenAI's limit on stop sequences.</summary>
    public const int MaxStopSequences = 4;

    /// <summary>The request's <c>model</c>.</summary>
    [JsonPropertyName("model")]
    public required string Model { get; init; }

    /// <summary>The request's <c>messages</c>.</summary>
    [JsonPropertyName("messages")]
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>The request's <c>tools</c>.</summary>
    [JsonPropertyName("tools")]
    public ToolDefinitions? Tools { get; init; }

    /// <summary>The request's <c>stream</c>.</summary>
    [JsonPropertyName("stream")]
    public bool Stream { get; init; }

    /// <summary>Whether the request has stream_options (an object; only allowed on a stream).</summary>
    [JsonPropertyName("stream_options")]
    public bool HasStreamOptions { get; init; }

    /// <summary>The request's <c>stream_options.include_usage</c>.</summary>
    [JsonPropertyName("stream_options.include_usage")]
    public bool IncludeUsage { get; init; }

    /// <summary>The request's <c>temperature</c>.</summary>
    [JsonPropertyName("temperature"), Range(0d, 2d, ErrorMessage = "'temperature' must be a number between 0 and 2.")]
    public double? Temperature { get; init; }

    /// <summary>The request's <c>top_p</c>.</summary>
    [JsonPropertyName("top_p"), Range(0d, 1d, ErrorMessage = "'top_p' must be a number between 0 and 1.")]
    public double? TopP { get; init; }

    /// <summary>The request's <c>max_tokens</c>.</summary>
    [JsonPropertyName("max_tokens"), Range(1d, 1_000_000d, ErrorMessage = "'max_tokens' must be an integer between 1 and 1000000.")]
    public long? MaxTokens { get; init; }

    /// <summary>The request's <c>max_completion_tokens</c>.</summary>
    [JsonPropertyName("max_completion_tokens"), Range(1d, 1_000_000d, ErrorMessage = "'max_completion_tokens' must be an integer between 1 and 1000000.")]
    public long? MaxCompletionTokens { get; init; }

    /// <summary>The request's <c>n</c>.</summary>
    [JsonPropertyName("n"), Range(1d, 128d, ErrorMessage = "'n' must be an integer between 1 and 128.")]
    public long? N { get; init; }

    /// <summary>The request's <c>seed</c>.</summary>
    [JsonPropertyName("seed")]
    public long? Seed { get; init; }

    /// <summary>The request's <c>presence_penalty</c>.</summary>
    [JsonPropertyName("presence_penalty"), Range(-2d, 2d, ErrorMessage = "'presence_penalty' must be a number between -2 and 2.")]
    public double? PresencePenalty { get; init; }

    /// <summary>The request's <c>frequency_penalty</c>.</summary>
    [JsonPropertyName("frequency_penalty"), Range(-2d, 2d, ErrorMessage = "'frequency_penalty' must be a number between -2 and 2.")]
    public double? FrequencyPenalty { get; init; }

    /// <summary>The request's <c>stop</c>.</summary>
    [JsonPropertyName("stop")]
    public IReadOnlyList<string>? Stop { get; init; }

    /// <summary>The request's <c>logprobs</c>.</summary>
    [JsonPropertyName("logprobs")]
    public bool? Logprobs { get; init; }

    /// <summary>The request's <c>top_logprobs</c>.</summary>
    [JsonPropertyName("top_logprobs"), Range(0d, 20d, ErrorMessage = "'top_logprobs' must be an integer between 0 and 20.")]
    public long? TopLogprobs { get; init; }

    /// <summary>The request's <c>user</c>.</summary>
    [JsonPropertyName("user")]
    public string? User { get; init; }

    /// <summary>The request's <c>response_format</c>.</summary>
    [JsonPropertyName("response_format")]
    public ResponseFormat? ResponseFormat { get; init; }

    /// <summary>The output cap the request sets (max_completion_tokens, else max_tokens), if any.</summary>
    public int? TokenCeiling => (int?)(MaxCompletionTokens ?? MaxTokens);

    /// <summary>The number of choices asked for (1 when absent).</summary>
    public int Choices => (int)(N ?? 1);

    /// <summary>The request, or the OpenAI 400 naming the first field at fault.</summary>
    public static (ChatCompletionRequest? Request, OpenAiError? Error) Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, OpenAiError.BadRequest("The request body must be a JSON object."));
        }
        if (!body.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(model.GetString()))
        {
            return (null, OpenAiError.BadRequest("'model' is required and must be a non-empty string.", "model"));
        }
        if (!body.TryGetProperty("messages", out var messagesElement) || messagesElement.ValueKind != JsonValueKind.Array || messagesElement.GetArrayLength() == 0)
        {
            return (null, OpenAiError.BadRequest("'messages' is required: a non-empty array of message objects.", "messages"));
        }
        var (messages, error) = ChatMessageReader.Read(messagesElement);
        if (error is not null)
        {
            return (null, error);
        }
        var (tools, toolsError) = ToolDefinitions.Read(body);
        var (format, formatError) = ResponseFormat.Read(body);
        error = toolsError ?? formatError;
        var (hasStreamOptions, includeUsage) = StreamOptions(body, ref error);
        var request = new ChatCompletionRequest
        {
            Model = model.GetString()!,
            Messages = messages!,
            Tools = tools,
            Stream = JsonFields.Boolean(body, "stream", ref error) ?? false,
            HasStreamOptions = hasStreamOptions,
            IncludeUsage = includeUsage,
            Temperature = JsonFields.Number(body, "temperature", "'temperature' must be a number between 0 and 2.", ref error),
            TopP = JsonFields.Number(body, "top_p", "'top_p' must be a number between 0 and 1.", ref error),
            MaxTokens = JsonFields.Integer(body, "max_tokens", "'max_tokens' must be an integer between 1 and 1000000.", ref error),
            MaxCompletionTokens = JsonFields.Integer(body, "max_completion_tokens", "'max_completion_tokens' must be an integer between 1 and 1000000.", ref error),
            N = JsonFields.Integer(body, "n", "'n' must be an integer between 1 and 128.", ref error),
            Seed = JsonFields.Integer(body, "seed", "'seed' must be an integer.", ref error),
            PresencePenalty = JsonFields.Number(body, "presence_penalty", "'presence_penalty' must be a number between -2 and 2.", ref error),
            FrequencyPenalty = JsonFields.Number(body, "frequency_penalty", "'frequency_penalty' must be a number between -2 and 2.", ref error),
            Stop = StopOf(body, ref error),
            Logprobs = JsonFields.Boolean(body, "logprobs", ref error),
            TopLogprobs = JsonFields.Integer(body, "top_logprobs", "'top_logprobs' must be an integer between 0 and 20.", ref error),
            User = JsonFields.String(body, "user", ref error),
            ResponseFormat = format,
        };
        error ??= OpenAiValidation.Validate(request);
        return error is null ? (request, null) : (null, error);
    }

    /// <summary>OpenAI's rules between fields.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HasStreamOptions && !Stream)
        {
            yield return new ValidationResult("'stream_options' is only allowed when 'stream' is true.", ["stream_options"]);
        }
        if (Stop is { } stop && (stop.Count is 0 or > MaxStopSequences || stop.Any(s => s.Length == 0)))
        {
            yield return new ValidationResult($"'stop' must be a string or an array of 1 to {MaxStopSequences} non-empty strings.", ["stop"]);
        }
    }

    // stream_options: an object whose include_usage is a boolean; null counts as absent.
    private static (bool Given, bool IncludeUsage) StreamOptions(JsonElement body, ref OpenAiError? error)
    {
        var options = JsonFields.Get(body, "stream_options");
        if (!JsonFields.IsGiven(options))
        {
            return (false, false);
        }
        if (options.ValueKind != JsonValueKind.Object)
        {
            error ??= OpenAiError.BadRequest("'stream_options' must be an object.", "stream_options");
            return (true, false);
        }
        var include = JsonFields.Get(options, "include_usage");
        if (JsonFields.IsGiven(include) && include.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            error ??= OpenAiError.BadRequest("'stream_options.include_usage' must be a boolean.", "stream_options.include_usage");
            return (true, false);
        }
        return (true, include.ValueKind == JsonValueKind.True);
    }

    // stop: a string or an array of strings (their number and length are Validate's to judge).
    private static IReadOnlyList<string>? StopOf(JsonElement body, ref OpenAiError? error)
    {
        var stop = JsonFields.Get(body, "stop");
        switch (stop.ValueKind)
        {
            case JsonValueKind.Undefined:
                return null;
            case JsonValueKind.String:
                return [stop.GetString()!];
            case JsonValueKind.Array when stop.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String):
                return [.. stop.EnumerateArray().Select(s => s.GetString()!)];
            default:
                error ??= OpenAiError.BadRequest($"'stop' must be a string or an array of 1 to {MaxStopSequences} non-empty strings.", "stop");
                return null;
        }
    }
}
