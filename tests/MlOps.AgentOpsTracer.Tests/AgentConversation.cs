using OpenTelemetry.Proto.Trace.V1;
using static MlOps.AgentOpsTracer.Tests.AgentSpans;
using static MlOps.AgentOpsTracer.Tests.Otlp;

namespace MlOps.AgentOpsTracer.Tests;

/// <summary>
/// Session conv-1: an agent span over a chat (messages in attributes), a tool call with its result, and a second chat whose
/// messages travel as GenAI events; the replay tests work its steps out by hand.
/// </summary>
public static class AgentConversation
{
    public static readonly byte[] TraceId = Id(16, 0xc1);
    public const string Question = "What is the weather in Paris? <script>alert(1)</script>";

    public static Span[] Spans()
    {
        var agent = Span("invoke_agent planner", TraceId, SpanId(1), Start, Start + 3_000_000_000,
            Attribute("gen_ai.operation.name", "invoke_agent"), Attribute("gen_ai.agent.name", "planner"),
            Attribute("gen_ai.conversation.id", "conv-1"));
        var chat = Generation(TraceId, SpanId(2), "conv-1", "gpt-4o", 1200, 300, cached: 400, start: Start + 100_000_000, parent: SpanId(1));
        chat.Attributes.Add(Attribute("gen_ai.input.messages", Question));
        chat.Attributes.Add(Attribute("gen_ai.output.messages", "Let me look that up."));
        var tool = Tool(TraceId, SpanId(3), "conv-1", "weather", """{"city":"Paris"}""", Start + 1_200_000_000, parent: SpanId(2));
        tool.Attributes.Add(Attribute("gen_ai.tool.call.result", """{"temperature":18}"""));
        var answer = Generation(TraceId, SpanId(4), "conv-1", "claude-sonnet", 1000, 200, start: Start + 1_500_000_000, parent: SpanId(1));
        answer.Events.Add(Event("gen_ai.user.message", "content", "And tomorrow?"));
        answer.Events.Add(Event("gen_ai.choice", "message", "Sunny, 21 degrees."));
        return [agent, chat, tool, answer];
    }

    private static Span.Types.Event Event(string name, string key, string value)
    {
        var item = new Span.Types.Event { Name = name, TimeUnixNano = Start + 1_500_000_000 };
        item.Attributes.Add(Attribute(key, value));
        return item;
    }
}
