using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static MlOps.AgentOpsTracer.Tests.AgentSpans;
using static MlOps.AgentOpsTracer.Tests.Otlp;

namespace MlOps.AgentOpsTracer.Tests;

public sealed class ReplayTests(TracerFixture fixture) : IClassFixture<TracerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SessionReplay_AgentChatToolChat_StepsInOrderWithDepthTimingTokensCostAndMessages()
    {
        await fixture.ExportAsync("replay-a", AgentConversation.Spans());

        var replay = await fixture.Client("replay-a", "traces:read").GetFromJsonAsync<JsonElement>("/sessions/conv-1/replay", Cancel);

        Assert.Equal("session", replay.GetProperty("kind").GetString());
        Assert.Equal(4, replay.GetProperty("stepCount").GetInt32());
        Assert.False(replay.GetProperty("truncated").GetBoolean());
        Assert.Equal(2200, replay.GetProperty("inputTokens").GetInt64());
        Assert.Equal(500, replay.GetProperty("outputTokens").GetInt64());
        // 0.0055 (gpt-4o with 400 cached) + 0.006 (claude-sonnet), as in CostTests.
        Assert.Equal(0.0115m, replay.GetProperty("totalCost").GetDecimal());
        Assert.Equal(3000, replay.GetProperty("durationMs").GetDouble());
        var steps = replay.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["agent", "generation", "tool", "generation"], steps.Select(s => s.GetProperty("type").GetString()));
        Assert.Equal([0, 1, 2, 1], steps.Select(s => s.GetProperty("depth").GetInt32()));
        Assert.Equal([0.0, 100, 1200, 1500], steps.Select(s => s.GetProperty("offsetMs").GetDouble()));
        Assert.Equal([3000.0, 1000, 100, 1000], steps.Select(s => s.GetProperty("durationMs").GetDouble()));
        Assert.Equal("planner", steps[0].GetProperty("agentName").GetString());
        Assert.Equal(0.0055m, steps[1].GetProperty("cost").GetDecimal());
        Assert.Equal(AgentConversation.Question, steps[1].GetProperty("input").GetString());
        Assert.Equal("Let me look that up.", steps[1].GetProperty("output").GetString());
        Assert.Equal("weather", steps[2].GetProperty("toolName").GetString());
        Assert.Equal("""{"city":"Paris"}""", steps[2].GetProperty("input").GetString());
        Assert.Equal("""{"temperature":18}""", steps[2].GetProperty("output").GetString());
        Assert.Equal(JsonValueKind.Null, steps[2].GetProperty("cost").ValueKind);
        Assert.Equal("And tomorrow?", steps[3].GetProperty("input").GetString());
        Assert.Equal("Sunny, 21 degrees.", steps[3].GetProperty("output").GetString());
        Assert.Equal([1, 2, 3, 4], steps.Select(s => s.GetProperty("index").GetInt32()));
    }

    [Fact]
    public async Task TraceReplay_SampleRetryTrace_OneFailedStep()
    {
        await SampleSessions.ExportAsync(fixture, "replay-b");

        var replay = await fixture.Client("replay-b", "traces:read").GetFromJsonAsync<JsonElement>(
            $"/traces/{Convert.ToHexStringLower(SampleSessions.RetryTrace)}/replay", Cancel);

        Assert.Equal("trace", replay.GetProperty("kind").GetString());
        var step = Assert.Single(replay.GetProperty("steps").EnumerateArray());
        Assert.Equal("error", step.GetProperty("status").GetString());
        Assert.Equal("failed", step.GetProperty("statusMessage").GetString());
        Assert.Equal(1, replay.GetProperty("errorCount").GetInt64());
    }

    [Fact]
    public async Task SessionReplay_MoreStepsThanTheLimit_FirstStepsAndTruncated()
    {
        var trace = Id(16, 0xc2);
        await fixture.ExportAsync("replay-c", [.. Enumerable.Range(0, TracerFixture.MaxReplaySteps + 5).Select(i =>
            Tool(trace, SpanId(i), "long-1", "step", $"{{\"i\":{i}}}", Start + (ulong)i * 1_000_000))]);

        var replay = await fixture.Client("replay-c", "traces:read").GetFromJsonAsync<JsonElement>("/sessions/long-1/replay", Cancel);

        Assert.True(replay.GetProperty("truncated").GetBoolean());
        Assert.Equal(TracerFixture.MaxReplaySteps, replay.GetProperty("stepCount").GetInt32());
        Assert.Equal($"{{\"i\":{TracerFixture.MaxReplaySteps - 1}}}", replay.GetProperty("steps")[TracerFixture.MaxReplaySteps - 1].GetProperty("input").GetString());
    }

    [Theory]
    [InlineData("/sessions/nobody/replay", HttpStatusCode.NotFound, "No session 'nobody' exists for this tenant.")]
    [InlineData("/sessions/nobody/replay/page", HttpStatusCode.NotFound, "No session 'nobody' exists for this tenant.")]
    [InlineData("/traces/0123/replay", HttpStatusCode.BadRequest, "A trace id is 32 hexadecimal characters, as OTLP/JSON and W3C traceparent write it.")]
    [InlineData("/traces/000000000000000000000000000000ff/replay/page", HttpStatusCode.NotFound,
        "No trace '000000000000000000000000000000ff' exists for this tenant.")]
    public async Task Replay_UnknownOrMalformed_ProblemDetails(string path, HttpStatusCode status, string detail)
    {
        var response = await fixture.Client("replay-d", "traces:read").GetAsync(path, Cancel);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(detail, (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ReplayPage_OtherTenantsSession_NotFound()
    {
        await fixture.ExportAsync("replay-e", AgentConversation.Spans());

        var response = await fixture.Client("replay-stranger", "traces:read").GetAsync("/sessions/conv-1/replay/page", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ReplayPage_Session_HtmlWithAPolicyThatAllowsNoScript()
    {
        await fixture.ExportAsync("replay-f", AgentConversation.Spans());

        var response = await fixture.Client("replay-f", "traces:read").GetAsync("/sessions/conv-1/replay/page", Cancel);
        var html = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("default-src 'none'; style-src 'nonce-", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }
}
