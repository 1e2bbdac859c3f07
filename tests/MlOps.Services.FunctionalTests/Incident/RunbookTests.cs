using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlOps.Contracts;
using MlOps.Services.FunctionalTests.Infrastructure;
using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Incident;

/// <summary>
/// Runbooks against the incident service alone: registry, inference and drift are played by publishing what they announce
/// (ModelAliasChanged, ModelServing, DriftWindowEvaluated) once the runbook asked for the rollback.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class RunbookTests(ServicesFixture services)
{
    private IServiceUnderTest Incident => services["incident"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ValidatedRollback_RestoredVersionServesAndTheNextWindowIsClean_IncidentResolves()
    {
        await using var rollbacks = await MessageCollector<RequestRollback>.StartAsync(TestInfrastructure.RabbitMq("functional"));
        var tenant = HttpExtensions.NewTenant();
        using var client = Incident.CreateClient().ForTenant(tenant);
        await PutValidatedRollbackAsync(client, "20s");

        await rollbacks.Bus.Publish(Drift(tenant), Cancel);
        var (_, rollback) = await rollbacks.WaitForAsync(m => m.TenantId == tenant);
        var incident = await ActiveIncidentAsync(client);
        // Registry moves the champion back, inference serves it, drift judges a clean window.
        await rollbacks.Bus.Publish(new ModelAliasChanged { TenantId = tenant, ModelName = "credit", Alias = "champion", OldVersion = 3, NewVersion = 2 }, Cancel);
        await rollbacks.Bus.Publish(new ModelServing { TenantId = tenant, ModelName = "credit", Alias = "champion", Version = 2, Replica = "r1" }, Cancel);
        // The next window closes after the restored version serves: once the run is verifying.
        await VerifyingAsync(client, incident);
        await rollbacks.Bus.Publish(new DriftWindowEvaluated { TenantId = tenant, ModelName = "credit", Version = 2, WindowId = Guid.NewGuid(), Drifted = false, ClosedAt = DateTime.UtcNow }, Cancel);

        var resolved = await Eventually.WaitAsync(() => client.GetFromJsonAsync<JsonElement>($"/incidents/{incident}", Cancel),
            i => i.GetProperty("status").GetString() == "resolved", "the runbook to resolve the incident");
        Assert.Equal("credit", rollback.ModelName);
        Assert.Contains(incident.ToString(), rollback.Reason);
        Assert.Equal("Rolled back and verified", resolved.GetProperty("resolution").GetString());
        var runs = await client.GetFromJsonAsync<JsonElement>($"/incidents/{incident}/runbook/runs", Cancel);
        Assert.Equal("succeeded", runs[0].GetProperty("status").GetString());
        var steps = (await client.GetFromJsonAsync<JsonElement>($"/incidents/{incident}/timeline", Cancel)).EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "step_succeeded").Select(e => e.GetProperty("summary").GetString()).ToList();
        Assert.Equal("rollback: credit champion rolled back from v3 to v2, now serving", steps[0]);
        Assert.StartsWith("verify: credit v2: a clean drift window closed", steps[1]);
    }

    [Fact]
    public async Task ValidatedRollback_WindowsStayDrifted_RunEscalatesAndTheIncidentStaysOpenAsCritical()
    {
        await using var bus = await MessageCollector<RequestRollback>.StartAsync(TestInfrastructure.RabbitMq("functional"));
        var tenant = HttpExtensions.NewTenant();
        using var client = Incident.CreateClient().ForTenant(tenant);
        await PutValidatedRollbackAsync(client, "3s");

        await bus.Bus.Publish(Drift(tenant), Cancel);
        await bus.WaitForAsync(m => m.TenantId == tenant);
        var incident = await ActiveIncidentAsync(client);
        await bus.Bus.Publish(new ModelAliasChanged { TenantId = tenant, ModelName = "credit", Alias = "champion", OldVersion = 3, NewVersion = 2 }, Cancel);
        await bus.Bus.Publish(new ModelServing { TenantId = tenant, ModelName = "credit", Alias = "champion", Version = 2, Replica = "r1" }, Cancel);
        await VerifyingAsync(client, incident);
        await bus.Bus.Publish(new DriftWindowEvaluated { TenantId = tenant, ModelName = "credit", Version = 2, WindowId = Guid.NewGuid(), Drifted = true, ClosedAt = DateTime.UtcNow }, Cancel);

        var runs = await Eventually.WaitAsync(() => client.GetFromJsonAsync<JsonElement>($"/incidents/{incident}/runbook/runs", Cancel),
            r => r[0].GetProperty("status").GetString() == "escalated", "the runbook to escalate");
        Assert.Equal("verify", runs[0].GetProperty("stepId").GetString());
        Assert.StartsWith("timed out after 00:00:03", runs[0].GetProperty("error").GetString());
        var after = await client.GetFromJsonAsync<JsonElement>($"/incidents/{incident}", Cancel);
        Assert.Equal("open", after.GetProperty("status").GetString());
        Assert.Equal("critical", after.GetProperty("severity").GetString());
        var kinds = (await client.GetFromJsonAsync<JsonElement>($"/incidents/{incident}/timeline", Cancel)).EnumerateArray()
            .Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Contains("step_failed", kinds);
        Assert.Contains("escalated", kinds);
    }

    [Fact]
    public async Task Approval_RejectedByAPerson_FailureRouteRuns_ApproveWithoutAWaitingStepIs409()
    {
        var tenant = HttpExtensions.NewTenant();
        using var client = Incident.CreateClient().ForTenant(tenant);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/runbooks/gated", new
        {
            name = "gated",
            steps = new object[]
            {
                new { id = "ask", type = "approval", with = new { prompt = "Roll back credit?" }, timeout = "10m", onFailure = "note", next = "done" },
                new { id = "note", type = "notify", with = new { message = "Rollback declined" }, next = "done" },
                new { id = "done", type = "resolve", with = new { resolution = "approved" } },
            },
        }, Cancel)).StatusCode);
        var incident = (await (await client.PostAsJsonAsync("/incidents", new { title = "Odd scores", severity = "medium" }, Cancel)).ReadJsonAsync())
            .GetProperty("id").GetGuid();
        var early = await client.PostAsJsonAsync($"/incidents/{incident}/runbook/approve", new { }, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync($"/incidents/{incident}/runbook", new { runbook = "gated" }, Cancel)).StatusCode);
        await Eventually.WaitAsync(() => client.GetFromJsonAsync<JsonElement>($"/incidents/{incident}/runbook/runs", Cancel),
            r => r[0].GetProperty("status").GetString() == "waiting_approval", "the run to wait for approval");

        var reject = await client.PostAsJsonAsync($"/incidents/{incident}/runbook/reject", new { note = "not now" }, Cancel);

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        await Eventually.WaitAsync(() => client.GetFromJsonAsync<JsonElement>($"/incidents/{incident}", Cancel),
            i => i.GetProperty("status").GetString() == "resolved", "the failure route to run and resolve");
        var timeline = (await client.GetFromJsonAsync<JsonElement>($"/incidents/{incident}/timeline", Cancel)).EnumerateArray()
            .Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["opened", "runbook_started", "approval_requested", "rejected", "step_failed", "notify", "step_succeeded", "resolved", "step_succeeded",
            "runbook_succeeded"], timeline);
    }

    [Theory]
    [InlineData("{\"name\":\"r\",\"steps\":[{\"id\":\"a\",\"type\":\"reboot\"}]}", "steps[0].type")]
    [InlineData("{\"name\":\"r\",\"steps\":[{\"id\":\"a\",\"type\":\"rollback\"}]}", "steps[0].with.model")]
    [InlineData("{\"name\":\"r\",\"steps\":[{\"id\":\"a\",\"type\":\"wait\",\"with\":{\"duration\":\"1m\"},\"next\":\"b\"},{\"id\":\"b\",\"type\":\"wait\",\"with\":{\"duration\":\"1m\"},\"next\":\"a\"}]}", "steps")]
    [InlineData("{\"name\":\"r\",\"steps\":[{\"id\":\"a\",\"type\":\"wait\",\"with\":{\"duration\":\"1m\"},\"onFailure\":\"zzz\"}]}", "steps[0].onFailure")]
    [InlineData("{\"name\":\"r\",\"steps\":[{\"id\":\"a\",\"type\":\"approval\",\"with\":{\"prompt\":\"ok?\"}}]}", "steps[0].timeout")]
    [InlineData("{\"name\":\"r\",\"steps\":[]}", "steps")]
    [InlineData("{\"name\":\"r\",\"steps\":[{\"id\":\"a\",\"type\":\"wait_for\",\"with\":{\"condition\":\"sunny\"}}]}", "steps[0].with.condition")]
    public async Task Put_InvalidRunbook_Returns400NamingTheProblem(string body, string field)
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());

        var response = await client.PutAsync("/runbooks/r", new StringContent(body, Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(field + ":", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Put_RunbookAsYaml_StoredLikeItsJson_BadYamlNamesTheLine()
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());
        const string yaml = """
            name: canary-off
            steps:
              - id: stop
                type: set_traffic
                with: {model: credit, canaryPercent: 0, shadow: false}
                retries: 2
              - id: done
                type: resolve
                with:
                  resolution: Canary stopped
            """;

        var stored = await client.PutAsync("/runbooks/canary-off", new StringContent(yaml, Encoding.UTF8, "application/yaml"), Cancel);
        var broken = await client.PutAsync("/runbooks/canary-off", new StringContent("name: x\nsteps: [\n", Encoding.UTF8, "application/yaml"), Cancel);

        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        var definition = (await stored.ReadJsonAsync()).GetProperty("definition");
        Assert.Equal(2, definition.GetProperty("steps")[0].GetProperty("retries").GetInt32());
        Assert.Equal(0, definition.GetProperty("steps")[0].GetProperty("with").GetProperty("canaryPercent").GetInt32());
        Assert.False(definition.GetProperty("steps")[0].GetProperty("with").GetProperty("shadow").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.StartsWith("body: not valid YAML at line", (await broken.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Put_RunbookWithACycle_NamesTheCycle()
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());
        var body = "{\"name\":\"r\",\"steps\":[{\"id\":\"a\",\"type\":\"wait\",\"with\":{\"duration\":\"1m\"}},"
            + "{\"id\":\"b\",\"type\":\"wait\",\"with\":{\"duration\":\"1m\"},\"next\":\"a\"}]}";

        var response = await client.PutAsync("/runbooks/r", new StringContent(body, Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal("steps: a → b → a forms a cycle; a runbook must end.", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Rule_NamingAnUnknownRunbook_Returns400()
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());

        var response = await client.PutAsJsonAsync("/rules/r", new { name = "r", runbook = "ghost" }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("runbook:", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    private static async Task PutValidatedRollbackAsync(HttpClient client, string verifyTimeout)
    {
        var runbook = await client.PutAsJsonAsync("/runbooks/rollback-credit", new
        {
            name = "rollback-credit",
            steps = new object[]
            {
                new { id = "rollback", type = "rollback", with = new { model = "credit" }, timeout = "1m" },
                new { id = "verify", type = "wait_for", with = new { condition = "drift_clean", model = "credit" }, timeout = verifyTimeout },
                new { id = "resolve", type = "resolve", with = new { resolution = "Rolled back and verified" } },
            },
        }, Cancel);
        Assert.Equal(HttpStatusCode.OK, runbook.StatusCode);
        var rule = await client.PutAsJsonAsync("/rules/drift-rollback", new
        {
            name = "drift-rollback", match = new { eventTypes = new[] { "DriftDetected" } }, runbook = "rollback-credit",
        }, Cancel);
        Assert.Equal(HttpStatusCode.OK, rule.StatusCode);
    }

    private static Task<JsonElement> VerifyingAsync(HttpClient client, Guid incident) =>
        Eventually.WaitAsync(() => client.GetFromJsonAsync<JsonElement>($"/incidents/{incident}/runbook/runs", Cancel),
            r => r[0].GetProperty("stepId").GetString() == "verify", "the run to reach its verify step");

    private static async Task<Guid> ActiveIncidentAsync(HttpClient client) =>
        (await Eventually.WaitAsync(async () => (await client.GetFromJsonAsync<JsonElement>("/incidents?status=active", Cancel)).GetProperty("items"),
            items => items.GetArrayLength() == 1, "the drift incident")).EnumerateArray().Single().GetProperty("id").GetGuid();

    private static DriftDetected Drift(string tenant) => new()
    {
        TenantId = tenant, ModelName = "credit", Version = 3, Severity = "high", ShareDrifted = 0.5, Features = [new FeatureDrift("income", "psi", 0.4, 0.2)],
    };
}
