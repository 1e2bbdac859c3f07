using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace MlOps.Inference.Tests;

[Collection(ServingCollection.Name)]
public sealed class TrafficTests(ServingFixture fixture)
{
    [Fact]
    public async Task Promote_UnderLoad_SwapsWithoutAFailedRequest()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        var v2 = await fixture.RegisterAsync(tenant, DemoRequests.Model, fixture.DemoV2);
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var versions = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();

        var load = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            using var client = fixture.Client(tenant);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var response = await client.PostJsonAsync($"/v2/models/{DemoRequests.Model}/infer", DemoRequests.Oip(DemoRequests.Instance(worker * 1000 + i)));
                statuses.Add(response.StatusCode);
                if (response.IsSuccessStatusCode)
                {
                    versions.Add((await response.JsonAsync()).GetProperty("model_version").GetString()!);
                }
            }
        })).ToList();
        // The switch must land under load: wait until version 1 is answering, not for a fixed time.
        await Eventually.WaitAsync(() => Task.FromResult(versions.Count(v => v == "1")), n => n >= 50, "requests answered by version 1");
        await fixture.SetAliasAsync(tenant, DemoRequests.Model, "champion", v2);
        await Eventually.WaitAsync(() => Task.FromResult(versions.Count(v => v == "2")), n => n >= 200, "requests answered by version 2");
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Contains("1", versions);
        using var after = fixture.Client(tenant);
        var latest = await (await after.PostJsonAsync($"/v2/models/{DemoRequests.Model}/infer", DemoRequests.Oip(DemoRequests.Instance()))).JsonAsync();
        Assert.Equal("2", latest.GetProperty("model_version").GetString());
    }

    [Fact]
    public async Task Canary_ThirtyPercent_ChallengerAnswersAboutThatShare()
    {
        var tenant = HttpJson.NewTenant();
        await DeployChampionAndChallengerAsync(tenant);
        using var client = fixture.Client(tenant);

        var traffic = await client.PutAsync($"/deployments/{DemoRequests.Model}/traffic", Json("""{"canaryPercent":30,"shadow":false}"""), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, traffic.StatusCode);
        await WaitForTrafficAsync(client, canary: 30);
        var versions = new List<string>();
        for (var i = 0; i < 600; i++)
        {
            var response = await client.PostJsonAsync($"/v2/models/{DemoRequests.Model}/infer", DemoRequests.Oip(DemoRequests.Instance(i)));
            versions.Add(response.Headers.GetValues("X-MlOps-Model-Version").Single());
        }

        // Binomial(600, 0.3): mean 180, sd 11; the bounds are over 5 sd away.
        Assert.InRange(versions.Count(v => v == "2"), 120, 240);
        Assert.Equal(600, versions.Count(v => v is "1" or "2"));
    }

    [Fact]
    public async Task Shadow_On_MirrorsToTheChallengerAndNeverReturnsIt()
    {
        var tenant = HttpJson.NewTenant();
        await DeployChampionAndChallengerAsync(tenant);
        using var client = fixture.Client(tenant);

        await client.PutAsync($"/deployments/{DemoRequests.Model}/traffic", Json("""{"canaryPercent":0,"shadow":true}"""), TestContext.Current.CancellationToken);
        await WaitForTrafficAsync(client, canary: 0, shadow: true);
        for (var i = 0; i < 40; i++)
        {
            var response = await client.PostJsonAsync($"/v2/models/{DemoRequests.Model}/infer", DemoRequests.Oip(DemoRequests.Instance(i)));
            Assert.Equal("1", (await response.JsonAsync()).GetProperty("model_version").GetString());
        }

        var deployment = await Eventually.WaitAsync(async () => await (await client.GetAsync($"/deployments/{DemoRequests.Model}", TestContext.Current.CancellationToken)).JsonAsync(),
            d => d.GetProperty("shadow").GetProperty("compared").GetInt64() >= 40, "40 shadow comparisons");
        Assert.InRange(deployment.GetProperty("shadow").GetProperty("agreementRate").GetDouble(), 0, 1);
        await using var db = new NpgsqlConnection(fixture.Inference.ConnectionString);
        var shadowRows = await Eventually.WaitAsync(() => db.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM predictions WHERE tenant_id = @tenant AND role = 'shadow' AND version = 2", new { tenant }), n => n >= 40, "40 logged shadow rows");
        Assert.Equal(40, shadowRows);
    }

    [Theory]
    [InlineData("""{"canaryPercent":120,"shadow":false}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"canaryPercent":-1,"shadow":false}""", HttpStatusCode.BadRequest)]
    public async Task Traffic_OutOfRange_Returns400(string body, HttpStatusCode expected)
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        using var client = fixture.Client(tenant);

        var response = await client.PutAsync($"/deployments/{DemoRequests.Model}/traffic", Json(body), TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task ConcurrentRequests_AreCoalescedAndEachGetsItsOwnRows()
    {
        var tenant = HttpJson.NewTenant();
        await fixture.DeployAsync(tenant, "echo", OnnxModelBuilder.Identity("x", "y", features: 2));
        using var client = fixture.Client(tenant);

        var results = await Task.WhenAll(Enumerable.Range(0, 96).Select(async i =>
        {
            var rows = 1 + i % 3;
            var data = Enumerable.Range(0, rows * 2).Select(k => (float)(i * 100 + k)).ToArray();
            var body = JsonNode.Parse($$"""{"inputs":[{"name":"x","shape":[{{rows}},2],"datatype":"FP32","data":[{{string.Join(',', data)}}]}]}""")!;
            var response = await client.PostJsonAsync("/v2/models/echo/infer", body);
            var output = (await response.JsonAsync()).Output("y").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            return (Sent: data, Received: output);
        }));

        Assert.All(results, r => Assert.Equal(r.Sent, r.Received));
        var deployment = await (await client.GetAsync("/deployments/echo", TestContext.Current.CancellationToken)).JsonAsync();
        var batches = deployment.GetProperty("batches");
        Assert.True(deployment.GetProperty("batched").GetBoolean());
        // 32 requests each of 1, 2 and 3 rows; warm-up runs bypass the batcher.
        Assert.Equal(192, batches.GetProperty("rows").GetInt64());
        Assert.True(batches.GetProperty("runs").GetInt64() < 96, $"96 requests ran in {batches.GetProperty("runs").GetInt64()} runs");
    }

    private async Task DeployChampionAndChallengerAsync(string tenant)
    {
        await fixture.DeployAsync(tenant, DemoRequests.Model, fixture.DemoV1);
        var v2 = await fixture.RegisterAsync(tenant, DemoRequests.Model, fixture.DemoV2);
        await fixture.SetAliasAsync(tenant, DemoRequests.Model, "challenger", v2);
        await fixture.WaitServedAsync(tenant, DemoRequests.Model, v2);
    }

    private static async Task WaitForTrafficAsync(HttpClient client, double canary, bool shadow = false) =>
        await Eventually.WaitAsync(async () => await (await client.GetAsync($"/deployments/{DemoRequests.Model}", TestContext.Current.CancellationToken)).JsonAsync(),
            d => d.GetProperty("traffic").GetProperty("canaryPercent").GetDouble() == canary && d.GetProperty("traffic").GetProperty("shadow").GetBoolean() == shadow,
            "the traffic split to apply");

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
