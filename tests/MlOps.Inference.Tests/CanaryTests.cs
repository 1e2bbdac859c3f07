using System.Net;
using Dapper;
using MlOps.Contracts;
using MlOps.ServiceDefaults.Identity;
using Npgsql;

namespace MlOps.Inference.Tests;

[Collection(ServingCollection.Name)]
public sealed class CanaryTests(ServingFixture fixture)
{
    // Latency is judged in its own tests: on a shared machine a ratio to the champion's p99 is noise at these sample sizes.
    private const string Lenient = "\"maxErrorRate\":0.01,\"maxP99Ratio\":1000";

    [Fact]
    public async Task Rollout_GoodChallenger_StepsThroughAndIsPromotedThroughTheRegistry()
    {
        await using var rig = await CanaryRig.StartAsync(fixture, OnnxModelBuilder.Identity("x", "y", features: 1, producer: "same-scores"));
        using var client = rig.Client();

        var started = await CanaryRig.StartRolloutAsync(client,
            $$"""{"steps":[50,100],"holdRequests":150,{{Lenient}},"maxP99Milliseconds":1000,"minAgreement":0.99,"maxPredictionPsi":0.3}""");
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var rolloutId = (await started.JsonAsync()).GetProperty("id").GetGuid();
        var final = await CanaryRig.DriveUntilDecidedAsync(client);

        Assert.True(final.GetProperty("status").GetString() == "promoted", final.ToString());
        var decisions = final.GetProperty("decisions").EnumerateArray().ToList();
        Assert.Equal(["advanced", "promoted"], decisions.Select(d => d.GetProperty("decision").GetString()));
        Assert.Equal(1.0, decisions[0].GetProperty("figures").GetProperty("agreement").GetDouble());
        var advanced = await rig.Events.WaitForAsync(e => e.RolloutId == rolloutId && e.Decision == CanaryDecided.Advanced);
        Assert.Equal(100, advanced.Message.TrafficPercent);
        Assert.Equal(rig.ChallengerVersion, advanced.Message.ChallengerVersion);
        Assert.Equal(rig.ChampionVersion, advanced.Message.ChampionVersion);
        Assert.True(advanced.Message.Requests >= 150);
        var promoted = await rig.Events.WaitForAsync(e => e.RolloutId == rolloutId && e.Decision == CanaryDecided.Promoted);
        Assert.Equal(rig.Tenant, promoted.Message.TenantId);
        Assert.Contains($"made version {rig.ChallengerVersion} champion", promoted.Message.Reason);

        var calls = rig.Registry.Calls.ToList();
        Assert.Equal(2, calls.Count);
        var loadTest = calls[0];
        Assert.Equal(("POST", $"/models/{CanaryRig.Model}/versions/{rig.ChallengerVersion}/load-tests"), (loadTest.Method, loadTest.Path));
        Assert.Equal("canary", loadTest.Body.GetProperty("source").GetString());
        Assert.Equal(rolloutId.ToString(), loadTest.Body.GetProperty("rolloutId").GetString());
        Assert.Equal(0, loadTest.Body.GetProperty("errorRate").GetDouble());
        Assert.True(loadTest.Body.GetProperty("p99Milliseconds").GetDouble() > 0);
        // The whole rollout's challenger requests: both judged steps, plus any a replica counted for a step after it was judged.
        var perStep = decisions.Sum(d => d.GetProperty("figures").GetProperty("requests").GetInt64());
        Assert.InRange(loadTest.Body.GetProperty("requests").GetInt64(), perStep, perStep + 100);
        Assert.Equal(("PUT", $"/models/{CanaryRig.Model}/aliases/champion"), (calls[1].Method, calls[1].Path));
        Assert.Equal(rig.ChallengerVersion, calls[1].Body.GetProperty("version").GetInt32());
        Assert.All(calls, c => Assert.Equal(("service:inference", rig.Tenant), (c.Subject, c.Tenant)));
        await WaitForTrafficAsync(client, 0, shadow: false);
        using var scraper = rig.Replicas[0].CreateClient();
        scraper.DefaultRequestHeaders.Authorization = new("Bearer", TestIdentity.MetricsCredential);
        var metrics = await scraper.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Matches(@"mlops_inference_canary_decisions_total\{[^}]*decision=""advanced""[^}]*\} 1", metrics);
        Assert.Matches(@"mlops_inference_canary_decisions_total\{[^}]*decision=""promoted""[^}]*\} 1", metrics);
    }

    [Theory]
    [InlineData("\"minAgreement\":0.9", "agreement")]
    [InlineData("\"maxPredictionPsi\":0.3", "prediction PSI")]
    public async Task Rollout_ShiftedChallenger_IsRolledBackNamingTheFailedCheck(string threshold, string check)
    {
        // Scores ×1.6: few regressor scores within the tolerance of the champion's, and a distribution moved well past PSI 0.3
        // (the good challenger's, of the same distribution, stays under it at 150 requests).
        await using var rig = await CanaryRig.StartAsync(fixture, OnnxModelBuilder.Scale(1.6f, "x", "y", features: 1));
        using var client = rig.Client();

        var started = await CanaryRig.StartRolloutAsync(client, $$"""{"steps":[50,100],"holdRequests":150,{{Lenient}},{{threshold}}}""");
        var rolloutId = (await started.JsonAsync()).GetProperty("id").GetGuid();
        var final = await CanaryRig.DriveUntilDecidedAsync(client);

        Assert.Equal("rolled_back", final.GetProperty("status").GetString());
        var decision = Assert.Single(final.GetProperty("decisions").EnumerateArray());
        Assert.StartsWith($"step 1 (50 %) failed: {check} ", decision.GetProperty("reason").GetString());
        var rolledBack = await rig.Events.WaitForAsync(e => e.RolloutId == rolloutId);
        Assert.Equal((CanaryDecided.RolledBack, 0.0), (rolledBack.Message.Decision, rolledBack.Message.TrafficPercent));
        Assert.Equal(decision.GetProperty("reason").GetString(), rolledBack.Message.Reason);
        if (check == "agreement")
        {
            // Only inputs under 1/60 score within 0.01 of the champion.
            Assert.True(rolledBack.Message.Agreement < 0.9, $"agreement {rolledBack.Message.Agreement}");
        }
        else
        {
            Assert.True(rolledBack.Message.PredictionPsi > 0.3, $"PSI {rolledBack.Message.PredictionPsi}");
        }
        Assert.Empty(rig.Registry.Calls);
        await WaitForTrafficAsync(client, 0, shadow: false);
    }

    [Fact]
    public async Task Rollout_ChallengerThatFails_IsRolledBackOnItsErrorRate()
    {
        // It takes two features; the requests carry one, which the champion accepts.
        await using var rig = await CanaryRig.StartAsync(fixture, OnnxModelBuilder.Identity("x", "y", features: 2));
        using var client = rig.Client();

        await CanaryRig.StartRolloutAsync(client, $$"""{"steps":[50,100],"holdRequests":20,{{Lenient}}}""");
        var final = await CanaryRig.DriveUntilDecidedAsync(client);

        Assert.Equal("rolled_back", final.GetProperty("status").GetString());
        var figures = final.GetProperty("decisions")[0].GetProperty("figures");
        Assert.Equal(figures.GetProperty("requests").GetInt64(), figures.GetProperty("errors").GetInt64());
        Assert.StartsWith($"step 1 (50 %) failed: error rate 1 ({figures.GetProperty("errors").GetInt64()} of ", final.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Rollout_ChallengerSlowerThanTheLimit_IsRolledBackOnItsP99()
    {
        await using var rig = await CanaryRig.StartAsync(fixture, OnnxModelBuilder.Identity("x", "y", features: 1, producer: "slow"));
        using var client = rig.Client();

        // No run takes under a microsecond: every challenger request is over this limit.
        await CanaryRig.StartRolloutAsync(client, $$"""{"steps":[50,100],"holdRequests":20,{{Lenient}},"maxP99Milliseconds":0.001}""");
        var final = await CanaryRig.DriveUntilDecidedAsync(client);

        Assert.Equal("rolled_back", final.GetProperty("status").GetString());
        Assert.Matches(@"^step 1 \(50 %\) failed: p99 [0-9.]+ ms > 0\.001 ms\.$", final.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Rollout_GateRefuses_RollsBackWithTheGatesReason()
    {
        await using var rig = await CanaryRig.StartAsync(fixture, OnnxModelBuilder.Identity("x", "y", features: 1, producer: "refused"));
        rig.Registry.GateRefusal = "Version 2 of 'echo' cannot become champion: rollback target present (no earlier champion)";
        using var client = rig.Client();

        var started = await CanaryRig.StartRolloutAsync(client, $$"""{"steps":[100],"holdRequests":20,{{Lenient}}}""");
        var rolloutId = (await started.JsonAsync()).GetProperty("id").GetGuid();
        var final = await CanaryRig.DriveUntilDecidedAsync(client);

        Assert.Equal("rolled_back", final.GetProperty("status").GetString());
        var rolledBack = await rig.Events.WaitForAsync(e => e.RolloutId == rolloutId);
        Assert.Equal(CanaryDecided.RolledBack, rolledBack.Message.Decision);
        Assert.Contains("but the registry's gate refused champion: ", rolledBack.Message.Reason);
        Assert.EndsWith($"with 422: {rig.Registry.GateRefusal}", rolledBack.Message.Reason);
        Assert.Equal(["POST", "PUT"], rig.Registry.Calls.Select(c => c.Method));
        await WaitForTrafficAsync(client, 0, shadow: false);
    }

    [Fact]
    public async Task Rollout_Abort_RollsBackAndPublishes()
    {
        await using var rig = await CanaryRig.StartAsync(fixture, OnnxModelBuilder.Identity("x", "y", features: 1, producer: "aborted"));
        using var client = rig.Client();
        var started = await CanaryRig.StartRolloutAsync(client, """{"steps":[30,100],"holdRequests":1000000}""");
        var rolloutId = (await started.JsonAsync()).GetProperty("id").GetGuid();
        await WaitForTrafficAsync(client, 30, shadow: true);

        var aborted = await client.DeleteAsync($"/deployments/{CanaryRig.Model}/rollout", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, aborted.StatusCode);
        var body = await aborted.JsonAsync();
        Assert.Equal(("aborted", 0.0), (body.GetProperty("status").GetString(), body.GetProperty("trafficPercent").GetDouble()));
        var rolledBack = await rig.Events.WaitForAsync(e => e.RolloutId == rolloutId);
        Assert.Equal(CanaryDecided.RolledBack, rolledBack.Message.Decision);
        Assert.StartsWith($"aborted by key-{rig.Tenant} at step 1 (30 %)", rolledBack.Message.Reason);
        await WaitForTrafficAsync(client, 0, shadow: false);
        var again = await client.DeleteAsync($"/deployments/{CanaryRig.Model}/rollout", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Rollout_TwoReplicas_CountIntoOneRollout()
    {
        await using var rig = await CanaryRig.StartAsync(fixture, OnnxModelBuilder.Identity("x", "y", features: 1, producer: "two-replicas"));
        using var first = rig.Client();
        using var second = await rig.AddReplicaAsync();
        var started = await CanaryRig.StartRolloutAsync(first, """{"steps":[100],"holdRequests":1000000}""");
        var rolloutId = (await started.JsonAsync()).GetProperty("id").GetGuid();
        await WaitForTrafficAsync(first, 100, shadow: true);
        await WaitForTrafficAsync(second, 100, shadow: true);
        await WaitCountingAsync(rig, rolloutId);

        // Requests until each replica's counts reached the database: then the merged figure must be their sum.
        var sent = 0;
        await Eventually.WaitAsync(async () =>
        {
            await CanaryRig.PredictAsync(first, sent++);
            await CanaryRig.PredictAsync(second, sent++);
            return await ReplicaRowsAsync(rig, rolloutId);
        }, rows => rows == 2, "both replicas' counts in rollout_counts");
        var total = await Eventually.WaitAsync(async () => (await CanaryRig.RolloutAsync(first)).GetProperty("current").GetProperty("requests").GetInt64(),
            n => n == sent, $"{sent} challenger requests counted over both replicas");
        Assert.Equal(sent, total);
        Assert.Equal(rolloutId, (await CanaryRig.RolloutAsync(second)).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Rollout_ReplicaRestartsMidRollout_ContinuesTheSameRollout()
    {
        await using var rig = await CanaryRig.StartAsync(fixture, OnnxModelBuilder.Identity("x", "y", features: 1, producer: "restart"));
        using var client = rig.Client();
        var started = await CanaryRig.StartRolloutAsync(client, $$"""{"steps":[50,100],"holdRequests":20,{{Lenient}}}""");
        var rolloutId = (await started.JsonAsync()).GetProperty("id").GetGuid();
        using (var driving = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
        {
            var drive = DriveAsync(client, driving.Token);
            await rig.Events.WaitForAsync(e => e.RolloutId == rolloutId && e.Decision == CanaryDecided.Advanced, TimeSpan.FromSeconds(60));
            await driving.CancelAsync();
            await drive;
        }

        using var restarted = await rig.RestartReplicaAsync(0);
        var final = await CanaryRig.DriveUntilDecidedAsync(restarted);

        Assert.Equal((rolloutId, "promoted"), (final.GetProperty("id").GetGuid(), final.GetProperty("status").GetString()));
        Assert.Equal(["advanced", "promoted"], final.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("decision").GetString()));
    }

    [Theory]
    [InlineData("""{"steps":[50,25]}""", "steps")]
    [InlineData("""{"steps":[0,100]}""", "steps")]
    [InlineData("""{"steps":[50,120]}""", "steps")]
    [InlineData("""{"holdRequests":0}""", "holdRequests")]
    [InlineData("""{"holdSeconds":-5}""", "holdSeconds")]
    [InlineData("""{"maxErrorRate":1.5}""", "maxErrorRate")]
    [InlineData("""{"minAgreement":-0.1}""", "minAgreement")]
    [InlineData("""{"maxP99Ratio":0}""", "maxP99Ratio")]
    [InlineData("""{"maxPredictionPsi":-1}""", "maxPredictionPsi")]
    public async Task Rollout_BadField_Returns400NamingIt(string body, string field)
    {
        var tenant = HttpJson.NewTenant();
        using var client = fixture.Client(tenant);

        var response = await client.PutAsync($"/deployments/{CanaryRig.Model}/rollout", new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.StartsWith(field + ":", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Rollout_Refusals_AreProblemDetails()
    {
        var tenant = HttpJson.NewTenant();
        using var client = fixture.Client(tenant);
        await fixture.DeployAsync(tenant, "solo", OnnxModelBuilder.Identity("x", "y", features: 1, producer: "solo-" + tenant));

        var unknown = await client.PutAsync("/deployments/nowhere/rollout", null, TestContext.Current.CancellationToken);
        var noChallenger = await client.PutAsync("/deployments/solo/rollout", null, TestContext.Current.CancellationToken);
        var none = await client.GetAsync("/deployments/solo/rollout", TestContext.Current.CancellationToken);
        using var deployOnly = fixture.Inference.CreateClient().Authorize(tenant, PlatformScopes.InferenceDeploy);
        var withoutPromote = await deployOnly.PutAsync("/deployments/solo/rollout", null, TestContext.Current.CancellationToken);
        using var reader = fixture.Inference.CreateClient().Authorize(tenant, "inference:read");
        var readOnly = await reader.PutAsync("/deployments/solo/rollout", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noChallenger.StatusCode);
        Assert.Contains("serves no challenger", (await noChallenger.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withoutPromote.StatusCode);
        Assert.Contains("registry:promote", (await withoutPromote.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
    }

    [Fact]
    public async Task Rollout_SecondWhileRunning_Returns409()
    {
        await using var rig = await CanaryRig.StartAsync(fixture, OnnxModelBuilder.Identity("x", "y", features: 1, producer: "twice"));
        using var client = rig.Client();

        var first = await CanaryRig.StartRolloutAsync(client, """{"holdRequests":1000000}""");
        var second = await CanaryRig.StartRolloutAsync(client, """{"holdRequests":1000000}""");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains((await first.JsonAsync()).GetProperty("id").GetString()!, (await second.JsonAsync()).GetProperty("detail").GetString());
        var state = await CanaryRig.RolloutAsync(client);
        Assert.Equal<double>([10, 25, 50, 100], state.GetProperty("steps").EnumerateArray().Select(s => s.GetDouble()));
    }

    private static async Task DriveAsync(HttpClient client, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            await CanaryRig.PredictAsync(client, i);
        }
    }

    private static async Task<long> ReplicaRowsAsync(CanaryRig rig, Guid rolloutId)
    {
        await using var db = new NpgsqlConnection(rig.Replicas[0].ConnectionString);
        return await db.ExecuteScalarAsync<long>("SELECT count(DISTINCT replica_id) FROM rollout_counts WHERE rollout_id = @rolloutId", new { rolloutId });
    }

    private static async Task WaitCountingAsync(CanaryRig rig, Guid rolloutId)
    {
        for (var i = 0; i < rig.Replicas.Count; i++)
        {
            using var client = rig.Client(i);
            await Eventually.WaitAsync(async () => await (await client.GetAsync($"/deployments/{CanaryRig.Model}", TestContext.Current.CancellationToken)).JsonAsync(),
                d => d.TryGetProperty("canary", out var canary) && canary.ValueKind != System.Text.Json.JsonValueKind.Null
                    && canary.GetProperty("rolloutId").GetGuid() == rolloutId, $"replica {i} counting for the rollout");
        }
    }

    private static async Task WaitForTrafficAsync(HttpClient client, double canary, bool shadow) =>
        await Eventually.WaitAsync(async () => await (await client.GetAsync($"/deployments/{CanaryRig.Model}", TestContext.Current.CancellationToken)).JsonAsync(),
            d => d.GetProperty("traffic").GetProperty("canaryPercent").GetDouble() == canary && d.GetProperty("traffic").GetProperty("shadow").GetBoolean() == shadow,
            $"the traffic split {canary} % (shadow {shadow})");
}
