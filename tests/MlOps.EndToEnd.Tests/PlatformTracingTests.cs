using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.TestSupport;

namespace MlOps.EndToEnd.Tests;

/// <summary>
/// agentops-tracer in the whole platform: an LLM call through the gateway shows up in its session with tokens and cost (the
/// platform traces itself), and a looping agent's OTLP spans sent through the gateway become an incident.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PlatformTracingTests(PlatformFixture platform)
{
    // dev-chat's price in the tracer's shipped configuration (services/agentops-tracer/appsettings.json), per million tokens.
    private const decimal DevChatInput = 0.15m;
    private const decimal DevChatOutput = 0.6m;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChatCompletion_ThroughTheGateway_ShowsUpInItsSessionWithTokensAndCost()
    {
        const string Tenant = "e2e-selftrace";
        using var admin = platform.Gateway(platform.AdminKey);
        var created = await admin.PostAsJsonAsync("/admin/llm-keys", new { tenantId = Tenant, name = "e2e-traced-bot", models = new[] { "dev-chat" } }, Cancel);
        created.EnsureSuccessStatusCode();
        using var bot = platform.Gateway((await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("secret").GetString());
        using var reader = platform.Gateway(await CreateKeyAsync(admin, Tenant, "traces:read"));
        var session = "e2e-session-" + Guid.NewGuid().ToString("N");

        var response = await Eventually.WaitAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = JsonContent.Create(new { model = "dev-chat", messages = new[] { new { role = "user", content = $"Summarise session {session} in a line." } } }),
            };
            request.Headers.Add("x-session-id", session);
            return await bot.SendAsync(request, Cancel);
        }, r => r.StatusCode == HttpStatusCode.OK, "guardrail-gateway and the development provider to answer", TimeSpan.FromSeconds(60));
        var usage = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("usage");
        var (prompt, completion) = (usage.GetProperty("prompt_tokens").GetInt64(), usage.GetProperty("completion_tokens").GetInt64());

        // guardrail-gateway exports in batches (MlOps:TraceExport:ScheduledDelay, 2 s).
        var found = await Eventually.WaitAsync(() => reader.GetAsync($"/api/agentops-tracer/sessions/{session}", Cancel),
            r => r.StatusCode == HttpStatusCode.OK, "the call's GenAI span to reach the tracer", TimeSpan.FromSeconds(60));
        var totals = await found.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(1, totals.GetProperty("spanCount").GetInt64());
        Assert.Equal(prompt, totals.GetProperty("inputTokens").GetInt64());
        Assert.Equal(completion, totals.GetProperty("outputTokens").GetInt64());
        Assert.Equal((prompt * DevChatInput + completion * DevChatOutput) / 1_000_000m, totals.GetProperty("totalCost").GetDecimal());
    }

    [Fact]
    public async Task CachedAnswer_ThroughTheGateway_ShowsUpInItsSessionAtNoCost()
    {
        const string Tenant = "e2e-selftrace-cache";
        using var admin = platform.Gateway(platform.AdminKey);
        var created = await admin.PostAsJsonAsync("/admin/llm-keys", new { tenantId = Tenant, name = "e2e-cached-bot", models = new[] { "dev-chat" } }, Cancel);
        created.EnsureSuccessStatusCode();
        using var bot = platform.Gateway((await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("secret").GetString());
        using var reader = platform.Gateway(await CreateKeyAsync(admin, Tenant, "traces:read"));
        var user = "e2e-user-" + Guid.NewGuid().ToString("N");
        // temperature 0: a deterministic request, which the key's exact cache (its default) stores and answers.
        var body = new { model = "dev-chat", user, temperature = 0, messages = new[] { new { role = "user", content = $"Name a colour for {user}." } } };

        var first = await Eventually.WaitAsync(() => bot.PostAsJsonAsync("/v1/chat/completions", body, Cancel), r => r.StatusCode == HttpStatusCode.OK,
            "guardrail-gateway and the development provider to answer", TimeSpan.FromSeconds(60));
        var second = await bot.PostAsJsonAsync("/v1/chat/completions", body, Cancel);
        var usage = (await first.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("usage");
        var (prompt, completion) = (usage.GetProperty("prompt_tokens").GetInt64(), usage.GetProperty("completion_tokens").GetInt64());

        Assert.Equal("hit", second.Headers.GetValues("x-mlops-cache").Single(), ignoreCase: true);
        var totals = await Eventually.WaitAsync(async () =>
            {
                var response = await reader.GetAsync($"/api/agentops-tracer/sessions/{user}", Cancel);
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>(Cancel) : default;
            },
            t => t.ValueKind == JsonValueKind.Object && t.GetProperty("spanCount").GetInt64() == 2, "both calls' spans to reach the tracer", TimeSpan.FromSeconds(60));
        // The provider's call is charged; the cached answer is in the session with no tokens and no cost.
        Assert.Equal((prompt, completion), (totals.GetProperty("inputTokens").GetInt64(), totals.GetProperty("outputTokens").GetInt64()));
        Assert.Equal((prompt * DevChatInput + completion * DevChatOutput) / 1_000_000m, totals.GetProperty("totalCost").GetDecimal());
    }

    [Fact]
    public async Task LoopingAgent_OtlpThroughTheGateway_AgentAnomalyBecomesAnIncident()
    {
        const string Tenant = "e2e-agents";
        using var admin = platform.Gateway(platform.AdminKey);
        using var agent = platform.Gateway(await CreateKeyAsync(admin, Tenant, "traces:write", "incident:read"));
        var session = "e2e-loop-" + Guid.NewGuid().ToString("N");

        // The same tool with the same arguments six times in one trace: the tool loop rule's default is five.
        var export = await agent.PostAsync("/api/agentops-tracer/v1/traces",
            new StringContent(LoopingTrace(session, repeats: 6), System.Text.Encoding.UTF8, "application/json"), Cancel);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);

        var incident = await Eventually.WaitAsync(async () =>
                (await agent.GetFromJsonAsync<JsonElement>("/api/incident/incidents", Cancel)).GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("source").GetString() == "agentops" && i.GetProperty("title").GetString()!.Contains(session, StringComparison.Ordinal))
                .Select(i => (JsonElement?)i).FirstOrDefault(),
            i => i is not null, "the tool loop's AgentAnomalyDetected to open an incident", TimeSpan.FromSeconds(90));

        Assert.Equal($"Agent anomaly tool_loop in session {session}", incident!.Value.GetProperty("title").GetString());
    }

    private static string LoopingTrace(string session, int repeats)
    {
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000) * 1_000_000;
        var spans = Enumerable.Range(0, repeats).Select(i => new
        {
            traceId,
            spanId = Convert.ToHexStringLower(BitConverter.GetBytes((long)i + 1)),
            name = "execute_tool search",
            kind = 1,
            startTimeUnixNano = (start + i * 1_000_000_000L).ToString(System.Globalization.CultureInfo.InvariantCulture),
            endTimeUnixNano = (start + i * 1_000_000_000L + 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            attributes = new object[]
            {
                new { key = "gen_ai.operation.name", value = new { stringValue = "execute_tool" } },
                new { key = "gen_ai.tool.name", value = new { stringValue = "search" } },
                new { key = "gen_ai.tool.call.arguments", value = new { stringValue = "{\"query\":\"weather in Paris\"}" } },
                new { key = "gen_ai.conversation.id", value = new { stringValue = session } },
            },
        });
        return JsonSerializer.Serialize(new
        {
            resourceSpans = new[]
            {
                new
                {
                    resource = new { attributes = new[] { new { key = "service.name", value = new { stringValue = "e2e-looping-agent" } } } },
                    scopeSpans = new[] { new { spans } },
                },
            },
        });
    }

    private static async Task<string> CreateKeyAsync(HttpClient admin, string tenant, params string[] scopes)
    {
        var response = await admin.PostAsJsonAsync("/admin/keys", new { tenantId = tenant, name = "e2e-tracing", scopes }, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("secret").GetString()!;
    }
}
