using System.Net.Http.Json;
using System.Text.Json;
using OpenTelemetry.Proto.Trace.V1;
using static MlOps.AgentOpsTracer.Tests.AgentSpans;
using static MlOps.AgentOpsTracer.Tests.Otlp;

namespace MlOps.AgentOpsTracer.Tests;

public sealed class AnomalyTests(TracerFixture fixture) : IClassFixture<TracerFixture>
{
    private static readonly byte[] LoopTrace = Id(16, 0x61);

    private static Span[] SearchCalls(int from, int count, Func<int, string> arguments) =>
        [.. Enumerable.Range(from, count).Select(i => Tool(LoopTrace, SpanId(i), "loop-1", "search", arguments(i), Start + (ulong)i * 1_000_000_000))];

    [Fact]
    public async Task ToolLoop_SameCallSixTimes_OneAnomalyAndNotAgainOnTheNextBatch()
    {
        await fixture.ExportAsync("loop-a", SearchCalls(0, 6, _ => """{"q":"weather in Paris"}"""));
        await fixture.WaitUntilEvaluatedAsync("loop-a", "loop-1");
        await fixture.ExportAsync("loop-a", SearchCalls(6, 6, _ => """{"q":"weather in Paris"}"""));
        await fixture.WaitUntilEvaluatedAsync("loop-a", "loop-1");

        var anomaly = Assert.Single(await fixture.AnomaliesAsync("loop-a"));
        Assert.Equal("loop-1", anomaly.GetProperty("sessionId").GetString());
        Assert.Equal("tool_loop", anomaly.GetProperty("kind").GetString());
        Assert.Equal($"tool 'search' called 6 times with the same arguments in trace {Convert.ToHexStringLower(LoopTrace)} (rule: 5)",
            anomaly.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ToolLoop_SameToolDifferentArguments_NoAnomaly()
    {
        await fixture.ExportAsync("loop-b", SearchCalls(0, 6, i => $$"""{"q":"page {{i}}"}"""));
        await fixture.WaitUntilEvaluatedAsync("loop-b", "loop-1");

        Assert.Empty(await fixture.AnomaliesAsync("loop-b"));
    }

    [Fact]
    public async Task RunawaySession_TokenCapCrossedByTheSecondBatch_OneAnomalyWithTheNumbers()
    {
        var put = await fixture.Client("runaway-a", "traces:policy").PutAsJsonAsync("/anomaly-rules",
            new { toolLoopRepeats = 5, sessionTokenCap = 1000, sessionCostCap = (decimal?)null, errorBurstCount = 5, errorBurstWindowSeconds = 60 },
            TestContext.Current.CancellationToken);
        put.EnsureSuccessStatusCode();

        await fixture.ExportAsync("runaway-a", Generation(Id(16, 0x71), SpanId(1), "run-1", "gpt-4o", 500, 100));
        await fixture.WaitUntilEvaluatedAsync("runaway-a", "run-1");
        Assert.Empty(await fixture.AnomaliesAsync("runaway-a"));
        await fixture.ExportAsync("runaway-a", Generation(Id(16, 0x72), SpanId(2), "run-1", "gpt-4o", 300, 200));
        await fixture.WaitUntilEvaluatedAsync("runaway-a", "run-1");

        var anomaly = Assert.Single(await fixture.AnomaliesAsync("runaway-a"));
        Assert.Equal("runaway_session", anomaly.GetProperty("kind").GetString());
        // 800 input × 2.5 + 300 output × 10 = 5,000 per million → 0.005.
        Assert.Equal("session used 1100 tokens (cap 1000) costing 0.005 (cap none) over 2 traces and 2 spans", anomaly.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task RunawaySession_CostCap_AnomalyWhenTheSumPassesIt()
    {
        var put = await fixture.Client("runaway-b", "traces:policy").PutAsJsonAsync("/anomaly-rules",
            new { toolLoopRepeats = 5, sessionTokenCap = (long?)null, sessionCostCap = 0.01m, errorBurstCount = 5, errorBurstWindowSeconds = 60 },
            TestContext.Current.CancellationToken);
        put.EnsureSuccessStatusCode();

        // Two gpt-4o calls of 0.0055 each (see CostTests): 0.011 > 0.01.
        await fixture.ExportAsync("runaway-b",
            Generation(Id(16, 0x73), SpanId(1), "run-2", "gpt-4o", 1200, 300, cached: 400),
            Generation(Id(16, 0x73), SpanId(2), "run-2", "gpt-4o", 1200, 300, cached: 400));
        await fixture.WaitUntilEvaluatedAsync("runaway-b", "run-2");

        var anomaly = Assert.Single(await fixture.AnomaliesAsync("runaway-b"));
        Assert.Equal("session used 3000 tokens (cap none) costing 0.011 (cap 0.01) over 1 traces and 2 spans", anomaly.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ErrorBurst_FiveErrorsWithinAMinute_OneAnomaly()
    {
        await fixture.ExportAsync("burst-a", [.. Enumerable.Range(0, 5).Select(i =>
            Failed(Generation(Id(16, (byte)(0x80 + i)), SpanId(i), "burst-1", "gpt-4o", 10, 0, start: Start + (ulong)i * 10_000_000_000)))]);
        await fixture.WaitUntilEvaluatedAsync("burst-a", "burst-1");

        var anomaly = Assert.Single(await fixture.AnomaliesAsync("burst-a"));
        Assert.Equal("error_burst", anomaly.GetProperty("kind").GetString());
        Assert.Equal($"5 error spans within 60 s, the last in trace {Convert.ToHexStringLower(Id(16, 0x84))} (rule: 5)",
            anomaly.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ErrorBurst_FiveErrorsTwoMinutesApart_NoAnomaly()
    {
        await fixture.ExportAsync("burst-b", [.. Enumerable.Range(0, 5).Select(i =>
            Failed(Generation(Id(16, (byte)(0x90 + i)), SpanId(i), "burst-2", "gpt-4o", 10, 0, start: Start + (ulong)i * 120_000_000_000)))]);
        await fixture.WaitUntilEvaluatedAsync("burst-b", "burst-2");

        Assert.Empty(await fixture.AnomaliesAsync("burst-b"));
    }

    [Fact]
    public async Task AnomalyRules_TenantWithoutItsOwn_TheDefaults()
    {
        var rules = await fixture.Client("rules-a", "traces:read").GetFromJsonAsync<JsonElement>("/anomaly-rules", TestContext.Current.CancellationToken);

        Assert.Equal(5, rules.GetProperty("toolLoopRepeats").GetInt32());
        Assert.Equal(2_000_000, rules.GetProperty("sessionTokenCap").GetInt64());
        Assert.Equal(20m, rules.GetProperty("sessionCostCap").GetDecimal());
        Assert.Equal(5, rules.GetProperty("errorBurstCount").GetInt32());
        Assert.Equal(60, rules.GetProperty("errorBurstWindowSeconds").GetInt32());
        Assert.Equal(10, rules.GetProperty("baselineFactor").GetDouble());
        Assert.Equal(10, rules.GetProperty("baselineMinSessions").GetInt32());
        Assert.Equal(50, rules.GetProperty("baselineWindow").GetInt32());
        Assert.Equal(1, rules.GetProperty("guardrailFindings").GetInt32());
    }

    [Fact]
    public async Task AnomalyRules_ExporterKey_ForbiddenAndNothingStored()
    {
        var put = await fixture.Client("rules-c", "traces:write").PutAsJsonAsync("/anomaly-rules",
            new { toolLoopRepeats = 5, sessionTokenCap = (long?)null, sessionCostCap = (decimal?)null, errorBurstCount = 5, errorBurstWindowSeconds = 60 },
            TestContext.Current.CancellationToken);
        var rules = await fixture.Client("rules-c", "traces:read").GetFromJsonAsync<JsonElement>("/anomaly-rules", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(2_000_000, rules.GetProperty("sessionTokenCap").GetInt64());
    }

    [Theory]
    [InlineData("baselineFactor", 1.0, "BaselineFactor")]
    [InlineData("baselineMinSessions", 1.0, "BaselineMinSessions")]
    [InlineData("baselineWindow", 2000.0, "BaselineWindow")]
    [InlineData("guardrailFindings", 0.0, "GuardrailFindings")]
    [InlineData("baselineMinSessions", 60.0, "\"baselineMinSessions\":[\"at most baselineWindow (50)")]
    public async Task AnomalyRules_BadBaselineOrGuardrailRule_BadRequestNamingIt(string field, double value, string named)
    {
        var body = new Dictionary<string, object?>
        {
            ["toolLoopRepeats"] = 5, ["sessionTokenCap"] = null, ["sessionCostCap"] = null, ["errorBurstCount"] = 5,
            ["errorBurstWindowSeconds"] = 60, [field] = value,
        };
        var put = await fixture.Client("rules-d", "traces:policy").PutAsJsonAsync("/anomaly-rules", body, TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains(named, await put.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Baseline_SessionFiveTimesTheAgentsMedian_OneAnomalyWithTheNumbers()
    {
        var put = await fixture.Client("baseline-a", "traces:policy").PutAsJsonAsync("/anomaly-rules",
            new { toolLoopRepeats = 5, sessionTokenCap = (long?)null, sessionCostCap = (decimal?)null, errorBurstCount = 5,
                errorBurstWindowSeconds = 60, baselineFactor = 3.0, baselineMinSessions = 3 }, TestContext.Current.CancellationToken);
        put.EnsureSuccessStatusCode();

        // The planner's usual sessions: 200, 200 and 300 tokens (median 200); a fourth of 1,000 is 5 times it, over the 3.
        foreach (var (session, input, output, n) in new[] { ("usual-1", 100L, 100L, 1), ("usual-2", 150L, 50L, 2), ("usual-3", 200L, 100L, 3) })
        {
            await fixture.ExportAsync("baseline-a", Planned(Generation(Id(16, (byte)(0xa0 + n)), SpanId(n), session, "gpt-4o", input, output)));
            await fixture.WaitUntilEvaluatedAsync("baseline-a", session);
        }
        Assert.Empty(await fixture.AnomaliesAsync("baseline-a"));
        await fixture.ExportAsync("baseline-a", Planned(Generation(Id(16, 0xa9), SpanId(9), "heavy-1", "gpt-4o", 700, 300)));
        await fixture.WaitUntilEvaluatedAsync("baseline-a", "heavy-1");

        var anomaly = Assert.Single(await fixture.AnomaliesAsync("baseline-a"));
        Assert.Equal("heavy-1", anomaly.GetProperty("sessionId").GetString());
        Assert.Equal("baseline_deviation", anomaly.GetProperty("kind").GetString());
        Assert.Equal("session used 1000 tokens, 5 times the median 200 of agent 'planner' over its last 3 sessions (rule: 3 times, at least 3 sessions)",
            anomaly.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Baseline_TooFewSessionsOfTheAgent_NoAnomalyYet()
    {
        var put = await fixture.Client("baseline-b", "traces:policy").PutAsJsonAsync("/anomaly-rules",
            new { toolLoopRepeats = 5, sessionTokenCap = (long?)null, sessionCostCap = (decimal?)null, errorBurstCount = 5,
                errorBurstWindowSeconds = 60, baselineFactor = 3.0, baselineMinSessions = 3 }, TestContext.Current.CancellationToken);
        put.EnsureSuccessStatusCode();

        await fixture.ExportAsync("baseline-b", Planned(Generation(Id(16, 0xb1), SpanId(1), "usual-1", "gpt-4o", 100, 100)),
            Planned(Generation(Id(16, 0xb2), SpanId(2), "usual-2", "gpt-4o", 100, 100)));
        await fixture.WaitUntilEvaluatedAsync("baseline-b", "usual-2");
        await fixture.ExportAsync("baseline-b", Planned(Generation(Id(16, 0xb9), SpanId(9), "heavy-1", "gpt-4o", 5000, 5000)));
        await fixture.WaitUntilEvaluatedAsync("baseline-b", "heavy-1");

        Assert.Empty(await fixture.AnomaliesAsync("baseline-b"));
    }

    [Fact]
    public async Task Guardrail_FlaggedSpanInTheSession_OneAnomalyNamingSpanAndScanner()
    {
        var flagged = Generation(Id(16, 0xc2), SpanId(2), "guarded-1", "gpt-4o", 10, 10);
        flagged.Attributes.Add(Attribute("mlops.guardrail.action", "flag"));
        flagged.Attributes.Add(Attribute("mlops.guardrail.scanner", "pii"));
        var blocked = Generation(Id(16, 0xc3), SpanId(3), "guarded-1", "gpt-4o", 10, 0, start: Start + 5_000_000_000);
        blocked.Attributes.Add(Attribute("mlops.guardrail.action", "block"));

        // The defaults: one span with a finding is enough.
        await fixture.ExportAsync("guarded-a", Generation(Id(16, 0xc1), SpanId(1), "guarded-1", "gpt-4o", 10, 10), flagged, blocked);
        await fixture.WaitUntilEvaluatedAsync("guarded-a", "guarded-1");

        var anomaly = Assert.Single(await fixture.AnomaliesAsync("guarded-a"));
        Assert.Equal("guardrail_finding", anomaly.GetProperty("kind").GetString());
        Assert.Equal($"2 spans with a guardrail finding (rule: 1); the first, span {Convert.ToHexStringLower(SpanId(2))} in trace "
            + $"{Convert.ToHexStringLower(Id(16, 0xc2))}, flag by pii", anomaly.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Guardrail_BelowTheTenantsCount_NoAnomaly()
    {
        var put = await fixture.Client("guarded-b", "traces:policy").PutAsJsonAsync("/anomaly-rules",
            new { toolLoopRepeats = 5, sessionTokenCap = (long?)null, sessionCostCap = (decimal?)null, errorBurstCount = 5,
                errorBurstWindowSeconds = 60, guardrailFindings = 2 }, TestContext.Current.CancellationToken);
        put.EnsureSuccessStatusCode();
        var flagged = Generation(Id(16, 0xc4), SpanId(1), "guarded-2", "gpt-4o", 10, 10);
        flagged.Attributes.Add(Attribute("mlops.guardrail.action", "flag"));

        await fixture.ExportAsync("guarded-b", flagged);
        await fixture.WaitUntilEvaluatedAsync("guarded-b", "guarded-2");

        Assert.Empty(await fixture.AnomaliesAsync("guarded-b"));
    }

    private static Span Planned(Span span)
    {
        span.Attributes.Add(Attribute("gen_ai.agent.name", "planner"));
        return span;
    }

    [Fact]
    public async Task AnomalyRules_LoopOfOne_BadRequestAndNothingStored()
    {
        var put = await fixture.Client("rules-b", "traces:policy").PutAsJsonAsync("/anomaly-rules",
            new { toolLoopRepeats = 1, sessionTokenCap = 1000, sessionCostCap = 1m, errorBurstCount = 5, errorBurstWindowSeconds = 60 },
            TestContext.Current.CancellationToken);
        var rules = await fixture.Client("rules-b", "traces:read").GetFromJsonAsync<JsonElement>("/anomaly-rules", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal(5, rules.GetProperty("toolLoopRepeats").GetInt32());
    }

    [Fact]
    public async Task LatencyObjective_TwoCallsOverIt_OneAnomalyNamingTheSlowest()
    {
        var put = await fixture.Client("latency-a", "traces:policy").PutAsJsonAsync("/anomaly-rules",
            new { toolLoopRepeats = 5, sessionTokenCap = (long?)null, sessionCostCap = (decimal?)null, errorBurstCount = 5,
                errorBurstWindowSeconds = 60, latencyObjectiveMs = 800 }, TestContext.Current.CancellationToken);
        put.EnsureSuccessStatusCode();
        var slowest = Generation(Id(16, 0xe2), SpanId(2), "slow-1", "claude-sonnet", 10, 10, start: Start + 5_000_000_000);
        slowest.EndTimeUnixNano = slowest.StartTimeUnixNano + 2_500_000_000;
        var fast = Generation(Id(16, 0xe3), SpanId(3), "slow-1", "gpt-4o", 10, 10, start: Start + 9_000_000_000);
        fast.EndTimeUnixNano = fast.StartTimeUnixNano + 300_000_000;

        // Generations last 1 s unless changed: over the 800 ms objective.
        await fixture.ExportAsync("latency-a", Generation(Id(16, 0xe1), SpanId(1), "slow-1", "gpt-4o", 10, 10), slowest, fast);
        await fixture.WaitUntilEvaluatedAsync("latency-a", "slow-1");

        var anomaly = Assert.Single(await fixture.AnomaliesAsync("latency-a"));
        Assert.Equal("latency_objective_missed", anomaly.GetProperty("kind").GetString());
        Assert.Equal($"2 model calls slower than 800 ms; the slowest, 'chat claude-sonnet' in trace {Convert.ToHexStringLower(Id(16, 0xe2))}, took 2500 ms",
            anomaly.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task LatencyObjective_NoneSet_NoAnomalyForASlowCall()
    {
        var slow = Generation(Id(16, 0xe4), SpanId(1), "slow-2", "gpt-4o", 10, 10);
        slow.EndTimeUnixNano = slow.StartTimeUnixNano + 60_000_000_000;

        await fixture.ExportAsync("latency-b", slow);
        await fixture.WaitUntilEvaluatedAsync("latency-b", "slow-2");

        Assert.Empty(await fixture.AnomaliesAsync("latency-b"));
    }
}
