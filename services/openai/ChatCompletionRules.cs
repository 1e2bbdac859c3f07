using System.ComponentModel.DataAnnotations;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace MlOps.OpenAi;

/// <summary>
/// OpenAI's rules for a chat completions request, in one place. <see cref="Check(JsonElement)"/> judges a JSON body in one
/// pass over its members without allocating (only an error allocates its 400): the edge calls it before it forwards the
/// body as received, <see cref="ChatCompletionRequest.Read"/> before it builds the typed request, and the DTO's
/// <see cref="IValidatableObject.Validate"/> asks the same ranges of a request built otherwise.
/// </summary>
public static class ChatCompletionRules
{
    /// <summary>OpenAI's limit on stop sequences.</summary>
    public const int MaxStopSequences = 4;

    private const string StopRule = "'stop' must be a string or an array of 1 to 4 non-empty strings.";

    // The ranged fields, in the order their errors are reported: their JSON kind, their range, and how the DTO holds them.
    private static readonly NumberRule[] Numbers =
    [
        new(Field.Temperature, "temperature", 0, 2, false, "'temperature' must be a number between 0 and 2.", r => r.Temperature),
        new(Field.TopP, "top_p", 0, 1, false, "'top_p' must be a number between 0 and 1.", r => r.TopP),
        new(Field.MaxTokens, "max_tokens", 1, 1_000_000, true, "'max_tokens' must be an integer between 1 and 1000000.", r => r.MaxTokens),
        new(Field.MaxCompletionTokens, "max_completion_tokens", 1, 1_000_000, true,
            "'max_completion_tokens' must be an integer between 1 and 1000000.", r => r.MaxCompletionTokens),
        new(Field.N, "n", 1, 128, true, "'n' must be an integer between 1 and 128.", r => r.N),
        new(Field.Seed, "seed", long.MinValue, long.MaxValue, true, "'seed' must be an integer.", r => r.Seed),
        new(Field.PresencePenalty, "presence_penalty", -2, 2, false, "'presence_penalty' must be a number between -2 and 2.", r => r.PresencePenalty),
        new(Field.FrequencyPenalty, "frequency_penalty", -2, 2, false, "'frequency_penalty' must be a number between -2 and 2.", r => r.FrequencyPenalty),
        new(Field.TopLogprobs, "top_logprobs", 0, 20, true, "'top_logprobs' must be an integer between 0 and 20.", r => r.TopLogprobs),
    ];

    internal enum Field
    {
        Other = -1,
        Model,
        Messages,
        Tools,
        ToolChoice,
        ParallelToolCalls,
        ResponseFormat,
        StreamOptions,
        Stream,
        Temperature,
        TopP,
        MaxTokens,
        MaxCompletionTokens,
        N,
        Seed,
        PresencePenalty,
        FrequencyPenalty,
        Stop,
        Logprobs,
        TopLogprobs,
        User,
    }

    /// <summary>Null when the body is a valid chat request, else the OpenAI 400 naming the first field at fault.</summary>
    public static OpenAiError? Check(JsonElement body) => Check(body, null);

    /// <summary>The same, adding the messages to <paramref name="messages"/> when it is given (one pass for the typed read).</summary>
    internal static OpenAiError? Check(JsonElement body, List<ChatMessage>? messages)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return OpenAiError.BadRequest("The request body must be a JSON object.");
        }
        var fields = new Members();
        foreach (var property in body.EnumerateObject())
        {
            // Null counts as absent, as OpenAI reads it; the last of a repeated member wins, as TryGetProperty finds it.
            if (FieldOf(property) is var field and not Field.Other)
            {
                fields[(int)field] = property.Value.ValueKind == JsonValueKind.Null ? default : property.Value;
            }
        }
        var model = fields[(int)Field.Model];
        if (model.ValueKind != JsonValueKind.String || IsBlank(model))
        {
            return OpenAiError.BadRequest("'model' is required and must be a non-empty string.", "model");
        }
        var list = fields[(int)Field.Messages];
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            return OpenAiError.BadRequest("'messages' is required: a non-empty array of message objects.", "messages");
        }
        return ChatMessageReader.Judge(list, messages)
            ?? ToolDefinitions.Check(fields[(int)Field.Tools], fields[(int)Field.ToolChoice], fields[(int)Field.ParallelToolCalls])
            ?? OpenAi.ResponseFormat.Check(fields[(int)Field.ResponseFormat])
            ?? KindError(ref fields)
            ?? RangeError(ref fields)
            ?? CrossFieldError(fields[(int)Field.StreamOptions].ValueKind != JsonValueKind.Undefined, fields[(int)Field.Stream].ValueKind == JsonValueKind.True,
                StopCount(fields[(int)Field.Stop]));
    }

    /// <summary>The rules asked of a request built otherwise than from JSON (its <see cref="IValidatableObject.Validate"/>).</summary>
    internal static ValidationResult? Problem(ChatCompletionRequest request)
    {
        foreach (var rule in Numbers)
        {
            if (rule.Value(request) is { } value && (value < rule.Min || value > rule.Max))
            {
                return new ValidationResult(rule.Message, [rule.Name]);
            }
        }
        var stop = request.Stop is { } sequences ? sequences.Any(s => s.Length == 0) ? 0 : sequences.Count : -1;
        return CrossFieldError(request.HasStreamOptions, request.Stream, stop) is { } error ? new ValidationResult(error.Message, [error.Param!]) : null;
    }

    // Each field's JSON kind, in the order the typed read met them.
    private static OpenAiError? KindError(ref Members fields)
    {
        var options = fields[(int)Field.StreamOptions];
        if (options.ValueKind != JsonValueKind.Undefined)
        {
            if (options.ValueKind != JsonValueKind.Object)
            {
                return OpenAiError.BadRequest("'stream_options' must be an object.", "stream_options");
            }
            if (options.TryGetProperty("include_usage"u8, out var include) && include.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
            {
                return OpenAiError.BadRequest("'stream_options.include_usage' must be a boolean.", "stream_options.include_usage");
            }
        }
        if (!IsBooleanOrAbsent(fields[(int)Field.Stream]))
        {
            return OpenAiError.BadRequest("'stream' must be a boolean.", "stream");
        }
        foreach (var rule in Numbers)
        {
            var value = fields[(int)rule.Field];
            if (value.ValueKind != JsonValueKind.Undefined && !(value.ValueKind == JsonValueKind.Number && (rule.Integer ? value.TryGetInt64(out _) : value.TryGetDouble(out _))))
            {
                return OpenAiError.BadRequest(rule.Message, rule.Name);
            }
            // stop comes between the penalties and logprobs in that order; its kind is judged with its count.
            if (rule.Field == Field.FrequencyPenalty && StopCount(fields[(int)Field.Stop]) == -2)
            {
                return OpenAiError.BadRequest(StopRule, "stop");
            }
            if (rule.Field == Field.FrequencyPenalty && !IsBooleanOrAbsent(fields[(int)Field.Logprobs]))
            {
                return OpenAiError.BadRequest("'logprobs' must be a boolean.", "logprobs");
            }
        }
        var user = fields[(int)Field.User];
        return user.ValueKind is JsonValueKind.Undefined or JsonValueKind.String ? null : OpenAiError.BadRequest("'user' must be a string.", "user");
    }

    private static OpenAiError? RangeError(ref Members fields)
    {
        foreach (var rule in Numbers)
        {
            var value = fields[(int)rule.Field];
            if (value.ValueKind == JsonValueKind.Number && (rule.Integer ? value.GetInt64() : value.GetDouble()) is var number && (number < rule.Min || number > rule.Max))
            {
                return OpenAiError.BadRequest(rule.Message, rule.Name);
            }
        }
        return null;
    }

    // stop: -1 when absent, -2 when not a string or an array of strings, 0 when a sequence is empty, else the number of sequences.
    private static int StopCount(JsonElement stop)
    {
        switch (stop.ValueKind)
        {
            case JsonValueKind.Undefined:
                return -1;
            case JsonValueKind.String:
                return stop.ValueEquals(""u8) ? 0 : 1;
            case JsonValueKind.Array:
                var count = 0;
                var empty = false;
                foreach (var sequence in stop.EnumerateArray())
                {
                    if (sequence.ValueKind != JsonValueKind.String)
                    {
                        return -2;
                    }
                    empty |= sequence.ValueEquals(""u8);
                    count++;
                }
                return empty ? 0 : count;
            default:
                return -2;
        }
    }

    // OpenAI's rules between fields (and on stop's count, known only once the sequences are read).
    private static OpenAiError? CrossFieldError(bool hasStreamOptions, bool stream, int stopCount)
    {
        if (hasStreamOptions && !stream)
        {
            return OpenAiError.BadRequest("'stream_options' is only allowed when 'stream' is true.", "stream_options");
        }
        return stopCount is 0 or > MaxStopSequences ? OpenAiError.BadRequest(StopRule, "stop") : null;
    }

    private static bool IsBooleanOrAbsent(JsonElement value) => value.ValueKind is JsonValueKind.Undefined or JsonValueKind.True or JsonValueKind.False;

    // Blank as string.IsNullOrWhiteSpace judges it, read from the raw bytes when they are plain ASCII (no string made).
    private static bool IsBlank(JsonElement text)
    {
        var raw = JsonMarshal.GetRawUtf8Value(text);
        raw = raw[1..^1];
        foreach (var b in raw)
        {
            if (b is (byte)'\\' or >= 0x80)
            {
                return string.IsNullOrWhiteSpace(text.GetString());
            }
            if (!char.IsWhiteSpace((char)b))
            {
                return false;
            }
        }
        return true;
    }

    private static Field FieldOf(JsonProperty property)
    {
        var name = JsonMarshal.GetRawUtf8PropertyName(property);
        // An escaped name is rare: compared unescaped.
        return name.IndexOf((byte)'\\') >= 0 ? FieldOf(System.Text.Encoding.UTF8.GetBytes(property.Name)) : FieldOf(name);
    }

    // A length test first: most names are told apart without comparing bytes.
    private static Field FieldOf(ReadOnlySpan<byte> name) => name.Length switch
    {
        1 when name[0] == (byte)'n' => Field.N,
        4 when name.SequenceEqual("seed"u8) => Field.Seed,
        4 when name.SequenceEqual("stop"u8) => Field.Stop,
        4 when name.SequenceEqual("user"u8) => Field.User,
        5 when name.SequenceEqual("model"u8) => Field.Model,
        5 when name.SequenceEqual("tools"u8) => Field.Tools,
        5 when name.SequenceEqual("top_p"u8) => Field.TopP,
        6 when name.SequenceEqual("stream"u8) => Field.Stream,
        8 when name.SequenceEqual("messages"u8) => Field.Messages,
        8 when name.SequenceEqual("logprobs"u8) => Field.Logprobs,
        10 when name.SequenceEqual("max_tokens"u8) => Field.MaxTokens,
        11 when name.SequenceEqual("temperature"u8) => Field.Temperature,
        11 when name.SequenceEqual("tool_choice"u8) => Field.ToolChoice,
        12 when name.SequenceEqual("top_logprobs"u8) => Field.TopLogprobs,
        14 when name.SequenceEqual("stream_options"u8) => Field.StreamOptions,
        15 when name.SequenceEqual("response_format"u8) => Field.ResponseFormat,
        16 when name.SequenceEqual("presence_penalty"u8) => Field.PresencePenalty,
        17 when name.SequenceEqual("frequency_penalty"u8) => Field.FrequencyPenalty,
        19 when name.SequenceEqual("parallel_tool_calls"u8) => Field.ParallelToolCalls,
        21 when name.SequenceEqual("max_completion_tokens"u8) => Field.MaxCompletionTokens,
        _ => Field.Other,
    };

    // The body's members the rules read, by Field, on the stack.
    [System.Runtime.CompilerServices.InlineArray(20)]
    private struct Members
    {
        private JsonElement _first;
    }

    private sealed record NumberRule(Field Field, string Name, double Min, double Max, bool Integer, string Message, Func<ChatCompletionRequest, double?> Value);
}
