using System.Text.Json;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI.Chat;

namespace MlOps.GuardrailGateway.Llm;

/// <summary>
/// The OpenAI request's generation options beyond temperature, top_p and the token cap, passed to the provider through
/// Semantic Kernel's settings: stop sequences, seed, presence and frequency penalties, response format (text, JSON object
/// or JSON schema) and the end user's id. An option the gateway cannot honour (n above 1, log probabilities) is refused,
/// not dropped.
/// </summary>
public sealed record GenerationOptions(IReadOnlyList<string>? Stop, long? Seed, double? PresencePenalty, double? FrequencyPenalty, ChatResponseFormat? ResponseFormat, string? User)
{
    private const int MaxStopSequences = 4;

    /// <summary>The options, or the OpenAI-style message and param of what is wrong.</summary>
    public static (GenerationOptions? Options, string? Error, string? Param) Parse(JsonElement body)
    {
        var (stop, stopError) = StopOf(body);
        if (stopError is not null)
        {
            return (null, stopError, "stop");
        }
        long? seed = null;
        if (body.TryGetProperty("seed", out var seedValue) && seedValue.ValueKind != JsonValueKind.Null)
        {
            if (seedValue.ValueKind != JsonValueKind.Number || !seedValue.TryGetInt64(out var number))
            {
                return (null, "'seed' must be an integer.", "seed");
            }
            seed = number;
        }
        var presence = RequestFields.Number(body, "presence_penalty", -2, 2);
        if (presence.Error is not null)
        {
            return (null, presence.Error, "presence_penalty");
        }
        var frequency = RequestFields.Number(body, "frequency_penalty", -2, 2);
        if (frequency.Error is not null)
        {
            return (null, frequency.Error, "frequency_penalty");
        }
        if (body.TryGetProperty("n", out var n) && n.ValueKind != JsonValueKind.Null && !(n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var choices) && choices == 1))
        {
            return (null, "'n' must be 1: the gateway returns one choice per request.", "n");
        }
        // Token log probabilities would carry the provider's tokens past the placeholder restoring and the output guards.
        if ((body.TryGetProperty("logprobs", out var logprobs) && logprobs.ValueKind == JsonValueKind.True)
            || (body.TryGetProperty("top_logprobs", out var top) && top.ValueKind != JsonValueKind.Null))
        {
            return (null, "'logprobs' is not supported: token log probabilities would bypass the gateway's answer guards.", "logprobs");
        }
        var user = RequestFields.OptionalString(body, "user");
        if (user.Error is not null)
        {
            return (null, user.Error, "user");
        }
        var (format, formatError, formatParam) = ResponseFormats.Parse(body);
        if (formatError is not null)
        {
            return (null, formatError, formatParam);
        }
        return (new GenerationOptions(stop, seed, presence.Value, frequency.Value, format, user.Value), null, null);
    }

    /// <summary>Sets these options on the settings the provider call is made with.</summary>
    public void ApplyTo(OpenAIPromptExecutionSettings settings)
    {
        settings.StopSequences = Stop is null ? null : [.. Stop];
        settings.Seed = Seed;
        settings.PresencePenalty = PresencePenalty;
        settings.FrequencyPenalty = FrequencyPenalty;
        settings.ResponseFormat = ResponseFormat;
        settings.User = User;
    }

    // OpenAI's stop: a string or an array of up to four strings.
    private static (IReadOnlyList<string>? Stop, string? Error) StopOf(JsonElement body)
    {
        if (!body.TryGetProperty("stop", out var stop) || stop.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }
        if (stop.ValueKind == JsonValueKind.String)
        {
            return stop.GetString()!.Length > 0 ? ([stop.GetString()!], null) : (null, "'stop' must not be empty.");
        }
        if (stop.ValueKind != JsonValueKind.Array || stop.GetArrayLength() is 0 or > MaxStopSequences
            || stop.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String || s.GetString()!.Length == 0))
        {
            return (null, $"'stop' must be a string or an array of 1 to {MaxStopSequences} non-empty strings.");
        }
        return ([.. stop.EnumerateArray().Select(s => s.GetString()!)], null);
    }
}
