using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MlOps.AgentOpsTracer.Content;
using MlOps.AgentOpsTracer.Cost;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace MlOps.AgentOpsTracer.Intake;

/// <summary>
/// Turns an export request into rows for the caller's tenant; spans with invalid ids or absurd times are rejected one by
/// one (OTLP's partial success), never the whole request. Message contents are kept, redacted or dropped by the tenant's
/// content mode.
/// </summary>
internal sealed class SpanMapper(IOptions<IntakeOptions> options, PriceTable prices, ContentRedactor redactor, TimeProvider time)
{
    // Earlier than this is a clock that was never set (or a start time of 0), not a span.
    private static readonly DateTime Earliest = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public MappedBatch Map(ExportTraceServiceRequest request, string tenant, string contentMode)
    {
        var limits = options.Value;
        var latest = time.GetUtcNow().UtcDateTime + limits.MaxClockSkew;
        var rows = new List<SpanRow>();
        long rejected = 0;
        string? reason = null;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = Index(resourceSpans.Resource?.Attributes);
            var serviceName = GenAiMapper.Text(resource, "service.name");
            foreach (var span in resourceSpans.ScopeSpans.SelectMany(s => s.Spans))
            {
                var refusal = Validate(span, latest);
                if (refusal is not null)
                {
                    rejected++;
                    reason ??= refusal;
                    continue;
                }
                rows.Add(ToRow(span, tenant, serviceName, resource, limits, contentMode));
            }
        }
        return new MappedBatch(rows, rejected, reason);
    }

    private static string? Validate(Span span, DateTime latest)
    {
        if (span.TraceId.Length != 16 || span.TraceId.Span.IndexOfAnyExcept((byte)0) < 0)
        {
            return $"span '{span.Name}': trace_id must be 16 bytes, not all zero (got {span.TraceId.Length})";
        }
        if (span.SpanId.Length != 8 || span.SpanId.Span.IndexOfAnyExcept((byte)0) < 0)
        {
            return $"span '{span.Name}': span_id must be 8 bytes, not all zero (got {span.SpanId.Length})";
        }
        if (span.ParentSpanId.Length is not (0 or 8))
        {
            return $"span '{span.Name}': parent_span_id must be empty or 8 bytes (got {span.ParentSpanId.Length})";
        }
        var start = ToTime(span.StartTimeUnixNano);
        if (start < Earliest || start > latest)
        {
            return $"span '{span.Name}': start_time_unix_nano {span.StartTimeUnixNano} is not a plausible time";
        }
        if (span.EndTimeUnixNano < span.StartTimeUnixNano)
        {
            return $"span '{span.Name}': end_time_unix_nano is before start_time_unix_nano";
        }
        if (ToTime(span.EndTimeUnixNano) > latest)
        {
            return $"span '{span.Name}': end_time_unix_nano {span.EndTimeUnixNano} is not a plausible time";
        }
        return null;
    }

    private SpanRow ToRow(Span span, string tenant, string? serviceName, IReadOnlyDictionary<string, AnyValue> resource, IntakeOptions limits,
        string contentMode)
    {
        var attributes = Index(span.Attributes);
        var genAi = GenAiMapper.Map(attributes, resource);
        var content = contentMode == ContentModes.Keep ? null : new ContentFilter(contentMode, redactor);
        // Events first: the span's attributes carry the redaction and drop counts of both.
        var events = EventJson.Write(span.Events, limits.MaxAttributesBytes, limits.MaxAttributeValueChars, content);
        return new SpanRow(
            tenant,
            span.TraceId.ToByteArray(),
            span.SpanId.ToByteArray(),
            span.ParentSpanId.IsEmpty ? null : span.ParentSpanId.ToByteArray(),
            StoredText.Clean(span.Name),
            (short)span.Kind,
            serviceName,
            ToTime(span.StartTimeUnixNano),
            ToTime(span.EndTimeUnixNano),
            (long)(span.EndTimeUnixNano - span.StartTimeUnixNano),
            (short)(span.Status?.Code ?? Status.Types.StatusCode.Unset),
            string.IsNullOrEmpty(span.Status?.Message) ? null : StoredText.Clean(span.Status.Message),
            AttributeJson.Write(span.Attributes, limits.MaxAttributesBytes, limits.MaxAttributeValueChars, content, withCounts: true),
            events,
            genAi,
            prices.Price(genAi.ResponseModel, genAi.RequestModel, genAi.InputTokens, genAi.OutputTokens, genAi.CachedInputTokens),
            ArgumentsHash(attributes));
    }

    /// <summary>
    /// A tool call's arguments as they were sent, hashed before redaction or dropping: the tool loop rule compares calls by it,
    /// so redacted (or dropped) arguments neither merge different calls nor hide a loop.
    /// </summary>
    private static string? ArgumentsHash(IReadOnlyDictionary<string, AnyValue> attributes)
    {
        foreach (var key in ToolArgumentKeys)
        {
            if (attributes.TryGetValue(key, out var value))
            {
                var text = value.ValueCase == AnyValue.ValueOneofCase.StringValue ? value.StringValue : value.ToString();
                return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            }
        }
        return null;
    }

    private static readonly string[] ToolArgumentKeys = ["gen_ai.tool.call.arguments", "input.value", "tool.parameters"];

    // Keys are unique by the specification; a sender that repeats one gets its last value.
    private static Dictionary<string, AnyValue> Index(IEnumerable<KeyValue>? attributes)
    {
        var index = new Dictionary<string, AnyValue>(StringComparer.Ordinal);
        foreach (var attribute in attributes ?? [])
        {
            if (attribute.Value is not null)
            {
                index[attribute.Key] = attribute.Value;
            }
        }
        return index;
    }

    // Ticks are 100 ns: PostgreSQL keeps microseconds, the exact duration is kept in nanoseconds beside it.
    private static DateTime ToTime(ulong unixNanos) => DateTime.UnixEpoch.AddTicks((long)(unixNanos / 100));
}
