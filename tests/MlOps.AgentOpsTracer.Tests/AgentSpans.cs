using Google.Protobuf;
using OpenTelemetry.Proto.Trace.V1;
using static MlOps.AgentOpsTracer.Tests.Otlp;

namespace MlOps.AgentOpsTracer.Tests;

/// <summary>GenAI spans of an agent session as the OpenTelemetry conventions name them.</summary>
public static class AgentSpans
{
    public static Span Generation(byte[] traceId, byte[] spanId, string session, string model, long input, long output, long cached = 0,
        ulong start = Start, byte[]? parent = null)
    {
        var span = Span("chat " + model, traceId, spanId, start, start + 1_000_000_000,
            Attribute("gen_ai.operation.name", "chat"),
            Attribute("gen_ai.request.model", model),
            Attribute("gen_ai.usage.input_tokens", input),
            Attribute("gen_ai.usage.output_tokens", output),
            Attribute("gen_ai.usage.cache_read.input_tokens", cached),
            Attribute("gen_ai.conversation.id", session));
        return WithParent(span, parent);
    }

    public static Span Tool(byte[] traceId, byte[] spanId, string session, string tool, string arguments, ulong start = Start, byte[]? parent = null)
    {
        var span = Span("execute_tool " + tool, traceId, spanId, start, start + 100_000_000,
            Attribute("gen_ai.operation.name", "execute_tool"),
            Attribute("gen_ai.tool.name", tool),
            Attribute("gen_ai.tool.call.arguments", arguments),
            Attribute("gen_ai.conversation.id", session));
        return WithParent(span, parent);
    }

    public static Span Failed(Span span)
    {
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "failed" };
        return span;
    }

    public static byte[] SpanId(int n) => BitConverter.GetBytes((long)n + 1).Reverse().ToArray();

    private static Span WithParent(Span span, byte[]? parent)
    {
        if (parent is not null)
        {
            span.ParentSpanId = ByteString.CopyFrom(parent);
        }
        return span;
    }
}
