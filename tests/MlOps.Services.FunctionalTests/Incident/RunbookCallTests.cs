using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Inference.Serving;
using MlOps.Services.FunctionalTests.Infrastructure;
using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Incident;

/// <summary>Runbook steps that act on other services: incident calls the in-memory ingest and inference under its own identity.</summary>
[Collection(ServicesCollection.Name)]
public sealed class RunbookCallTests(ServicesFixture services)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PausePipeline_ARealIngestPipeline_IngestReportsItPaused()
    {
        var tenant = HttpExtensions.NewTenant();
        using var ingest = services["ingest"].CreateClient().ForTenant(tenant);
        var created = await ingest.PostAsJsonAsync("/pipelines", new
        {
            name = "orders", dataset = "shop", schedule = "0 3 * * *",
            source = new { type = "rest_api", config = new { client = new { base_url = "https://api.example.com/" }, resources = new[] { "orders" } } },
        }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var incident = services["incident"].CreateClient().ForTenant(tenant);

        var (id, run) = await RunAsync(incident, new { id = "pause", type = "pause_pipeline", with = new { pipeline = "orders" } }, "succeeded");

        var pipeline = await ingest.GetFromJsonAsync<JsonElement>("/pipelines/orders", Cancel);
        Assert.True(pipeline.GetProperty("paused").GetBoolean());
        Assert.Equal("pause: ingest pipeline orders paused", await SucceededStepAsync(incident, id));
        Assert.Equal("orders", JsonDocument.Parse(run.GetProperty("outputs").GetString()!).RootElement.GetProperty("pause").GetProperty("pipeline").GetString());
    }

    [Fact]
    public async Task SetTraffic_AServedModel_InferenceReportsTheNewSplit()
    {
        var tenant = HttpExtensions.NewTenant();
        // The deployment as inference knows it once the registry named a champion; loading it is not what this test is about.
        services["inference"].Services.GetRequiredService<ModelCatalog>().GetOrAdd(new ModelKey(tenant, "credit"));
        using var incident = services["incident"].CreateClient().ForTenant(tenant);

        var (id, _) = await RunAsync(incident,
            new { id = "canary", type = "set_traffic", with = new { model = "credit", canaryPercent = 25, shadow = true } }, "succeeded");

        // What inference stored and announced to its replicas (applying it in memory is the reconciler's, tested with inference).
        await using var connection = new Npgsql.NpgsqlConnection(services["inference"].ConnectionString);
        var (canary, shadow) = await Dapper.SqlMapper.QuerySingleAsync<(double, bool)>(connection,
            "SELECT canary_percent, shadow FROM model_traffic WHERE tenant_id = @tenant AND model_name = 'credit'", new { tenant });
        Assert.Equal(25, canary);
        Assert.True(shadow);
        Assert.Equal("canary: credit traffic set: 25% to the challenger, shadow on", await SucceededStepAsync(incident, id));
    }

    [Fact]
    public async Task SetTraffic_CalleeAnswers404_FailsWithoutRetryAndEscalates()
    {
        var tenant = HttpExtensions.NewTenant();
        using var incident = services["incident"].CreateClient().ForTenant(tenant);

        var (id, run) = await RunAsync(incident,
            new { id = "canary", type = "set_traffic", retries = 3, with = new { model = "ghost", canaryPercent = 0 } }, "escalated");

        Assert.Equal("inference answered 404: Model 'ghost' has no champion or challenger for this tenant.", run.GetProperty("error").GetString());
        var timeline = (await incident.GetFromJsonAsync<JsonElement>($"/incidents/{id}/timeline", Cancel)).EnumerateArray()
            .Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Single(timeline, kind => kind == "step_failed");
        Assert.Contains("escalated", timeline);
        Assert.Equal("critical", (await incident.GetFromJsonAsync<JsonElement>($"/incidents/{id}", Cancel)).GetProperty("severity").GetString());
    }

    [Fact]
    public async Task BlockAndThrottleLlmKey_TheTenantsVirtualKey_GatewayReportsTheChange()
    {
        var tenant = HttpExtensions.NewTenant();
        using var admin = GatewayAdmin();
        var key = await CreateVirtualKeyAsync(admin, tenant);
        using var incident = services["incident"].CreateClient().ForTenant(tenant);

        var (id, _) = await RunAsync(incident, new { id = "block", type = "block_llm_key", with = new { keyId = key } }, "succeeded");
        await RunAsync(incident, new { id = "slow", type = "throttle_llm_key", with = new { keyId = key, rpm = 5 } }, "succeeded");

        var view = await admin.GetFromJsonAsync<JsonElement>($"/admin/llm-keys/{key}", Cancel);
        Assert.True(view.GetProperty("blocked").GetBoolean());
        Assert.Equal($"incident {id}, runbook act step block", view.GetProperty("blockedReason").GetString());
        Assert.Equal(5, view.GetProperty("rpm").GetInt32());
        Assert.Equal($"block: virtual key {key} blocked (incident {id}, runbook act step block)", await SucceededStepAsync(incident, id));
    }

    [Fact]
    public async Task BlockLlmKey_AnotherTenantsKey_GatewayAnswers404AndTheRunEscalates()
    {
        using var admin = GatewayAdmin();
        var key = await CreateVirtualKeyAsync(admin, HttpExtensions.NewTenant());
        using var incident = services["incident"].CreateClient().ForTenant(HttpExtensions.NewTenant());

        var (_, run) = await RunAsync(incident, new { id = "block", type = "block_llm_key", retries = 2, with = new { keyId = key } }, "escalated");

        Assert.StartsWith("gateway answered 404: ", run.GetProperty("error").GetString());
        Assert.Equal(1, run.GetProperty("stepAttempt").GetInt32());
        Assert.False((await admin.GetFromJsonAsync<JsonElement>($"/admin/llm-keys/{key}", Cancel)).GetProperty("blocked").GetBoolean());
    }

    [Theory]
    [InlineData("{\"id\":\"a\",\"type\":\"pause_pipeline\"}", "steps[0].with.pipeline")]
    [InlineData("{\"id\":\"a\",\"type\":\"resume_pipeline\",\"with\":{\"pipeline\":\"\"}}", "steps[0].with.pipeline")]
    [InlineData("{\"id\":\"a\",\"type\":\"set_traffic\",\"with\":{\"canaryPercent\":10}}", "steps[0].with.model")]
    [InlineData("{\"id\":\"a\",\"type\":\"set_traffic\",\"with\":{\"model\":\"m\",\"canaryPercent\":150}}", "steps[0].with.canaryPercent")]
    [InlineData("{\"id\":\"a\",\"type\":\"set_traffic\",\"with\":{\"model\":\"m\",\"canaryPercent\":\"10\"}}", "steps[0].with.canaryPercent")]
    [InlineData("{\"id\":\"a\",\"type\":\"set_traffic\",\"with\":{\"model\":\"m\",\"canaryPercent\":10,\"shadow\":\"yes\"}}", "steps[0].with.shadow")]
    [InlineData("{\"id\":\"a\",\"type\":\"block_llm_key\",\"with\":{\"keyId\":\"k1\"}}", "steps[0].with.keyId")]
    [InlineData("{\"id\":\"a\",\"type\":\"throttle_llm_key\",\"with\":{\"keyId\":\"0b7e2f43-3f5e-4a52-9d69-4f1b8f3a2c11\"}}", "steps[0].with.rpm")]
    [InlineData("{\"id\":\"a\",\"type\":\"throttle_llm_key\",\"with\":{\"keyId\":\"0b7e2f43-3f5e-4a52-9d69-4f1b8f3a2c11\",\"tpm\":1.5}}", "steps[0].with.tpm")]
    public async Task Put_InvalidCallStep_Returns400NamingTheField(string step, string field)
    {
        using var client = services["incident"].CreateClient().ForTenant(HttpExtensions.NewTenant());

        var response = await client.PutAsync("/runbooks/r", new StringContent($"{{\"name\":\"r\",\"steps\":[{step}]}}", Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(field + ":", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    private static async Task<(Guid Incident, JsonElement Run)> RunAsync(HttpClient client, object step, string status)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/runbooks/act", new { name = "act", steps = new[] { step } }, Cancel)).StatusCode);
        var incident = (await (await client.PostAsJsonAsync("/incidents", new { title = "Bad data", severity = "medium" }, Cancel)).ReadJsonAsync())
            .GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync($"/incidents/{incident}/runbook", new { runbook = "act" }, Cancel)).StatusCode);
        var runs = await Eventually.WaitAsync(() => client.GetFromJsonAsync<JsonElement>($"/incidents/{incident}/runbook/runs", Cancel),
            r => r[0].GetProperty("status").GetString() is "succeeded" or "escalated" or "failed", "the run to finish");
        Assert.Equal(status, runs[0].GetProperty("status").GetString());
        return (incident, runs[0]);
    }

    private HttpClient GatewayAdmin()
    {
        var client = services["gateway"].CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", InMemoryCalls.GatewayAdminKey);
        return client;
    }

    private static async Task<Guid> CreateVirtualKeyAsync(HttpClient admin, string tenant)
    {
        var created = await admin.PostAsJsonAsync("/admin/llm-keys", new { tenantId = tenant, name = "agent" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadJsonAsync()).GetProperty("key").GetProperty("key").GetProperty("id").GetGuid();
    }

    private static async Task<string?> SucceededStepAsync(HttpClient client, Guid incident) =>
        (await client.GetFromJsonAsync<JsonElement>($"/incidents/{incident}/timeline", Cancel)).EnumerateArray()
            .Single(e => e.GetProperty("kind").GetString() == "step_succeeded").GetProperty("summary").GetString();
}
