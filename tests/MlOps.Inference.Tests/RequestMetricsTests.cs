using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MlOps.ServiceDefaults.Metrics;

namespace MlOps.Inference.Tests;

/// <summary>
/// The series availability and latency objectives read, as Prometheus scrapes them from /metrics: requests by tenant, model,
/// alias and outcome, and the latency histogram with a bucket at each bound an objective may name.
/// </summary>
[Collection(ServingCollection.Name)]
public sealed partial class RequestMetricsTests(ServingFixture fixture)
{
    [Fact]
    public async Task Requests_OkBadAndUnknownModel_CountedByOutcomeWithLatencyBuckets()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        using var client = fixture.Client(tenant);

        await client.PostJsonAsync($"/v1/models/{DemoRequests.Model}:predict", new JsonObject { ["instances"] = new JsonArray(DemoRequests.Instance(1)) });
        await client.PostJsonAsync($"/v2/models/{DemoRequests.Model}/infer", DemoRequests.Oip(DemoRequests.Instance(2)));
        await client.PostJsonAsync($"/v1/models/{DemoRequests.Model}:predict", JsonNode.Parse("""{"instances":[]}""")!);
        await client.PostJsonAsync("/v1/models/no-such-model-7f3a:predict", new JsonObject { ["instances"] = new JsonArray(DemoRequests.Instance(1)) });

        var series = await Eventually.WaitAsync(ScrapeAsync, s => Value(s, SloMetrics.InferenceRequestsSeries, tenant, ("outcome", "ok")) == 2,
            "the two answered requests on /metrics");
        Assert.Equal(2, Value(series, SloMetrics.InferenceRequestsSeries, tenant, ("model", DemoRequests.Model), ("alias", "champion"), ("outcome", SloMetrics.Ok)));
        Assert.Equal(1, Value(series, SloMetrics.InferenceRequestsSeries, tenant, ("model", DemoRequests.Model), ("alias", "none"), ("outcome", SloMetrics.ClientError)));
        // An unknown name is counted under one label value, never its own series.
        Assert.Equal(1, Value(series, SloMetrics.InferenceRequestsSeries, tenant, ("model", SloMetrics.UnservedModel), ("outcome", SloMetrics.ClientError)));
        Assert.DoesNotContain(series, s => s.Labels.GetValueOrDefault("model") == "no-such-model-7f3a");
        Assert.Equal(2, Value(series, SloMetrics.InferenceDurationCount, tenant, ("model", DemoRequests.Model), ("alias", "champion")));
        // Every bound an objective may name is a bucket, written as the rules select it.
        foreach (var bound in SloMetrics.LatencyBucketsMs)
        {
            Assert.Contains(series, s => s.Name == SloMetrics.InferenceDurationBuckets && s.Labels.GetValueOrDefault("tenant") == tenant
                && s.Labels.GetValueOrDefault("alias") == "champion" && s.Labels["le"] == SloMetrics.BucketLabel(bound));
        }
    }

    private async Task<List<Series>> ScrapeAsync()
    {
        using var scraper = fixture.Inference.CreateClient();
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestIdentity.MetricsCredential);
        var text = await scraper.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        return [.. text.Split('\n').Select(line => Line().Match(line)).Where(m => m.Success).Select(m => new Series(m.Groups["name"].Value,
            Label().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value),
            double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)))];
    }

    /// <summary>The sum of the named series of the tenant whose labels include all of <paramref name="labels"/>.</summary>
    private static double Value(List<Series> series, string name, string tenant, params (string Name, string Value)[] labels) =>
        series.Where(s => s.Name == name && s.Labels.GetValueOrDefault("tenant") == tenant
            && labels.All(l => s.Labels.GetValueOrDefault(l.Name) == l.Value)).Sum(s => s.Value);

    private sealed record Series(string Name, Dictionary<string, string> Labels, double Value);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{(?<labels>.*)\} (?<value>\S+)")]
    private static partial Regex Line();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
