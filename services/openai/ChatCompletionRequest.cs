using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.OpenAi;

/// <summary>
/// An OpenAI chat completions request as the platform reads it, everywhere the same: <see cref="Read"/> judges the body by
/// <see cref="ChatCompletionRules"/> (the one source of the rules, which the edge applies to the body it forwards) and then
/// builds the request; <see cref="Validate"/> asks the same rules. <see cref="IncludeUsage"/>: a stream ends with a usage
/// chunk (stream_options.include_usage).
/// </summary>
public sealed record ChatCompletionRequest : IValidatableObject
{
    /// <summary>OpenAI's limit on stop sequences.</summary>
    public const int MaxStopSequences = ChatCompletionRules.MaxStopSequences;

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
    [JsonPropertyName("temperature")]
    public double? Temperature { get; init; }

    /// <summary>The request's <c>top_p</c>.</summary>
    [JsonPropertyName("top_p")]
    public double? TopP { get; init; }

    /// <summary>The request's <c>max_tokens</c>.</summary>
    [JsonPropertyName("max_tokens")]
    public long? MaxTokens { get; init; }

    /// <summary>The request's <c>max_completion_tokens</c>.</summary>
    [JsonPropertyName("max_completion_tokens")]
    public long? MaxCompletionTokens { get; init; }

    /// <summary>The request's <c>n</c>.</summary>
    [JsonPropertyName("n")]
    public long? N { get; init; }

    /// <summary>The request's <c>seed</c>.</summary>
    [JsonPropertyName("seed")]
    public long? Seed { get; init; }

    /// <summary>The request's <c>presence_penalty</c>.</summary>
    [JsonPropertyName("presence_penalty")]
    public double? PresencePenalty { get; init; }

    /// <summary>The request's <c>frequency_penalty</c>.</summary>
    [JsonPropertyName("frequency_penalty")]
    public double? FrequencyPenalty { get; init; }

    /// <summary>The request's <c>stop</c>.</summary>
    [JsonPropertyName("stop")]
    public IReadOnlyList<string>? Stop { get; init; }

    /// <summary>The request's <c>logprobs</c>.</summary>
    [JsonPropertyName("logprobs")]
    public bool? Logprobs { get; init; }

    /// <summary>The request's <c>top_logprobs</c>.</summary>
    [JsonPropertyName("top_logprobs")]
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
        var messages = new List<ChatMessage>();
        if (ChatCompletionRules.Check(body, messages) is { } error)
        {
            return (null, error);
        }
        // Judged: every field below is absent, null or of its kind and range, so the readers' own errors cannot arise.
        var options = JsonFields.Get(body, "stream_options");
        return (new ChatCompletionRequest
        {
            Model = body.GetProperty("model"u8).GetString()!,
            Messages = messages,
            Tools = ToolDefinitions.From(JsonFields.Get(body, "tools"), JsonFields.Get(body, "tool_choice"), JsonFields.Get(body, "parallel_tool_calls")),
            Stream = JsonFields.JudgedBoolean(body, "stream") ?? false,
            HasStreamOptions = JsonFields.IsGiven(options),
            IncludeUsage = JsonFields.IsGiven(options) && JsonFields.JudgedBoolean(options, "include_usage") == true,
            Temperature = JsonFields.JudgedNumber(body, "temperature"),
            TopP = JsonFields.JudgedNumber(body, "top_p"),
            MaxTokens = JsonFields.JudgedInteger(body, "max_tokens"),
            MaxCompletionTokens = JsonFields.JudgedInteger(body, "max_completion_tokens"),
            N = JsonFields.JudgedInteger(body, "n"),
            Seed = JsonFields.JudgedInteger(body, "seed"),
            PresencePenalty = JsonFields.JudgedNumber(body, "presence_penalty"),
            FrequencyPenalty = JsonFields.JudgedNumber(body, "frequency_penalty"),
            Stop = JsonFields.Get(body, "stop") is { ValueKind: JsonValueKind.String or JsonValueKind.Array } stop
                ? stop.ValueKind == JsonValueKind.String ? [stop.GetString()!] : [.. stop.EnumerateArray().Select(s => s.GetString()!)]
                : null,
            Logprobs = JsonFields.JudgedBoolean(body, "logprobs"),
            TopLogprobs = JsonFields.JudgedInteger(body, "top_logprobs"),
            User = JsonFields.JudgedString(body, "user"),
            ResponseFormat = ResponseFormat.From(JsonFields.Get(body, "response_format")),
        }, null);
    }

    /// <summary>OpenAI's ranges and the rules between fields, as <see cref="ChatCompletionRules"/> states them.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ChatCompletionRules.Problem(this) is { } problem)
        {
            yield return problem;
        }
    }
}
