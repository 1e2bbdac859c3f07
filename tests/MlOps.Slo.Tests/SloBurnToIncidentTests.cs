using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.ServiceDefaults.Identity;

namespace MlOps.Slo.Tests;

/// <summary>
/// The whole loop with real Prometheus and Alertmanager: an objective becomes rules Prometheus loads; server errors on the
/// scraped model burn the budget; the page and ticket alerts reach incident through Alertmanager and open one incident for
/// the objective's tenant; once errors stop, the alerts resolve and so does the incident.
/// </summary>
[Collection(SloStackCollection.Name)]
public sealed class SloBurnToIncidentTests(SloStack stack, ITestOutputHelper output)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AvailabilityObjective_ErrorBurstThenRecovery_OpensIncidentForTheTenantThenResolvesIt()
    {
        var tenant = stack.Target.Tenant;
        using var client = stack.IncidentClient(tenant, "incident:read", "incident:write");
        // 99% over 2h: the 1h/5m page windows become 10s/3s (3s is the floor), the 6h/30m ticket windows 60s/5s.
        var put = await client.PutAsJsonAsync("/slos/scoring-availability", new
        {
            name = "scoring-availability", kind = "availability", model = stack.Target.Model, target = 99.0, window = "2h",
        }, Cancel);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.True(File.Exists(Path.Combine(stack.RulesDirectory, $"mlops-slo-{tenant}.yml")));
        await WaitAsync(async () => (await PrometheusAsync("api/v1/rules")).Contains($"slo:{tenant}:scoring-availability", StringComparison.Ordinal),
            "Prometheus to load the objective's rule group");
        // Healthy traffic: every window records a zero error ratio, and the API shows it.
        var healthy = await WaitForBurnAsync(client, burn => burn.GetProperty("windows").EnumerateArray().All(w => w.GetProperty("errorRatio").ValueKind == JsonValueKind.Number),
            "every burn window to have a recorded error ratio");
        Assert.All(healthy.GetProperty("windows").EnumerateArray(), w => Assert.Equal(0.0, w.GetProperty("errorRatio").GetDouble()));
        Assert.Equal(1.0, healthy.GetProperty("budgetRemaining").GetDouble());
        Assert.Equal(0, stack.Target.Refused);

        // Half the requests fail: a burn rate of 50 against thresholds of 14.4 (page) and 6 (ticket).
        var burst = Stopwatch.StartNew();
        stack.Target.Fail(true);
        var incident = await WaitAsync(() => ActiveIncidentAsync(client), i => i is not null, "the burn alert to open an incident");
        var toIncident = burst.Elapsed;
        Assert.Equal("slo_burn:scoring-availability", incident!.Value.GetProperty("dedupKey").GetString());
        Assert.Equal("alertmanager", incident.Value.GetProperty("source").GetString());
        Assert.StartsWith("SloErrorBudgetBurn: SLO scoring-availability is burning its error budget", incident.Value.GetProperty("title").GetString());
        var burning = await WaitForBurnAsync(client, burn => burn.GetProperty("alerts").EnumerateArray().All(a => a.GetProperty("burning").GetBoolean()),
            "both alerts' conditions to hold");
        Assert.True(burning.GetProperty("windows")[0].GetProperty("burnRate").GetDouble() > 14.4);
        // The page alert makes it critical, whichever of page and ticket arrived first.
        var id = incident.Value.GetProperty("id").GetGuid();
        await WaitAsync(async () => (await client.GetFromJsonAsync<JsonElement>($"/incidents/{id}", Cancel)).GetProperty("severity").GetString(),
            severity => severity == "critical", "the page alert to raise the incident to critical");

        var recovery = Stopwatch.StartNew();
        stack.Target.Fail(false);
        var resolved = await WaitAsync(async () => await client.GetFromJsonAsync<JsonElement>($"/incidents/{id}", Cancel),
            i => i.GetProperty("status").GetString() == "resolved", "both alerts to resolve and resolve the incident", TimeSpan.FromSeconds(90));
        Assert.Equal("Every alert behind it resolved at alertmanager.", resolved.GetProperty("resolution").GetString());
        Report($"error burst → incident opened: {toIncident.TotalSeconds:F1} s; errors stopped → incident resolved: {recovery.Elapsed.TotalSeconds:F1} s");
        // One incident for the objective: the page and ticket alerts grouped.
        var all = await client.GetFromJsonAsync<JsonElement>("/incidents", Cancel);
        Assert.Single(all.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task SloBurnRule_RunbookWaitsForSloOk_ResolvesTheIncidentOnceTheBurnStops()
    {
        var target = stack.RunbookTarget;
        using var client = stack.IncidentClient(target.Tenant, "incident:read", "incident:write");
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/runbooks/slo-recover", new
        {
            name = "slo-recover",
            steps = new object[]
            {
                new { id = "verify", type = "wait_for", with = new { condition = "slo_ok", slo = "scoring-up" }, timeout = "2m" },
                new { id = "resolve", type = "resolve", with = new { resolution = "The objective burns under its thresholds again" } },
            },
        }, Cancel)).StatusCode);
        // The runbook, not Alertmanager's resolved notification, decides when this incident is over.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/rules/slo-burn", new
        {
            name = "slo-burn", match = new { eventTypes = new[] { "slo_burn" } }, runbook = "slo-recover", autoResolve = new { onSourceResolved = false },
        }, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/slos/scoring-up", new
        {
            name = "scoring-up", kind = "availability", model = target.Model, target = 99.0, window = "2h",
        }, Cancel)).StatusCode);
        await WaitForBurnAsync(client, burn => burn.GetProperty("windows").EnumerateArray().All(w => w.GetProperty("errorRatio").ValueKind == JsonValueKind.Number),
            "every burn window to have a recorded error ratio", "scoring-up");

        target.Fail(true);
        var incident = await WaitAsync(() => ActiveIncidentAsync(client), i => i is not null, "the burn alert to open an incident");
        var id = incident!.Value.GetProperty("id").GetGuid();
        Assert.Equal("slo-recover", incident.Value.GetProperty("runbook").GetString());
        target.Fail(false);

        var resolved = await WaitAsync(async () => await client.GetFromJsonAsync<JsonElement>($"/incidents/{id}", Cancel),
            i => i.GetProperty("status").GetString() == "resolved", "the runbook to see the objective recover and resolve", TimeSpan.FromSeconds(90));
        Assert.Equal("The objective burns under its thresholds again", resolved.GetProperty("resolution").GetString());
        var timeline = await client.GetFromJsonAsync<JsonElement>($"/incidents/{id}/timeline", Cancel);
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("summary").GetString()!.Contains("SLO scoring-up burns under both alert thresholds",
            StringComparison.Ordinal));
    }

    private async Task<JsonElement> WaitForBurnAsync(HttpClient client, Func<JsonElement, bool> done, string what, string slo = "scoring-availability") =>
        await WaitAsync(async () => (await client.GetFromJsonAsync<JsonElement>($"/slos/{slo}", Cancel)).GetProperty("burn"), done, what);

    // Where the benchmark collects its figures (docs/benchmarks.md), besides the test's own output.
    private void Report(string line)
    {
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("MLOPS_SLO_TIMINGS") is { Length: > 0 } file)
        {
            File.AppendAllText(file, line + Environment.NewLine);
        }
    }

    private static async Task<JsonElement?> ActiveIncidentAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/incidents?status=active", Cancel)).GetProperty("items").EnumerateArray()
            .Select(i => (JsonElement?)i).FirstOrDefault();

    private async Task<string> PrometheusAsync(string path)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(stack.Prometheus.Address, path), Cancel);
    }

    private Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null) =>
        Diagnosed(() => Eventually.WaitAsync(probe, done, what, timeout ?? TimeSpan.FromSeconds(60)));

    private Task<bool> WaitAsync(Func<Task<bool>> probe, string what) => WaitAsync(probe, ok => ok, what);

    // A timeout says what Prometheus and Alertmanager logged.
    private async Task<T> Diagnosed<T>(Func<Task<T>> wait)
    {
        try
        {
            return await wait();
        }
        catch (TimeoutException e)
        {
            using var http = new HttpClient();
            var alerts = await http.GetStringAsync(new Uri(stack.Prometheus.Address, "api/v1/alerts"));
            var rules = await http.GetStringAsync(new Uri(stack.Prometheus.Address, "api/v1/rules"));
            var received = await http.GetStringAsync(new Uri(stack.Alertmanager.Address, "api/v2/alerts"));
            throw new TimeoutException($"{e.Message}\nPrometheus alerts: {alerts}\nPrometheus rules: {rules}\nAlertmanager alerts: {received}"
                + $"\nPrometheus:\n{stack.Prometheus.Output}\nAlertmanager:\n{stack.Alertmanager.Output}", e);
        }
    }
}
