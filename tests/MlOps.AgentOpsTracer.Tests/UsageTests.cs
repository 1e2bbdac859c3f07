using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static MlOps.AgentOpsTracer.Tests.AgentSpans;
using static MlOps.AgentOpsTracer.Tests.Otlp;

namespace MlOps.AgentOpsTracer.Tests;

/// <summary>
/// Agents and usage over the agent conversation (planner), the sample sessions (no agent) and one helper call the next day.
/// </summary>
public sealed class UsageTests(TracerFixture fixture) : IClassFixture<TracerFixture>
{
    private const string TwoDays = "from=2023-11-14T00:00:00Z&to=2023-11-16T00:00:00Z";
    private const ulong OneDay = 86_400_000_000_000;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<HttpClient> SeedAsync(string tenant)
    {
        await fixture.ExportAsync(tenant, AgentConversation.Spans());
        await SampleSessions.ExportAsync(fixture, tenant);
        var helper = Generation(Id(16, 0xd1), SpanId(1), "help-1", "gpt-4o", 1000, 0, start: Start + OneDay);
        helper.Attributes.Add(Attribute("gen_ai.agent.name", "helper"));
        await fixture.ExportAsync(tenant, helper);
        return fixture.Client(tenant, "traces:read");
    }

    [Fact]
    public async Task Agents_PlannerAndHelper_CallsToolsErrorsTokensAndCostByHand()
    {
        var client = await SeedAsync("usage-a");

        var agents = (await client.GetFromJsonAsync<JsonElement>($"/agents?{TwoDays}", Cancel)).GetProperty("agents").EnumerateArray().ToList();

        Assert.Equal(["helper", "planner"], agents.Select(a => a.GetProperty("name").GetString()));
        var planner = agents[1];
        Assert.Equal(1, planner.GetProperty("traces").GetInt64());
        Assert.Equal(1, planner.GetProperty("sessions").GetInt64());
        // The invoke_agent span names the planner; its two chats and the tool name none but sit in its trace.
        Assert.Equal(4, planner.GetProperty("spans").GetInt64());
        Assert.Equal(2, planner.GetProperty("generations").GetInt64());
        Assert.Equal(1, planner.GetProperty("toolCalls").GetInt64());
        Assert.Equal(["weather"], planner.GetProperty("tools").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(0, planner.GetProperty("errorRate").GetDouble());
        Assert.Equal(2200, planner.GetProperty("inputTokens").GetInt64());
        Assert.Equal(500, planner.GetProperty("outputTokens").GetInt64());
        Assert.Equal(0.0115m, planner.GetProperty("totalCost").GetDecimal());
        // 1,000 input tokens × 2.5 per million.
        Assert.Equal(0.0025m, agents[0].GetProperty("totalCost").GetDecimal());
    }

    [Fact]
    public async Task Usage_TwoDays_OneRowPerDayAgentAndModel()
    {
        var client = await SeedAsync("usage-b");

        var rows = (await client.GetFromJsonAsync<JsonElement>($"/usage?{TwoDays}", Cancel)).GetProperty("rows").EnumerateArray().ToList();

        Assert.Equal(
            [
                "2023-11-14 planner claude-sonnet 1 1000/200/0 0.006",
                "2023-11-14 planner gpt-4o 1 1200/300/400 0.0055",
                "2023-11-14 - claude-sonnet 1 1000/200/0 0.006",
                "2023-11-14 - gpt-4o 1 1200/300/400 0.0055",
                "2023-11-14 - mystery-1 1 10/10/0 unpriced",
                "2023-11-15 helper gpt-4o 1 1000/0/0 0.0025",
            ],
            rows.Select(Line));
    }

    [Fact]
    public async Task Usage_OneAgent_OnlyItsRows()
    {
        var client = await SeedAsync("usage-c");

        var rows = (await client.GetFromJsonAsync<JsonElement>($"/usage?{TwoDays}&agent=planner&model=gpt-4o", Cancel)).GetProperty("rows").EnumerateArray();

        Assert.Equal(["2023-11-14 planner gpt-4o 1 1200/300/400 0.0055"], rows.Select(Line));
    }

    [Fact]
    public async Task Agents_LimitOfOne_FirstAgentAndTruncated()
    {
        var client = await SeedAsync("usage-e");

        var agents = await client.GetFromJsonAsync<JsonElement>($"/agents?{TwoDays}&limit=1", Cancel);
        var all = await client.GetFromJsonAsync<JsonElement>($"/agents?{TwoDays}&limit=2", Cancel);

        Assert.Equal(["helper"], agents.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.True(agents.GetProperty("truncated").GetBoolean());
        Assert.Equal(1, agents.GetProperty("limit").GetInt32());
        Assert.Equal(2, all.GetProperty("agents").GetArrayLength());
        Assert.False(all.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task Usage_LimitBelowTheRows_FirstRowsAndTruncated()
    {
        var client = await SeedAsync("usage-f");

        var usage = await client.GetFromJsonAsync<JsonElement>($"/usage?{TwoDays}&limit=2", Cancel);
        var untruncated = await client.GetFromJsonAsync<JsonElement>($"/usage?{TwoDays}", Cancel);

        Assert.Equal(["2023-11-14 planner claude-sonnet 1 1000/200/0 0.006", "2023-11-14 planner gpt-4o 1 1200/300/400 0.0055"],
            usage.GetProperty("rows").EnumerateArray().Select(Line));
        Assert.True(usage.GetProperty("truncated").GetBoolean());
        Assert.Equal(2, usage.GetProperty("limit").GetInt32());
        Assert.False(untruncated.GetProperty("truncated").GetBoolean());
        Assert.Equal(10_000, untruncated.GetProperty("limit").GetInt32());
    }

    [Theory]
    [InlineData("/agents?limit=0", "limit must be between 1 and 1000.")]
    [InlineData("/usage?limit=10001", "limit must be between 1 and 10000.")]
    public async Task Limit_OutOfRange_BadRequestNamingIt(string path, string detail)
    {
        var response = await fixture.Client("usage-g", "traces:read").GetAsync(path, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(detail, (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Usage_RangeTooWide_BadRequest()
    {
        var response = await fixture.Client("usage-d", "traces:read").GetAsync("/usage?from=2023-01-01T00:00:00Z&to=2023-11-14T00:00:00Z", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("from and to may be at most 31 days apart; narrow the range.",
            (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());
    }

    // Dividing by 1.000… drops the numeric column's trailing zeros, so 0.005500000000 reads 0.0055.
    private static string Line(JsonElement row) =>
        $"{row.GetProperty("day").GetString()} {row.GetProperty("agent").GetString() ?? "-"} {row.GetProperty("model").GetString()} "
        + $"{row.GetProperty("calls").GetInt64()} {row.GetProperty("inputTokens").GetInt64()}/{row.GetProperty("outputTokens").GetInt64()}/"
        + $"{row.GetProperty("cachedInputTokens").GetInt64()} "
        + (row.GetProperty("totalCost").ValueKind == JsonValueKind.Null ? "unpriced" : (row.GetProperty("totalCost").GetDecimal() / 1.000000000000000000000000m).ToString(System.Globalization.CultureInfo.InvariantCulture));
}
