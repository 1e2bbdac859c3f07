using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;
using MlOps.AgentOpsTracer.Content;
using OpenTelemetry.Proto.Common.V1;

namespace MlOps.AgentOpsTracer.Intake;

/// <summary>
/// Attributes as a JSON object for the jsonb column, capped: long strings are cut, and once the object is past its size
/// the remaining attributes are dropped and counted under <c>mlops.dropped_attributes</c>. Message contents pass through the
/// tenant's <see cref="ContentFilter"/> (redacted or dropped) when one is given.
/// </summary>
internal static class AttributeJson
{
    public const string DroppedKey = "mlops.dropped_attributes";
    private const int MaxDepth = 8;

    /// <param name="allContent">Every attribute is content (a GenAI message event's), not only the content keys.</param>
    /// <param name="withCounts">Write the filter's redaction and drop counts (the span's own attributes, written after its events).</param>
    public static string Write(RepeatedField<KeyValue> attributes, int maxBytes, int maxValueChars, ContentFilter? content = null,
        bool allContent = false, bool withCounts = false)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            var dropped = 0;
            foreach (var attribute in attributes)
            {
                var before = buffer.Length + json.BytesPending;
                if (dropped > 0 || before > maxBytes)
                {
                    dropped++;
                    continue;
                }
                var filter = content is not null && (allContent || ContentKeys.IsContent(attribute.Key)) ? content : null;
                if (filter is { Drops: true })
                {
                    filter.CountDropped();
                    continue;
                }
                json.WritePropertyName(StoredText.Clean(attribute.Key));
                WriteValue(json, attribute.Value, maxValueChars, 0, filter);
            }
            if (dropped > 0)
            {
                json.WriteNumber(DroppedKey, dropped);
            }
            if (withCounts && content is { Redactions: > 0 })
            {
                json.WriteNumber(ContentFilter.RedactionsKey, content.Redactions);
            }
            if (withCounts && content is { Dropped: > 0 })
            {
                json.WriteNumber(ContentFilter.DroppedKey, content.Dropped);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // A non-null filter means the value is content to redact.
    private static void WriteValue(Utf8JsonWriter json, AnyValue? value, int maxValueChars, int depth, ContentFilter? content)
    {
        if (value is null || depth > MaxDepth)
        {
            json.WriteNullValue();
            return;
        }
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue when content is not null:
                json.WriteStringValue(StoredText.Clean(content.Clean(value.StringValue, maxValueChars)));
                break;
            case AnyValue.ValueOneofCase.StringValue:
                json.WriteStringValue(StoredText.Clean(value.StringValue.Length > maxValueChars ? value.StringValue[..maxValueChars] : value.StringValue));
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                json.WriteBooleanValue(value.BoolValue);
                break;
            case AnyValue.ValueOneofCase.IntValue:
                json.WriteNumberValue(value.IntValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue):
                json.WriteNumberValue(value.DoubleValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                // JSON has no NaN or Infinity: keep them readable as text.
                json.WriteStringValue(value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case AnyValue.ValueOneofCase.BytesValue when content is not null:
                // Bytes cannot be scanned for PII, so content sent as bytes is not kept.
                json.WriteNullValue();
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                json.WriteBase64StringValue(value.BytesValue.Length > maxValueChars ? value.BytesValue.Span[..maxValueChars] : value.BytesValue.Span);
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                json.WriteStartArray();
                foreach (var item in value.ArrayValue.Values)
                {
                    WriteValue(json, item, maxValueChars, depth + 1, content);
                }
                json.WriteEndArray();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                json.WriteStartObject();
                foreach (var item in value.KvlistValue.Values)
                {
                    json.WritePropertyName(StoredText.Clean(item.Key));
                    WriteValue(json, item.Value, maxValueChars, depth + 1, content);
                }
                json.WriteEndObject();
                break;
            default:
                json.WriteNullValue();
                break;
        }
    }
}
