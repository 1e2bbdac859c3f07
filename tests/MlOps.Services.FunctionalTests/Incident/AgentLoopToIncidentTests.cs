using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlOps.Services.FunctionalTests.Infrastructure;
using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Incident;

/// <summary>A looping agent's spans into the tracer, its anomaly over the real broker, and incident opening an incident for it.</summary>
[Collection(ServicesCollection.Name)]
public sealed class AgentLoopToIncidentTests(ServicesFixture services)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LoopingAgent_SameToolCallSixTimes_TracerRaisesToolLoop_IncidentOpensForTheSession()
    {
        var tenant = HttpExtensions.NewTenant();
        var session = "s-" + Guid.NewGuid().ToString("N")[..8];
        using var tracer = services["agentops-tracer"].CreateClient().ForTenant(tenant);
        using var incident = services["incident"].CreateClient().ForTenant(tenant);

        var export = await tracer.PostAsync("/v1/traces", new StringContent(LoopingTrace(session, calls: 6), Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var items = await Eventually.WaitAsync(async () => (await incident.GetFromJsonAsync<JsonElement>("/incidents", Cancel)).GetProperty("items"),
            i => i.GetArrayLength() == 1, "incident to open the agent's incident", TimeSpan.FromSeconds(60));
        Assert.Equal($"Agent anomaly tool_loop in session {session}", items[0].GetProperty("title").GetString());
        Assert.Equal($"agent:tool_loop:{session}", items[0].GetProperty("dedupKey").GetString());
        Assert.Contains("'search_flights' called 6 times with the same arguments", items[0].GetProperty("description").GetString());
    }

    /// <summary>OTLP/JSON: one trace of an agent calling the same tool with the same arguments <paramref name="calls"/> times.</summary>
    private static string LoopingTrace(string session, int calls)
    {
        var trace = Guid.NewGuid().ToString("N");
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var spans = Enumerable.Range(1, calls).Select(i => new
        {
            traceId = trace, spanId = i.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), name = "execute_tool search_flights", kind = 1,
            startTimeUnixNano = (start + i * 1_000_000L).ToString(System.Globalization.CultureInfo.InvariantCulture),
            endTimeUnixNano = (start + i * 1_000_000L + 500_000L).ToString(System.Globalization.CultureInfo.InvariantCulture),
            attributes = new object[]
            {
                new { key = "gen_ai.operation.name", value = new { stringValue = "execute_tool" } },
                new { key = "gen_ai.tool.name", value = new { stringValue = "search_flights" } },
                new { key = "gen_ai.tool.call.arguments", value = new { stringValue = "{\"from\":\"CDG\",\"to\":\"JFK\"}" } },
                new { key = "gen_ai.conversation.id", value = new { stringValue = session } },
            },
        });
        return JsonSerializer.Serialize(new
        {
            resourceSpans = new[]
            {
                new
                {
                    resource = new { attributes = new[] { new { key = "service.name", value = new { stringValue = "travel-agent" } } } },
                    scopeSpans = new[] { new { spans } },
                },
            },
        });
    }
}
