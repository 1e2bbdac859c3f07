using System.Net;
using System.Net.Http.Json;
using MlOps.Services.FunctionalTests.Infrastructure;
using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Registry;

public sealed class ModelsApiTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task CreateModel_WithWriteScope_Returns201WithTags_DuplicateReturns409()
    {
        var tenant = HttpExtensions.NewTenant();
        using var client = fixture.Client(tenant, RegistryRequests.Write);

        var created = await client.PostAsJsonAsync("/models", new { name = "credit-default", description = "PD model", tags = new { team = "risk" } }, TestContext.Current.CancellationToken);
        var duplicate = await client.PostAsJsonAsync("/models", new { name = "credit-default" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var model = await created.ReadJsonAsync();
        Assert.Equal("credit-default", model.GetProperty("name").GetString());
        Assert.Equal("risk", model.GetProperty("tags").GetProperty("team").GetString());
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains("credit-default", (await duplicate.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task CreateModel_WithoutWriteScope_Returns403NamingTheScope()
    {
        using var client = fixture.Client(HttpExtensions.NewTenant(), "registry:read");

        var response = await client.PostAsJsonAsync("/models", new { name = "nope" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("registry:write", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("{\"name\":\"has space\"}", "name")]
    [InlineData("{\"name\":\"-leading-dash\"}", "name")]
    [InlineData("{\"name\":\"ok\",\"tags\":{\"bad key!\":\"v\"}}", "tags")]
    [InlineData("{\"description\":\"no name\"}", "name")]
    public async Task CreateModel_InvalidField_Returns400NamingTheField(string body, string field)
    {
        using var client = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);

        var response = await client.PostAsync("/models", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task ListModels_ByPrefixTagAndAlias_ReturnsOnlyMatches_WithAliasesIncluded()
    {
        var tenant = HttpExtensions.NewTenant();
        using var client = fixture.Client(tenant, RegistryRequests.Write, RegistryRequests.Promote);
        await client.CreateModelAsync("fraud-a", new { team = "risk" });
        await client.CreateModelAsync("fraud_b", new { team = "growth" });
        await client.CreateModelAsync("churn", new { team = "risk" });
        await client.RegisterVersionAsync("churn", OnnxModelBuilder.Identity(), RegistryRequests.Evaluated);
        (await client.PutAsJsonAsync("/models/churn/aliases/champion", new { version = 1 }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        async Task<string[]> Names(string query) =>
            (await (await client.GetAsync($"/models?{query}", TestContext.Current.CancellationToken)).ReadJsonAsync())
                .GetProperty("items").EnumerateArray().Select(m => m.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["fraud-a", "fraud_b"], await Names("prefix=fraud"));
        Assert.Equal(["fraud_b"], await Names("prefix=fraud_"));
        Assert.Equal(["churn", "fraud-a"], await Names("tag=team=risk"));
        Assert.Equal(["churn", "fraud-a", "fraud_b"], await Names("tag=team"));
        Assert.Equal(["churn"], await Names("alias=champion"));
        var churn = await (await client.GetAsync("/models/churn", TestContext.Current.CancellationToken)).ReadJsonAsync();
        Assert.Equal(1, churn.GetProperty("aliases").GetProperty("champion").GetInt32());
        Assert.Equal(1, churn.GetProperty("latestVersion").GetInt32());
    }

    [Fact]
    public async Task Models_OfAnotherTenant_AreInvisible()
    {
        var name = RegistryRequests.NewModelName();
        using var owner = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        using var stranger = fixture.Client(HttpExtensions.NewTenant(), RegistryRequests.Write);
        await owner.CreateModelAsync(name);
        await owner.RegisterVersionAsync(name, OnnxModelBuilder.Identity());

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/models/{name}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/models/{name}/versions/1", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/models/{name}/versions/1/artifact", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.UploadVersionAsync(name, OnnxModelBuilder.Identity())).StatusCode);
        Assert.Empty((await (await stranger.GetAsync("/models", TestContext.Current.CancellationToken)).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        // The stranger may use the same name for a model of its own.
        await stranger.CreateModelAsync(name);
    }

    [Fact]
    public async Task UpdateModel_ChangesTagsAndIsAudited()
    {
        var tenant = HttpExtensions.NewTenant();
        using var client = fixture.Client(tenant, RegistryRequests.Write);
        await client.CreateModelAsync("audited", new { stage = "dev" });

        var response = await client.PatchAsJsonAsync("/models/audited", new { tags = new { stage = "prod" } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("prod", (await response.ReadJsonAsync()).GetProperty("tags").GetProperty("stage").GetString());
        var audit = (await (await client.GetAsync("/audit", TestContext.Current.CancellationToken)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["model.created", "model.updated"], audit.Select(a => a.GetProperty("action").GetString()));
        var update = audit[1];
        Assert.Equal("key-" + tenant, update.GetProperty("keyId").GetString());
        Assert.Equal("dev", update.GetProperty("before").GetProperty("tags").GetProperty("stage").GetString());
        Assert.Equal("prod", update.GetProperty("after").GetProperty("tags").GetProperty("stage").GetString());
    }
}
