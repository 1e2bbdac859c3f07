using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Services.FunctionalTests.Infrastructure;

namespace MlOps.Services.FunctionalTests.Registry;

/// <summary>The deployment-readiness checks of a champion move: each refusing with 422 by name, the first-champion exemption, overrides.</summary>
public sealed class ReadinessGateTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A model with versions registered with the given metrics (null: none), for a tenant whose key may write and promote.</summary>
    private async Task<(HttpClient Client, string Model, string Tenant)> ModelAsync(params object?[] metrics)
    {
        var name = RegistryRequests.NewModelName();
        var tenant = HttpExtensions.NewTenant();
        var client = fixture.Client(tenant, RegistryRequests.Write, RegistryRequests.Promote);
        await client.CreateModelAsync(name);
        for (var i = 0; i < metrics.Length; i++)
        {
            await client.RegisterVersionAsync(name, OnnxModelBuilder.Identity(producer: $"{name}-{i}"), metrics[i] is null ? null : new { metrics = metrics[i] });
        }
        return (client, name, tenant);
    }

    private static Task<HttpResponseMessage> PromoteAsync(HttpClient client, string model, int version, object? gateOverride = null) =>
        client.PutAsJsonAsync<object>($"/models/{model}/aliases/champion", gateOverride is null ? new { version } : new { version, @override = gateOverride }, Cancel);

    private static async Task<(string Detail, string[] Failed)> RefusalAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        var failed = problem.GetProperty("checks").EnumerateArray().Where(c => !c.GetProperty("passed").GetBoolean()).Select(c => c.GetProperty("check").GetString()!);
        return (problem.GetProperty("detail").GetString()!, [.. failed]);
    }

    private static async Task<List<JsonElement>> AuditAsync(HttpClient client) =>
        [.. (await (await client.GetAsync("/audit?limit=500", Cancel)).ReadJsonAsync()).GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task Champion_SecondVersionWithoutLoadTest_Returns422NamingLoadTestRecorded()
    {
        var (client, model, _) = await ModelAsync(new { auc = 0.9 }, new { auc = 0.91 });
        using var owned = client;
        Assert.Equal(HttpStatusCode.OK, (await PromoteAsync(client, model, 1)).StatusCode);

        var (detail, failed) = await RefusalAsync(await PromoteAsync(client, model, 2));
        await client.RecordLoadTestAsync(model, 2);
        var afterLoadTest = await PromoteAsync(client, model, 2);

        Assert.Equal(["load test recorded"], failed);
        Assert.Equal($"Version 2 of '{model}' cannot become champion: "
            + "load test recorded (no load test recorded for version 2; record one with POST .../versions/2/load-tests)", detail);
        Assert.Equal(HttpStatusCode.OK, afterLoadTest.StatusCode);
    }

    [Fact]
    public async Task Champion_LatestLoadTestOverThePolicyLimits_Returns422NamingTheLimit()
    {
        var (client, model, _) = await ModelAsync(new { auc = 0.9 }, new { auc = 0.91 });
        using var owned = client;
        (await client.PutAsJsonAsync($"/models/{model}/policy", new { readiness = new { maxErrorRate = 0.01, maxP99Milliseconds = 50 } }, Cancel))
            .EnsureSuccessStatusCode();
        await PromoteAsync(client, model, 1);

        await client.RecordLoadTestAsync(model, 2, errorRate: 0.05, p99Milliseconds: 20);
        var (errorDetail, errorFailed) = await RefusalAsync(await PromoteAsync(client, model, 2));
        await client.RecordLoadTestAsync(model, 2, errorRate: 0.005, p99Milliseconds: 80);
        var (p99Detail, _) = await RefusalAsync(await PromoteAsync(client, model, 2));
        await client.RecordLoadTestAsync(model, 2, errorRate: 0.005, p99Milliseconds: 30);
        var passed = await PromoteAsync(client, model, 2);

        Assert.Equal(["load test recorded"], errorFailed);
        Assert.Contains("load test recorded (load-test: 1000 requests, error rate 0.05, p99 20 ms; error rate above the policy's 0.01)", errorDetail);
        Assert.Contains("load test recorded (load-test: 1000 requests, error rate 0.005, p99 80 ms; p99 above the policy's 50 ms)", p99Detail);
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
    }

    [Fact]
    public async Task Champion_VersionWithoutEvaluationMetrics_Returns422NamingEvaluationPassed()
    {
        var (client, model, _) = await ModelAsync([null]);
        using var owned = client;

        var (detail, failed) = await RefusalAsync(await PromoteAsync(client, model, 1));

        Assert.Equal(["evaluation passed"], failed);
        Assert.Contains("evaluation passed (version 1 has no recorded evaluation metrics)", detail);
    }

    [Fact]
    public async Task Champion_OnlyEarlierChampionWasOverridden_Returns422NamingRollbackTargetPresent()
    {
        var (client, model, tenant) = await ModelAsync(null, new { auc = 0.9 });
        using var owned = client;
        using var admin = fixture.Client(tenant, "admin");
        Assert.Equal(HttpStatusCode.OK, (await PromoteAsync(admin, model, 1, new { reason = "no metrics yet, demo" })).StatusCode);
        await client.RecordLoadTestAsync(model, 2);

        var (detail, failed) = await RefusalAsync(await PromoteAsync(client, model, 2));

        Assert.Equal(["rollback target present"], failed);
        Assert.Contains("rollback target present (no earlier champion passed its gate, so a rollback would have nowhere to go)", detail);
    }

    [Fact]
    public async Task Champion_TamperedArtifact_Returns422NamingSignatureValid()
    {
        var (client, model, _) = await ModelAsync(new { auc = 0.9 });
        using var owned = client;
        var digest = (await (await client.GetAsync($"/models/{model}/versions/1", Cancel)).ReadJsonAsync()).GetProperty("artifactDigest").GetString()!;
        await File.AppendAllTextAsync(Path.Combine(fixture.ArtifactRoot, "sha256", digest[..2], digest), "tampered", Cancel);

        var (detail, failed) = await RefusalAsync(await PromoteAsync(client, model, 1));

        Assert.Equal(["signature valid"], failed);
        Assert.Contains("signature valid (the stored artifact no longer matches its digest)", detail);
    }

    [Fact]
    public async Task Champion_FirstVersion_IsExemptFromLoadTestAndRollbackTarget_AndTheExemptionIsAudited()
    {
        var (client, model, _) = await ModelAsync(new { auc = 0.9 });
        using var owned = client;

        var promoted = await PromoteAsync(client, model, 1);

        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        var audit = await AuditAsync(client);
        var exemption = audit.Single(a => a.GetProperty("action").GetString() == "gate.exempted");
        Assert.Equal($"model:{model}/version:1", exemption.GetProperty("entity").GetString());
        Assert.Equal(["load test recorded", "rollback target present"], exemption.GetProperty("after").GetProperty("exempted").EnumerateArray().Select(e => e.GetString()));
        var moved = audit.Single(a => a.GetProperty("action").GetString() == "alias.moved").GetProperty("after").GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("check").GetString()!, c => c.GetProperty("detail").GetString());
        Assert.Equal("exempt: the model's first champion", moved["load test recorded"]);
        Assert.Equal("exempt: the model's first champion", moved["rollback target present"]);
        Assert.Equal("artifact digest and signature verified", moved["signature valid"]);
    }

    [Fact]
    public async Task Champion_PolicyTurnsLoadTestOff_SecondVersionMovesWithoutOne_AndThePolicyChangeIsAudited()
    {
        var (client, model, _) = await ModelAsync(new { auc = 0.9 }, new { auc = 0.91 });
        using var owned = client;
        await PromoteAsync(client, model, 1);

        var set = await client.PutAsJsonAsync($"/models/{model}/policy", new { readiness = new { requireLoadTest = false } }, Cancel);
        var promoted = await PromoteAsync(client, model, 2);

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        var audit = await AuditAsync(client);
        var policy = audit.Single(a => a.GetProperty("action").GetString() == "policy.set").GetProperty("after").GetProperty("readiness");
        Assert.False(policy.GetProperty("requireLoadTest").GetBoolean());
        Assert.True(policy.GetProperty("requireRollbackTarget").GetBoolean());
        var check = audit.Last(a => a.GetProperty("action").GetString() == "alias.moved").GetProperty("after").GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("check").GetString() == "load test recorded");
        Assert.Equal("off by this model's policy", check.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Policy_WithoutOneSet_IsTheDefaultWithReadinessOn()
    {
        var (client, model, _) = await ModelAsync();
        using var owned = client;

        var policy = await (await client.GetAsync($"/models/{model}/policy", Cancel)).ReadJsonAsync();

        var readiness = policy.GetProperty("readiness");
        Assert.True(readiness.GetProperty("requireEvaluation").GetBoolean());
        Assert.True(readiness.GetProperty("requireLoadTest").GetBoolean());
        Assert.True(readiness.GetProperty("requireRollbackTarget").GetBoolean());
        Assert.True(policy.GetProperty("requireValidSignature").GetBoolean());
    }

    [Theory]
    [InlineData("""{"readiness":{"maxErrorRate":1.5}}""", "readiness.maxErrorRate")]
    [InlineData("""{"readiness":{"maxP99Milliseconds":0}}""", "readiness.maxP99Milliseconds")]
    public async Task Policy_BadReadinessLimit_Returns400NamingIt(string body, string field)
    {
        var (client, model, _) = await ModelAsync();
        using var owned = client;

        var response = await client.PutAsync($"/models/{model}/policy", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Override_ByAdmin_MovesChampionPastFailedChecks_AuditedWithWhoWhatAndWhy()
    {
        var (client, model, tenant) = await ModelAsync(new { auc = 0.9 }, new { auc = 0.91 });
        using var owned = client;
        using var admin = fixture.Client(tenant, "admin");
        await PromoteAsync(client, model, 1);

        var overridden = await PromoteAsync(admin, model, 2, new { reason = "canary skipped: customer outage fix" });

        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        var entry = (await AuditAsync(admin)).Last();
        Assert.Equal("alias.moved.gate_overridden", entry.GetProperty("action").GetString());
        Assert.Equal("key-" + tenant, entry.GetProperty("keyId").GetString());
        var recorded = entry.GetProperty("after").GetProperty("override");
        Assert.Equal("canary skipped: customer outage fix", recorded.GetProperty("reason").GetString());
        Assert.Equal(["load test recorded"], recorded.GetProperty("skipped").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Override_ByNonAdmin_Returns403NamingAdmin_AndChampionStays()
    {
        var (client, model, _) = await ModelAsync(new { auc = 0.9 }, new { auc = 0.91 });
        using var owned = client;
        await PromoteAsync(client, model, 1);

        var refused = await PromoteAsync(client, model, 2, new { reason = "trust me" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("This call needs an API key with the 'admin' scope.", (await refused.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(1, (await (await client.GetAsync($"/models/{model}/aliases/champion", Cancel)).ReadJsonAsync()).GetProperty("version").GetInt32());
    }

    [Theory]
    [InlineData("champion", """{"version":1,"override":{"reason":" "}}""", "", "override.reason")]
    [InlineData("champion", """{"version":1,"override":{}}""", "", "override.reason")]
    [InlineData("champion", """{"version":1,"override":{"reason":"REASON"}}""", "", "override.reason")]
    [InlineData("challenger", """{"version":1,"override":{"reason":"why"}}""", "", "override")]
    [InlineData("champion", """{"version":1}""", "?override=true", "override")]
    public async Task Override_Malformed_Returns400NamingTheField(string alias, string body, string query, string field)
    {
        var (client, model, tenant) = await ModelAsync([null]);
        using var owned = client;
        using var admin = fixture.Client(tenant, "admin");

        body = body.Replace("REASON", new string('r', 501), StringComparison.Ordinal);
        var response = await admin.PutAsync($"/models/{model}/aliases/{alias}{query}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }
}
