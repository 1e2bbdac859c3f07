using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static MlOps.AgentOpsTracer.Tests.AgentSpans;
using static MlOps.AgentOpsTracer.Tests.Otlp;
using static MlOps.AgentOpsTracer.Tests.SampleSessions;

namespace MlOps.AgentOpsTracer.Tests;

/// <summary>GET /traces over the sample sessions (plan at Start, retry at +5 s, mystery at +10 s) and one slow trace at +20 s.</summary>
public sealed class TraceSearchTests(TracerFixture fixture) : IClassFixture<TracerFixture>
{
    private static readonly byte[] SlowTrace = Id(16, 0xa1);
    private const string Range = "from=2023-11-14T22:00:00Z&to=2023-11-14T23:00:00Z";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<HttpClient> SeedAsync(string tenant)
    {
        await ExportAsync(fixture, tenant);
        var slow = Span("plan-long", SlowTrace, SpanId(9), Start + 20_000_000_000, Start + 23_500_000_000,
            Attribute("gen_ai.agent.name", "planner"), Attribute("deployment.environment", "prod"), Attribute("retries", 3));
        await fixture.ExportAsync(tenant, slow);
        return fixture.Client(tenant, "traces:read");
    }

    private static async Task<string[]> TraceIdsAsync(HttpClient client, string filter)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/traces?{Range}&{filter}", Cancel);
        return [.. page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("traceId").GetString()!)];
    }

    private static string Hex(byte[] id) => Convert.ToHexStringLower(id);

    [Fact]
    public async Task Search_EachFilter_TheTracesItMatchesNewestFirst()
    {
        var client = await SeedAsync("search-a");

        Assert.Equal([Hex(SlowTrace), Hex(MysteryTrace), Hex(RetryTrace), Hex(PlanTrace)], await TraceIdsAsync(client, "service=agent-svc"));
        Assert.Equal([Hex(RetryTrace), Hex(PlanTrace)], await TraceIdsAsync(client, "session=s-1"));
        Assert.Equal([Hex(RetryTrace)], await TraceIdsAsync(client, "model=claude-sonnet"));
        Assert.Equal([Hex(RetryTrace)], await TraceIdsAsync(client, "status=error"));
        Assert.Equal([Hex(SlowTrace), Hex(MysteryTrace), Hex(PlanTrace)], await TraceIdsAsync(client, "status=ok"));
        // Plan costs 0.0055, retry 0.006; mystery has no price, so no cost to compare.
        Assert.Equal([Hex(RetryTrace)], await TraceIdsAsync(client, "minCost=0.006"));
        Assert.Equal([Hex(SlowTrace)], await TraceIdsAsync(client, "minDurationMs=3500"));
        Assert.Equal([Hex(SlowTrace)], await TraceIdsAsync(client, "agent=planner"));
        Assert.Equal([Hex(PlanTrace)], await TraceIdsAsync(client, "attribute=gen_ai.tool.name=search"));
        Assert.Equal([Hex(SlowTrace)], await TraceIdsAsync(client, "attribute=deployment.environment=prod&attribute=retries=3"));
        Assert.Empty(await TraceIdsAsync(client, "attribute=deployment.environment=prod&attribute=retries=4"));
        Assert.Equal([Hex(RetryTrace)], await TraceIdsAsync(client, "session=s-1&status=error"));
        Assert.Empty(await TraceIdsAsync(client, "model=gpt-4o&status=error"));
    }

    [Fact]
    public async Task Search_FromAfterPlanStarted_PlanLeftOut()
    {
        var client = await SeedAsync("search-b");

        var page = await client.GetFromJsonAsync<JsonElement>("/traces?from=2023-11-14T22:13:24Z&to=2023-11-14T22:13:31Z", Cancel);

        Assert.Equal([Hex(MysteryTrace), Hex(RetryTrace)], page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task Search_PlanTrace_SummaryWorkedOutByHand()
    {
        var client = await SeedAsync("search-c");

        var page = await client.GetFromJsonAsync<JsonElement>($"/traces?{Range}&attribute=gen_ai.tool.name=search", Cancel);

        var plan = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("chat gpt-4o", plan.GetProperty("name").GetString());
        Assert.Equal("agent-svc", plan.GetProperty("serviceName").GetString());
        Assert.Equal(StartTime, plan.GetProperty("startTime").GetDateTime());
        Assert.Equal(1000, plan.GetProperty("durationMs").GetDouble());
        Assert.Equal(2, plan.GetProperty("spanCount").GetInt64());
        Assert.Equal(1200, plan.GetProperty("inputTokens").GetInt64());
        Assert.Equal(300, plan.GetProperty("outputTokens").GetInt64());
        Assert.Equal(0.0055m, plan.GetProperty("totalCost").GetDecimal());
        Assert.Equal(0, plan.GetProperty("errorCount").GetInt64());
        Assert.Equal(["s-1"], plan.GetProperty("sessions").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["gpt-4o"], plan.GetProperty("models").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Search_LimitOne_PagesThroughEveryTraceOnce()
    {
        var client = await SeedAsync("search-d");
        var seen = new List<string>();
        string? cursor = null;

        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>(
                $"/traces?{Range}&limit=1{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}", Cancel);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("traceId").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && seen.Count < 10);

        Assert.Equal([Hex(SlowTrace), Hex(MysteryTrace), Hex(RetryTrace), Hex(PlanTrace)], seen);
    }

    [Fact]
    public async Task Search_NoRangeGiven_TheLastDayOnly_AndAnotherTenantSeesNothing()
    {
        var client = await SeedAsync("search-e");

        var recent = await client.GetFromJsonAsync<JsonElement>("/traces", Cancel);
        var stranger = await fixture.Client("search-stranger", "traces:read").GetFromJsonAsync<JsonElement>($"/traces?{Range}", Cancel);

        Assert.Empty(recent.GetProperty("items").EnumerateArray());
        Assert.Empty(stranger.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("from=2023-11-15T00:00:00Z&to=2023-11-14T00:00:00Z", "from must be before to.")]
    [InlineData("from=2023-01-01T00:00:00Z&to=2023-11-14T00:00:00Z", "from and to may be at most 31 days apart; narrow the range.")]
    [InlineData("from=yesterday", "from must be an ISO 8601 time such as 2026-01-31T12:00:00Z.")]
    [InlineData("status=failed", "status must be ok (no error span) or error (at least one).")]
    [InlineData("minCost=-1", "minCost must be a number of at least 0.")]
    [InlineData("minDurationMs=fast", "minDurationMs must be a number of milliseconds of at least 0.")]
    [InlineData("limit=501", "limit must be between 1 and 500.")]
    [InlineData("attribute=novalue", "attribute must be key=value, such as attribute=deployment.environment=prod.")]
    [InlineData("attribute=a=1&attribute=b=1&attribute=c=1&attribute=d=1&attribute=e=1&attribute=f=1", "at most 5 attribute filters are allowed.")]
    [InlineData("cursor=12:zz", "cursor: not one this API gave; pass the nextCursor of a previous page.")]
    public async Task Search_BadFilter_BadRequestSayingWhich(string query, string detail)
    {
        var response = await fixture.Client("search-f", "traces:read").GetAsync($"/traces?{query}", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(detail, (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());
    }
}
