using static MlOps.AgentOpsTracer.Tests.AgentSpans;
using static MlOps.AgentOpsTracer.Tests.Otlp;

namespace MlOps.AgentOpsTracer.Tests;

/// <summary>Two sessions of one tenant whose totals the session and trace tests work out by hand.</summary>
public static class SampleSessions
{
    public static readonly byte[] PlanTrace = Id(16, 0x31);
    public static readonly byte[] RetryTrace = Id(16, 0x41);
    public static readonly byte[] MysteryTrace = Id(16, 0x51);

    /// <summary>Session s-1: a gpt-4o call (0.0055) with a tool under it, then a failed claude-sonnet call (0.006); s-2 an unpriced model.</summary>
    public static async Task ExportAsync(TracerFixture fixture, string tenant) => await fixture.ExportAsync(tenant,
        Generation(PlanTrace, SpanId(1), "s-1", "gpt-4o", 1200, 300, cached: 400),
        Tool(PlanTrace, SpanId(2), "s-1", "search", """{"q":"weather"}""", Start + 200_000_000, parent: SpanId(1)),
        Failed(Generation(RetryTrace, SpanId(3), "s-1", "claude-sonnet", 1000, 200, start: Start + 5_000_000_000)),
        Generation(MysteryTrace, SpanId(4), "s-2", "mystery-1", 10, 10, start: Start + 10_000_000_000));
}
