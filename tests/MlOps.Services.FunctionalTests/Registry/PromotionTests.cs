using System.Net;
using System.Net.Http.Json;
using MassTransit;
using MlOps.Contracts;
using MlOps.Services.FunctionalTests.Infrastructure;
using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Registry;

public sealed class PromotionTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private async Task<(HttpClient Client, string Model, string Tenant)> ModelAsync(params (double Auc, int Features)[] versions)
    {
        var name = RegistryRequests.NewModelName();
        var tenant = HttpExtensions.NewTenant();
        var client = fixture.Client(tenant, RegistryRequests.Write, RegistryRequests.Promote);
        await client.CreateModelAsync(name);
        var i = 0;
        foreach (var (auc, features) in versions)
        {
            await client.RegisterVersionAsync(name, OnnxModelBuilder.Identity(features: features, producer: $"{name}-{i++}"), new { metrics = new { auc } });
        }
        (await client.PutAsJsonAsync($"/models/{name}/policy", new
        {
            thresholds = new[] { new { metric = "auc", op = ">=", value = 0.8 } },
            maxRegression = new { auc = 0.02 },
        }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        return (client, name, tenant);
    }

    private static Task<HttpResponseMessage> PromoteAsync(HttpClient client, string model, int version) =>
        client.PutAsJsonAsync($"/models/{model}/aliases/champion", new { version }, TestContext.Current.CancellationToken);

    private static Task<HttpResponseMessage> OverrideAsync(HttpClient client, string model, int version, string reason) =>
        client.PutAsJsonAsync($"/models/{model}/aliases/champion", new { version, @override = new { reason } }, TestContext.Current.CancellationToken);

    /// <summary>What a non-first champion needs besides its metrics: a load test recorded for it.</summary>
    private static async Task<HttpResponseMessage> LoadTestAndPromoteAsync(HttpClient client, string model, int version)
    {
        await client.RecordLoadTestAsync(model, version);
        return await PromoteAsync(client, model, version);
    }

    [Fact]
    public async Task Champion_CandidateBelowThresholdWorseThanChampionIncompatibleAndUntested_Returns422NamingEachFailedCheck()
    {
        var (client, model, _) = await ModelAsync((0.86, 4), (0.75, 5));
        using var owned = client;
        Assert.Equal(HttpStatusCode.OK, (await PromoteAsync(client, model, 1)).StatusCode);

        var refused = await PromoteAsync(client, model, 2);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.ReadJsonAsync();
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("auc >= 0.8 (auc is 0.75)", detail);
        Assert.Contains("auc not worse than champion v1 by more than 0.02 (candidate 0.75, champion 0.86)", detail);
        Assert.Contains("input schema compatible with the champion (input 'features' changed shape from [-1,4] to [-1,5])", detail);
        Assert.Contains("evaluation passed (thresholds not met: auc >= 0.8)", detail);
        Assert.Contains("load test recorded (no load test recorded for version 2", detail);
        var failed = problem.GetProperty("checks").EnumerateArray().Where(c => !c.GetProperty("passed").GetBoolean()).Select(c => c.GetProperty("check").GetString());
        Assert.Equal(["auc >= 0.8", "auc not worse than champion v1 by more than 0.02", "input schema compatible with the champion", "evaluation passed",
            "load test recorded"], failed);
        Assert.Equal(1, (await (await client.GetAsync($"/models/{model}/aliases/champion", TestContext.Current.CancellationToken)).ReadJsonAsync()).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Champion_GateFailedOverride_NeedsAdminAndIsAudited()
    {
        var (client, model, tenant) = await ModelAsync((0.70, 4));
        using var owned = client;
        using var admin = fixture.Client(tenant, "admin");

        var notAdmin = await OverrideAsync(client, model, 1, "launch today");
        var overridden = await OverrideAsync(admin, model, 1, "launch today");

        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        Assert.Equal("This call needs an API key with the 'admin' scope.", (await notAdmin.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        var audit = (await (await admin.GetAsync("/audit?limit=500", TestContext.Current.CancellationToken)).ReadJsonAsync()).GetProperty("items").EnumerateArray().Last();
        Assert.Equal("alias.moved.gate_overridden", audit.GetProperty("action").GetString());
        Assert.Equal("key-" + tenant, audit.GetProperty("keyId").GetString());
        var recorded = audit.GetProperty("after").GetProperty("override");
        Assert.Equal("launch today", recorded.GetProperty("reason").GetString());
        Assert.Equal(["auc >= 0.8", "evaluation passed"], recorded.GetProperty("skipped").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Rollback_AfterPromotions_ReturnsToLastChampionThatPassed_RepeatWithFromVersionChangesNothing()
    {
        var (client, model, tenant) = await ModelAsync((0.85, 4), (0.86, 4), (0.60, 4));
        using var owned = client;
        using var admin = fixture.Client(tenant, "admin");
        await PromoteAsync(client, model, 1);
        await LoadTestAndPromoteAsync(client, model, 2);
        Assert.Equal(HttpStatusCode.OK, (await OverrideAsync(admin, model, 3, "hotfix")).StatusCode);

        var first = await client.PostAsJsonAsync($"/models/{model}/rollback", new { reason = "error rate up", fromVersion = 3 }, TestContext.Current.CancellationToken);
        var repeated = await client.PostAsJsonAsync($"/models/{model}/rollback", new { reason = "error rate up", fromVersion = 3 }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, (await first.ReadJsonAsync()).GetProperty("version").GetInt32());
        Assert.Equal(2, (await repeated.ReadJsonAsync()).GetProperty("version").GetInt32());
        var champion = await (await client.GetAsync($"/models/{model}/aliases/champion", TestContext.Current.CancellationToken)).ReadJsonAsync();
        Assert.Equal(2, champion.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Rollback_ToTheFirstChampion_NeedsNoLoadTestOfIt()
    {
        var (client, model, _) = await ModelAsync((0.85, 4), (0.86, 4));
        using var owned = client;
        Assert.Equal(HttpStatusCode.OK, (await PromoteAsync(client, model, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoadTestAndPromoteAsync(client, model, 2)).StatusCode);

        var rolledBack = await client.PostAsJsonAsync($"/models/{model}/rollback", new { reason = "p99 up" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, rolledBack.StatusCode);
        Assert.Equal(1, (await rolledBack.ReadJsonAsync()).GetProperty("version").GetInt32());
        var tests = await (await client.GetAsync($"/models/{model}/versions/1/load-tests", TestContext.Current.CancellationToken)).ReadJsonAsync();
        Assert.Empty(tests.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Rollback_WithoutEarlierGoodChampion_Returns409()
    {
        var (client, model, _) = await ModelAsync((0.9, 4));
        using var owned = client;
        await PromoteAsync(client, model, 1);

        var response = await client.PostAsJsonAsync($"/models/{model}/rollback", new { reason = "why not" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task RequestRollback_DeliveredTwice_RollsBackOnce()
    {
        var (client, model, tenant) = await ModelAsync((0.85, 4), (0.86, 4), (0.87, 4));
        using var owned = client;
        await PromoteAsync(client, model, 1);
        await LoadTestAndPromoteAsync(client, model, 2);
        await LoadTestAndPromoteAsync(client, model, 3);
        await using var sender = await MessageCollector<RequestRollback>.StartAsync(TestInfrastructure.RabbitMq("functional"));
        var command = new RequestRollback { TenantId = tenant, ModelName = model, Reason = "incident 42" };

        await sender.Bus.Publish(command, context => context.MessageId = command.Id, TestContext.Current.CancellationToken);
        await sender.Bus.Publish(command, context => context.MessageId = command.Id, TestContext.Current.CancellationToken);

        await Eventually.WaitAsync(
            async () => (await (await client.GetAsync($"/models/{model}/aliases/champion", TestContext.Current.CancellationToken)).ReadJsonAsync()).GetProperty("version").GetInt32(),
            version => version != 3, "the rollback to happen");
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        var champion = await (await client.GetAsync($"/models/{model}/aliases/champion", TestContext.Current.CancellationToken)).ReadJsonAsync();
        Assert.Equal(2, champion.GetProperty("version").GetInt32());
    }
}
