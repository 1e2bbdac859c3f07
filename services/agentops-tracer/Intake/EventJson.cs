using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;
using MlOps.AgentOpsTracer.Content;
using OpenTelemetry.Proto.Trace.V1;

namespace MlOps.AgentOpsTracer.Intake;

/// <summary>A span's events (GenAI messages travel in them) as a JSON array, capped like the attributes.</summary>
internal static class EventJson
{
    public static string? Write(RepeatedField<Span.Types.Event> events, int maxBytes, int maxValueChars, ContentFilter? content)
    {
        if (events.Count == 0)
        {
            return null;
        }
        var builder = new StringBuilder("[");
        foreach (var item in events)
        {
            var attributes = AttributeJson.Write(item.Attributes, maxBytes, maxValueChars, content, ContentKeys.IsMessageEvent(item.Name));
            var entry = $"{{\"name\":{JsonSerializer.Serialize(StoredText.Clean(item.Name))},\"timeUnixNano\":\"{item.TimeUnixNano.ToString(CultureInfo.InvariantCulture)}\","
                + $"\"attributes\":{attributes}}}";
            // Events past the cap are left out whole, so what is kept stays valid JSON.
            if (builder.Length > 1 && builder.Length + entry.Length > maxBytes)
            {
                break;
            }
            builder.Append(builder.Length > 1 ? "," : "").Append(entry);
        }
        return builder.Append(']').ToString();
    }
}
