using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using MlOps.Incident.Alerts;
using MlOps.Services.FunctionalTests.Infrastructure;
using MlOps.TestSupport;
using Npgsql;

namespace MlOps.Services.FunctionalTests.Incident;

[Collection(ServicesCollection.Name)]
public sealed class AlertIntakeTests(ServicesFixture services)
{
    private IServiceUnderTest Incident => services["incident"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenericAlert_SameKeyThreeTimesThenResolved_OneIncidentCountedThenResolved()
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());
        var alert = new { title = "Queue backlog", severity = "medium", source = "billing", dedupKey = "backlog" };

        var first = await client.PostAsJsonAsync("/v1/alerts", alert, Cancel);
        var second = await (await client.PostAsJsonAsync("/v1/alerts", alert with { severity = "high" }, Cancel)).ReadJsonAsync();
        await client.PostAsJsonAsync("/v1/alerts", alert, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var opened = await first.ReadJsonAsync();
        Assert.Equal("opened", opened.GetProperty("result").GetString());
        Assert.Equal("grouped", second.GetProperty("result").GetString());
        var id = opened.GetProperty("incidentId").GetGuid();
        Assert.Equal(id, second.GetProperty("incidentId").GetGuid());
        var incident = await client.GetFromJsonAsync<JsonElement>($"/incidents/{id}", Cancel);
        Assert.Equal(3, incident.GetProperty("alertCount").GetInt64());
        // A worse alert raises the incident's severity; a milder one does not lower it.
        Assert.Equal("high", incident.GetProperty("severity").GetString());
        Assert.Equal("open", incident.GetProperty("status").GetString());

        var resolved = await (await client.PostAsJsonAsync("/v1/alerts", new { alert.title, alert.severity, alert.source, alert.dedupKey, status = "resolved" }, Cancel))
            .ReadJsonAsync();

        Assert.Equal("resolved", resolved.GetProperty("result").GetString());
        Assert.Equal("resolved", (await client.GetFromJsonAsync<JsonElement>($"/incidents/{id}", Cancel)).GetProperty("status").GetString());
        var timeline = await client.GetFromJsonAsync<JsonElement>($"/incidents/{id}/timeline", Cancel);
        Assert.Equal(["opened", "alert_resolved", "resolved"], timeline.EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToArray());
        Assert.Equal("source:billing", timeline[0].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Alertmanager_TwoFiringThenOneResolved_TwoIncidentsAndOnlyItsOwnResolves()
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());

        var firing = await client.PostAsync("/v1/alerts/alertmanager", Json(Alertmanager("firing", ("a1", "HighLatency", "critical"), ("b2", "DiskFull", "warning"))), Cancel);
        var resolved = await client.PostAsync("/v1/alerts/alertmanager", Json(Alertmanager("resolved", ("a1", "HighLatency", "critical"))), Cancel);

        Assert.Equal(HttpStatusCode.OK, firing.StatusCode);
        var outcomes = (await firing.ReadJsonAsync()).GetProperty("alerts");
        Assert.All(outcomes.EnumerateArray(), o => Assert.Equal("opened", o.GetProperty("result").GetString()));
        var latency = outcomes[0].GetProperty("incidentId").GetGuid();
        var disk = outcomes[1].GetProperty("incidentId").GetGuid();
        Assert.Equal("resolved", (await resolved.ReadJsonAsync()).GetProperty("alerts")[0].GetProperty("result").GetString());
        var latencyIncident = await client.GetFromJsonAsync<JsonElement>($"/incidents/{latency}", Cancel);
        var diskIncident = await client.GetFromJsonAsync<JsonElement>($"/incidents/{disk}", Cancel);
        Assert.Equal("resolved", latencyIncident.GetProperty("status").GetString());
        Assert.Equal("critical", latencyIncident.GetProperty("severity").GetString());
        Assert.Equal("HighLatency: HighLatency is failing", latencyIncident.GetProperty("title").GetString());
        Assert.Equal("open", diskIncident.GetProperty("status").GetString());
        Assert.Equal("medium", diskIncident.GetProperty("severity").GetString());
    }

    [Fact]
    public async Task Rule_GroupsAlertmanagerAlertsByName_IncidentResolvesOnlyWhenTheLastOneDoes()
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());
        var rule = await client.PutAsJsonAsync("/rules/by-name", new
        {
            name = "by-name", match = new { eventTypes = new[] { "alertmanager" } }, dedupKey = "{{labels.alertname}}",
            severityMap = new Dictionary<string, string> { ["warning"] = "high" },
        }, Cancel);
        Assert.Equal(HttpStatusCode.OK, rule.StatusCode);

        var firing = await (await client.PostAsync("/v1/alerts/alertmanager", Json(Alertmanager("firing", ("f1", "PodCrash", "warning"), ("f2", "PodCrash", "warning"))), Cancel))
            .ReadJsonAsync();
        var incident = firing.GetProperty("alerts")[0].GetProperty("incidentId").GetGuid();
        var firstResolved = await (await client.PostAsync("/v1/alerts/alertmanager", Json(Alertmanager("resolved", ("f1", "PodCrash", "warning"))), Cancel)).ReadJsonAsync();
        var afterFirst = await client.GetFromJsonAsync<JsonElement>($"/incidents/{incident}", Cancel);
        var lastResolved = await (await client.PostAsync("/v1/alerts/alertmanager", Json(Alertmanager("resolved", ("f2", "PodCrash", "warning"))), Cancel)).ReadJsonAsync();

        Assert.Equal(["opened", "grouped"], firing.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("result").GetString()).ToArray());
        Assert.Equal(incident, firing.GetProperty("alerts")[1].GetProperty("incidentId").GetGuid());
        Assert.Equal("high", afterFirst.GetProperty("severity").GetString());
        Assert.Equal("by-name@1", afterFirst.GetProperty("rule").GetString());
        Assert.Equal("recorded", firstResolved.GetProperty("alerts")[0].GetProperty("result").GetString());
        Assert.Equal("open", afterFirst.GetProperty("status").GetString());
        Assert.Equal("resolved", lastResolved.GetProperty("alerts")[0].GetProperty("result").GetString());
    }

    [Fact]
    public async Task Rule_MaintenanceWindowNow_AlertSuppressedAndNoIncident()
    {
        var tenant = HttpExtensions.NewTenant();
        using var client = Incident.CreateClient().ForTenant(tenant);
        await client.PutAsJsonAsync("/rules/quiet-deploy", new
        {
            name = "quiet-deploy", match = new { sources = new[] { "deployer" } },
            maintenance = new[] { new { start = DateTimeOffset.UtcNow.AddMinutes(-5), end = DateTimeOffset.UtcNow.AddMinutes(30), reason = "release" } },
        }, Cancel);

        var outcome = await (await client.PostAsJsonAsync("/v1/alerts", new { title = "Restarting", severity = "high", source = "deployer" }, Cancel)).ReadJsonAsync();

        Assert.Equal("suppressed", outcome.GetProperty("result").GetString());
        Assert.Equal(0, await CountIncidentsAsync(tenant));
    }

    [Fact]
    public async Task Rule_AfterQuiet_IncidentResolvesWhenNoAlertArrivesForThatLong()
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());
        await client.PutAsJsonAsync("/rules/flappy", new { name = "flappy", match = new { }, autoResolve = new { afterQuiet = "1s" } }, Cancel);

        var opened = await (await client.PostAsJsonAsync("/v1/alerts", new { title = "Blip", severity = "low", source = "probe" }, Cancel)).ReadJsonAsync();
        var id = opened.GetProperty("incidentId").GetGuid();

        var incident = await Eventually.WaitAsync(() => client.GetFromJsonAsync<JsonElement>($"/incidents/{id}", Cancel),
            i => i.GetProperty("status").GetString() == "resolved", "the quiet incident to resolve");
        Assert.StartsWith("No alert for 00:00:01", incident.GetProperty("resolution").GetString());
    }

    [Fact]
    public async Task Rule_ReopenWindow_FiringSoonAfterResolutionReopensTheSameIncident()
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());
        await client.PutAsJsonAsync("/rules/sticky", new { name = "sticky", match = new { }, reopenWindow = "10m" }, Cancel);
        var alert = new { title = "Flapping", severity = "low", source = "probe", dedupKey = "flap", status = "firing" };
        var id = (await (await client.PostAsJsonAsync("/v1/alerts", alert, Cancel)).ReadJsonAsync()).GetProperty("incidentId").GetGuid();
        await client.PostAsJsonAsync("/v1/alerts", alert with { status = "resolved" }, Cancel);

        var again = await (await client.PostAsJsonAsync("/v1/alerts", alert, Cancel)).ReadJsonAsync();

        Assert.Equal("reopened", again.GetProperty("result").GetString());
        Assert.Equal(id, again.GetProperty("incidentId").GetGuid());
        Assert.Equal("open", (await client.GetFromJsonAsync<JsonElement>($"/incidents/{id}", Cancel)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ConcurrentAlerts_OneKeyAcrossTwoReplicas_ExactlyOneIncidentWithEveryAlertCounted()
    {
        var tenant = HttpExtensions.NewTenant();
        var database = new NpgsqlConnectionStringBuilder(Incident.ConnectionString).Database!;
        await using var replica = new ServiceFactory<MlOps.Incident.Model.IncidentResponse>("incidentdb",
            new Dictionary<string, string> { ["MlOps:Incident:ShippedDefinitionsTenants"] = "shipped-*" }, databaseName: database);
        using var one = Incident.CreateClient().ForTenant(tenant);
        using var two = replica.CreateClient().ForTenant(tenant);
        const int alerts = 300;

        var answers = await Task.WhenAll(Enumerable.Range(0, alerts).Select(i =>
            (i % 2 == 0 ? one : two).PostAsJsonAsync("/v1/alerts", new { title = "Storm", severity = "high", source = "load", dedupKey = "storm" }, Cancel)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        await using var connection = new NpgsqlConnection(Incident.ConnectionString);
        var counts = (await connection.QueryAsync<long>("SELECT alert_count FROM incidents WHERE tenant_id = @tenant", new { tenant })).ToList();
        Assert.Equal(alerts, Assert.Single(counts));
    }

    [Theory]
    [InlineData("{\"version\":\"3\",\"alerts\":[]}", "version")]
    [InlineData("{\"version\":\"4\",\"alerts\":[]}", "alerts")]
    [InlineData("{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"labels\":{}}]}", "alerts[0].fingerprint")]
    [InlineData("{\"version\":\"4\",\"alerts\":[{\"status\":\"burning\",\"fingerprint\":\"x\"}]}", "alerts[0].status")]
    [InlineData("{\"version\":\"4\"}", "alerts")]
    [InlineData("{\"version\":\"4\",\"alerts\":[null]}", "alerts[0]")]
    [InlineData("{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"fingerprint\":\"x\",\"labels\":{\"\":\"v\"}}]}", "alerts[0].labels")]
    [InlineData("{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"fingerprint\":\"x\",\"annotations\":{\"a\":null}}]}", "alerts[0].annotations")]
    public async Task Alertmanager_MalformedPayload_Returns400NamingTheFieldAndOpensNothing(string body, string field)
    {
        var tenant = HttpExtensions.NewTenant();
        using var client = Incident.CreateClient().ForTenant(tenant);

        var response = await client.PostAsync("/v1/alerts/alertmanager", Json(body), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.StartsWith(field + ":", problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, await CountIncidentsAsync(tenant));
    }

    [Fact]
    public async Task Alertmanager_TooManyAlerts_Returns400NamingTheLimitAndOpensNothing()
    {
        var tenant = HttpExtensions.NewTenant();
        using var client = Incident.CreateClient().ForTenant(tenant);
        var alerts = Enumerable.Range(0, AlertLimits.MaxAlertmanagerAlerts + 1).Select(i => ($"fp-{i}", "TooMany", "warning")).ToArray();

        var response = await client.PostAsync("/v1/alerts/alertmanager", Json(Alertmanager("firing", alerts)), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("max_alerts", Assert.Single((await response.ReadJsonAsync()).GetProperty("errors").GetProperty("alerts").EnumerateArray()).GetString());
        Assert.Equal(0, await CountIncidentsAsync(tenant));
    }

    [Fact]
    public async Task Alertmanager_LabelThatIsNotAString_Returns400ProblemDetails()
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());

        var response = await client.PostAsync("/v1/alerts/alertmanager",
            Json("{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"fingerprint\":\"x\",\"labels\":{\"n\":5}}]}"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("{\"title\":\"x\",\"severity\":\"dire\",\"source\":\"s\"}", "severity")]
    [InlineData("{\"title\":\"x\",\"severity\":\"low\",\"source\":\"bad source!\"}", "source")]
    [InlineData("{\"title\":\"x\",\"severity\":\"low\",\"source\":\"s\",\"status\":\"gone\"}", "status")]
    public async Task GenericAlert_InvalidField_Returns400NamingTheField(string body, string field)
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());

        var response = await client.PostAsync("/v1/alerts", Json(body), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("{\"title\":\"x\",\"severity\":\"low\",\"source\":\"s\",\"links\":[{\"href\":\"javascript:alert(1)\"}]}", "links[0].href")]
    [InlineData("{\"title\":\"x\",\"severity\":\"low\",\"source\":\"s\",\"labels\":{\"\":\"v\"}}", "labels")]
    [InlineData("{\"title\":\"x\",\"severity\":\"low\",\"source\":\"s\",\"labels\":{\"team\":null}}", "labels")]
    [InlineData("{\"title\":\"x\",\"severity\":\"low\",\"source\":\"s\",\"links\":[null]}", "links[0].href")]
    public async Task GenericAlert_BadLinkOrLabel_Returns400NamingIt(string body, string field)
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());

        var response = await client.PostAsync("/v1/alerts", Json(body), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.StartsWith(field + ":", problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task GenericAlert_SeveralBadLinks_Returns400NamingEach()
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());
        var body = new
        {
            title = "x", severity = "low", source = "s",
            links = new object[] { new { href = "ftp://files.example/x" }, new { href = "https://ok.example", text = new string('t', 201) } },
        };

        var response = await client.PostAsync("/v1/alerts", Json(body), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.Equal(["links[0].href", "links[1].text"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GenericAlert_TooManyLinksOrLabels_Returns400NamingTheField()
    {
        using var client = Incident.CreateClient().ForTenant(HttpExtensions.NewTenant());
        var links = Enumerable.Range(0, AlertLimits.MaxLinks + 1).Select(i => new { href = $"https://runbooks.example/{i}" });
        var labels = Enumerable.Range(0, AlertLimits.MaxLabels + 1).ToDictionary(i => $"l{i}", i => "v");

        var tooManyLinks = await client.PostAsync("/v1/alerts", Json(new { title = "x", severity = "low", source = "s", links }), Cancel);
        var tooManyLabels = await client.PostAsync("/v1/alerts", Json(new { title = "x", severity = "low", source = "s", labels }), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, tooManyLinks.StatusCode);
        Assert.True((await tooManyLinks.ReadJsonAsync()).GetProperty("errors").TryGetProperty("links", out _));
        Assert.Equal(HttpStatusCode.BadRequest, tooManyLabels.StatusCode);
        Assert.True((await tooManyLabels.ReadJsonAsync()).GetProperty("errors").TryGetProperty("labels", out _));
    }

    private async Task<int> CountIncidentsAsync(string tenant)
    {
        await using var connection = new NpgsqlConnection(Incident.ConnectionString);
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM incidents WHERE tenant_id = @tenant", new { tenant });
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static StringContent Json(object body) => Json(JsonSerializer.Serialize(body));

    private static object Alertmanager(string status, params (string Fingerprint, string Name, string Severity)[] alerts) => new
    {
        version = "4", groupKey = "{}:{}", status, receiver = "mlops", externalURL = "http://alertmanager.example:9093",
        groupLabels = new { }, commonLabels = new { }, commonAnnotations = new { }, truncatedAlerts = 0,
        alerts = alerts.Select(a => new
        {
            status, fingerprint = a.Fingerprint, labels = new Dictionary<string, string> { ["alertname"] = a.Name, ["severity"] = a.Severity },
            annotations = new Dictionary<string, string> { ["summary"] = $"{a.Name} is failing" },
            startsAt = "2026-12-02T10:00:00Z", endsAt = status == "resolved" ? "2026-12-02T10:05:00Z" : "0001-01-01T00:00:00Z",
            generatorURL = "http://prometheus.example:9090/graph",
        }),
    };
}
