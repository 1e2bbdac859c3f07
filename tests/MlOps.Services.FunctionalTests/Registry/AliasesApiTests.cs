using System.Net;
using System.Net.Http.Json;
using MlOps.Contracts;
using MlOps.Services.FunctionalTests.Infrastructure;
using MlOps.TestSupport;

namespace MlOps.Services.FunctionalTests.Registry;

public sealed class AliasesApiTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private async Task<(HttpClient Client, string Model)> ModelWithVersionsAsync(int versions, params string[] scopes)
    {
        var name = RegistryRequests.NewModelName();
        var client = fixture.Client(HttpExtensions.NewTenant(), [RegistryRequests.Write, .. scopes]);
        await client.CreateModelAsync(name);
        for (var i = 0; i < versions; i++)
        {
            await client.RegisterVersionAsync(name, OnnxModelBuilder.Identity(producer: $"{name}-{i}"), RegistryRequests.Evaluated);
        }
        return (client, name);
    }

    [Fact]
    public async Task Champion_MovedWithPromoteScope_ResolvesAndPublishesOldAndNewVersion()
    {
        await using var events = await MessageCollector<ModelAliasChanged>.StartAsync(TestInfrastructure.RabbitMq("functional"));
        var (client, model) = await ModelWithVersionsAsync(2, RegistryRequests.Promote);
        using var owned = client;

        var first = await client.PutAsJsonAsync($"/models/{model}/aliases/champion", new { version = 1 }, TestContext.Current.CancellationToken);
        await client.RecordLoadTestAsync(model, 2);
        var second = await client.PutAsJsonAsync($"/models/{model}/aliases/champion", new { version = 2 }, TestContext.Current.CancellationToken);
        var resolved = await client.GetAsync($"/models/{model}/aliases/champion", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"1\"", first.Headers.ETag?.Tag);
        Assert.Equal(2, (await second.ReadJsonAsync()).GetProperty("revision").GetInt64());
        var version = await resolved.ReadJsonAsync();
        Assert.Equal(2, version.GetProperty("version").GetInt32());
        Assert.Equal(["champion"], version.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("\"2\"", resolved.Headers.ETag?.Tag);
        var (_, moved) = await events.WaitForAsync(e => e.ModelName == model && e.NewVersion == 2);
        Assert.Equal(1, moved.OldVersion);
        Assert.Equal("champion", moved.Alias);
    }

    [Fact]
    public async Task Champion_WithoutPromoteScope_Returns403_OtherAliasesNeedOnlyWrite()
    {
        var (client, model) = await ModelWithVersionsAsync(1);
        using var owned = client;

        var champion = await client.PutAsJsonAsync($"/models/{model}/aliases/champion", new { version = 1 }, TestContext.Current.CancellationToken);
        var challenger = await client.PutAsJsonAsync($"/models/{model}/aliases/challenger", new { version = 1 }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, champion.StatusCode);
        Assert.Contains("registry:promote", (await champion.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, challenger.StatusCode);
    }

    [Fact]
    public async Task ConcurrentMoves_WithTheSameIfMatch_OneWinsTheOtherGets409()
    {
        var (client, model) = await ModelWithVersionsAsync(3);
        using var owned = client;
        await client.PutAsJsonAsync($"/models/{model}/aliases/challenger", new { version = 1 }, TestContext.Current.CancellationToken);

        async Task<HttpStatusCode> MoveAsync(int version)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/models/{model}/aliases/challenger") { Content = JsonContent.Create(new { version }) };
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            return (await client.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode;
        }

        var statuses = await Task.WhenAll(MoveAsync(2), MoveAsync(3));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], statuses.Order());
        var final = await (await client.GetAsync($"/models/{model}/aliases/challenger", TestContext.Current.CancellationToken)).ReadJsonAsync();
        Assert.Contains(final.GetProperty("version").GetInt32(), new[] { 2, 3 });
    }

    [Theory]
    [InlineData("Challenger")]
    [InlineData("9lives")]
    [InlineData("has.dot")]
    public async Task SetAlias_InvalidName_Returns400NamingAlias(string alias)
    {
        var (client, model) = await ModelWithVersionsAsync(1);
        using var owned = client;

        var response = await client.PutAsJsonAsync($"/models/{model}/aliases/{alias}", new { version = 1 }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty("alias", out _));
    }

    [Fact]
    public async Task SetAlias_UnknownVersion_Returns404_RemoveThenResolve404()
    {
        var (client, model) = await ModelWithVersionsAsync(1);
        using var owned = client;

        var unknown = await client.PutAsJsonAsync($"/models/{model}/aliases/staging", new { version = 5 }, TestContext.Current.CancellationToken);
        await client.PutAsJsonAsync($"/models/{model}/aliases/staging", new { version = 1 }, TestContext.Current.CancellationToken);
        var removed = await client.DeleteAsync($"/models/{model}/aliases/staging", TestContext.Current.CancellationToken);
        var resolved = await client.GetAsync($"/models/{model}/aliases/staging", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, resolved.StatusCode);
        var actions = (await (await client.GetAsync("/audit?limit=500", TestContext.Current.CancellationToken)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Equal(["model.created", "version.registered", "alias.moved", "alias.removed"], actions);
    }
}
