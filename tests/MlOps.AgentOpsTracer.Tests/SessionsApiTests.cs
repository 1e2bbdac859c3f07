using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static MlOps.AgentOpsTracer.Tests.Otlp;

namespace MlOps.AgentOpsTracer.Tests;

public sealed class SessionsApiTests(TracerFixture fixture) : IClassFixture<TracerFixture>
{
    [Fact]
    public async Task GetSession_TwoTraces_TotalsWorkedOutByHand()
    {
        await SampleSessions.ExportAsync(fixture, "sessions-a");

        var session = await fixture.Client("sessions-a", "traces:read").GetFromJsonAsync<JsonElement>("/sessions/s-1", TestContext.Current.CancellationToken);

        Assert.Equal("s-1", session.GetProperty("id").GetString());
        Assert.Equal(2, session.GetProperty("traceCount").GetInt64());
        Assert.Equal(3, session.GetProperty("spanCount").GetInt64());
        Assert.Equal(2200, session.GetProperty("inputTokens").GetInt64());
        Assert.Equal(500, session.GetProperty("outputTokens").GetInt64());
        // 0.0055 (gpt-4o, 400 of 1,200 input tokens cached) + 0.006 (claude-sonnet) = 0.0115.
        Assert.Equal(0.0115m, session.GetProperty("totalCost").GetDecimal());
        Assert.True(session.GetProperty("priced").GetBoolean());
        Assert.Equal(1, session.GetProperty("errorCount").GetInt64());
        Assert.Equal(StartTime, session.GetProperty("firstSeen").GetDateTime());
        Assert.Equal(StartTime.AddSeconds(6), session.GetProperty("lastSeen").GetDateTime());
    }

    [Fact]
    public async Task GetSession_UnpricedModel_CostNullAndFlagged()
    {
        await SampleSessions.ExportAsync(fixture, "sessions-b");

        var session = await fixture.Client("sessions-b", "traces:read").GetFromJsonAsync<JsonElement>("/sessions/s-2", TestContext.Current.CancellationToken);

        Assert.Equal(JsonValueKind.Null, session.GetProperty("totalCost").ValueKind);
        Assert.False(session.GetProperty("priced").GetBoolean());
        Assert.Equal(1, session.GetProperty("unpricedSpanCount").GetInt64());
        Assert.Equal(20, session.GetProperty("inputTokens").GetInt64() + session.GetProperty("outputTokens").GetInt64());
    }

    [Fact]
    public async Task ListSessions_LimitOne_MostRecentFirstThenTheCursor()
    {
        await SampleSessions.ExportAsync(fixture, "sessions-c");
        var client = fixture.Client("sessions-c", "traces:read");

        var first = await client.GetFromJsonAsync<JsonElement>("/sessions?limit=1", TestContext.Current.CancellationToken);
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await client.GetFromJsonAsync<JsonElement>($"/sessions?limit=1&cursor={Uri.EscapeDataString(cursor!)}",
            TestContext.Current.CancellationToken);

        Assert.Equal("s-2", Assert.Single(first.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("s-1", Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Sessions_AnotherTenants_NotFoundAndNotListed()
    {
        await SampleSessions.ExportAsync(fixture, "sessions-owner");
        var stranger = fixture.Client("sessions-stranger", "traces:read");

        var response = await stranger.GetAsync("/sessions/s-1", TestContext.Current.CancellationToken);
        var list = await stranger.GetFromJsonAsync<JsonElement>("/sessions", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("Session not found", problem.GetProperty("title").GetString());
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task GetSession_AbsurdTokenCounts_NotCountedSoSumsNeverOverflow()
    {
        await fixture.ExportAsync("sessions-huge",
            AgentSpans.Generation(Id(16, 0x21), AgentSpans.SpanId(1), "huge", "gpt-4o", long.MaxValue, 10),
            AgentSpans.Generation(Id(16, 0x21), AgentSpans.SpanId(2), "huge", "gpt-4o", long.MaxValue, 10));

        var session = await fixture.Client("sessions-huge", "traces:read").GetFromJsonAsync<JsonElement>("/sessions/huge",
            TestContext.Current.CancellationToken);

        Assert.Equal(0, session.GetProperty("inputTokens").GetInt64());
        Assert.Equal(20, session.GetProperty("outputTokens").GetInt64());
        // 20 output tokens × 10 per million = 0.0002.
        Assert.Equal(0.0002m, session.GetProperty("totalCost").GetDecimal());
    }
}
