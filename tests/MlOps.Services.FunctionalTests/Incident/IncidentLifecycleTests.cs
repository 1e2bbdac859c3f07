using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Services.FunctionalTests.Infrastructure;
using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Incident;

[Collection(ServicesCollection.Name)]
public sealed class IncidentLifecycleTests(ServicesFixture services)
{
    private IServiceUnderTest Incident => services["incident"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lifecycle_AcknowledgeMitigateResolveReopen_EachStepOnTheTimelineWithItsActor()
    {
        var tenant = HttpExtensions.NewTenant();
        using var client = Incident.CreateClient().ForTenant(tenant);
        var id = await OpenAsync(client);

        var acknowledged = await client.PostAsJsonAsync($"/incidents/{id}/acknowledge", new { note = "looking" }, Cancel);
        await client.PutAsJsonAsync($"/incidents/{id}/assignee", new { assignee = "ana" }, Cancel);
        await client.PutAsJsonAsync($"/incidents/{id}/severity", new { severity = "critical" }, Cancel);
        await client.PostAsJsonAsync($"/incidents/{id}/notes", new { text = "Cache node 3 is down" }, Cancel);
        var mitigated = await (await client.PostAsJsonAsync($"/incidents/{id}/mitigate", new { }, Cancel)).ReadJsonAsync();
        await client.PostAsJsonAsync($"/incidents/{id}/resolve", new { resolution = "Node replaced" }, Cancel);
        var reopened = await (await client.PostAsJsonAsync($"/incidents/{id}/reopen", new { note = "back again" }, Cancel)).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        Assert.Equal("acknowledged", (await acknowledged.ReadJsonAsync()).GetProperty("status").GetString());
        Assert.Equal("mitigated", mitigated.GetProperty("status").GetString());
        Assert.Equal("ana", mitigated.GetProperty("assignee").GetString());
        Assert.Equal("critical", mitigated.GetProperty("severity").GetString());
        Assert.Equal("open", reopened.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, reopened.GetProperty("resolvedAt").ValueKind);
        var timeline = (await client.GetFromJsonAsync<JsonElement>($"/incidents/{id}/timeline", Cancel)).EnumerateArray().ToList();
        Assert.Equal(["opened", "acknowledged", "assigned", "severity", "note", "mitigated", "resolved", "open"],
            timeline.Select(e => e.GetProperty("kind").GetString()).ToArray());
        Assert.Equal("Status: acknowledged — looking", timeline[1].GetProperty("summary").GetString());
        Assert.Equal("Severity high → critical", timeline[3].GetProperty("summary").GetString());
        Assert.All(timeline, e => Assert.Equal("key-" + tenant, e.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task Transition_NotAllowedFromTheCurrentStatus_Returns409NamingTheStatus()
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());
        var id = await OpenAsync(client);
        await client.PostAsJsonAsync($"/incidents/{id}/resolve", new { resolution = "done" }, Cancel);

        var acknowledge = await client.PostAsJsonAsync($"/incidents/{id}/acknowledge", new { }, Cancel);
        var mitigate = await client.PostAsJsonAsync($"/incidents/{id}/mitigate", new { }, Cancel);

        Assert.Equal(HttpStatusCode.Conflict, acknowledge.StatusCode);
        Assert.Contains("is resolved", (await acknowledge.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, mitigate.StatusCode);
    }

    [Fact]
    public async Task Reopen_WhileAnotherIncidentHoldsItsDedupKey_Returns409()
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());
        var alert = new { title = "Down", severity = "high", source = "probe", dedupKey = "down", status = "firing" };
        var first = (await (await client.PostAsJsonAsync("/v1/alerts", alert, Cancel)).ReadJsonAsync()).GetProperty("incidentId").GetGuid();
        await client.PostAsJsonAsync("/v1/alerts", alert with { status = "resolved" }, Cancel);
        var second = (await (await client.PostAsJsonAsync("/v1/alerts", alert, Cancel)).ReadJsonAsync()).GetProperty("incidentId").GetGuid();

        var reopen = await client.PostAsJsonAsync($"/incidents/{first}/reopen", new { }, Cancel);

        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.Conflict, reopen.StatusCode);
        Assert.Equal("resolved", (await client.GetFromJsonAsync<JsonElement>($"/incidents/{first}", Cancel)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ActionsOnAnotherTenantsIncident_Return404AndChangeNothing()
    {
        using var owner = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());
        using var stranger = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());
        var id = await OpenAsync(owner);

        var answers = new[]
        {
            await stranger.PostAsJsonAsync($"/incidents/{id}/acknowledge", new { }, Cancel),
            await stranger.PutAsJsonAsync($"/incidents/{id}/assignee", new { assignee = "mallory" }, Cancel),
            await stranger.PostAsJsonAsync($"/incidents/{id}/notes", new { text = "hi" }, Cancel),
            await stranger.GetAsync($"/incidents/{id}/timeline", Cancel),
        };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NotFound, a.StatusCode));
        var incident = await owner.GetFromJsonAsync<JsonElement>($"/incidents/{id}", Cancel);
        Assert.Equal("open", incident.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("assignee").ValueKind);
    }

    [Fact]
    public async Task List_FilteredByStatusAndSeverity_ReturnsOnlyMatchingIncidents()
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());
        var low = await OpenAsync(client, "low");
        var high = await OpenAsync(client, "high");
        var resolved = await OpenAsync(client, "high");
        await client.PostAsJsonAsync($"/incidents/{resolved}/resolve", new { resolution = "ok" }, Cancel);

        var activeHigh = await client.GetFromJsonAsync<JsonElement>("/incidents?status=active&severity=high", Cancel);
        var badStatus = await client.GetAsync("/incidents?status=sleeping", Cancel);

        Assert.Equal([high], activeHigh.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToArray());
        Assert.NotEqual(low, high);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.StartsWith("status:", (await badStatus.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    private static async Task<Guid> OpenAsync(HttpClient client, string severity = "high") =>
        (await (await client.PostAsJsonAsync("/incidents", new { title = "Cache errors", severity }, Cancel)).ReadJsonAsync()).GetProperty("id").GetGuid();
}
