using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlOps.Contracts;
using MlOps.Services.FunctionalTests.Infrastructure;
using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Incident;

/// <summary>
/// The rules and runbooks the platform ships: each tenant (here those named shipped-*) receives them once, they route the platform's
/// events to the runbook that answers them, and their parameters are filled from the alert's labels.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class ShippedDefinitionsTests(ServicesFixture services)
{
    private static readonly string[] Shipped = ["guardrail-attack", "llm-cost-runaway", "model-drift", "model-regression"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string ShippedTenant() => "shipped-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task NewTenant_ListsTheShippedRulesAndRunbooks_AnEditAndADeletionStick()
    {
        using var client = services["incident"].CreateClient().ForTenant(ShippedTenant());

        var runbooks = await client.GetFromJsonAsync<JsonElement>("/runbooks", Cancel);
        var rules = await client.GetFromJsonAsync<JsonElement>("/rules", Cancel);

        Assert.Equal(Shipped, runbooks.EnumerateArray().Select(r => r.GetProperty("name").GetString()).Order().ToArray());
        Assert.Equal(Shipped, rules.EnumerateArray().Select(r => r.GetProperty("name").GetString()).Order().ToArray());
        Assert.All(runbooks.EnumerateArray().Concat(rules.EnumerateArray()), d =>
        {
            Assert.Equal("platform", d.GetProperty("createdBy").GetString());
            Assert.Equal(1, d.GetProperty("version").GetInt32());
        });
        var edited = await client.PutAsJsonAsync("/rules/model-drift", new
        {
            name = "model-drift", priority = 60, severity = "critical", runbook = "model-drift",
            match = new { eventTypes = new[] { "DriftDetected" }, labels = new { kind = "data" } },
        }, Cancel);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/runbooks/guardrail-attack", Cancel)).StatusCode);

        var after = await client.GetFromJsonAsync<JsonElement>("/rules/model-drift", Cancel);
        var runbooksAfter = await client.GetFromJsonAsync<JsonElement>("/runbooks", Cancel);
        Assert.Equal(2, after.GetProperty("version").GetInt32());
        Assert.Equal("critical", after.GetProperty("definition").GetProperty("severity").GetString());
        Assert.DoesNotContain("guardrail-attack", runbooksAfter.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task ShippedRuleReadAndSentBackWithAChannel_StoredAsTheNextVersion()
    {
        using var client = services["incident"].CreateClient().ForTenant(ShippedTenant());
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsJsonAsync("/channels/oncall", new { type = "pagerduty", routingKey = "r1" }, Cancel)).StatusCode);
        var rule = System.Text.Json.Nodes.JsonNode.Parse((await client.GetFromJsonAsync<JsonElement>("/rules/model-drift", Cancel)).GetProperty("definition").GetRawText())!;
        rule["channels"] = new System.Text.Json.Nodes.JsonArray("oncall");

        var response = await client.PutAsync("/rules/model-drift", new StringContent(rule.ToJsonString(), Encoding.UTF8, "application/json"), Cancel);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(["oncall"], (await response.ReadJsonAsync()).GetProperty("definition").GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task TenantOutsideTheShippedList_HasNoRulesOrRunbooks()
    {
        using var client = services["incident"].CreateClient().ForTenant(HttpExtensions.NewTenant());

        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/runbooks", Cancel)).GetArrayLength());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/rules", Cancel)).GetArrayLength());
    }

    [Fact]
    public async Task DataDrift_ShippedModelDrift_AsksTheTrainerToRetrainThatModel()
    {
        await using var sender = await MessageCollector<DriftDetected>.StartAsync(TestInfrastructure.RabbitMq("functional"));
        var tenant = ShippedTenant();
        using var incident = services["incident"].CreateClient().ForTenant(tenant);
        using var trainer = services["trainer"].CreateClient().ForTenant(tenant);

        await sender.Bus.Publish(new DriftDetected
        {
            TenantId = tenant, ModelName = "scoring", Version = 3, Severity = "high", ShareDrifted = 0.5, Features = [new("income", "ks", 0.4, 0.1)],
        }, Cancel);

        var opened = await Eventually.WaitAsync(async () => (await incident.GetFromJsonAsync<JsonElement>("/incidents", Cancel)).GetProperty("items"),
            items => items.GetArrayLength() == 1, "the drift incident");
        Assert.Equal("model-drift:scoring", opened[0].GetProperty("dedupKey").GetString());
        // The runbook's "{{labels.model}}" became the drifted model: the trainer got a command to retrain "scoring" (it has no data, so the run fails).
        var runs = await Eventually.WaitAsync(async () => (await trainer.GetFromJsonAsync<JsonElement>("/runs", Cancel)).GetProperty("items"),
            items => items.GetArrayLength() == 1, "the trainer's run for the runbook's retrain command");
        Assert.Equal("scoring", runs[0].GetProperty("modelName").GetString());
        Assert.Equal($"incident {opened[0].GetProperty("id").GetGuid()}, runbook model-drift step retrain", runs[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task PerformanceDrop_ShippedModelRegression_OpensItsOwnIncidentAndRollsBack()
    {
        await using var sender = await MessageCollector<DriftDetected>.StartAsync(TestInfrastructure.RabbitMq("functional"));
        var tenant = ShippedTenant();
        using var incident = services["incident"].CreateClient().ForTenant(tenant);

        await sender.Bus.Publish(new DriftDetected
        {
            TenantId = tenant, ModelName = "scoring", Version = 2, Severity = "high", ShareDrifted = 0, Kind = DriftDetected.PerformanceKind,
            Features = [new("performance:auc", "auc_drop", 0.2, 0.05)],
        }, Cancel);

        var opened = await Eventually.WaitAsync(async () => (await incident.GetFromJsonAsync<JsonElement>("/incidents", Cancel)).GetProperty("items"),
            items => items.GetArrayLength() == 1, "the performance incident");
        Assert.Equal("model-regression:scoring", opened[0].GetProperty("dedupKey").GetString());
        Assert.Equal("high", opened[0].GetProperty("severity").GetString());
        Assert.StartsWith("Performance drop on scoring v2", opened[0].GetProperty("title").GetString());
        var runs = await incident.GetFromJsonAsync<JsonElement>($"/incidents/{opened[0].GetProperty("id").GetGuid()}/runbook/runs", Cancel);
        Assert.Equal("model-regression", runs[0].GetProperty("runbook").GetString());
        Assert.Equal("rollback", runs[0].GetProperty("stepId").GetString());
    }

    [Fact]
    public async Task SloBurnAboutAModel_ShippedModelRegression_OpensItsIncidentAndRollsBack()
    {
        var tenant = ShippedTenant();
        using var incident = services["incident"].CreateClient().ForTenant(tenant);
        // Alertmanager's v4 webhook with the labels a generated burn alert of an availability objective about "scoring" carries.
        var payload = new
        {
            version = "4", groupKey = "{}:{slo=\"scoring-up\"}", status = "firing", receiver = "mlops", externalURL = "http://alertmanager.example:9093",
            groupLabels = new { slo = "scoring-up" }, commonLabels = new { }, commonAnnotations = new { }, truncatedAlerts = 0,
            alerts = new[]
            {
                new
                {
                    status = "firing", fingerprint = "5f1e2d3c4b5a6978",
                    labels = new Dictionary<string, string>
                    {
                        ["alertname"] = "SloErrorBudgetBurn", ["tenant"] = tenant, ["slo"] = "scoring-up", ["severity"] = "page",
                        ["slo_kind"] = "availability", ["model"] = "scoring",
                    },
                    annotations = new Dictionary<string, string> { ["summary"] = "SLO scoring-up is burning its error budget at over 14.4x" },
                    startsAt = "2026-12-02T10:00:00Z", endsAt = "0001-01-01T00:00:00Z", generatorURL = "http://prometheus.example:9090/graph",
                },
            },
        };

        var response = await incident.PostAsJsonAsync("/v1/alerts/alertmanager", payload, Cancel);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Cancel));
        var opened = await Eventually.WaitAsync(async () => (await incident.GetFromJsonAsync<JsonElement>("/incidents", Cancel)).GetProperty("items"),
            items => items.GetArrayLength() == 1, "the burn incident");
        Assert.Equal("model-regression:scoring", opened[0].GetProperty("dedupKey").GetString());
        Assert.Equal("model-regression@1", opened[0].GetProperty("rule").GetString());
        var runs = await Eventually.WaitAsync(
            () => incident.GetFromJsonAsync<JsonElement>($"/incidents/{opened[0].GetProperty("id").GetGuid()}/runbook/runs", Cancel),
            r => r.GetArrayLength() > 0, "the runbook's first step");
        Assert.Equal("model-regression", runs[0].GetProperty("runbook").GetString());
        Assert.Equal("rollback", runs[0].GetProperty("stepId").GetString());
    }

    [Fact]
    public async Task SloBurnWithoutAModel_NotTakenByModelRegression()
    {
        var tenant = ShippedTenant();
        using var incident = services["incident"].CreateClient().ForTenant(tenant);
        var payload = new
        {
            version = "4", groupKey = "{}:{}", status = "firing", receiver = "mlops", groupLabels = new { }, commonLabels = new { },
            commonAnnotations = new { }, truncatedAlerts = 0,
            alerts = new[]
            {
                new
                {
                    status = "firing", fingerprint = "0a1b2c3d4e5f6071",
                    labels = new Dictionary<string, string>
                    {
                        ["alertname"] = "SloErrorBudgetBurn", ["slo"] = "orders-fresh", ["severity"] = "ticket", ["slo_kind"] = "freshness",
                    },
                    annotations = new Dictionary<string, string>(),
                    startsAt = "2026-12-02T10:00:00Z", endsAt = "0001-01-01T00:00:00Z", generatorURL = "http://prometheus.example:9090/graph",
                },
            },
        };

        Assert.True((await incident.PostAsJsonAsync("/v1/alerts/alertmanager", payload, Cancel)).IsSuccessStatusCode);

        var opened = await Eventually.WaitAsync(async () => (await incident.GetFromJsonAsync<JsonElement>("/incidents", Cancel)).GetProperty("items"),
            items => items.GetArrayLength() == 1, "the burn incident");
        Assert.Equal("slo_burn:orders-fresh", opened[0].GetProperty("dedupKey").GetString());
        Assert.Equal(JsonValueKind.Null, opened[0].GetProperty("rule").ValueKind);
    }

    [Fact]
    public async Task GuardrailBurstFromOneKey_ShippedGuardrailAttack_BlocksThatKeyAtTheGateway()
    {
        await using var sender = await MessageCollector<GuardrailViolated>.StartAsync(TestInfrastructure.RabbitMq("functional"));
        var tenant = ShippedTenant();
        using var admin = services["gateway"].CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", InMemoryCalls.GatewayAdminKey);
        var created = await admin.PostAsJsonAsync("/admin/llm-keys", new { tenantId = tenant, name = "agent" }, Cancel);
        var key = (await created.ReadJsonAsync()).GetProperty("key").GetProperty("key").GetProperty("id").GetGuid();
        using var incident = services["incident"].CreateClient().ForTenant(tenant);

        // The fixture's threshold is 5 a minute per scanner and key.
        for (var i = 0; i < 5; i++)
        {
            await sender.Bus.Publish(new GuardrailViolated
            {
                TenantId = tenant, Scanner = "prompt_injection", Action = "block", InputHash = $"{i:x64}", Findings = [], KeyId = key,
            }, Cancel);
        }

        var blocked = await Eventually.WaitAsync(() => admin.GetFromJsonAsync<JsonElement>($"/admin/llm-keys/{key}", Cancel),
            view => view.GetProperty("blocked").GetBoolean(), "the shipped guardrail-attack runbook to block the key");
        Assert.Equal("guardrail attack: a burst of prompt_injection violations", blocked.GetProperty("blockedReason").GetString());
        var opened = (await incident.GetFromJsonAsync<JsonElement>("/incidents", Cancel)).GetProperty("items");
        Assert.Equal("guardrail-attack@1", opened[0].GetProperty("rule").GetString());
        var timeline = await incident.GetFromJsonAsync<JsonElement>($"/incidents/{opened[0].GetProperty("id").GetGuid()}/timeline", Cancel);
        Assert.Equal(key.ToString(), timeline[0].GetProperty("detail").GetProperty("labels").GetProperty("key_id").GetString());
    }

    [Fact]
    public async Task RunawayAgentSessionUnderAKey_ShippedLlmCostRunaway_ThrottlesThatKeyAtTheGateway()
    {
        await using var sender = await MessageCollector<AgentAnomalyDetected>.StartAsync(TestInfrastructure.RabbitMq("functional"));
        var tenant = ShippedTenant();
        using var admin = services["gateway"].CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", InMemoryCalls.GatewayAdminKey);
        var created = await admin.PostAsJsonAsync("/admin/llm-keys", new { tenantId = tenant, name = "agent" }, Cancel);
        var key = (await created.ReadJsonAsync()).GetProperty("key").GetProperty("key").GetProperty("id").GetGuid();
        using var incident = services["incident"].CreateClient().ForTenant(tenant);

        await sender.Bus.Publish(new AgentAnomalyDetected
        {
            TenantId = tenant, SessionId = "run-7", Kind = "runaway_session", KeyId = key,
            Detail = "session used 1100 tokens (cap 1000) costing 0.005 (cap none) over 2 traces and 2 spans",
        }, Cancel);

        // The shipped runbook's throttle: 10 requests and 20,000 tokens a minute.
        var throttled = await Eventually.WaitAsync(() => admin.GetFromJsonAsync<JsonElement>($"/admin/llm-keys/{key}", Cancel),
            view => view.GetProperty("rpm").ValueKind == JsonValueKind.Number, "the shipped llm-cost-runaway runbook to throttle the key");
        Assert.Equal(10, throttled.GetProperty("rpm").GetInt32());
        Assert.Equal(20_000, throttled.GetProperty("tpm").GetInt32());
        var opened = (await incident.GetFromJsonAsync<JsonElement>("/incidents", Cancel)).GetProperty("items");
        Assert.Equal("llm-cost-runaway@1", opened[0].GetProperty("rule").GetString());
        Assert.Equal($"llm-cost-runaway:{key}", opened[0].GetProperty("dedupKey").GetString());
    }

    [Fact]
    public async Task RunawayAgentSessionWithoutAKey_NotTakenByLlmCostRunaway()
    {
        await using var sender = await MessageCollector<AgentAnomalyDetected>.StartAsync(TestInfrastructure.RabbitMq("functional"));
        var tenant = ShippedTenant();
        using var incident = services["incident"].CreateClient().ForTenant(tenant);

        await sender.Bus.Publish(new AgentAnomalyDetected { TenantId = tenant, SessionId = "run-8", Kind = "runaway_session", Detail = "over the cap" }, Cancel);

        var opened = await Eventually.WaitAsync(async () => (await incident.GetFromJsonAsync<JsonElement>("/incidents", Cancel)).GetProperty("items"),
            items => items.GetArrayLength() == 1, "the anomaly's incident");
        Assert.Equal("agent:runaway_session:run-8", opened[0].GetProperty("dedupKey").GetString());
        Assert.Equal(JsonValueKind.Null, opened[0].GetProperty("rule").ValueKind);
    }

    [Fact]
    public async Task RunbookWithAPlaceholderOtherThanLabels_Refused400NamingTheField()
    {
        using var client = services["incident"].CreateClient().ForTenant(HttpExtensions.NewTenant());

        var response = await client.PutAsync("/runbooks/r", new StringContent(
            """{"name":"r","steps":[{"id":"a","type":"rollback","with":{"model":"{{title}}"}}]}""", Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("steps[0].with.model: '{{title}}' is not a placeholder", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task RunbookNeedingALabelTheIncidentLacks_StartRefused400NamingTheLabel()
    {
        using var client = services["incident"].CreateClient().ForTenant(HttpExtensions.NewTenant());
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync("/runbooks/keyed", new StringContent(
            """{"name":"keyed","steps":[{"id":"block","type":"block_llm_key","with":{"keyId":"{{labels.key_id}}"}}]}""", Encoding.UTF8, "application/json"),
            Cancel)).StatusCode);
        var id = (await (await client.PostAsJsonAsync("/incidents", new { title = "Odd traffic", severity = "medium" }, Cancel)).ReadJsonAsync())
            .GetProperty("id").GetGuid();

        var response = await client.PostAsJsonAsync($"/incidents/{id}/runbook", new { runbook = "keyed" }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("runbook: keyed v1 cannot run for this incident: the incident has no label key_id.",
            (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }
}
