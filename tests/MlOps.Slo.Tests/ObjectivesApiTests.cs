using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlOps.Slo.Tests;

/// <summary>The objectives API: validation naming the field, versions, scopes, the rule file following every change.</summary>
[Collection(SloStackCollection.Name)]
public sealed class ObjectivesApiTests(SloStack stack)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> BadObjectives => new()
    {
        { """{"name":"a","kind":"uptime","model":"m","target":99}""", "kind: one of availability, latency, freshness, not 'uptime'." },
        { """{"name":"a","kind":"availability","target":99}""", "model: required for availability objectives" },
        { """{"name":"a","kind":"availability","model":"m","target":100}""", "target: the percent of good events, above 0 and below 100" },
        { """{"name":"a","kind":"availability","model":"m","target":0}""", "target: the percent of good events" },
        { """{"name":"a","kind":"availability","model":"m","target":99,"window":"30s"}""", "window: a duration from 1m to 365d" },
        { """{"name":"a","kind":"availability","model":"m","target":99,"window":"month"}""", "window: a duration from 1m to 365d such as 30d, 7d or 2h; 'month' is not." },
        { """{"name":"a","kind":"availability","model":"m","target":99,"thresholdMs":250}""", "thresholdMs: only for latency objectives." },
        { """{"name":"a","kind":"latency","model":"m","target":99}""", "thresholdMs: required for latency objectives, one of the latency histogram's bounds: 5, 10, 25" },
        { """{"name":"a","kind":"latency","model":"m","target":99,"thresholdMs":240}""", "thresholdMs: required for latency objectives" },
        { """{"name":"a","kind":"freshness","dataset":"orders","target":99}""", "maxAge: required for freshness objectives, a duration such as 30m, 6h or 1d; '' is not." },
        { """{"name":"a","kind":"freshness","maxAge":"6h","target":99}""", "dataset: required for freshness objectives" },
        { """{"name":"a","kind":"freshness","dataset":"orders","maxAge":"6h","model":"m","target":99}""", "model: not for freshness objectives." },
        { """{"name":"a","kind":"availability","model":"m\"}) or vector(1","target":99}""", "model: required for availability objectives: the served model's name" },
        { """{"name":"b","kind":"availability","model":"m","target":99}""", "name: the body names 'b' but the route names 'a'." },
    };

    [Theory]
    [MemberData(nameof(BadObjectives))]
    public async Task Put_BadObjective_Returns400NamingTheField(string body, string expected)
    {
        using var client = stack.IncidentClient(NewTenant(), "incident:write");

        var response = await client.PutAsync("/slos/a", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.StartsWith(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_NameNotAResourceName_Returns400()
    {
        using var client = stack.IncidentClient(NewTenant(), "incident:write");

        var response = await client.PutAsJsonAsync("/slos/Bad Name", new { name = "Bad Name", kind = "availability", model = "m", target = 99 }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("name: 1–64 characters", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PutGetDelete_Objective_VersionedAndItsRuleFileFollows()
    {
        var tenant = NewTenant();
        using var client = stack.IncidentClient(tenant, "incident:read", "incident:write");
        var file = Path.Combine(stack.RulesDirectory, $"mlops-slo-{tenant}.yml");

        var first = await client.PutAsJsonAsync("/slos/orders-fresh", new { name = "orders-fresh", kind = "freshness", dataset = "orders", maxAge = "6h", target = 99.5 }, Cancel);
        var second = await client.PutAsJsonAsync("/slos/orders-fresh", new { name = "orders-fresh", kind = "freshness", dataset = "orders", maxAge = "2h", target = 99.5 }, Cancel);
        var got = await client.GetFromJsonAsync<JsonElement>("/slos/orders-fresh", Cancel);
        var listed = await client.GetFromJsonAsync<JsonElement>("/slos", Cancel);
        var rules = await File.ReadAllTextAsync(file, Cancel);
        var deleted = await client.DeleteAsync("/slos/orders-fresh", Cancel);
        var gone = await client.GetAsync("/slos/orders-fresh", Cancel);
        var versions = await client.GetFromJsonAsync<JsonElement>("/slos/orders-fresh/versions", Cancel);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, (await second.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("version").GetInt32());
        Assert.Equal(2, got.GetProperty("version").GetInt32());
        Assert.Equal("2h", got.GetProperty("definition").GetProperty("maxAge").GetString());
        Assert.Equal("30d", got.GetProperty("definition").GetProperty("window").GetString());
        // No load was ever seen: the dataset counts as stale, so the windows fill with ones as Prometheus evaluates.
        Assert.Equal(4, got.GetProperty("burn").GetProperty("windows").GetArrayLength());
        Assert.Single(listed.EnumerateArray());
        // 2h in seconds, the second version's age.
        Assert.Contains("> bool 7200", rules, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal([3, 2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Put_WithReadScopeOnly_Returns403NamingTheScope()
    {
        using var client = stack.IncidentClient(NewTenant(), "incident:read");

        var response = await client.PutAsJsonAsync("/slos/a", new { name = "a", kind = "availability", model = "m", target = 99 }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("'incident:write'", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Get_AnotherTenantsObjective_Returns404()
    {
        using var owner = stack.IncidentClient(NewTenant(), "incident:write");
        using var other = stack.IncidentClient(NewTenant(), "incident:read");
        await owner.PutAsJsonAsync("/slos/private", new { name = "private", kind = "availability", model = "m", target = 99 }, Cancel);

        var response = await other.GetAsync("/slos/private", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_PrometheusDown_Returns503NamingPrometheus()
    {
        var closed = MonitoringServer.FreePort();
        await using var incident = new ServiceFactory<MlOps.Incident.Model.IncidentResponse>("incidentdb", new Dictionary<string, string>
        {
            ["MlOps:Incident:Slo:PrometheusUrl"] = $"http://127.0.0.1:{closed}",
            ["MlOps:Incident:Slo:QueryTimeout"] = "00:00:02",
        }, virtualHost: "slo");
        using var client = incident.CreateClient().Authorize(NewTenant(), "incident:read", "incident:write");
        var put = await client.PutAsJsonAsync("/slos/a", new { name = "a", kind = "availability", model = "m", target = 99 }, Cancel);

        var one = await client.GetAsync("/slos/a", Cancel);
        var all = await client.GetAsync("/slos", Cancel);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        foreach (var response in new[] { one, all })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
            Assert.Equal("Prometheus unavailable", problem.GetProperty("title").GetString());
            Assert.Contains($"Prometheus at http://127.0.0.1:{closed}/ did not answer", problem.GetProperty("detail").GetString());
        }
    }

    private static string NewTenant() => "slo-" + Guid.NewGuid().ToString("N")[..10];
}
