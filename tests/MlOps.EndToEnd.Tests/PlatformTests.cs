using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlOps.EndToEnd.Tests;

public sealed class PlatformTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    public static TheoryData<string> Services() => new(PlatformFixture.Services);

    [Theory]
    [MemberData(nameof(Services))]
    public async Task ServiceHealth_ThroughGatewayWithKey_Returns200(string service)
    {
        using var client = platform.Gateway(platform.AdminKey);

        var response = await client.GetAsync($"/api/{service}/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task ServiceHealth_ThroughGatewayWithoutKey_Returns401ProblemDetails(string service)
    {
        using var client = platform.Gateway(key: null);

        var response = await client.GetAsync($"/api/{service}/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Incident_OpenedByOneTenant_ListedForItAndInvisibleToAnother()
    {
        using var admin = platform.Gateway(platform.AdminKey);
        var acme = await CreateKeyAsync(admin, "acme");
        var globex = await CreateKeyAsync(admin, "globex");
        using var acmeClient = platform.Gateway(acme);
        using var globexClient = platform.Gateway(globex);

        var opened = await acmeClient.PostAsJsonAsync("/api/incident/incidents", new { title = "E2E incident", severity = "low" }, TestContext.Current.CancellationToken);
        var id = (await opened.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
        var acmeList = await acmeClient.GetFromJsonAsync<JsonElement>("/api/incident/incidents", TestContext.Current.CancellationToken);
        var globexGet = await globexClient.GetAsync($"/api/incident/incidents/{id}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        Assert.Contains(acmeList.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.NotFound, globexGet.StatusCode);
    }

    [Fact]
    public async Task Registry_ListThroughGateway_ReturnsThePageShape()
    {
        using var client = platform.Gateway(platform.AdminKey);

        var page = await client.GetFromJsonAsync<JsonElement>("/api/registry/models", TestContext.Current.CancellationToken);

        Assert.Equal(JsonValueKind.Array, page.GetProperty("items").ValueKind);
    }

    private static async Task<string> CreateKeyAsync(HttpClient admin, string tenant)
    {
        var response = await admin.PostAsJsonAsync("/admin/keys", new { tenantId = tenant, name = "e2e" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("secret").GetString()!;
    }
}
