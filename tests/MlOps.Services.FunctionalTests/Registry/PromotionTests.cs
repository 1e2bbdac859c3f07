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

    private static Task<HttpResponseMessage> PromoteAsync(HttpClient client, string model, int version, string query = "") =>
        client.PutAsJsonAsync($"/models/{model}/aliases/champion{query}", new { version }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Champion_CandidateBelowThresholdWorseThanChampionAndIncompatible_Returns422NamingEachFailedCheck()
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
        var failed = problem.GetProperty("checks").EnumerateArray().Where(c => !c.GetProperty("passed").GetBoolean()).Count();
        Assert.Equal(3, failed);
        Assert.Equal(1, (await (await client.GetAsync($"/models/{model}/aliases/champion", TestContext.Current.CancellationToken)).ReadJsonAsync()).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Champion_GateFailedOverride_NeedsAdminAndIsAudited()
    {
        var (client, model, tenant) = await ModelAsync((0.70, 4));
        using var owned = client;
        using var admin = fixture.Client(tenant, "admin");

        var notAdmin = await PromoteAsync(client, model, 1, "?override=true");
        var overridden = await PromoteAsync(admin, model, 1, "?override=true");

        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        var audit = (await (await admin.GetAsync("/audit?limit=500", TestContext.Current.CancellationToken)).ReadJsonAsync()).GetProperty("items").EnumerateArray().Last();
        Assert.Equal("alias.moved.gate_overridden", audit.GetProperty("action").GetString());
        Assert.Equal("key-" + tenant, audit.GetProperty("keyId").GetString());
    }

    [Fact]
    public async Task Rollback_AfterPromotions_ReturnsToLastChampionThatPassed_RepeatWithFromVersionChangesNothing()
    {
        var (client, model, tenant) = await ModelAsync((0.85, 4), (0.86, 4), (0.60, 4));
        using var owned = client;
        using var admin = fixture.Client(tenant, "admin");
        await PromoteAsync(client, model, 1);
        await PromoteAsync(client, model, 2);
        await PromoteAsync(admin, model, 3, "?override=true");

        var first = await client.PostAsJsonAsync($"/models/{model}/rollback", new { reason = "error rate up", fromVersion = 3 }, TestContext.Current.CancellationToken);
        var repeated = await client.PostAsJsonAsync($"/models/{model}/rollback", new { reason = "error rate up", fromVersion = 3 }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, (await first.ReadJsonAsync()).GetProperty("version").GetInt32());
        Assert.Equal(2, (await repeated.ReadJsonAsync()).GetProperty("version").GetInt32());
        var champion = await (await client.GetAsync($"/models/{model}/aliases/champion", TestContext.Current.CancellationToken)).ReadJsonAsync();
        Assert.Equal(2, champion.GetProperty("version").GetInt32());
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
        await PromoteAsync(client, model, 2);
        await PromoteAsync(client, model, 3);
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
