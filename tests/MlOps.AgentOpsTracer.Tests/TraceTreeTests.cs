using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static MlOps.AgentOpsTracer.Tests.AgentSpans;
using static MlOps.AgentOpsTracer.Tests.Otlp;

namespace MlOps.AgentOpsTracer.Tests;

public sealed class TraceTreeTests(TracerFixture fixture) : IClassFixture<TracerFixture>
{
    [Fact]
    public async Task GetTrace_GenerationWithToolUnderIt_TreeWithTimingTokensAndCost()
    {
        await SampleSessions.ExportAsync(fixture, "tree-a");

        var trace = await fixture.Client("tree-a", "traces:read").GetFromJsonAsync<JsonElement>(
            $"/traces/{Convert.ToHexStringLower(SampleSessions.PlanTrace)}", TestContext.Current.CancellationToken);

        Assert.Equal(Convert.ToHexStringLower(SampleSessions.PlanTrace), trace.GetProperty("traceId").GetString());
        Assert.Equal(2, trace.GetProperty("spanCount").GetInt64());
        Assert.Equal(0.0055m, trace.GetProperty("totalCost").GetDecimal());
        var root = Assert.Single(trace.GetProperty("roots").EnumerateArray());
        Assert.Equal(Convert.ToHexStringLower(SpanId(1)), root.GetProperty("spanId").GetString());
        Assert.Equal("generation", root.GetProperty("observationType").GetString());
        Assert.Equal("gpt-4o", root.GetProperty("model").GetString());
        Assert.Equal(1200, root.GetProperty("inputTokens").GetInt64());
        Assert.Equal(400, root.GetProperty("cachedInputTokens").GetInt64());
        Assert.Equal(300, root.GetProperty("outputTokens").GetInt64());
        Assert.Equal(0.0055m, root.GetProperty("cost").GetDecimal());
        Assert.Equal(1_000_000_000, root.GetProperty("durationNs").GetInt64());
        Assert.Equal(StartTime, root.GetProperty("startTime").GetDateTime());
        var tool = Assert.Single(root.GetProperty("children").EnumerateArray());
        Assert.Equal(Convert.ToHexStringLower(SpanId(1)), tool.GetProperty("parentSpanId").GetString());
        Assert.Equal("search", tool.GetProperty("toolName").GetString());
        Assert.Equal(JsonValueKind.Null, tool.GetProperty("cost").ValueKind);
        Assert.True(tool.GetProperty("priced").GetBoolean());
        Assert.Equal(StartTime.AddSeconds(0.2), tool.GetProperty("startTime").GetDateTime());
        Assert.Empty(tool.GetProperty("children").EnumerateArray());
    }

    [Fact]
    public async Task GetTrace_UnpricedModel_SpanCostNullAndFlagged()
    {
        await SampleSessions.ExportAsync(fixture, "tree-b");

        var trace = await fixture.Client("tree-b", "traces:read").GetFromJsonAsync<JsonElement>(
            $"/traces/{Convert.ToHexStringLower(SampleSessions.MysteryTrace)}", TestContext.Current.CancellationToken);

        var root = Assert.Single(trace.GetProperty("roots").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("cost").ValueKind);
        Assert.False(root.GetProperty("priced").GetBoolean());
        Assert.False(trace.GetProperty("priced").GetBoolean());
        Assert.Equal(JsonValueKind.Null, trace.GetProperty("totalCost").ValueKind);
    }

    [Fact]
    public async Task GetTrace_AnotherTenants_NotFound()
    {
        await SampleSessions.ExportAsync(fixture, "tree-owner");

        var response = await fixture.Client("tree-stranger", "traces:read").GetAsync(
            $"/traces/{Convert.ToHexStringLower(SampleSessions.PlanTrace)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("Trace not found", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task GetTrace_NotHex_BadRequest()
    {
        var response = await fixture.Client("tree-c", "traces:read").GetAsync("/traces/not-a-trace-id", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
