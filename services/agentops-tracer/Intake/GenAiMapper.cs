using System.Globalization;
using OpenTelemetry.Proto.Common.V1;

namespace MlOps.AgentOpsTracer.Intake;

/// <summary>
/// Reads the GenAI fields from a span's attributes: the current OpenTelemetry names first, then the older ones many SDKs
/// still emit, then OpenInference and Langfuse. Session and user may also sit on the resource.
/// </summary>
internal static class GenAiMapper
{
    public static GenAiFields Map(IReadOnlyDictionary<string, AnyValue> span, IReadOnlyDictionary<string, AnyValue> resource)
    {
        var operation = Text(span, "gen_ai.operation.name");
        var type = ObservationTypes.FromLangfuse(Text(span, "langfuse.observation.type"))
            ?? ObservationTypes.FromOpenInference(Text(span, "openinference.span.kind"))
            ?? ObservationTypes.FromGenAiOperation(operation)
            ?? ObservationTypes.Span;
        return new GenAiFields(
            type,
            operation,
            Text(span, "gen_ai.provider.name", "gen_ai.system"),
            Text(span, "gen_ai.request.model", "llm.model_name"),
            Text(span, "gen_ai.response.model"),
            Count(span, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.token_count.prompt"),
            Count(span, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.token_count.completion"),
            // Cached tokens are counted inside the input tokens (OpenAI's and OpenInference's convention).
            Count(span, "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens", "llm.token_count.prompt_details.cache_read"),
            SpanOrResource(span, resource, "gen_ai.conversation.id", "session.id", "langfuse.session.id"),
            Text(span, "gen_ai.agent.name"),
            Text(span, "gen_ai.tool.name", "tool.name"),
            SpanOrResource(span, resource, "user.id", "enduser.id", "langfuse.user.id"));
    }

    private static string? SpanOrResource(IReadOnlyDictionary<string, AnyValue> span, IReadOnlyDictionary<string, AnyValue> resource,
        params string[] keys) => Text(span, keys) ?? Text(resource, keys);

    public static string? Text(IReadOnlyDictionary<string, AnyValue> attributes, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (attributes.TryGetValue(key, out var value))
            {
                var text = value.ValueCase switch
                {
                    AnyValue.ValueOneofCase.StringValue => value.StringValue,
                    AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
                    _ => null,
                };
                if (!string.IsNullOrEmpty(text))
                {
                    return StoredText.Clean(text);
                }
            }
        }
        return null;
    }

    // No call uses a trillion tokens: a bigger count is garbage, and session sums stay far inside 64 bits.
    private const long MaxTokenCount = 1_000_000_000_000;

    // Token counts arrive as ints, and from some SDKs as doubles or strings; a negative or absurd count is no count.
    private static long? Count(IReadOnlyDictionary<string, AnyValue> attributes, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (!attributes.TryGetValue(key, out var value))
            {
                continue;
            }
            long? count = value.ValueCase switch
            {
                AnyValue.ValueOneofCase.IntValue => value.IntValue,
                AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue) && value.DoubleValue == Math.Floor(value.DoubleValue)
                    && Math.Abs(value.DoubleValue) < 9e15 => (long)value.DoubleValue,
                AnyValue.ValueOneofCase.StringValue when long.TryParse(value.StringValue, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
                _ => null,
            };
            if (count is >= 0 and <= MaxTokenCount)
            {
                return count;
            }
        }
        return null;
    }
}
