using System.Net;
using System.Net.Http.Json;
using MlOps.Services.FunctionalTests.Infrastructure;

namespace MlOps.Services.FunctionalTests.Registry;

/// <summary>POST/GET /models/{name}/versions/{version}/load-tests: stored as sent, audited, every bad input a 400 naming its field.</summary>
public sealed class LoadTestsApiTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Client, string Model, string Tenant)> VersionAsync(params string[] scopes)
    {
        var name = RegistryRequests.NewModelName();
        var tenant = HttpExtensions.NewTenant();
        using (var writer = fixture.Client(tenant, RegistryRequests.Write))
        {
            await writer.CreateModelAsync(name);
            await writer.RegisterVersionAsync(name, OnnxModelBuilder.Identity(producer: name), RegistryRequests.Evaluated);
        }
        return (fixture.Client(tenant, scopes), name, tenant);
    }

    [Fact]
    public async Task Record_ThenList_ReturnsWhatWasSentWithWhoRecordedIt_AndIsAudited()
    {
        var (client, model, tenant) = await VersionAsync(RegistryRequests.Write);
        using var owned = client;
        var rollout = Guid.NewGuid();

        var created = await client.PostAsJsonAsync($"/models/{model}/versions/1/load-tests",
            new { source = "canary", requests = 4200, errorRate = 0.0125, p99Milliseconds = 41.5, rolloutId = rollout }, Cancel);
        var listed = await (await client.GetAsync($"/models/{model}/versions/1/load-tests", Cancel)).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var record = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(model, record.GetProperty("model").GetString());
        Assert.Equal(1, record.GetProperty("version").GetInt32());
        Assert.Equal("canary", record.GetProperty("source").GetString());
        Assert.Equal(4200, record.GetProperty("requests").GetInt64());
        Assert.Equal(0.0125, record.GetProperty("errorRate").GetDouble());
        Assert.Equal(41.5, record.GetProperty("p99Milliseconds").GetDouble());
        Assert.Equal(rollout, record.GetProperty("rolloutId").GetGuid());
        Assert.Equal("key-" + tenant, record.GetProperty("recordedBy").GetString());
        Assert.Equal($"/models/{model}/versions/1/load-tests/{record.GetProperty("id").GetGuid()}", created.Headers.Location?.OriginalString);
        var audit = (await (await client.GetAsync("/audit?limit=500", Cancel)).ReadJsonAsync()).GetProperty("items").EnumerateArray().Last();
        Assert.Equal("load_test.recorded", audit.GetProperty("action").GetString());
        Assert.Equal($"model:{model}/version:1", audit.GetProperty("entity").GetString());
    }

    [Theory]
    [InlineData("""{"requests":10,"errorRate":0,"p99Milliseconds":5}""", "source")]
    [InlineData("""{"source":"Canary!","requests":10,"errorRate":0,"p99Milliseconds":5}""", "source")]
    [InlineData("""{"source":"canary","errorRate":0,"p99Milliseconds":5}""", "requests")]
    [InlineData("""{"source":"canary","requests":0,"errorRate":0,"p99Milliseconds":5}""", "requests")]
    [InlineData("""{"source":"canary","requests":10,"p99Milliseconds":5}""", "errorRate")]
    [InlineData("""{"source":"canary","requests":10,"errorRate":1.5,"p99Milliseconds":5}""", "errorRate")]
    [InlineData("""{"source":"canary","requests":10,"errorRate":-0.1,"p99Milliseconds":5}""", "errorRate")]
    [InlineData("""{"source":"canary","requests":10,"errorRate":0}""", "p99Milliseconds")]
    [InlineData("""{"source":"canary","requests":10,"errorRate":0,"p99Milliseconds":-1}""", "p99Milliseconds")]
    public async Task Record_BadField_Returns400NamingIt_AndStoresNothing(string body, string field)
    {
        var (client, model, _) = await VersionAsync(RegistryRequests.Write);
        using var owned = client;

        var response = await client.PostAsync($"/models/{model}/versions/1/load-tests", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
        var listed = await (await client.GetAsync($"/models/{model}/versions/1/load-tests", Cancel)).ReadJsonAsync();
        Assert.Empty(listed.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Record_WrongJsonType_Returns400()
    {
        var (client, model, _) = await VersionAsync(RegistryRequests.Write);
        using var owned = client;

        var response = await client.PostAsync($"/models/{model}/versions/1/load-tests",
            new StringContent("""{"source":"canary","requests":"many","errorRate":0,"p99Milliseconds":5}""", System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Record_UnknownVersion_Returns404_WithoutWriteScope_Returns403()
    {
        var (writer, model, tenant) = await VersionAsync(RegistryRequests.Write);
        using var owned = writer;
        using var reader = fixture.Client(tenant);
        var body = new { source = "load-test", requests = 10, errorRate = 0.0, p99Milliseconds = 5.0 };

        var unknown = await writer.PostAsJsonAsync($"/models/{model}/versions/7/load-tests", body, Cancel);
        var listUnknown = await writer.GetAsync($"/models/{model}/versions/7/load-tests", Cancel);
        var forbidden = await reader.PostAsJsonAsync($"/models/{model}/versions/1/load-tests", body, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal($"Model '{model}' has no version 7.", (await unknown.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, listUnknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("registry:write", (await forbidden.ReadJsonAsync()).GetProperty("detail").GetString());
    }
}
