using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace MlOps.Tracer.Bench;

/// <summary>
/// OTLP/protobuf export bodies as the SDK batches them (512 spans): 20 attributes per span, one span in ten a GenAI chat span
/// whose input and output messages carry ~1 KB with an e-mail address and a phone number (what redaction finds).
/// </summary>
public static class SpanBatches
{
    public const int BatchSize = 512;

    private static readonly string Message = string.Concat(Enumerable.Repeat(
        "The customer jane.doe@example.com called from +1 415 555 0132 about order 8812; summarise the complaint and propose a refund. ", 8));

    public static byte[] Body(int batch, string session, long startUnixNanos, int count = BatchSize)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "bench" } };
        for (var i = 0; i < count; i++)
        {
            var n = (long)batch * BatchSize + i;
            var start = (ulong)(startUnixNanos + n * 1_000_000);
            var span = new Span
            {
                TraceId = ByteString.CopyFrom(Id(16, n / 8)),
                SpanId = ByteString.CopyFrom(Id(8, n)),
                Name = i % 10 == 0 ? "chat gpt-4o" : "step " + (i % 7),
                Kind = Span.Types.SpanKind.Internal,
                StartTimeUnixNano = start,
                EndTimeUnixNano = start + 25_000_000,
            };
            span.Attributes.Add(Text("session.id", session));
            if (i % 10 == 0)
            {
                span.Attributes.Add(Text("gen_ai.operation.name", "chat"));
                span.Attributes.Add(Text("gen_ai.provider.name", "openai"));
                span.Attributes.Add(Text("gen_ai.request.model", "gpt-4o"));
                span.Attributes.Add(Number("gen_ai.usage.input_tokens", 900 + i));
                span.Attributes.Add(Number("gen_ai.usage.output_tokens", 120));
                span.Attributes.Add(Text("gen_ai.input.messages", $$"""[{"role":"user","parts":[{"type":"text","content":"{{Message[..600]}}"}]}]"""));
                span.Attributes.Add(Text("gen_ai.output.messages", $$"""[{"role":"assistant","parts":[{"type":"text","content":"{{Message[..350]}}"}]}]"""));
            }
            while (span.Attributes.Count < 20)
            {
                var k = span.Attributes.Count;
                span.Attributes.Add(k % 2 == 0 ? Text($"app.attribute_{k}", $"value-{k}-{i % 13}") : Number($"app.count_{k}", n % 1000));
            }
            scope.Spans.Add(span);
        }
        var resource = new Resource();
        resource.Attributes.Add(Text("service.name", "bench-agent"));
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request.ToByteArray();
    }

    private static byte[] Id(int length, long n)
    {
        var id = new byte[length];
        BitConverter.GetBytes(n + 1).Reverse().ToArray().CopyTo(id, length - 8);
        id[0] |= 0x80;
        return id;
    }

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static KeyValue Number(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };
}
