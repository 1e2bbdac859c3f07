using System.Net;
using System.Net.Http.Json;

namespace MlOps.Gateway.Tests;

/// <summary>The edge's half of the trust model: scopes by route and method, one LLM path, validated key scopes.</summary>
public sealed class EdgeScopeTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("GET", "/api/registry/models", "registry:read", "registry:write")]
    [InlineData("POST", "/api/registry/models", "registry:write", "registry:read")]
    [InlineData("PUT", "/api/registry/models/m/aliases/champion", "registry:promote", "registry:write")]
    [InlineData("PUT", "/api/registry/models/m/aliases/challenger", "registry:write", "registry:promote")]
    [InlineData("PUT", "/api/registry/models/m/policy", "registry:promote", "registry:write")]
    [InlineData("POST", "/api/registry/models/m/rollback", "registry:promote", "registry:write")]
    [InlineData("POST", "/api/inference/v2/models/m/infer", "inference:predict", "inference:write")]
    [InlineData("POST", "/api/inference/v1/models/m:predict", "inference:predict", "inference:read")]
    [InlineData("PUT", "/api/inference/deployments/m/traffic", "inference:deploy", "inference:write")]
    [InlineData("POST", "/api/inference/jobs", "inference:write", "inference:predict")]
    [InlineData("POST", "/api/trainer/runs", "trainer:write", "trainer:read")]
    [InlineData("POST", "/api/drift/v1/drift/compare", "drift:read", "drift:write")]
    [InlineData("GET", "/api/drift/reports", "drift:read", "drift:write")]
    [InlineData("PUT", "/api/guardrail-gateway/policies/default", "guard:policy", "guard:write")]
    [InlineData("POST", "/api/guardrail-gateway/v1/guard/scan", "guard:read", "guard:policy")]
    [InlineData("POST", "/api/agentops-tracer/v1/traces", "traces:write", "traces:read")]
    [InlineData("POST", "/api/incident/incidents", "incident:write", "incident:read")]
    [InlineData("GET", "/api/ingest/datasets", "ingest:read", "ingest:write")]
    [InlineData("GET", "/api/registry/openapi/v1.json", "admin", "registry:read")]
    public async Task Route_KeyWithoutItsScope_Gets403NamingIt_WithItIsForwarded(string method, string path, string scope, string otherScope)
    {
        using var admin = fixture.Gateway.CreateClient(fixture.AdminKey);
        using var without = fixture.Gateway.CreateClient(await admin.CreateKeyAsync("scopes-" + Guid.NewGuid().ToString("N")[..8], otherScope));
        using var with = fixture.Gateway.CreateClient(await admin.CreateKeyAsync("scopes-" + Guid.NewGuid().ToString("N")[..8], scope));

        var refused = await without.SendAsync(Request(method, path), TestContext.Current.CancellationToken);
        var forwarded = await with.SendAsync(Request(method, path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"'{scope}'", (await refused.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        Assert.True((await forwarded.ReadJsonAsync()).TryGetProperty("path", out _), "the echo service answered");
    }

    [Theory]
    [InlineData("/api/guardrail-gateway/v1/chat/completions")]
    [InlineData("/api/guardrail-gateway/v1/embeddings")]
    public async Task OpenAiRoute_ThroughTheGenericRoute_IsRefusedForEveryKey(string path)
    {
        using var admin = fixture.Gateway.CreateClient(fixture.AdminKey);
        var (_, virtualKey) = await LlmGatewayFixture.CreateVirtualKeyAsync(fixture.Gateway, fixture.AdminKey,
            new { tenantId = "one-path", name = "vk", models = new[] { "dev-chat" } });
        using var llm = fixture.Gateway.CreateClient(virtualKey);

        foreach (var client in new[] { admin, llm })
        {
            var response = await client.PostAsJsonAsync(path, new { model = "other-model", messages = new[] { new { role = "user", content = "hi" } } },
                TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("/v1/", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
        }
    }

    [Theory]
    [InlineData("/v1/Embeddings")]
    [InlineData("/v1/embeddings/")]
    [InlineData("/v1/chat/completions/x")]
    [InlineData("/v1/guard/scan")]
    public async Task VirtualKey_OnAnyOtherV1Spelling_Gets404_NeverForwarded(string path)
    {
        var (_, virtualKey) = await LlmGatewayFixture.CreateVirtualKeyAsync(fixture.Gateway, fixture.AdminKey,
            new { tenantId = "v1-spelling", name = "vk", models = new[] { "dev-chat" } });
        using var llm = fixture.Gateway.CreateClient(virtualKey);

        var response = await llm.PostAsJsonAsync(path, new { model = "dev-chat", input = "x", messages = new[] { new { role = "user", content = "x" } } },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown_route", (await response.ReadJsonAsync()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task VirtualKey_OnAServiceRoute_Gets403()
    {
        var (_, virtualKey) = await LlmGatewayFixture.CreateVirtualKeyAsync(fixture.Gateway, fixture.AdminKey,
            new { tenantId = "llm-only", name = "vk", models = new[] { "dev-chat" } });
        using var llm = fixture.Gateway.CreateClient(virtualKey);

        var policy = await llm.PutAsJsonAsync("/api/guardrail-gateway/policies/default", new { action = "flag" }, TestContext.Current.CancellationToken);
        var training = await llm.PostAsJsonAsync("/api/trainer/runs", new { modelName = "credit-default" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, policy.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, training.StatusCode);
    }

    [Theory]
    [InlineData("registry:everything", "registry:everything")]
    [InlineData("llm", "virtual keys")]
    public async Task CreateKey_UnknownOrLlmScope_Returns400NamingIt(string scope, string named)
    {
        using var admin = fixture.Gateway.CreateClient(fixture.AdminKey);

        var response = await admin.PostAsJsonAsync("/admin/keys", new { tenantId = "acme", name = "k", scopes = new[] { scope } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    private static HttpRequestMessage Request(string method, string path) =>
        new(new HttpMethod(method), path) { Content = method == "GET" ? null : JsonContent.Create(new { }) };
}
