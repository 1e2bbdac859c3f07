using System.Net;
using System.Net.Http.Json;
using Dapper;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.Gateway.Tests;

public sealed class LlmPolicyTests(LlmGatewayFixture fixture) : IClassFixture<LlmGatewayFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static object Chat(string prompt, bool stream = false, double temperature = 0, int? maxTokens = 40, string model = "dev-chat") =>
        new { model, messages = new[] { new { role = "user", content = prompt } }, temperature, stream, max_tokens = maxTokens };

    [Fact]
    public async Task VirtualKey_ChatCompletion_AnsweredChargedAndRecorded()
    {
        var (id, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "llm-basic", name = "app", team = "support", models = new[] { "dev-chat" }, budget = new { tokens = 100_000, window = "day" } });
        using var client = fixture.Gateway.CreateClient(secret);

        var response = await client.PostAsJsonAsync("/v1/chat/completions", Chat("Hello there"), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.ReadJsonAsync();
        Assert.Contains("You said: Hello there", answer.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("MISS", response.Headers.GetValues("x-mlops-cache").Single());
        var row = await UsageRowAsync(id);
        Assert.Equal(("llm-basic", "support", "dev-chat", "ok"), (row.TenantId, row.Team, row.Model, row.Outcome));
        Assert.Equal(2, row.InputTokens);
        Assert.True(row.OutputTokens > 0);
        // 2 per million input and 8 per million output tokens, rounded up to a millionth.
        Assert.Equal(2 * row.InputTokens + 8 * row.OutputTokens, row.CostMicros);
    }

    [Fact]
    public async Task BadKeysAndRequests_OpenAiErrors()
    {
        var (id, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "llm-errors", name = "app", models = new[] { "dev-chat" } });
        using var anonymous = fixture.Gateway.CreateClient();
        using var client = fixture.Gateway.CreateClient(secret);
        using var admin = fixture.Gateway.CreateClient(fixture.AdminKey);

        await AssertErrorAsync(await anonymous.PostAsJsonAsync("/v1/chat/completions", Chat("hi"), Cancel), HttpStatusCode.Unauthorized, "invalid_api_key");
        await AssertErrorAsync(await admin.PostAsJsonAsync("/v1/chat/completions", Chat("hi"), Cancel), HttpStatusCode.Forbidden, "not_a_virtual_key");
        await AssertErrorAsync(await client.PostAsJsonAsync("/v1/chat/completions", Chat("hi", model: "gpt-4o"), Cancel), HttpStatusCode.Forbidden, "model_not_allowed", "model");
        await AssertErrorAsync(await client.PostAsync("/v1/chat/completions", new StringContent("{\"model\": \"dev-chat\", ", System.Text.Encoding.UTF8, "application/json"), Cancel), HttpStatusCode.BadRequest, "invalid_request");
        await AssertErrorAsync(await client.PostAsJsonAsync("/v1/chat/completions", new { model = "dev-chat", messages = "hi" }, Cancel), HttpStatusCode.BadRequest, "invalid_request", "messages");
        await AssertErrorAsync(await client.PostAsJsonAsync("/v1/chat/completions", new { model = "dev-chat", messages = new[] { new { role = "user", content = "hi" } }, max_tokens = 0 }, Cancel), HttpStatusCode.BadRequest, "invalid_request", "max_tokens");
        await AssertErrorAsync(await client.PostAsJsonAsync("/v1/chat/completions", new { model = "dev-chat", messages = new[] { new { role = "user", content = "hi" } }, stream = true, stream_options = new { include_usage = "yes" } }, Cancel), HttpStatusCode.BadRequest, "invalid_request", "stream_options.include_usage");
        await AssertErrorAsync(await client.PostAsJsonAsync("/v1/chat/completions", Chat(new string('x', 2 * 1024 * 1024)), Cancel), HttpStatusCode.RequestEntityTooLarge, "request_too_large");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/admin/keys/{id}", Cancel)).StatusCode);
        await AssertErrorAsync(await client.PostAsJsonAsync("/v1/chat/completions", Chat("hi"), Cancel), HttpStatusCode.Unauthorized, "invalid_api_key");
        // Nothing refused was charged.
        await using var connection = new NpgsqlConnection(fixture.Gateway.ConnectionString);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT coalesce(sum(cost_micros), 0) FROM llm_usage WHERE key_id = @id", new { id }));
    }

    [Theory]
    [InlineData("{\"tenantId\": \"t\", \"name\": \"n\", \"inputGuard\": \"paranoid\"}", "inputGuard must be")]
    [InlineData("{\"tenantId\": \"t\", \"name\": \"n\", \"budget\": {\"window\": \"day\"}}", "budget needs tokens")]
    [InlineData("{\"tenantId\": \"t\", \"name\": \"n\", \"budget\": {\"tokens\": 10, \"window\": \"week\"}}", "budget.window")]
    [InlineData("{\"tenantId\": \"t\", \"name\": \"n\", \"budget\": {\"tokens\": 10, \"window\": \"custom\"}}", "windowSeconds")]
    [InlineData("{\"tenantId\": \"t\", \"name\": \"n\", \"cache\": \"forever\"}", "cache must be")]
    [InlineData("{\"tenantId\": \"t\", \"name\": \"n\", \"routes\": [\"/admin\"]}", "routes must start")]
    [InlineData("{\"tenantId\": \"t\", \"name\": \"n\", \"rpm\": 0}", "Rpm")]
    [InlineData("{\"tenantId\": \"t\", \"name\": \"n\", \"models\": [\"dev-chat\", null]}", "models: null is not a model")]
    [InlineData("{\"tenantId\": \"t\", \"name\": \"n\", \"routes\": [\"/v1/chat/completions\", null]}", "routes must start with /v1/ ('null'")]
    public async Task CreateVirtualKey_InvalidPolicy_400Named(string body, string named)
    {
        using var admin = fixture.Gateway.CreateClient(fixture.AdminKey);

        var response = await admin.PostAsync("/admin/llm-keys", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(Cancel), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("{\"tenantId\": \"t\", \"name\": \"n\", \"outputGuard\": \"shout\"}", "outputGuard")]
    [InlineData("{\"tenantId\": \"t\", \"name\": \"n\", \"budget\": {\"window\": \"day\"}}", "budget")]
    [InlineData("{\"tenantId\": \"t\", \"name\": \"n\", \"budget\": {\"tokens\": 10, \"window\": \"week\"}}", "budget.window")]
    [InlineData("{\"tenantId\": \"t\", \"name\": \"n\", \"budget\": {\"tokens\": 10, \"windowSeconds\": 600}}", "budget.windowSeconds")]
    [InlineData("{\"tenantId\": \"t\", \"name\": \"n\", \"expiresAt\": \"2001-01-01T00:00:00Z\"}", "expiresAt")]
    public async Task CreateVirtualKey_InvalidPolicy_ValidationProblemKeyedByTheJsonField(string body, string field)
    {
        using var admin = fixture.Gateway.CreateClient(fixture.AdminKey);

        var response = await admin.PostAsync("/admin/llm-keys", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task UsageApi_GroupsByDayKeyAndModel()
    {
        var (id, secret) = await fixture.CreateVirtualKeyAsync(new { tenantId = "llm-usage", name = "app" });
        using var client = fixture.Gateway.CreateClient(secret);
        using var admin = fixture.Gateway.CreateClient(fixture.AdminKey);
        for (var i = 0; i < 3; i++)
        {
            (await client.PostAsJsonAsync("/v1/chat/completions", Chat($"question {i}"), Cancel)).EnsureSuccessStatusCode();
        }
        await UsageRowAsync(id, count: 3);

        var days = await (await admin.GetAsync($"/admin/llm-usage?keyId={id}", Cancel)).ReadJsonAsync();

        var day = Assert.Single(days.EnumerateArray());
        Assert.Equal(3, day.GetProperty("requests").GetInt64());
        Assert.Equal("llm-usage", day.GetProperty("tenantId").GetString());
        Assert.True(day.GetProperty("cost").GetDecimal() > 0);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/admin/llm-usage?from=2026-02-01&to=2026-01-01", Cancel)).StatusCode);
    }

    internal static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? param = null)
    {
        Assert.Equal(status, response.StatusCode);
        var error = (await response.ReadJsonAsync()).GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        if (param is not null)
        {
            Assert.Equal(param, error.GetProperty("param").GetString());
        }
    }

    internal sealed record UsageRow(string TenantId, string? Team, string Model, int InputTokens, int OutputTokens, long CostMicros, string CacheStatus, string Outcome);

    /// <summary>Waits for a key's usage rows (written off the request path) and returns the latest.</summary>
    internal Task<UsageRow> UsageRowAsync(Guid keyId, int count = 1) => UsageRowAsync(fixture.Gateway, keyId, count);

    /// <summary>The same, in the database of any gateway.</summary>
    internal static async Task<UsageRow> UsageRowAsync(GatewayFactory gateway, Guid keyId, int count = 1)
    {
        await using var connection = new NpgsqlConnection(gateway.ConnectionString);
        var rows = await Eventually.WaitAsync(async () => (await connection.QueryAsync<UsageRow>(
            """
            SELECT tenant_id AS TenantId, team AS Team, model AS Model, input_tokens AS InputTokens, output_tokens AS OutputTokens,
                   cost_micros AS CostMicros, cache_status AS CacheStatus, outcome AS Outcome
            FROM llm_usage WHERE key_id = @keyId ORDER BY id DESC
            """, new { keyId })).ToList(), r => r.Count >= count, $"{count} usage rows", TimeSpan.FromSeconds(15));
        return rows[0];
    }
}
