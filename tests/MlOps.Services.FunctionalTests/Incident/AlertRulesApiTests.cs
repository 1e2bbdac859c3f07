using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlOps.Services.FunctionalTests.Infrastructure;
using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Incident;

[Collection(ServicesCollection.Name)]
public sealed class AlertRulesApiTests(ServicesFixture services)
{
    private IServiceUnderTest Incident => services["incident"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PutTwiceThenDelete_EachChangeIsAVersion_DeletedRuleLeavesTheListButKeepsItsVersions()
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());

        var first = await (await client.PutAsJsonAsync("/rules/drift", new { name = "drift", match = new { eventTypes = new[] { "DriftDetected" } } }, Cancel)).ReadJsonAsync();
        var second = await (await client.PutAsJsonAsync("/rules/drift", new { name = "drift", priority = 5, severity = "critical" }, Cancel)).ReadJsonAsync();
        var current = await client.GetFromJsonAsync<JsonElement>("/rules/drift", Cancel);
        var deleted = await client.DeleteAsync("/rules/drift", Cancel);
        var list = await client.GetFromJsonAsync<JsonElement>("/rules", Cancel);
        var versions = await client.GetFromJsonAsync<JsonElement>("/rules/drift/versions", Cancel);
        var getDeleted = await client.GetAsync("/rules/drift", Cancel);

        Assert.Equal(1, first.GetProperty("version").GetInt32());
        Assert.Equal(2, second.GetProperty("version").GetInt32());
        Assert.Equal(2, current.GetProperty("version").GetInt32());
        Assert.Equal("critical", current.GetProperty("definition").GetProperty("severity").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, list.GetArrayLength());
        Assert.Equal([3, 2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).ToArray());
        Assert.Equal(JsonValueKind.Null, versions[0].GetProperty("definition").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, getDeleted.StatusCode);
    }

    [Theory]
    [InlineData("{\"name\":\"r\",\"match\":{\"eventTypes\":[\"Earthquake\"]}}", "match.eventTypes[0]")]
    [InlineData("{\"name\":\"r\",\"match\":{\"any\":[{\"eventTypes\":[\"slo_burn\"]},{\"eventTypes\":[\"Earthquake\"]}]}}", "match.any[1].eventTypes[0]")]
    [InlineData("{\"name\":\"r\",\"match\":{\"any\":[{\"any\":[{\"eventTypes\":[\"slo_burn\"]}]}]}}", "match.any[0].any")]
    [InlineData("{\"name\":\"r\",\"match\":{\"hasLabels\":[\"\"]}}", "match.hasLabels")]
    [InlineData("{\"name\":\"r\",\"dedupKey\":\"{{labels.model}}-{{secret}}\"}", "dedupKey")]
    [InlineData("{\"name\":\"r\",\"severity\":\"apocalyptic\"}", "severity")]
    [InlineData("{\"name\":\"r\",\"severityMap\":{\"warning\":\"meh\"}}", "severityMap.warning")]
    [InlineData("{\"name\":\"r\",\"autoResolve\":{\"afterQuiet\":\"soon\"}}", "autoResolve.afterQuiet")]
    [InlineData("{\"name\":\"r\",\"reopenWindow\":\"-5m\"}", "reopenWindow")]
    [InlineData("{\"name\":\"r\",\"maintenance\":[{\"start\":\"2026-12-02T10:00:00Z\",\"end\":\"2026-12-02T09:00:00Z\"}]}", "maintenance[0]")]
    [InlineData("{\"name\":\"r\",\"runbook\":\"Roll Back!\"}", "runbook")]
    [InlineData("{\"name\":\"other\"}", "name")]
    public async Task Put_InvalidRule_Returns400NamingTheFieldAndStoresNothing(string body, string field)
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());

        var response = await client.PutAsync("/rules/r", new StringContent(body, Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(field + ":", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/rules/r/versions", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Rules_AreTenantScoped()
    {
        using var owner = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());
        using var stranger = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());
        await owner.PutAsJsonAsync("/rules/mine", new { name = "mine" }, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/rules/mine", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync("/rules/mine", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/rules/mine", Cancel)).StatusCode);
    }

    [Fact]
    public async Task AlertScopeOnly_CanSendAlertsButNotReadOrChangeIncidents()
    {
        var tenant = HttpExtensions.NewTenant();
        using var sender = Incident.CreateClient().Authorize(tenant, "incident:alert");

        var alert = await sender.PostAsJsonAsync("/v1/alerts", new { title = "x", severity = "low", source = "am" }, Cancel);
        var list = await sender.GetAsync("/incidents", Cancel);
        var rule = await sender.PutAsJsonAsync("/rules/r", new { name = "r" }, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, alert.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, rule.StatusCode);
    }
}
