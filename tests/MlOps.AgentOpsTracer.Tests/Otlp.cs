using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace MlOps.AgentOpsTracer.Tests;

/// <summary>Hand-built OTLP messages for the tests.</summary>
public static class Otlp
{
    // 2023-11-14T22:13:20.123456Z in Unix nanoseconds (1,700,000,000 s is 22:13:20 that day).
    public const ulong Start = 1_700_000_000_123_456_000;

    public static readonly DateTime StartTime = new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc).AddTicks(1_234_560);

    public static ExportTraceServiceRequest Request(string serviceName, params Span[] spans)
    {
        var resource = new Resource();
        resource.Attributes.Add(Attribute("service.name", serviceName));
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "tests" } };
        scope.Spans.Add(spans);
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    public static Span Span(string name, byte[] traceId, byte[] spanId, ulong start = Start, ulong end = Start + 1_500_000_000, params KeyValue[] attributes)
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(traceId),
            SpanId = ByteString.CopyFrom(spanId),
            Name = name,
            Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Client,
            StartTimeUnixNano = start,
            EndTimeUnixNano = end,
        };
        span.Attributes.Add(attributes);
        return span;
    }

    public static byte[] Id(int length, byte first) => Enumerable.Range(0, length).Select(i => (byte)(first + i)).ToArray();

    public static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Attribute(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };
}
