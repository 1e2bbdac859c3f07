using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;

namespace MlOps.AgentOpsTracer.Intake;

/// <summary>
/// Attributes as a JSON object for the jsonb column, capped: long strings are cut, and once the object is past its size
/// the remaining attributes are dropped and counted under <c>mlops.dropped_attributes</c>.
/// </summary>
internal static class AttributeJson
{
    public const string DroppedKey = "mlops.dropped_attributes";
    private const int MaxDepth = 8;

    public static string Write(RepeatedField<KeyValue> attributes, int maxBytes, int maxValueChars)
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
                json.WritePropertyName(StoredText.Clean(attribute.Key));
                WriteValue(json, attribute.Value, maxValueChars, 0);
            }
            if (dropped > 0)
            {
                json.WriteNumber(DroppedKey, dropped);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteValue(Utf8JsonWriter json, AnyValue? value, int maxValueChars, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            json.WriteNullValue();
            return;
        }
        switch (value.ValueCase)
        {
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
            case AnyValue.ValueOneofCase.BytesValue:
                json.WriteBase64StringValue(value.BytesValue.Length > maxValueChars ? value.BytesValue.Span[..maxValueChars] : value.BytesValue.Span);
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                json.WriteStartArray();
                foreach (var item in value.ArrayValue.Values)
                {
                    WriteValue(json, item, maxValueChars, depth + 1);
                }
                json.WriteEndArray();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                json.WriteStartObject();
                foreach (var item in value.KvlistValue.Values)
                {
                    json.WritePropertyName(StoredText.Clean(item.Key));
                    WriteValue(json, item.Value, maxValueChars, depth + 1);
                }
                json.WriteEndObject();
                break;
            default:
                json.WriteNullValue();
                break;
        }
    }
}
